/**
 * The training smoke test CI runs instead of a full retrain: a very small GPT-2 on the shipped
 * tokenizer, a few steps on tfjs-wasm with the engine's own model code. The loss must fall, the
 * exported checkpoint must load back through the app's loader and give the in-memory model's
 * logits, and a run interrupted and resumed from its checkpoint must end where an
 * uninterrupted run ends.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/engine/backends';
import { setEmbeddingLookup } from '../../src/engine/ops';
import { loadCheckpointFromFiles } from '../../src/io/checkpoint';
import { forwardAny } from '../../src/models/dispatch';
import { createModel } from '../../src/models/load';
import { loadTokenizer } from '../../src/tokenizers/tokenizer';
import { exportCheckpoint } from './export';
import { train, type Recipe } from './loop';
import { gpt2 } from './recipes';
import { causalSource } from './tasks/causal';

const tokenizer = loadTokenizer(
  JSON.parse(readFileSync('public/models/gpt2/tokenizer.json', 'utf8')),
);
const eos = tokenizer.tokenToId('<|endoftext|>')!;

const tiny: Recipe = {
  ...gpt2,
  id: 'gpt2-smoke',
  steps: 16,
  warmupSteps: 2,
  learningRate: 5e-3,
  checkpointEvery: 8,
  validateEvery: 8,
  config: (t) => ({
    ...gpt2.config(t),
    n_embd: 32,
    n_layer: 1,
    n_head: 2,
    n_inner: 64,
    n_positions: 32,
  }),
  source: (t, split) =>
    causalSource(t, split, {
      batchSize: 4,
      length: 24,
      repeatShare: 0.25,
      repeatPeriod: [4, 8],
      separator: eos,
    }),
};

let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'attention-lab-train-'));
  // tfjs's per-kernel leak check (IS_TEST) miscounts customGrad's saved inputs on wasm; real
  // leaks are caught by the tensor count at the end instead.
  tf.env().set('IS_TEST', false);
  tf.env().set('PROD', true);
  expect(await useBackend('wasm')).toBe(true);
  setEmbeddingLookup('onehot');
});

afterAll(async () => {
  tf.env().set('PROD', false);
  tf.env().set('IS_TEST', true);
  setEmbeddingLookup('gather');
  await useBackend('cpu');
  rmSync(root, { recursive: true, force: true });
});

async function weightsOf(result: Awaited<ReturnType<typeof train>>): Promise<Float32Array[]> {
  return Promise.all(
    result.model.weights
      .keys()
      .map(async (k) => (await result.model.weights.get(k).data()) as Float32Array),
  );
}

describe('training smoke test', () => {
  it('lowers the loss, exports a checkpoint that loads back equal, and resumes exactly', async () => {
    const full = await train(tiny, tokenizer, {
      checkpointRoot: join(root, 'a'),
      fresh: true,
      quiet: true,
    });
    const history = full.state.history;
    expect(history[0]!.step).toBe(0);
    expect(history.at(-1)!.step).toBe(16);
    // validation loss of the initial weights vs after 16 steps
    expect(history.at(-1)!.validation!).toBeLessThan(history[0]!.validation! - 0.3);

    // export (F32 so the comparison is exact) and load back through the app's loader
    const out = join(root, 'export');
    await exportCheckpoint(out, tiny.config(tokenizer), full.model, full.specs, 'F32');
    const files = new Map(
      ['config.json', 'model.safetensors'].map((f) => [
        f,
        new Uint8Array(readFileSync(join(out, f))),
      ]),
    );
    setEmbeddingLookup('gather');
    const reloaded = createModel(await loadCheckpointFromFiles(files));
    const request = { inputIds: [[5, 17, 300, 42, 9, 1000]] };
    const a = await forwardAny(full.model, request);
    const b = await forwardAny(reloaded, request);
    setEmbeddingLookup('onehot');
    const diff = Math.max(...a.logits!.data.map((v, i) => Math.abs(v - b.logits!.data[i]!)));
    expect(diff).toBeLessThan(1e-5);
    reloaded.dispose();

    // 8 steps, stop, resume to 16: the same weights as 16 straight steps
    const first = await train(tiny, tokenizer, {
      checkpointRoot: join(root, 'b'),
      fresh: true,
      quiet: true,
      steps: 8,
    });
    first.model.dispose();
    const resumed = await train(tiny, tokenizer, { checkpointRoot: join(root, 'b'), quiet: true });
    expect(resumed.state.step).toBe(16);
    const [x, y] = [await weightsOf(full), await weightsOf(resumed)];
    const maxDiff = Math.max(
      ...x.map((w, i) => Math.max(...w.map((v, j) => Math.abs(v - y[i]![j]!)))),
    );
    expect(maxDiff).toBeLessThan(1e-6);
    full.model.dispose();
    resumed.model.dispose();
    expect(tf.memory().numTensors).toBeLessThan(5);
  });
});
