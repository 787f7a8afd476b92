/**
 * Golden case folders on disk: any directory whose subfolders hold `inputs.json`,
 * `expected.json` and the checkpoint, either as `config.json` + `model.safetensors` or as a
 * `source.json` naming a model folder (and the SHA-256 of its weights) that the case was
 * computed from, as for the shipped models.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { GoldenExpected, GoldenInputs } from './check';

export const CASE_FILES = [
  'config.json',
  'model.safetensors',
  'inputs.json',
  'expected.json',
] as const;
/** A case computed from a model kept elsewhere (see `checkpointFolder`). */
const SOURCED_CASE_FILES = ['source.json', 'inputs.json', 'expected.json'] as const;

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
      (dir) =>
        statSync(dir).isDirectory() &&
        [CASE_FILES, SOURCED_CASE_FILES].some((files) =>
          files.every((f) => existsSync(join(dir, f))),
        ),
    )
    .sort();
}

/** The folder holding the checkpoint: the case itself, or the model its source.json names. */
function checkpointFolder(dir: string): string {
  if (!existsSync(join(dir, 'source.json'))) return dir;
  const source = JSON.parse(readFileSync(join(dir, 'source.json'), 'utf8')) as {
    model: string;
    sha256: string;
  };
  const weights = join(source.model, 'model.safetensors');
  if (!existsSync(weights)) throw new Error(`${dir}: its source ${weights} does not exist`);
  const sha256 = createHash('sha256').update(readFileSync(weights)).digest('hex');
  if (sha256 !== source.sha256)
    throw new Error(
      `${dir} was computed from another ${weights} (SHA-256 ${source.sha256.slice(0, 12)}…, now ${sha256.slice(0, 12)}…): regenerate it with python3 scripts/reference/shipped_cases.py`,
    );
  return source.model;
}

export function readCase(dir: string): GoldenCase {
  const checkpoint = new Map<string, Uint8Array>();
  const folder = checkpointFolder(dir);
  for (const file of ['config.json', 'model.safetensors', 'generation_config.json']) {
    if (existsSync(join(folder, file)))
      checkpoint.set(file, new Uint8Array(readFileSync(join(folder, file))));
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
