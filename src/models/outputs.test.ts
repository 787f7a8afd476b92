/**
 * The structure of ForwardOutput on the golden checkpoints: which attentions each architecture
 * returns and their shapes, what masking does to probabilities and scores, `logits: 'last'`,
 * hidden-state counts, and BERT's pooler with and without its weights.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCase, type GoldenCase } from '../../scripts/golden/cases';
import { forwardRequest } from '../../scripts/golden/check';
import { loadCheckpointFromFiles } from '../io/checkpoint';
import { parseSafetensors } from '../io/safetensors';
import { encodeSafetensors } from '../io/safetensorsWriter';
import { forwardAny } from './dispatch';
import { createModel, type AnyModel } from './load';
import type { AttentionTrace, ForwardOutput } from './types';

const ROOT = new URL('../../test/fixtures/golden', import.meta.url).pathname;
const NAMES = ['bert', 'gpt2', 'llama', 't5', 't5-v1_1'] as const;
type Name = (typeof NAMES)[number];

const cases = {} as Record<Name, GoldenCase>;
const models = {} as Record<Name, AnyModel>;
const outputs = {} as Record<Name, ForwardOutput>;

beforeAll(async () => {
  for (const name of NAMES) {
    cases[name] = readCase(join(ROOT, name));
    models[name] = createModel(await loadCheckpointFromFiles(cases[name].checkpoint, name));
    outputs[name] = await forwardAny(models[name], forwardRequest(cases[name].inputs), {
      scores: true,
    });
  }
});
afterAll(() => Object.values(models).forEach((m) => m.dispose()));

const request = (name: Name) => forwardRequest(cases[name].inputs);
const isT5 = (name: Name) => name.startsWith('t5');

/** Every (b, h, i) row of a trace's layer with the mask row that governs it. */
function* rows(trace: AttentionTrace, layer: number, which: 'probs' | 'scores') {
  const array = trace.layers[layer]![which]!;
  const [batch, heads, tq, tk] = array.shape as [number, number, number, number];
  for (let b = 0; b < batch; b++)
    for (let h = 0; h < heads; h++)
      for (let i = 0; i < tq; i++) {
        const start = ((b * heads + h) * tq + i) * tk;
        const mask = trace.mask.data.subarray((b * tq + i) * tk, (b * tq + i + 1) * tk);
        yield { b, i, values: array.data.subarray(start, start + tk), mask };
      }
}

describe.each(NAMES)('golden %s forward output', (name) => {
  const kinds = () => (isT5(name) ? ['cross', 'decoder', 'encoder'] : ['self']);

  it('has the attention kinds of its architecture, L layers each, [B, nh, Tq, Tk]', () => {
    const { attentions } = outputs[name];
    expect(Object.keys(attentions).sort()).toEqual(kinds());
    const { inputIds, decoderInputIds } = request(name);
    const [batch, te] = [inputIds.length, inputIds[0]!.length];
    const c = models[name].config;
    if (c.model_type === 't5') {
      const td = decoderInputIds![0]!.length;
      const shapes = { encoder: [te, te], decoder: [td, td], cross: [td, te] };
      for (const [kind, [tq, tk]] of Object.entries(shapes) as [keyof typeof shapes, number[]][]) {
        const layers = attentions[kind]!.layers;
        expect(layers).toHaveLength(kind === 'encoder' ? c.num_layers : c.num_decoder_layers);
        for (const layer of layers) expect(layer.probs.shape).toEqual([batch, c.num_heads, tq, tk]);
        expect(attentions[kind]!.mask.shape).toEqual([batch, tq, tk]);
      }
    } else {
      const [layers, heads] =
        c.model_type === 'gpt2'
          ? [c.n_layer, c.n_head]
          : [c.num_hidden_layers, c.num_attention_heads];
      expect(attentions.self!.layers).toHaveLength(layers);
      for (const layer of attentions.self!.layers)
        expect(layer.probs.shape).toEqual([batch, heads, te, te]);
    }
  });

  /** Whether query i of row b may see key j, from the inputs alone (not from trace.mask). */
  function allowed(kind: AttentionTrace['kind'], b: number, i: number, j: number): boolean {
    const causal = kind === 'decoder' || (kind === 'self' && name !== 'bert');
    // T5's decoder has no padding; every other attention has the source's padding as keys
    const padded = kind !== 'decoder' && request(name).attentionMask![b]![j] === 0;
    return !(causal && j > i) && !padded;
  }

  it('gives masked keys probability exactly 0, rows summing to 1 within 1e-6', () => {
    let masked = 0;
    for (const trace of Object.values(outputs[name].attentions)) {
      trace.layers.forEach((_, l) => {
        for (const { b, i, values, mask } of rows(trace, l, 'probs')) {
          expect(Math.abs(values.reduce((s, p) => s + p, 0) - 1)).toBeLessThanOrEqual(1e-6);
          values.forEach((p, j) => {
            expect(mask[j]).toBe(allowed(trace.kind, b, i, j) ? 1 : 0);
            if (!mask[j]) {
              expect(p).toBe(0);
              masked++;
            }
          });
        }
      });
    }
    expect(masked).toBeGreaterThan(0); // every case has padding, so some keys were masked
  });

  it('has scores of −Infinity exactly where masked, finite elsewhere, softmaxing to probs', () => {
    for (const trace of Object.values(outputs[name].attentions)) {
      trace.layers.forEach((_, l) => {
        const probs = rows(trace, l, 'probs');
        for (const { b, i, values: scores } of rows(trace, l, 'scores')) {
          const p = probs.next().value!.values;
          scores.forEach((s, j) => {
            if (allowed(trace.kind, b, i, j)) expect(Number.isFinite(s)).toBe(true);
            else expect(s).toBe(-Infinity);
          });
          const max = Math.max(...scores);
          const e = [...scores].map((s) => Math.exp(s - max));
          const sum = e.reduce((x, y) => x + y, 0);
          e.forEach((v, j) => expect(Math.abs(v / sum - p[j]!)).toBeLessThanOrEqual(1e-6));
        }
      });
    }
  });

  it('has L + 1 hidden states per stack, [B, T, C]', () => {
    const { hiddenStates } = outputs[name];
    const c = models[name].config;
    const { inputIds, decoderInputIds } = request(name);
    const [batch, length] = [inputIds.length, inputIds[0]!.length];
    if (c.model_type === 't5') {
      expect(hiddenStates.encoder).toHaveLength(c.num_layers + 1);
      expect(hiddenStates.decoder).toHaveLength(c.num_decoder_layers + 1);
      for (const h of hiddenStates.encoder!) expect(h.shape).toEqual([batch, length, c.d_model]);
      const td = decoderInputIds![0]!.length;
      for (const h of hiddenStates.decoder!) expect(h.shape).toEqual([batch, td, c.d_model]);
    } else {
      const [stack, layers, width] =
        c.model_type === 'bert'
          ? (['encoder', c.num_hidden_layers, c.hidden_size] as const)
          : c.model_type === 'gpt2'
            ? (['decoder', c.n_layer, c.n_embd] as const)
            : (['decoder', c.num_hidden_layers, c.hidden_size] as const);
      expect(Object.keys(hiddenStates)).toEqual([stack]);
      expect(hiddenStates[stack]).toHaveLength(layers + 1);
      for (const h of hiddenStates[stack]!) expect(h.shape).toEqual([batch, length, width]);
    }
  });

  it("with logits: 'last' gives the last row of the full logits", async () => {
    const full = outputs[name].logits!;
    const last = await forwardAny(models[name], request(name), { logits: 'last' });
    const [batch, length, vocab] = full.shape as [number, number, number];
    expect(last.logits!.shape).toEqual([batch, 1, vocab]);
    for (let b = 0; b < batch; b++) {
      const start = (b * length + length - 1) * vocab;
      const expected = full.data.subarray(start, start + vocab);
      const actual = last.logits!.data.subarray(b * vocab, (b + 1) * vocab);
      actual.forEach((v, k) => expect(Math.abs(v - expected[k]!)).toBeLessThanOrEqual(1e-6));
    }
  });
});

describe('BERT pooled output', () => {
  it('is absent for the golden BertForMaskedLM, which has no pooler weights', () => {
    expect(outputs.bert.pooled).toBeUndefined();
    expect(outputs.bert.logits).toBeDefined();
  });

  it('is tanh(W·h_cls + b) once pooler weights are added to the checkpoint', async () => {
    const file = parseSafetensors(cases.bert.checkpoint.get('model.safetensors')!);
    const config = models.bert.config;
    if (config.model_type !== 'bert') throw new Error('the bert case is not a BERT checkpoint');
    const C = config.hidden_size;
    // W [out, in] and b with small distinct values, so every weight counts
    const weight = Float32Array.from({ length: C * C }, (_, k) => Math.sin(k + 1) * 0.3);
    const bias = Float32Array.from({ length: C }, (_, k) => Math.cos(k) * 0.1);
    const tensors = [...file.tensors.keys()].map((name) => ({
      name,
      shape: file.tensors.get(name)!.shape,
      data: file.read(name),
    }));
    tensors.push(
      { name: 'bert.pooler.dense.weight', shape: [C, C], data: weight },
      { name: 'bert.pooler.dense.bias', shape: [C], data: bias },
    );
    const files = new Map(cases.bert.checkpoint);
    files.set('model.safetensors', encodeSafetensors(tensors));
    const model = createModel(await loadCheckpointFromFiles(files, 'bert with pooler'));
    try {
      const out = await forwardAny(model, request('bert'));
      expect(out.logits!.data).toEqual(outputs.bert.logits!.data); // nothing else changes
      const last = out.hiddenStates.encoder!.at(-1)!; // [B, T, C]
      const [batch, length] = last.shape as [number, number, number];
      expect(out.pooled!.shape).toEqual([batch, C]);
      for (let b = 0; b < batch; b++) {
        const cls = last.data.subarray(b * length * C, b * length * C + C); // position 0
        for (let o = 0; o < C; o++) {
          let z = bias[o]!;
          for (let k = 0; k < C; k++) z += weight[o * C + k]! * cls[k]!;
          expect(Math.abs(out.pooled!.data[b * C + o]! - Math.tanh(z))).toBeLessThanOrEqual(1e-6);
        }
      }
    } finally {
      model.dispose();
    }
  });
});
