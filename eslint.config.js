// Lint rules: the recommended sets of ESLint, typescript-eslint and eslint-plugin-astro, with
// the few project choices below. `npm run lint` runs it; CI fails on any error.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', '.ci/', 'scratch/', 'public/admin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // An unused name is a leftover; a leading underscore marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Type-only imports stay visible as such (verbatimModuleSyntax relies on it).
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Tests drive zod internals, browser evaluations and loose fixtures.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The CMS previews read drafts that no schema has validated yet, through Decap's untyped API.
    files: ['src/cms/admin.ts', 'src/cms/decap-cms-locales.d.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
