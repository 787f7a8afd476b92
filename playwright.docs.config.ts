/** `npm run screenshots`: the e2e setup, pointed at docs/ (writes docs/screenshots/). */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: 'docs',
  testMatch: '**/*.shots.ts',
  timeout: 300_000,
});
