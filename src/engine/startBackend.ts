/**
 * Starting a backend in the browser: try the plan's backends in order, each with a time limit
 * (a wasm or WebGL backend that cannot start may hang rather than fail), and report what runs
 * and why, including any backend that was skipped.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { useBackend, type BackendName } from './backends';
import { chooseBackends, probeWebgl, type WebglProbe } from './backendChoice';

export interface BackendStatus {
  readonly name: BackendName;
  readonly reason: string;
  /** e.g. "SIMD, 2 threads" or the WebGL renderer. */
  readonly detail: string;
  /** Backends tried before this one, with what went wrong. */
  readonly skipped: readonly string[];
  readonly webgl: WebglProbe;
}

const START_TIMEOUT_MS = 15_000;

let wasmConfigured = false;

/** Where the .wasm binaries are served (Vite asset URLs); call once before starting wasm. */
export function configureWasm(files: Record<string, string>): void {
  if (wasmConfigured) return;
  setWasmPaths(files);
  // XNNPACK caps its pool itself (half the cores in tfjs 4.22); ask for all of them.
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1;
  setThreadsCount(Math.max(1, cores || 1));
  wasmConfigured = true;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} did not start within ${ms / 1000} s`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

async function describe(name: BackendName, probe: WebglProbe): Promise<string> {
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    const threads = getThreadsCount();
    const build = threaded
      ? 'threaded build'
      : 'single-threaded build (page not cross-origin isolated)';
    return `${simd ? 'SIMD' : 'no SIMD'}, ${build}, ${threads} thread${threads === 1 ? '' : 's'}`;
  }
  if (name === 'webgl')
    return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}: ${probe.renderer || 'unknown renderer'}`;
  return 'plain JavaScript';
}

export async function startBackend(requested?: BackendName): Promise<BackendStatus> {
  const webgl = probeWebgl();
  const plan = chooseBackends(webgl, requested);
  const skipped: string[] = [];
  for (const name of plan.order) {
    try {
      const ok = await withTimeout(useBackend(name), START_TIMEOUT_MS, name);
      if (!ok) throw new Error(`${name} is not available in this browser`);
    } catch (error) {
      skipped.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    const first = name === plan.order[0];
    const reason = first
      ? plan.reason
      : `${plan.order[0]} could not start, so ${name} runs instead`;
    return { name, reason, detail: await describe(name, webgl), skipped, webgl };
  }
  throw new Error(`no tfjs backend could start (${skipped.join('; ')})`);
}
