import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Cross-origin isolation (COOP + COEP) lets the wasm backend use threads (SharedArrayBuffer);
 * the dev server and the preview server both send it.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    target: 'es2022',
    // tfjs-backend-wasm stringifies its threaded module factory into a worker; a minifier's
    // renaming breaks it (the worker throws "e is not defined"), see tfjs #4253.
    minify: false,
    chunkSizeWarningLimit: 6000,
  },
});
