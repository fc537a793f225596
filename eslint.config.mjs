// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests and benchmarks read the API's JSON answers, whose shapes are what they assert.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The web playground, and pages built and opened in a headless browser by the tests, run in the browser.
    files: ['apps/playground/**/*.{ts,tsx,mts}', 'test/fixtures/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['tools/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
