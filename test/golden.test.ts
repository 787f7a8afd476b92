/**
 * Parity with the reference on every golden case, on the cpu and wasm backends, with the
 * tolerances of test/fixtures/golden/README.md, comparing only non-padded positions:
 * `golden/` from Hugging Face transformers itself, `golden-variants/` from our numpy float64
 * reference (validated against `golden/`) on configurations the engine was not developed on,
 * `golden-shipped/` from the same reference on the weights of the models in public/models/.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend, type BackendName } from '../src/engine/backends';
import { listCaseDirs, readCase } from '../scripts/golden/cases';
import { formatReport } from '../scripts/golden/check';
import { runCaseOnEngine } from '../scripts/golden/engine';
import { trainedModelIds } from '../scripts/eval/shipped';

const fixtures = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const hf = listCaseDirs(fixtures('golden')).map(readCase);
const variants = listCaseDirs(fixtures('golden-variants')).map(readCase);
const shipped = listCaseDirs(fixtures('golden-shipped')).map(readCase);

it('finds the five Hugging Face cases and the nine variants', () => {
  expect(hf.map((c) => c.name)).toEqual(['bert', 'gpt2', 'llama', 't5', 't5-v1_1']);
  expect(variants).toHaveLength(9);
});

it('has a reference case for every trained model in public/models', () => {
  expect(shipped.map((c) => c.name)).toEqual(trainedModelIds('public/models'));
});

describe.each<BackendName>(['cpu', 'wasm'])('golden parity on %s', (backend) => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it.each([...hf, ...variants, ...shipped].map((c) => [c.name, c] as const))(
    '%s matches',
    async (_name, goldenCase) => {
      expect(await useBackend(backend)).toBe(true);
      const before = tf.memory().numTensors;
      const report = await runCaseOnEngine(goldenCase);
      const failures = report.checks.filter((c) => !c.pass);
      expect(failures, formatReport(report)).toEqual([]);
      // logits, hidden states and attentions of every layer were all compared
      expect(report.checks.length).toBeGreaterThanOrEqual(4);
      expect(tf.memory().numTensors).toBe(before);
    },
  );
});
