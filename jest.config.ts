/**
 * @jest-config-loader-options {"transpileOnly": true}
 */
// ts-node loads this file; type-checking it took about 6 s of every `jest` start on the 2-core machines (tsc checks it).
import type { Config } from 'jest';

// @swc/jest strips types only (fast cold start); `npm test` type-checks separately with tsc.
const transform: Config['transform'] = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};

const config: Config = {
  testEnvironment: 'node',
  // One temporary folder for the run, removed at the end: npm test leaves no temp folder behind.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-matchers.ts'],
  transform,
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/suites/**/*.test.ts'],
  testTimeout: 60000,
  // Integration tests start servers; two workers suit the two-core machines this runs on.
  maxWorkers: 2,
};

export default config;
