/**
 * Which tfjs backend to run on, and why. WebGL is the fast path on a real GPU; where the WebGL
 * renderer is software (SwiftShader, llvmpipe: headless Chromium, VMs, CI) wasm is several
 * times faster (5–6× on a BERT-sized layer on our 2-core machines), so we prefer it there;
 * cpu is the last resort. A `?backend=` override always wins when it can start.
 *
 * `chooseBackends` is pure (unit-tested); `probeWebgl` reads the browser.
 */
import type { BackendName } from './backends';

export interface WebglProbe {
  /** A WebGL2 (or WebGL1) context could be created. */
  readonly available: boolean;
  /** UNMASKED_RENDERER_WEBGL, or RENDERER when the debug extension is hidden. */
  readonly renderer: string;
  /** The browser refused `failIfMajorPerformanceCaveat`: it would render in software. */
  readonly majorPerformanceCaveat: boolean;
}

export interface BackendPlan {
  /** Backends to try, best first. */
  readonly order: readonly BackendName[];
  /** One sentence for the user: why the first of `order`. */
  readonly reason: string;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|lavapipe/i;

export function isSoftwareWebgl(probe: WebglProbe): boolean {
  return probe.majorPerformanceCaveat || SOFTWARE_RENDERERS.test(probe.renderer);
}

function shortRenderer(renderer: string): string {
  return renderer.length > 80 ? `${renderer.slice(0, 77)}…` : renderer;
}

export function chooseBackends(probe: WebglProbe, requested?: BackendName): BackendPlan {
  if (requested !== undefined) {
    const rest = (['wasm', 'webgl', 'cpu'] as const).filter((b) => b !== requested);
    return { order: [requested, ...rest], reason: `chosen by you (?backend=${requested})` };
  }
  if (!probe.available) {
    return {
      order: ['wasm', 'cpu'],
      reason: 'this browser has no WebGL: wasm runs the model on the CPU',
    };
  }
  if (isSoftwareWebgl(probe)) {
    return {
      order: ['wasm', 'webgl', 'cpu'],
      reason:
        `WebGL here is software-rendered (${shortRenderer(probe.renderer) || 'no GPU'}), ` +
        'so wasm on the CPU is several times faster',
    };
  }
  return {
    order: ['webgl', 'wasm', 'cpu'],
    reason: `a hardware GPU is available (${shortRenderer(probe.renderer) || 'WebGL'})`,
  };
}

/** Asks the browser what WebGL it has, without keeping the context. */
export function probeWebgl(): WebglProbe {
  if (typeof document === 'undefined')
    return { available: false, renderer: '', majorPerformanceCaveat: false };
  const canvas = document.createElement('canvas');
  const gl =
    (canvas.getContext('webgl2') as WebGL2RenderingContext | null) ??
    (canvas.getContext('webgl') as WebGLRenderingContext | null);
  if (gl === null) return { available: false, renderer: '', majorPerformanceCaveat: false };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(
    gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '',
  );
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  const strict = document
    .createElement('canvas')
    .getContext('webgl2', { failIfMajorPerformanceCaveat: true }) as WebGL2RenderingContext | null;
  strict?.getExtension('WEBGL_lose_context')?.loseContext();
  return { available: true, renderer, majorPerformanceCaveat: strict === null };
}
