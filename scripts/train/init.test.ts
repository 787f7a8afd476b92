/**
 * Initial weights follow HF's `_init_weights` scales, with the two documented exceptions, and
 * T5's learning-rate factors follow those scales.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/io/config';
import { parseSafetensors } from '../../src/io/safetensors';
import { weightSpecs } from '../../src/models/load';
import { initialWeights, learningRateScale } from './init';
import { Rng } from './rng';

const configOf = (name: string) =>
  parseConfig(readFileSync(`test/fixtures/golden/${name}/config.json`, 'utf8'));
const t5 = configOf('t5');
const gpt2 = configOf('gpt2');
if (t5.model_type !== 't5') throw new Error('fixture t5 is not a T5 config');

const std = (data: Float32Array) =>
  Math.sqrt(data.reduce((sum, x) => sum + x * x, 0) / data.length);

describe('initial weights', () => {
  const file = parseSafetensors(initialWeights(t5, weightSpecs(t5), new Rng(7)));
  const cross = 'decoder.block.0.layer.1.EncDecAttention.';
  const self = 'decoder.block.0.layer.0.SelfAttention.';

  it("T5's cross-attention query is its key scaled by 1/√d_kv; self-attention draws them apart", () => {
    const q = file.read(`${cross}q.weight`);
    const k = file.read(`${cross}k.weight`);
    expect(q).toEqual(k.map((x) => x * t5.d_kv ** -0.5));
    const selfQ = file.read(`${self}q.weight`);
    const selfK = file.read(`${self}k.weight`);
    expect(selfQ[0]! / selfK[0]!).not.toBeCloseTo(selfQ[1]! / selfK[1]!, 3);
  });

  it("keeps HF's scales: query (d·d_kv)^-½, key d^-½, shared embedding 1", () => {
    const rel = (actual: number, expected: number) => Math.abs(actual / expected - 1);
    expect(rel(std(file.read(`${cross}q.weight`)), (t5.d_model * t5.d_kv) ** -0.5)).toBeLessThan(
      0.1,
    );
    expect(rel(std(file.read(`${cross}k.weight`)), t5.d_model ** -0.5)).toBeLessThan(0.1);
    expect(rel(std(file.read('shared.weight')), 1)).toBeLessThan(0.1);
  });
});

describe('learning-rate factors', () => {
  it("scale T5's matrices by their initial scale over d^-½, its position biases by 100", () => {
    const d = t5.d_model;
    expect(learningRateScale(t5, 'decoder.block.0.layer.1.EncDecAttention.q.weight')).toBeCloseTo(
      t5.d_kv ** -0.5,
      12,
    );
    expect(learningRateScale(t5, 'encoder.block.0.layer.0.SelfAttention.k.weight')).toBe(1);
    expect(learningRateScale(t5, 'shared.weight')).toBeCloseTo(Math.sqrt(d), 12);
    expect(learningRateScale(t5, 'encoder.block.0.layer.1.DenseReluDense.wo.weight')).toBeCloseTo(
      Math.sqrt(d / t5.d_ff),
      12,
    );
    expect(learningRateScale(t5, 'encoder.final_layer_norm.weight')).toBe(1);
    // position biases: a fixed, larger factor
    expect(
      learningRateScale(t5, 'encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight'),
    ).toBe(100);
  });

  it('leave the other architectures at one rate', () => {
    expect(learningRateScale(gpt2, 'transformer.wte.weight')).toBe(1);
    expect(learningRateScale(gpt2, 'transformer.h.0.attn.c_attn.weight')).toBe(1);
  });
});
