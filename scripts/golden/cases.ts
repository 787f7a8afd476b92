/**
 * Golden case folders on disk: any directory whose subfolders hold `config.json`,
 * `model.safetensors`, `inputs.json` and `expected.json`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { GoldenExpected, GoldenInputs } from './check';

export const CASE_FILES = [
  'config.json',
  'model.safetensors',
  'inputs.json',
  'expected.json',
] as const;

export interface GoldenCase {
  readonly name: string;
  readonly dir: string;
  readonly inputs: GoldenInputs;
  readonly expected: GoldenExpected;
  /** The checkpoint files (config, weights, generation config), for the loader. */
  readonly checkpoint: Map<string, Uint8Array>;
}

export function listCaseDirs(root: string): string[] {
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new Error(`${root} is not a directory`);
  return readdirSync(root)
    .map((entry) => join(root, entry))
    .filter(
      (dir) => statSync(dir).isDirectory() && CASE_FILES.every((f) => existsSync(join(dir, f))),
    )
    .sort();
}

export function readCase(dir: string): GoldenCase {
  const checkpoint = new Map<string, Uint8Array>();
  for (const file of ['config.json', 'model.safetensors', 'generation_config.json']) {
    if (existsSync(join(dir, file)))
      checkpoint.set(file, new Uint8Array(readFileSync(join(dir, file))));
  }
  const json = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  return {
    name: basename(dir),
    dir,
    inputs: json('inputs.json') as GoldenInputs,
    expected: json('expected.json') as GoldenExpected,
    checkpoint,
  };
}
