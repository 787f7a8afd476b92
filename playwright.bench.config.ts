/** The browser benchmarks (`npm run bench:ui`): the e2e setup, pointed at bench/. */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: 'bench',
  testMatch: '**/*.bench.ts',
  timeout: 300_000,
});
