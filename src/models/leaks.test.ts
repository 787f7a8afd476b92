/**
 * Tensor discipline: every public forward and generation path, and every input error, leaves
 * `tf.memory().numTensors` as it found it, on the cpu and the wasm backend; a model's
 * `dispose()` returns to the count before it was loaded.
 */
import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCase } from '../../scripts/golden/cases';
import { forwardRequest, generateRequest } from '../../scripts/golden/check';
import { useBackend, type BackendName } from '../engine/backends';
import { loadCheckpointFromFiles } from '../io/checkpoint';
import type { CausalLM } from './causal';
import { forwardAny, generateAny } from './dispatch';
import { generateCausal, generateSeq2Seq } from './generate';
import { InputError } from './inputs';
import { createModel, type AnyModel } from './load';
import type { T5Model } from './t5';

const ROOT = new URL('../../test/fixtures/golden', import.meta.url).pathname;
const NAMES = ['bert', 'gpt2', 'llama', 't5', 't5-v1_1'] as const;
type Name = (typeof NAMES)[number];
const cases = Object.fromEntries(NAMES.map((n) => [n, readCase(join(ROOT, n))]));
const count = () => tf.memory().numTensors;

const forwardOf = (name: Name) => forwardRequest(cases[name]!.inputs);
const generateOf = (name: Name) => ({ ...generateRequest(cases[name]!.inputs)!, maxNewTokens: 3 });
const promptOf = (name: Name) => {
  const { inputIds, attentionMask } = generateOf(name);
  return { inputIds, attentionMask: attentionMask! };
};

function causal(model: AnyModel): CausalLM {
  if (model.architecture !== 'gpt2' && model.architecture !== 'llama')
    throw new Error('not causal');
  return model;
}
function t5(model: AnyModel): T5Model {
  if (model.architecture !== 't5') throw new Error(`not t5: ${model.architecture}`);
  return model;
}

/** Whatever `run` throws, synchronously or as a rejection. */
async function thrown(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

type Path = readonly [label: string, run: (model: AnyModel, name: Name) => Promise<unknown>];

// forwardAny and generateAny hand the request to BertModel/Gpt2Model/LlamaModel/T5Model.forward
// and to generateCausal/generateSeq2Seq unchanged, so these cover the model methods too.
const FORWARD_PATHS: readonly Path[] = [
  ['forwardAny, default options', (m, n) => forwardAny(m, forwardOf(n))],
  ['forward with scores: true', (m, n) => forwardAny(m, forwardOf(n), { scores: true })],
  [
    'forward with hiddenStates: false',
    (m, n) => forwardAny(m, forwardOf(n), { hiddenStates: false }),
  ],
  ['forward with attentions: false', (m, n) => forwardAny(m, forwardOf(n), { attentions: false })],
  ['forward with logits: last', (m, n) => forwardAny(m, forwardOf(n), { logits: 'last' })],
];

const GENERATE_PATHS: readonly Path[] = [
  ['generateAny with the cache', (m, n) => generateAny(m, generateOf(n))],
  [
    'generateAny without the cache',
    (m, n) => generateAny(m, { ...generateOf(n), useCache: false }),
  ],
  [
    'generateAny with attentions: true',
    (m, n) => generateAny(m, { ...generateOf(n), attentions: true }),
  ],
  [
    'generateAny, no cache, attentions: true',
    (m, n) => generateAny(m, { ...generateOf(n), useCache: false, attentions: true }),
  ],
];

const PATHS: Record<'bert' | 'causal' | 't5', readonly Path[]> = {
  bert: [...FORWARD_PATHS],
  causal: [
    ...FORWARD_PATHS,
    [
      'decode on a KVCache, then cache.dispose()',
      async (m) => {
        const model = causal(m);
        const before = count();
        const cache = model.newCache();
        const mask = [[0, 1, 1]];
        await model.decode(
          { inputIds: [[5, 6, 7]], positionIds: [[1, 0, 1]], attentionMask: mask },
          cache,
        );
        expect(count()).toBe(before + 2 * model.numLayers); // keys and values per layer
        const longer = [[0, 1, 1, 1]];
        await model.decode({ inputIds: [[8]], positionIds: [[2]], attentionMask: longer }, cache, {
          scores: true,
        });
        expect(count()).toBe(before + 2 * model.numLayers); // grown, the old ones freed
        cache.dispose();
      },
    ],
    ...GENERATE_PATHS,
  ],
  t5: [
    ...FORWARD_PATHS,
    [
      'encode + decode + state.dispose()',
      async (m, n) => {
        const model = t5(m);
        const before = count();
        const { state } = await model.encode(promptOf(n), { scores: true });
        expect(count()).toBe(before + 1); // the encoder output
        await model.decode([[0], [0]], state);
        await model.decode([[4], [9]], state, { scores: true });
        // self-attention and cross-attention keys and values per decoder layer
        expect(count()).toBe(before + 1 + 4 * model.config.num_decoder_layers);
        state.dispose();
      },
    ],
    ...GENERATE_PATHS,
  ],
};

type ErrorCase = readonly [label: string, run: (model: AnyModel) => unknown, message: string];

/** A request for `m` (T5 also gets a one-token decoder row per row). */
const requestFor = (m: AnyModel, inputIds: number[][], attentionMask?: number[][]) => ({
  inputIds,
  attentionMask,
  decoderInputIds: m.architecture === 't5' ? inputIds.map(() => [0]) : undefined,
});

const COMMON_ERRORS: readonly ErrorCase[] = [
  [
    'token id out of range',
    (m) => forwardAny(m, requestFor(m, [[1, 99]])),
    'input_ids[0][1] = 99 is not a token id of this model (0 … 98)',
  ],
  [
    'ragged rows',
    (m) =>
      forwardAny(
        m,
        requestFor(m, [
          [1, 2, 3],
          [4, 5],
        ]),
      ),
    'input_ids row 1 has 2 tokens but row 0 has 3: pad the rows to one length',
  ],
  [
    'mask of the wrong shape',
    (m) => forwardAny(m, requestFor(m, [[1, 2, 3]], [[1, 1]])),
    'attention_mask must have the shape of the token ids [1][3]',
  ],
];

const ERRORS: Record<'bert' | 'causal' | 't5', readonly ErrorCase[]> = {
  bert: [
    ...COMMON_ERRORS,
    [
      'generate refused',
      (m) => generateAny(m, { inputIds: [[1, 2]], maxNewTokens: 2 }),
      'bert is an encoder: it fills in masked tokens but does not generate text',
    ],
    [
      'segment id out of range',
      (m) => forwardAny(m, { inputIds: [[1, 2]], tokenTypeIds: [[0, 2]] }),
      'token_type_ids[0][1] = 2: must be a segment id below type_vocab_size (2)',
    ],
  ],
  causal: [
    ...COMMON_ERRORS,
    [
      'maxNewTokens 0',
      (m) => generateCausal(causal(m), { inputIds: [[1, 2]] }, { maxNewTokens: 0 }),
      'maxNewTokens must be a positive integer, found 0',
    ],
    [
      'a step on a cache of another batch',
      async (m) => {
        const model = causal(m);
        const cache = model.newCache();
        try {
          await model.decode(
            { inputIds: [[1], [2]], positionIds: [[0], [0]], attentionMask: [[1], [1]] },
            cache,
          );
          await model.decode(
            { inputIds: [[3]], positionIds: [[1]], attentionMask: [[1, 1]] },
            cache,
          );
        } finally {
          cache.dispose();
        }
      },
      'the cache holds 2 rows but this step has 1',
    ],
  ],
  t5: [
    ...COMMON_ERRORS,
    [
      'no decoder_input_ids',
      (m) => forwardAny(m, { inputIds: [[1, 2]] }),
      't5 needs decoder_input_ids',
    ],
    [
      'position_ids passed',
      (m) => forwardAny(m, { inputIds: [[1]], decoderInputIds: [[0]], positionIds: [[0]] }),
      't5 takes no position_ids (it takes input_ids, attention_mask, decoder_input_ids, cross_attn_head_mask)',
    ],
    [
      'decoder batch differs',
      (m) => t5(m).forward({ inputIds: [[1], [2]], decoderInputIds: [[0]] }),
      'decoder_input_ids has 1 rows but input_ids has 2',
    ],
    // thrown after the encoder ran: the state it made must be freed on the way out
    [
      'maxNewTokens 0 after encoding',
      (m) => generateSeq2Seq(t5(m), { inputIds: [[1, 2]] }, { maxNewTokens: 0 }),
      'maxNewTokens must be a positive integer, found 0',
    ],
    [
      'a step on a state of another batch',
      async (m) => {
        const { state } = await t5(m).encode({ inputIds: [[1], [2]] });
        try {
          await t5(m).decode([[0]], state);
        } finally {
          state.dispose();
        }
      },
      'decoder_input_ids has 1 rows but the encoder ran on 2',
    ],
  ],
};

const family = (name: Name) => (name === 'bert' ? 'bert' : name.startsWith('t5') ? 't5' : 'causal');

describe.each<BackendName>(['cpu', 'wasm'])('on %s', (backend) => {
  beforeAll(async () => {
    expect(await useBackend(backend)).toBe(true);
  });
  afterAll(async () => {
    expect(await useBackend('cpu')).toBe(true);
  });

  describe.each(NAMES)('%s', (name) => {
    let model: AnyModel;
    let beforeLoading: number;
    beforeAll(async () => {
      beforeLoading = count();
      model = createModel(await loadCheckpointFromFiles(cases[name]!.checkpoint, name));
      expect(count()).toBeGreaterThan(beforeLoading);
    });

    it.each(PATHS[family(name)])('%s leaves no tensors', async (_label, run) => {
      const before = count();
      await run(model, name);
      expect(count()).toBe(before);
    });

    it.each(ERRORS[family(name)])(
      '%s: a specific InputError, no tensors',
      async (_label, run, message) => {
        const before = count();
        const error = await thrown(() => run(model));
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toBe(message);
        expect(count()).toBe(before);
      },
    );

    if (name !== 'bert')
      it('an aborted generation frees its cache', async () => {
        const before = count();
        const controller = new AbortController();
        const error = await thrown(() =>
          generateAny(model, generateOf(name), {
            signal: controller.signal,
            onStep: (s) => s.index === 1 && controller.abort(),
          }),
        );
        expect(error.name).toBe('AbortError');
        expect(count()).toBe(before);
      });

    if (name === 'gpt2')
      it('an InputError in the middle of generation frees the cache', async () => {
        const before = count();
        // a 62-token prompt (positions 0 … 61) feeds position 64 at step 4; wpe has 64 rows
        const inputIds = [Array.from({ length: 62 }, (_, t) => t % 90)];
        const error = await thrown(() => generateAny(model, { inputIds, maxNewTokens: 5 }));
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toBe(
          "position_ids[0][0] = 64: must be in 0 … 63 (the model's n_positions)",
        );
        expect(count()).toBe(before);
      });

    it('20 forward passes in a row keep the count stable', async () => {
      const before = count();
      for (let i = 0; i < 20; i++) {
        await forwardAny(model, forwardOf(name), { scores: true });
        expect(count()).toBe(before);
      }
    });

    it('dispose() returns to the count before loading', () => {
      model.dispose();
      expect(count()).toBe(beforeLoading);
    });
  });
});
