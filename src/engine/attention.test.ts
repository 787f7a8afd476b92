/**
 * The attention building blocks on examples small enough to work out by hand: attend (scores,
 * softmax, weighted values), GQA head repetition, the norms, the activations, and readback.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activationByName } from './activations';
import { attend, repeatKvHeads } from './attention';
import { MASKED } from './masks';
import { layerNorm, rmsNorm } from './ops';
import { readAll } from './readback';

const softmax = (xs: readonly number[]) => {
  const e = xs.map((x) => Math.exp(x));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
};

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-6) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) =>
    expect(Math.abs(actual[i]! - value)).toBeLessThanOrEqual(tolerance),
  );
}

/** Runs `fn` under tidy, reads every result, and checks nothing is left behind. */
async function run(fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  const before = tf.memory().numTensors;
  const arrays = await readAll(tf.tidy(fn));
  expect(tf.memory().numTensors).toBe(before);
  return arrays.map((a) => a.data);
}

describe('attend (1 head, hs 2, one query over three keys)', () => {
  const q = () => tf.tensor4d([1, 0], [1, 1, 1, 2]);
  const k = () => tf.tensor4d([1, 0, 0, 1, 2, 0], [1, 1, 3, 2]); // q·k = [1, 0, 2]
  const v = () => tf.tensor4d([1, 0, 0, 1, 1, 1], [1, 1, 3, 2]);

  it('divides q·kᵀ by the divisor, adds the bias, softmaxes and weights the values', async () => {
    const [scores, probs, context] = await run(() => {
      const a = attend(q(), k(), v(), tf.zeros([1, 1, 1, 3]), 2);
      return [a.scores, a.probs, a.context];
    });
    const p = softmax([0.5, 0, 1]);
    expectClose(scores!, [0.5, 0, 1]);
    expectClose(probs!, p);
    // context = p0·[1, 0] + p1·[0, 1] + p2·[1, 1]
    expectClose(context!, [p[0]! + p[2]!, p[1]! + p[2]!]);
  });

  it('gives a masked key probability exactly 0 and renormalises the rest', async () => {
    const [probs, context] = await run(() => {
      const a = attend(q(), k(), v(), tf.tensor4d([0, 0, MASKED], [1, 1, 1, 3]), 1);
      return [a.probs, a.context];
    });
    const e = Math.E;
    expect(probs![2]).toBe(0);
    expectClose(probs!, [e / (e + 1), 1 / (e + 1), 0]);
    expectClose(context!, [e / (e + 1), 1 / (e + 1)]);
  });

  it('gives a fully masked row a uniform distribution, not NaN', async () => {
    const [probs] = await run(() => [
      attend(q(), k(), v(), tf.fill([1, 1, 1, 3], MASKED), 1).probs,
    ]);
    expect([...probs!]).toEqual([1 / 3, 1 / 3, 1 / 3].map(Math.fround));
  });

  it('broadcasts a (B, 1, Tq, Tk) bias over heads', async () => {
    const [probs] = await run(() => {
      const q2 = tf.tensor4d([1, 0, 0, 1], [1, 2, 1, 2]); // head 0 [1, 0], head 1 [0, 1]
      const k2 = tf.tensor4d([1, 0, 0, 1, 2, 0, 1, 1, 0, 0, 0, 3], [1, 2, 3, 2]);
      const bias = tf.tensor4d([0, MASKED, 0], [1, 1, 1, 3]);
      return [attend(q2, k2, k2, bias, 1).probs];
    });
    // head 0 scores [1, ·, 2]; head 1 scores [1, ·, 3]; key 1 masked in both
    const [a0, a2] = softmax([1, 2]) as [number, number];
    const [b0, b2] = softmax([1, 3]) as [number, number];
    expectClose(probs!, [a0, 0, a2, b0, 0, b2]);
  });
});

describe('repeatKvHeads', () => {
  it('lets kv head 0 serve query heads 0, 1 and kv head 1 serve 2, 3', async () => {
    const [out] = await run(() => {
      const kv = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]); // head 0 [1, 2], head 1 [3, 4]
      const repeated = repeatKvHeads(kv, 4);
      expect(repeated.shape).toEqual([1, 4, 2, 1]);
      return [repeated];
    });
    expect([...out!]).toEqual([1, 2, 1, 2, 3, 4, 3, 4]);
  });

  it('returns its input when every query head has its own kv head', () => {
    const x = tf.zeros([1, 2, 3, 4]) as tf.Tensor4D;
    expect(repeatKvHeads(x, 2)).toBe(x);
    x.dispose();
  });
});

describe('norms', () => {
  it('layerNorm: (x − mean)/√(biased var + eps)·w + b', async () => {
    // x [1, 2, 3, 4]: mean 2.5, biased variance 1.25
    const [out] = await run(() => [
      layerNorm(
        tf.tensor2d([[1, 2, 3, 4]]),
        tf.tensor1d([1, 2, 1, -1]),
        tf.tensor1d([0, 0, 0.5, 0]),
        1e-5,
      ),
    ]);
    const s = Math.sqrt(1.25 + 1e-5);
    expectClose(out!, [-1.5 / s, (2 * -0.5) / s, 0.5 / s + 0.5, -1.5 / s]);
  });

  it('rmsNorm: x/√(mean(x²) + eps)·w, no centring', async () => {
    // mean(x²) = (1 + 4 + 9 + 16)/4 = 7.5
    const [out] = await run(() => [
      rmsNorm(tf.tensor2d([[1, 2, 3, 4]]), tf.tensor1d([1, 1, 2, 0.5]), 1e-6),
    ]);
    const s = Math.sqrt(7.5 + 1e-6);
    expectClose(out!, [1 / s, 2 / s, 6 / s, 2 / s]);
  });
});

describe('activations', () => {
  const xs = [-2, -0.5, 0, 1, 3];
  const apply = async (name: string) =>
    (await run(() => [activationByName(name)(tf.tensor1d(xs))]))[0]!;
  const geluTanh = (x: number) =>
    0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

  it('gelu is the exact erf form x·Φ(x)', async () => {
    // Φ(−2) = 0.0227501319, Φ(−0.5) = 0.3085375387, Φ(1) = 0.8413447461, Φ(3) = 0.9986501020
    const exact = [-0.0455002639, -0.1542687694, 0, 0.8413447461, 2.995950306];
    expectClose(await apply('gelu'), exact);
    // the tanh form is ≥ 1.7e-5 away at x ≠ 0, so the 1e-6 check above tells the two apart
    const gaps = xs.map((x, i) => Math.abs(geluTanh(x) - exact[i]!));
    expect(Math.min(...gaps.filter((_, i) => xs[i] !== 0))).toBeGreaterThan(1.7e-5);
  });

  it('gelu_new, gelu_pytorch_tanh and gelu_fast are the tanh approximation', async () => {
    for (const name of ['gelu_new', 'gelu_pytorch_tanh', 'gelu_fast'])
      expectClose(await apply(name), xs.map(geluTanh));
  });

  it('silu (and swish) is x·σ(x); quick_gelu is x·σ(1.702x); relu and tanh', async () => {
    expectClose(
      await apply('silu'),
      xs.map((x) => x * sigmoid(x)),
    );
    expectClose(
      await apply('swish'),
      xs.map((x) => x * sigmoid(x)),
    );
    expectClose(
      await apply('quick_gelu'),
      xs.map((x) => x * sigmoid(1.702 * x)),
    );
    expect([...(await apply('relu'))]).toEqual([0, 0, 0, 1, 3]);
    expectClose(await apply('tanh'), xs.map(Math.tanh));
  });

  it('names the supported activations when given an unknown one', () => {
    expect(() => activationByName('gelu_10')).toThrow(
      "activation 'gelu_10' is not supported (supported: relu, gelu, gelu_new, " +
        'gelu_pytorch_tanh, gelu_fast, quick_gelu, silu, swish, tanh)',
    );
  });
});

describe('readAll', () => {
  it('returns float32 views in the order given, with shapes, and disposes its inputs', async () => {
    const before = tf.memory().numTensors;
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const b = tf.tensor1d([7, -8, 9], 'int32');
    const c = tf.scalar(0.5);
    const [ra, rb, rc] = await readAll([a, b, c]);
    expect(ra!.shape).toEqual([2, 2]);
    expect([...ra!.data]).toEqual([1, 2, 3, 4]);
    expect(rb!.shape).toEqual([3]);
    expect(rb!.data).toBeInstanceOf(Float32Array);
    expect([...rb!.data]).toEqual([7, -8, 9]);
    expect(rc!.shape).toEqual([]);
    expect([...rc!.data]).toEqual([0.5]);
    expect([a, b, c].every((t) => t.isDisposed)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns [] for no tensors', async () => {
    expect(await readAll([])).toEqual([]);
  });
});
