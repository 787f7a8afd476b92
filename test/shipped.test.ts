/**
 * The models in public/models/ are genuine Hugging Face checkpoints: exactly the tensors
 * `save_pretrained` writes for their task class (HF names, HF shapes, tied weights once), a
 * config transformers reads, a tokenizer the app loads, a model card, and within the size
 * budget. Each loads through the app's one loader and runs.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadCheckpointFromFiles } from '../src/io/checkpoint';
import { parseConfig } from '../src/io/config';
import { parseSafetensors } from '../src/io/safetensors';
import { forwardAny } from '../src/models/dispatch';
import { createModel, weightSpecs } from '../src/models/load';
import { loadTokenizer } from '../src/tokenizers/tokenizer';
import { readCatalog } from '../scripts/catalog';
import { trainedModelIds } from '../scripts/eval/shipped';

const ROOT = 'public/models';
const CLASSES = {
  bert: 'BertForMaskedLM',
  gpt2: 'GPT2LMHeadModel',
  t5: 'T5ForConditionalGeneration',
  llama: 'LlamaForCausalLM',
} as const;
const index = { models: readCatalog(ROOT) };
// Every trained folder, whether or not the catalog offers it yet (the id is the architecture).
const trained = trainedModelIds(ROOT)
  .filter((id): id is keyof typeof CLASSES => id in CLASSES)
  .map((id) => ({ id, architecture: id }));

const folderBytes = (id: string) =>
  readdirSync(join(ROOT, id)).reduce((n, f) => n + statSync(join(ROOT, id, f)).size, 0);

describe('shipped models', () => {
  it('offers the four architectures: encoder, decoder, encoder-decoder, LLaMA-style decoder', () => {
    expect(index.models.map((m) => m.architecture)).toEqual(['bert', 'gpt2', 't5', 'llama']);
  });

  it('offers each architecture at most once, each from a complete folder', () => {
    const architectures = index.models.map((m) => m.architecture);
    expect(new Set(architectures).size).toBe(architectures.length);
    for (const m of index.models) {
      expect(Object.keys(CLASSES)).toContain(m.architecture);
      for (const file of ['config.json', 'model.safetensors', 'tokenizer.json', 'README.md'])
        expect(existsSync(join(ROOT, m.id, file)), `${m.id}/${file}`).toBe(true);
    }
  });

  it('fit the budget: each folder ≤ 3 MB, all together ≤ 10 MB', () => {
    for (const m of trained) expect(folderBytes(m.id)).toBeLessThanOrEqual(3_000_000);
    expect(trained.reduce((n, m) => n + folderBytes(m.id), 0)).toBeLessThanOrEqual(10_000_000);
  });

  describe.each(trained.map((m) => [m.id, m] as const))('%s', (id, entry) => {
    const dir = join(ROOT, id);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;

    it('has the config keys transformers reads for its class', () => {
      expect(config.model_type).toBe(entry.architecture);
      expect(config.architectures).toEqual([CLASSES[entry.id]]);
      expect(config.torch_dtype).toBe('float16');
      expect(config.vocab_size).toBe(
        loadTokenizer(JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8'))).vocabSize,
      );
    });

    it('stores exactly the tensors save_pretrained writes, with HF names and shapes, tied ones once', () => {
      const file = parseSafetensors(new Uint8Array(readFileSync(join(dir, 'model.safetensors'))));
      const specs = weightSpecs(parseConfig(config));
      const expected = specs.filter(
        (s) => s.tiedTo === undefined && (!s.optional || file.tensors.has(s.key)),
      );
      expect([...file.tensors.keys()].sort()).toEqual(expected.map((s) => s.key).sort());
      for (const spec of expected) {
        const entryOf = file.tensors.get(spec.key)!;
        expect(entryOf.shape).toEqual(spec.shape);
        expect(entryOf.dtype).toBe('F16');
      }
      expect(file.metadata).toEqual({ format: 'pt' });
    });

    it('loads through the app loader, with its tokenizer, and runs without leaking', async () => {
      const files = new Map(
        readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))] as const),
      );
      const checkpoint = await loadCheckpointFromFiles(files, dir);
      const tokenizer = loadTokenizer(checkpoint.tokenizer);
      const model = createModel(checkpoint);
      const before = tf.memory().numTensors;
      const ids = tokenizer.encode(
        'The jury said it did find that many of the laws are outmoded .',
      ).ids;
      const request =
        model.architecture === 't5'
          ? { inputIds: [ids], decoderInputIds: [[0]] }
          : { inputIds: [ids] };
      const out = await forwardAny(model, request);
      expect(out.logits!.shape.at(-1)).toBe(tokenizer.vocabSize);
      expect(Object.keys(out.attentions).length).toBeGreaterThan(0);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });

    it('has a model card with its evaluation', () => {
      const card = readFileSync(join(dir, 'README.md'), 'utf8');
      expect(card).toContain('## Evaluation');
      expect(card).toContain('## Known limits');
      expect(card).toMatch(/\| seed \| 1234 \|/);
    });
  });
});
