/**
 * Registers the tfjs backends we use and switches between them.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-wasm';

/*
 * WebGL compiles a shader per op and input shape unless shapes are uniforms; as text is typed,
 * every new length compiled a new set (keystroke → heatmap up to ~1.1 s here, ~0.4 s with this
 * flag; medians unchanged). It has had correctness bugs in tfjs, so the golden cases guard it:
 * `e2e/golden.spec.ts` checks every architecture against Hugging Face on webgl with it on.
 */
tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', true);

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
