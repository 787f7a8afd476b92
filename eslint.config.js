// The folder boundaries of src/ (see ../shared/STYLE.md) are enforced here, each with the reason.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TFJS = ['@tensorflow/*'];
const UI_LIBS = ['react', 'react-dom', 'react-dom/*', 'd3', 'd3-*', 'zustand', 'zustand/*'];

/** A no-restricted-imports rule from [patterns, message] pairs. */
function restrict(...groups) {
  return {
    'no-restricted-imports': [
      'error',
      { patterns: groups.map(([group, message]) => ({ group, message })) },
    ],
  };
}

const boundaries = [
  {
    files: ['src/engine/**/*.ts'],
    rules: restrict(
      [UI_LIBS, 'engine/ is tfjs math only: no React, d3 or zustand.'],
      [
        ['**/models/**', '**/state/**', '**/ui/**', '**/viz/**', '**/analysis/**', '**/io/**'],
        'engine/ is the bottom layer: it imports nothing of ours but engine/.',
      ],
    ),
  },
  {
    files: ['src/io/**/*.ts'],
    rules: restrict(
      [[...TFJS, ...UI_LIBS], 'io/ parses files into plain data: no tensors, no UI.'],
      [
        ['**/engine/**', '**/models/**', '**/state/**', '**/ui/**', '**/viz/**', '**/analysis/**'],
        'io/ is a bottom layer: it imports nothing of ours but io/.',
      ],
    ),
  },
  {
    files: ['src/tokenizers/**/*.ts'],
    rules: restrict(
      [[...TFJS, ...UI_LIBS], 'tokenizers/ wraps @huggingface/tokenizers: no tensors, no UI.'],
      [
        ['**/engine/**', '**/models/**', '**/state/**', '**/ui/**', '**/viz/**', '**/analysis/**'],
        'tokenizers/ is a bottom layer.',
      ],
    ),
  },
  {
    files: ['src/models/**/*.ts'],
    rules: restrict(
      [UI_LIBS, 'models/ run the math and return plain data; the UI lives elsewhere.'],
      [
        ['**/state/**', '**/ui/**', '**/viz/**', '**/analysis/**'],
        'models/ sit below state/ and ui/: imports run engine/io → models → state → ui.',
      ],
    ),
  },
  {
    files: ['src/analysis/**/*.ts', 'src/viz/**/*.ts'],
    rules: restrict(
      [TFJS, 'analysis/ and viz/ work on plain arrays: never on tensors.'],
      [
        ['**/engine/**', '**/models/*', '!**/models/types', '**/io/**', '**/state/**', '**/ui/**'],
        'analysis/ and viz/ are pure functions of plain data (they may import models/types only).',
      ],
    ),
  },
  {
    files: ['src/state/**/*.ts', 'src/state/**/*.tsx'],
    rules: restrict([['**/ui/**'], 'state/ must not know the UI: ui/ reads the store.']),
  },
  {
    files: ['src/ui/**/*.ts', 'src/ui/**/*.tsx'],
    rules: restrict(
      [TFJS, 'ui/ never touches tensors: it reads plain data from the store.'],
      [
        ['**/engine/**', '**/models/*', '!**/models/types', '**/io/**'],
        'ui/ goes through state/ (actions) to run models; it may import models/types only.',
      ],
    ),
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...boundaries,
);
