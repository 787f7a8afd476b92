/**
 * Parity with Hugging Face transformers on every golden case, on the cpu and wasm backends,
 * with the tolerances of test/fixtures/golden/README.md. Compares only non-padded positions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend, type BackendName } from '../src/engine/backends';
import { listCaseDirs, readCase } from '../scripts/golden/cases';
import { formatReport } from '../scripts/golden/check';
import { runCaseOnEngine } from '../scripts/golden/engine';

const ROOT = new URL('./fixtures/golden', import.meta.url).pathname;
const cases = listCaseDirs(ROOT).map(readCase);

describe.each<BackendName>(['cpu', 'wasm'])('golden parity on %s', (backend) => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('finds the five shipped cases', () => {
    expect(cases.map((c) => c.name)).toEqual(['bert', 'gpt2', 'llama', 't5', 't5-v1_1']);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s matches HF', async (_name, goldenCase) => {
    expect(await useBackend(backend)).toBe(true);
    const before = tf.memory().numTensors;
    const report = await runCaseOnEngine(goldenCase);
    const failures = report.checks.filter((c) => !c.pass);
    expect(failures, formatReport(report)).toEqual([]);
    // logits, hidden states and attentions of every layer were all compared
    expect(report.checks.length).toBeGreaterThanOrEqual(4);
    expect(tf.memory().numTensors).toBe(before);
  });
});
