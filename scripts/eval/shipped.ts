/**
 * A shipped model read from `public/models/<id>/` through the app's own loader, with its
 * tokenizer.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCheckpointFromFiles } from '../../src/io/checkpoint';
import { createModel, type AnyModel } from '../../src/models/load';
import { loadTokenizer, type TextTokenizer } from '../../src/tokenizers/tokenizer';

export interface ShippedModel {
  readonly id: string;
  readonly dir: string;
  readonly model: AnyModel;
  readonly tokenizer: TextTokenizer;
  /** Bytes of model.safetensors. */
  readonly bytes: number;
  /** Bytes of every file in the folder. */
  readonly folderBytes: number;
}

/** The folders of `root` that hold a trained model (a model.safetensors), sorted. */
export function trainedModelIds(root: string): string[] {
  return readdirSync(root)
    .filter((id) => existsSync(join(root, id, 'model.safetensors')))
    .sort();
}

export async function loadShipped(root: string, id: string): Promise<ShippedModel> {
  const dir = join(root, id);
  const files = new Map<string, Uint8Array>();
  let folderBytes = 0;
  for (const name of readdirSync(dir)) {
    const bytes = new Uint8Array(readFileSync(join(dir, name)));
    folderBytes += statSync(join(dir, name)).size;
    files.set(name, bytes);
  }
  const checkpoint = await loadCheckpointFromFiles(files, dir);
  if (checkpoint.tokenizer === undefined) throw new Error(`${dir} has no tokenizer.json`);
  return {
    id,
    dir,
    model: createModel(checkpoint),
    tokenizer: loadTokenizer(checkpoint.tokenizer),
    bytes: files.get('model.safetensors')!.byteLength,
    folderBytes,
  };
}
