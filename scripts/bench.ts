/**
 * npm run bench [-- --backend wasm|cpu] [--runs 10]
 *
 * Forward-pass latency in Node for each architecture at two sizes, with random weights built
 * in memory and loaded through the app's own loader (safetensors → checkpoint → model):
 * median and min of `--runs` timed passes after warm-up, every attention of every layer read
 * back (what the app does), and the tensor count before and after (a leak shows here too).
 * Browser timings (webgl/wasm in Chromium) belong to the e2e perf harness.
 */
import * as tf from '@tensorflow/tfjs-core';
import { isBackendName, useBackend } from '../src/engine/backends';
import { loadCheckpointFromFiles } from '../src/io/checkpoint';
import { encodeSafetensors } from '../src/io/safetensorsWriter';
import { forwardAny, type ForwardRequest } from '../src/models/dispatch';
import { createModel, weightSpecs } from '../src/models/load';
import { parseConfig } from '../src/io/config';
import type { WeightSpec } from '../src/models/binding';

interface Size {
  readonly name: string;
  readonly width: number;
  readonly layers: number;
  readonly heads: number;
  readonly vocab: number;
  readonly tokens: number;
}

const SIZES: readonly Size[] = [
  { name: 'tiny', width: 64, layers: 2, heads: 4, vocab: 2000, tokens: 32 },
  { name: 'small', width: 256, layers: 4, heads: 4, vocab: 8000, tokens: 128 },
];

function configFor(type: string, s: Size): Record<string, unknown> {
  switch (type) {
    case 'bert':
      return {
        model_type: 'bert',
        vocab_size: s.vocab,
        hidden_size: s.width,
        num_hidden_layers: s.layers,
        num_attention_heads: s.heads,
        intermediate_size: 4 * s.width,
        max_position_embeddings: 512,
      };
    case 'gpt2':
      return {
        model_type: 'gpt2',
        vocab_size: s.vocab,
        n_embd: s.width,
        n_layer: s.layers,
        n_head: s.heads,
        n_positions: 512,
      };
    case 't5':
      return {
        model_type: 't5',
        vocab_size: s.vocab,
        d_model: s.width,
        d_kv: s.width / s.heads,
        d_ff: 4 * s.width,
        num_layers: s.layers,
        num_heads: s.heads,
      };
    default:
      return {
        model_type: 'llama',
        vocab_size: s.vocab,
        hidden_size: s.width,
        intermediate_size: Math.round((8 / 3) * s.width),
        num_hidden_layers: s.layers,
        num_attention_heads: s.heads,
        num_key_value_heads: s.heads / 2,
      };
  }
}

/** Deterministic pseudo-random weights (xorshift), scaled like an initialised model. */
function randomWeights(specs: readonly WeightSpec[]): Uint8Array {
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 2 ** 32 - 0.5) * 0.1;
  };
  const tensors = specs
    .filter((s) => s.tiedTo === undefined && !s.optional)
    .map((s) => {
      const data = new Float32Array(s.shape.reduce((a, b) => a * b, 1));
      const isNorm =
        s.shape.length === 1 && /norm|LayerNorm|ln_/.test(s.key) && s.key.endsWith('weight');
      for (let i = 0; i < data.length; i++) data[i] = isNorm ? 1 : next();
      return { name: s.key, shape: s.shape, data };
    });
  return encodeSafetensors(tensors);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(argv: string[]): Promise<void> {
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const backend = flag('backend') ?? 'wasm';
  const runs = Number(flag('runs') ?? 10);
  if (!isBackendName(backend) || backend === 'webgl' || !(runs > 0)) {
    console.error('usage: npm run bench -- [--backend wasm|cpu] [--runs N]');
    process.exitCode = 2;
    return;
  }
  tf.env().set('PROD', true);
  if (!(await useBackend(backend))) throw new Error(`${backend} did not start`);
  console.log(
    `forward pass, batch 1, all attentions read back; tfjs ${backend}, ${runs} runs after warm-up`,
  );
  console.log('model         size   params      tokens  median ms  min ms  tensors before→after');
  for (const size of SIZES) {
    for (const type of ['bert', 'gpt2', 't5', 'llama']) {
      const config = parseConfig(configFor(type, size));
      const files = new Map([
        ['config.json', new TextEncoder().encode(JSON.stringify(config))],
        ['model.safetensors', randomWeights(weightSpecs(config))],
      ]);
      const model = createModel(await loadCheckpointFromFiles(files, `${type}-${size.name}`));
      const ids = [Array.from({ length: size.tokens }, (_, i) => (i * 7919) % size.vocab)];
      const request: ForwardRequest =
        type === 't5'
          ? { inputIds: ids, decoderInputIds: [ids[0]!.slice(0, size.tokens / 2)] }
          : { inputIds: ids };
      await forwardAny(model, request); // warm-up
      const before = tf.memory().numTensors;
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const started = performance.now();
        await forwardAny(model, request, { hiddenStates: false });
        times.push(performance.now() - started);
      }
      const after = tf.memory().numTensors;
      console.log(
        `${type.padEnd(13)} ${size.name.padEnd(6)} ${String(model.numParameters).padStart(9)}  ${String(size.tokens).padStart(6)}  ${median(times).toFixed(1).padStart(9)}  ${Math.min(
          ...times,
        )
          .toFixed(1)
          .padStart(6)}  ${before}→${after}`,
      );
      model.dispose();
    }
  }
}

await main(process.argv.slice(2));
