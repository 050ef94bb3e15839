// One config for every suite. Suites are folders under test/; each starts what it needs
// (emulator, host) on free ports, so files may run in parallel.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', transform: { react: { runtime: 'automatic' } } } },
    ],
  },
  setupFiles: ['<rootDir>/test/quiet-logs.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
