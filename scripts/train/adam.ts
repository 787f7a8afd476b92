/**
 * AdamW (decoupled weight decay) over named variables, with state that can be written to
 * and read from a checkpoint, and gradient clipping by global norm.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AdamSettings {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  /** Clip the global gradient norm to this (0: no clipping). */
  readonly clipNorm: number;
}

export const ADAM_DEFAULTS: AdamSettings = {
  beta1: 0.9,
  beta2: 0.98,
  epsilon: 1e-8,
  weightDecay: 0.01,
  clipNorm: 1,
};

export class AdamW {
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  /** Per name, fixed at construction: its learning-rate factor and whether it is decayed. */
  private readonly groups = new Map<string, { rateScale: number; decays: boolean }>();
  step = 0;

  constructor(
    private readonly variables: ReadonlyMap<string, tf.Variable>,
    private readonly settings: AdamSettings = ADAM_DEFAULTS,
    /** Names that get no weight decay (norms, biases, embeddings are usual). */
    noDecay: (name: string) => boolean = () => false,
    /** A factor on the learning rate for each name, as optimiser parameter groups have. */
    lrScale: (name: string) => number = () => 1,
  ) {
    for (const [name, variable] of variables) {
      this.groups.set(name, { rateScale: lrScale(name), decays: !noDecay(name) });
      // tidy frees the zero tensors; the variables keep their data
      this.m.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
      );
      this.v.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(variable), false)),
      );
    }
  }

  /** Applies one update from `grads` (by variable name) at learning rate `lr`; returns the gradient norm before clipping. */
  apply(grads: Readonly<Record<string, tf.Tensor>>, lr: number): number {
    this.step += 1;
    const { beta1, beta2, epsilon, weightDecay, clipNorm } = this.settings;
    const norm = tf.tidy(() => {
      const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
      return tf.sqrt(tf.addN(squares));
    });
    const normValue = norm.dataSync()[0]!;
    norm.dispose();
    const scale = clipNorm > 0 && normValue > clipNorm ? clipNorm / normValue : 1;
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    tf.tidy(() => {
      for (const [name, variable] of this.variables) {
        const grad = grads[name];
        if (grad === undefined) continue;
        const group = this.groups.get(name)!;
        const rate = lr * group.rateScale;
        const g = scale === 1 ? grad : tf.mul(grad, scale);
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const update = tf.div(
          tf.div(m, correction1),
          tf.add(tf.sqrt(tf.div(v, correction2)), epsilon),
        );
        const decayed =
          weightDecay > 0 && group.decays ? tf.mul(variable, 1 - rate * weightDecay) : variable;
        variable.assign(tf.sub(decayed, tf.mul(update, rate)));
      }
    });
    return normValue;
  }

  /** Moments by name, for a checkpoint: `m.<name>` and `v.<name>`. */
  async state(): Promise<{ name: string; shape: number[]; data: Float32Array }[]> {
    const out: { name: string; shape: number[]; data: Float32Array }[] = [];
    for (const [kind, map] of [
      ['m', this.m],
      ['v', this.v],
    ] as const) {
      for (const [name, t] of map)
        out.push({
          name: `${kind}.${name}`,
          shape: t.shape.slice(),
          data: (await t.data()) as Float32Array,
        });
    }
    return out;
  }

  restore(step: number, read: (name: string) => Float32Array): void {
    this.step = step;
    for (const [kind, map] of [
      ['m', this.m],
      ['v', this.v],
    ] as const) {
      for (const [name, t] of map) {
        const saved = tf.tensor(read(`${kind}.${name}`), t.shape);
        t.assign(saved);
        saved.dispose();
      }
    }
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}
