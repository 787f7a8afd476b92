/**
 * Registers the tfjs backends we use and switches between them.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKENDS as readonly string[]).includes(value);
}

/** Switches to `name` and waits until it is ready; false if it cannot start here. */
export async function useBackend(name: BackendName): Promise<boolean> {
  try {
    // setBackend awaits this backend's own initialisation. (tf.ready() would also wait for an
    // earlier backend whose start hung, e.g. a broken wasm build, and never return.)
    const ok = await tf.setBackend(name);
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

export function activeBackend(): string {
  return tf.getBackend();
}

export function memory(): { numTensors: number; numBytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}
