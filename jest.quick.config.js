// `npm run test:quick`: every suite but the browser ones and the slowest integration and
// reliability suites, for the edit-test loop (a few minutes on 2 cores). `npm test` runs all.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config, as jest.config.js
const base = require('./jest.config');

/** Suites left out, by file name so they stay out wherever their folder moves. */
const SLOW = [
  // Stack per test, many runs each: 15 s and more.
  'binding-ownership',
  'changes',
  'concurrency',
  'engine',
  'engine-guarantees',
  'faults',
  'group-refusal',
  'guard-rails',
  'health',
  'org-cost',
  'org-ownership',
  'organizations',
  'people-budget',
  'project-last-run',
  'project-run-limits',
  'quota',
  'recheck-preview',
  'team-managed',
  'truth',
];

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: [
    '/node_modules/',
    // Chromium: the pages, and the bridge inside the host's shell page.
    '<rootDir>/test/e2e/',
    '<rootDir>/test/host/bridge\\.test\\.ts$',
    ...SLOW.map((name) => `<rootDir>/test/(integration|reliability)/${name}\\.test\\.ts$`),
  ],
};
