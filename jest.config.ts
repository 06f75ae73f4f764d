/**
 * @jest-config-loader-options {"transpileOnly": true}
 */
// ts-node loads this file; type-checking it took about 6 s of every `jest` start on the 2-core machines (tsc checks it).
import type { Config } from 'jest';

// @swc/jest strips types only (fast cold start); `npm test` type-checks separately with tsc.
const transform: Config['transform'] = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};

/**
 * The `slow` project: tests that start other processes (npm, npx, the CLI, moto_server, Chromium, Pact's verifier, the
 * Action's steps) or run whole case tables many times. Everything else runs in Jest's own process, in seconds:
 * `npm run test:fast`. A new test that starts a process belongs here.
 */
const SLOW = [
  // the package, installed from its tarball
  'test/package.test.ts',
  // Chromium
  'test/report-browser.test.ts',
  // Pact's verifier
  'test/pact-verify.test.ts',
  'test/pact-honest.test.ts',
  'test/pact-states.test.ts',
  'test/pact-broker.test.ts',
  'test/pact-example.test.ts',
  'test/hostile/verify-redaction.test.ts',
  'test/hostile/pact-guard.test.ts',
  'test/hostile/aws-files.test.ts',
  // moto_server
  'test/run.test.ts',
  'test/repro.test.ts',
  'test/hostile/moto.test.ts',
  'test/nightly/iam.test.ts',
  'test/nightly/aws-target.test.ts',
  'test/nightly/resources.test.ts',
  'test/explore/aws.test.ts',
  // the GitHub Action's steps
  'test/action.test.ts',
  // the CLI as a process (npx, signals, killed writers)
  'test/mock-process.test.ts',
  'test/cli.test.ts',
  'test/first-hour.test.ts',
  'test/nightly/sigint.test.ts',
  'test/report-atomic.test.ts',
  // a 202,716-case report merged and diffed (in Jest's process, but about a minute)
  'test/nightly/big-report.test.ts',
  'test/hostile/bodies.test.ts',
  'test/hostile/interrupts.test.ts',
  'test/hostile/redaction.test.ts',
  'test/hostile/input-and-transport.test.ts',
  'test/hostile/round-two.test.ts',
  // a million-character message and the whole table against 1 MB ARNs (minutes)
  'test/hostile/what-targets-send.test.ts',
  // whole tables, many times: the fault battery, the model import, broken targets, the Jest suite
  'test/selftest/model.test.ts',
  'test/selftest/seed.test.ts',
  'test/model/import.test.ts',
  'test/model/refresh.test.ts',
  'test/broken-targets.test.ts',
  // explore: hundreds of generated requests per test, its time budgets, shrinking (10-15 s a file alone)
  'test/explore/explore.test.ts',
  'test/explore/flaky.test.ts',
  'test/explore/power.test.ts',
  'test/explore/replay-line.test.ts',
  'suites/conformance.test.ts',
  // record and replay: whole tables through the CLI
  'test/recordings/replay.test.ts',
  'test/recordings/learn.test.ts',
  'test/recordings/diff.test.ts',
];

const project = {
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-matchers.ts'],
  transform,
} satisfies Config;

const config: Config = {
  // One temporary folder for the run, removed at the end: npm test leaves no temp folder behind.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  projects: [
    {
      ...project,
      displayName: 'fast',
      testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/suites/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...SLOW.map((file) => `<rootDir>/${file.replace(/\./g, '\\.')}$`)],
    },
    {
      ...project,
      displayName: 'slow',
      testMatch: SLOW.map((file) => `<rootDir>/${file}`),
      setupFilesAfterEnv: [...project.setupFilesAfterEnv, '<rootDir>/test/setup-slow.ts'],
    },
  ],
  // Waits poll for what they wait for, so a limit is only a backstop.
  testTimeout: 60000,
  // Integration tests start servers; two workers suit the two-core machines this runs on.
  maxWorkers: 2,
};

export default config;
