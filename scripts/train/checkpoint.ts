/**
 * Training checkpoints in `checkpoints/<id>/`: the weights (HF layout, F32), the optimizer's
 * moments, and the loop's state (step, data RNG, elapsed time), each written atomically so an
 * interrupted run resumes from the last complete checkpoint.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSafetensors, type SafetensorsFile } from '../../src/io/safetensors';
import { encodeSafetensors, type WritableTensor } from '../../src/io/safetensorsWriter';

export interface LoopState {
  readonly recipe: string;
  readonly step: number;
  readonly rngState: number;
  /** Training time so far, excluding evaluation and checkpointing. */
  readonly trainSeconds: number;
  readonly tokens: number;
  readonly history: readonly { step: number; loss: number; validation?: number }[];
}

export const CHECKPOINT_ROOT = 'checkpoints';

export function checkpointDir(id: string, root = CHECKPOINT_ROOT): string {
  return join(root, id);
}

function writeAtomic(path: string, data: Uint8Array | string): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

export function saveCheckpoint(
  dir: string,
  state: LoopState,
  weights: readonly WritableTensor[],
  optimizer: readonly WritableTensor[],
): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, 'weights.safetensors'), encodeSafetensors(weights));
  writeAtomic(join(dir, 'optimizer.safetensors'), encodeSafetensors(optimizer));
  // state.json last: its presence means the other two files are complete and belong to it.
  writeAtomic(join(dir, 'state.json'), JSON.stringify(state, null, 1));
}

export interface Checkpoint {
  readonly state: LoopState;
  readonly weights: Uint8Array;
  readonly optimizer: SafetensorsFile;
}

export function loadCheckpoint(dir: string): Checkpoint | undefined {
  if (!existsSync(join(dir, 'state.json'))) return undefined;
  return {
    state: JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as LoopState,
    weights: new Uint8Array(readFileSync(join(dir, 'weights.safetensors'))),
    optimizer: parseSafetensors(
      new Uint8Array(readFileSync(join(dir, 'optimizer.safetensors'))),
      'optimizer.safetensors',
    ),
  };
}
