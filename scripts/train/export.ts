/**
 * Writes a trained model as a Hugging Face checkpoint folder, `public/models/<id>/`:
 * `config.json` (every key transformers' config class writes for these values),
 * `generation_config.json` and `model.safetensors` under the task class's tensor names, with
 * tied weights stored once — what `save_pretrained` produces. The tokenizer files are already
 * there (they are trained first, see `npm run train:tokenizers`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type ModelConfig } from '../../src/io/config';
import { encodeSafetensors, type WritableDtype } from '../../src/io/safetensorsWriter';
import { exportWeights, type WeightSpec } from '../../src/models/binding';
import type { AnyModel } from '../../src/models/load';

export const MODELS_DIR = join('public', 'models');

function generationConfig(config: ModelConfig): Record<string, unknown> {
  switch (config.model_type) {
    case 'bert':
      return { pad_token_id: config.pad_token_id };
    case 'gpt2':
      return { bos_token_id: config.bos_token_id, eos_token_id: config.eos_token_id };
    case 'llama':
      return { bos_token_id: config.bos_token_id, eos_token_id: config.eos_token_id };
    case 't5':
      return {
        decoder_start_token_id: config.decoder_start_token_id,
        eos_token_id: config.eos_token_id,
        pad_token_id: config.pad_token_id,
      };
  }
}

export async function exportCheckpoint(
  dir: string,
  rawConfig: Record<string, unknown>,
  model: AnyModel,
  specs: readonly WeightSpec[],
  dtype: WritableDtype = 'F16',
): Promise<{ bytes: number }> {
  mkdirSync(dir, { recursive: true });
  const config = parseConfig(rawConfig);
  const torchDtype = dtype === 'F16' ? 'float16' : dtype === 'BF16' ? 'bfloat16' : 'float32';
  const fullConfig = { ...rawConfig, torch_dtype: torchDtype };
  const weights = encodeSafetensors(await exportWeights(model.weights, specs), dtype, {
    format: 'pt',
  });
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(fullConfig, null, 2)}\n`);
  writeFileSync(
    join(dir, 'generation_config.json'),
    `${JSON.stringify(generationConfig(config), null, 2)}\n`,
  );
  writeFileSync(join(dir, 'model.safetensors'), weights);
  return { bytes: weights.byteLength };
}
