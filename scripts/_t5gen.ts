import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../src/engine/backends';
import { loadShipped } from './eval/shipped';
import { heldOutExamples } from './eval/seq2seq';
import { generateSeq2Seq } from '../src/models/generate';
import { seq2seqBatch } from './train/tasks/t5';
import type { T5Model } from '../src/models/t5';
tf.env().set('PROD', true); await useBackend('wasm');
const s = await loadShipped('/tmp/evalroot', 't5');
const tok = s.tokenizer;
for (const task of ['date', 'pos', 'span'] as const) {
  const ex = heldOutExamples(tok, task, 4);
  const b = seq2seqBatch(ex, 0);
  const r = await generateSeq2Seq(s.model as T5Model, { inputIds: b.inputs.inputIds, attentionMask: b.inputs.attentionMask! }, { maxNewTokens: 30 });
  ex.forEach((e, i) => {
    console.log(task, '|', e.source.map((x) => tok.idToToken(x)).join(' '));
    console.log('   want', e.target.map((x) => tok.idToToken(x)).join(' '));
    console.log('   got ', r.newTokens[i]!.map((x) => tok.idToToken(x)).join(' '));
  });
}
