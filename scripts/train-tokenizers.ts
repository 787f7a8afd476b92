/**
 * Trains the tokenizers of the models we ship on the training split of the Brown corpus and writes
 * each as `public/models/<id>/tokenizer.json`, `tokenizer_config.json` and
 * `special_tokens_map.json`. Deterministic: a rerun writes the same bytes.
 *
 *   npx tsx scripts/train-tokenizers.ts [bert|gpt2|llama|t5 ...]   (default: all four)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTokenizer } from '../src/tokenizers/tokenizer';
import { loadBrown, sentenceText } from './train/data/brown';
import { buildBert } from './train/tokenizers/bert';
import { buildGpt2 } from './train/tokenizers/gpt2';
import { writeTokenizerFiles, type TokenizerFiles } from './train/tokenizers/layout';
import { buildLlama } from './train/tokenizers/llama';
import { buildT5 } from './train/tokenizers/t5';

const BUILDERS: Readonly<Record<string, (sentences: readonly string[]) => TokenizerFiles>> = {
  bert: buildBert,
  gpt2: buildGpt2,
  llama: buildLlama,
  t5: buildT5,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((id) => !(id in BUILDERS));
if (unknown.length > 0) {
  console.error(
    `unknown tokenizer ${unknown.join(', ')}; choose from ${Object.keys(BUILDERS).join(', ')}`,
  );
  process.exit(1);
}

const brown = loadBrown();
const sentences = brown.train.flatMap((document) => document.sentences.map(sentenceText));
const example = sentenceText(brown.validation[0]!.sentences[0]!);
console.log(`Brown train split: ${brown.train.length} documents, ${sentences.length} sentences`);

for (const id of requested.length > 0 ? requested : Object.keys(BUILDERS)) {
  const started = performance.now();
  const dir = join('public', 'models', id);
  writeTokenizerFiles(dir, BUILDERS[id]!(sentences));
  const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const tokenizer = loadTokenizer(read('tokenizer.json'), read('tokenizer_config.json') as object);
  const { tokens } = tokenizer.encode(example);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${id}: ${tokenizer.vocabSize} tokens, ${seconds} s → ${dir}/`);
  console.log(`  ${tokens.join(' ')}`);
}
