/**
 * npm run train -- <bert|gpt2|llama|t5> [--steps N] [--fresh] [--no-export] [--checkpoints DIR]
 * npm run train -- <id> --card     rewrite the model card from the finished checkpoint, no training
 *
 * Trains one of the shipped models with the engine's own model code on tfjs-wasm (the fastest
 * backend in Node here), resuming from `checkpoints/<id>/` when a run was interrupted, then
 * writes the Hugging Face folder `public/models/<id>/` and its model card. The tokenizer must
 * exist first: `npm run train:tokenizers`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../src/engine/backends';
import { setEmbeddingLookup } from '../src/engine/ops';
import { loadTokenizer } from '../src/tokenizers/tokenizer';
import { writeModelCard } from './train/card';
import { checkpointDir, loadCheckpoint } from './train/checkpoint';
import { exportCheckpoint, MODELS_DIR } from './train/export';
import { train } from './train/loop';
import { RECIPES } from './train/recipes';

async function main(argv: string[]): Promise<number> {
  const valued = new Set(['--steps', '--checkpoints']);
  const id = argv.find((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1] ?? ''));
  const recipe = id === undefined ? undefined : RECIPES[id];
  if (!recipe) {
    console.error(
      `usage: npm run train -- <${Object.keys(RECIPES).join('|')}> [--steps N] [--fresh] [--no-export] [--checkpoints DIR] [--card]`,
    );
    return 2;
  }
  const stepsFlag = argv.indexOf('--steps');
  const steps = stepsFlag >= 0 ? Number(argv[stepsFlag + 1]) : undefined;
  const dir = join(MODELS_DIR, recipe.id);
  const tokenizerFile = join(dir, 'tokenizer.json');
  if (!existsSync(tokenizerFile)) {
    console.error(
      `${tokenizerFile} is missing: run npm run train:tokenizers -- ${recipe.id} first`,
    );
    return 1;
  }
  tf.env().set('PROD', true);
  if (!(await useBackend('wasm'))) throw new Error('the wasm backend did not start');
  setEmbeddingLookup('onehot'); // tfjs-wasm has no gradient for gather
  const tokenizer = loadTokenizer(JSON.parse(readFileSync(tokenizerFile, 'utf8')));

  const rootFlag = argv.indexOf('--checkpoints');
  if (argv.includes('--card')) {
    const from = checkpointDir(recipe.id, rootFlag >= 0 ? argv[rootFlag + 1] : undefined);
    const saved = loadCheckpoint(from);
    if (!saved) {
      console.error(`no checkpoint in ${from}: the card needs its history`);
      return 1;
    }
    await writeModelCard(recipe, saved.state);
    console.log(`wrote ${dir}/README.md from the checkpoint at step ${saved.state.step}`);
    return 0;
  }
  const result = await train(recipe, tokenizer, {
    ...(steps !== undefined && { steps }),
    ...(rootFlag >= 0 && { checkpointRoot: argv[rootFlag + 1] }),
    fresh: argv.includes('--fresh'),
  });
  console.log(
    `${recipe.id}: ${result.state.step} steps, ${(result.state.trainSeconds / 60).toFixed(1)} min of training`,
  );
  if (argv.includes('--no-export')) return 0;

  setEmbeddingLookup('gather');
  const { bytes } = await exportCheckpoint(
    dir,
    recipe.config(tokenizer),
    result.model,
    result.specs,
  );
  console.log(`wrote ${dir}/model.safetensors (${(bytes / 1e6).toFixed(2)} MB)`);
  await writeModelCard(recipe, result.state);
  console.log(`wrote ${dir}/README.md`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
