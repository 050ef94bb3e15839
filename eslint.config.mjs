// ESLint: typescript-eslint's type-aware recommended rules for all code, React hooks and
// jsx-a11y for the pages; Prettier owns formatting (eslint-config-prettier turns style rules off).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import simpleImportSort from 'eslint-plugin-simple-import-sort';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// What each layer of src/ may not import: the layers above it. The domain is pure; the Jira
// and storage adapters know the domain; use cases (enforce) know both; resolvers know the use
// cases; the entry points (index.ts, invocation.ts) know all.
const ABOVE = {
  domain: ['jira', 'store', 'enforce', 'resolvers', 'log', 'invocation', 'index'],
  jira: ['enforce', 'resolvers', 'invocation', 'index'],
  store: ['enforce', 'resolvers', 'invocation', 'index'],
  enforce: ['resolvers', 'invocation', 'index'],
  resolvers: ['index'],
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      'static/*/build/',
      '**/.forge-local/',
      'test-results/',
      'local/stubs/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Type-only imports say so, and vanish from the bundle.
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Imports in one order everywhere (packages, then the repository's own, nearest last), so a
  // diff of imports shows only what changed; `eslint --fix` sorts them.
  {
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: { 'simple-import-sort/imports': 'error', 'simple-import-sort/exports': 'error' },
  },
  // A function fits on a screen: past this it is split into named pieces.
  {
    files: ['src/**'],
    rules: {
      'max-lines-per-function': ['warn', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['static/**'],
    rules: {
      'max-lines-per-function': ['warn', { max: 150, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['static/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The two classic hook rules; v7's React Compiler rules are for code written for the compiler.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  { files: ['static/**/*.tsx'], ...jsxA11y.flatConfigs.recommended },
  {
    // Tests and the local platform handle loosely typed JSON from HTTP and from the emulator's
    // state on purpose; the product code (src/, static/) keeps every unsafe-any rule.
    files: ['test/**', 'local/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Fakes implement async interfaces with synchronous bodies.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Layers (src/README.md): imports point down only.
  ...Object.entries(ABOVE).map(([layer, above]) => ({
    files: [`src/${layer}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...above.map((name) => ({
              group: [`**/${name}`, `**/${name}/**`],
              message: `src/${layer} sits below ${name}: imports point down only (src/README.md).`,
            })),
            ...(layer === 'domain'
              ? [{ group: ['@forge/*'], message: 'src/domain is pure: no I/O.' }]
              : []),
          ],
        },
      ],
    },
  })),
  {
    files: ['static/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/src/*',
                '**/src/*/**',
                '!**/src/domain',
                '!**/src/domain/**',
                '!**/src/resolvers',
                '**/src/resolvers/*',
                '!**/src/resolvers/contract',
              ],
              message: 'Pages take from src/ only the domain and the resolver contract.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.{js,cjs,mjs}'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
