import react from '@vitejs/plugin-react';
import { minifySync } from 'rolldown/utils';
import { defineConfig, type Plugin } from 'vite';

/**
 * Cross-origin isolation (COOP + COEP) lets the wasm backend use threads (SharedArrayBuffer);
 * the dev server and the preview server both send it.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The chunk that must stay as written (see `minifyAllBut`). */
const WASM_CHUNK = 'tfjs-wasm';

/**
 * tfjs-backend-wasm hands its threaded module factory to worker threads as source text
 * (`factory.toString()`); minifying that chunk renames what the text refers to, and the
 * workers fail with "e is not defined" (tfjs #4253), so wasm never starts. We keep the wasm
 * backend in a chunk of its own and minify every other chunk.
 */
function minifyAllBut(keep: string): Plugin {
  return {
    name: 'minify-all-but',
    apply: 'build',
    renderChunk(code, chunk) {
      if (chunk.name === keep) return null;
      const result = minifySync(chunk.fileName, code, {
        compress: true,
        mangle: true,
        sourcemap: false,
      });
      if (result.errors.length > 0)
        this.error(`minifying ${chunk.fileName}: ${result.errors[0]?.message}`);
      return { code: result.code, map: null };
    },
  };
}

export default defineConfig({
  plugins: [react(), minifyAllBut(WASM_CHUNK)],
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    target: 'es2022',
    minify: false, // done per chunk by minifyAllBut
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: WASM_CHUNK, test: /node_modules[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]/ },
          ],
        },
      },
    },
  },
});
