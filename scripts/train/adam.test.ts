/** AdamW's per-weight learning-rate factor: the first step moves each weight by lr × factor. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AdamW } from './adam';

describe('AdamW', () => {
  it('scales each weight’s step by its factor (the first Adam step is lr × sign(grad))', () => {
    const variables = new Map([
      ['a', tf.variable(tf.tensor1d([1, 1]), true, 'adam-test-a')],
      ['b', tf.variable(tf.tensor1d([1, 1]), true, 'adam-test-b')],
    ]);
    const before = tf.memory().numTensors;
    const adam = new AdamW(
      variables,
      { beta1: 0.9, beta2: 0.98, epsilon: 0, weightDecay: 0, clipNorm: 0 },
      () => true,
      (name) => (name === 'b' ? 0.25 : 1),
    );
    const grads = { a: tf.tensor1d([0.5, -2]), b: tf.tensor1d([0.5, -2]) };
    adam.apply(grads, 0.1);
    expect([...variables.get('a')!.dataSync()]).toEqual([
      Math.fround(1 - 0.1),
      Math.fround(1 + 0.1),
    ]);
    const b = variables.get('b')!.dataSync();
    expect(b[0]).toBeCloseTo(1 - 0.025, 6);
    expect(b[1]).toBeCloseTo(1 + 0.025, 6);
    adam.dispose();
    tf.dispose(Object.values(grads));
    expect(tf.memory().numTensors).toBe(before);
    for (const v of variables.values()) v.dispose();
  });
});
