// A team's own Jest set-up. In this repository's CI, `test/pact-example.test.ts` runs it with the repository's own
// node_modules, and maps `sagemaker-conformance/...` to the repository (a team gets it from npm instead).
const { resolve } = require('node:path');

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.pact.test.ts'],
  transform: { '^.+\\.ts$': [require.resolve('@swc/jest'), { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleNameMapper: process.env.SAGEMAKER_CONFORMANCE_ROOT ? { '^sagemaker-conformance/(.*)$': resolve(process.env.SAGEMAKER_CONFORMANCE_ROOT, '$1') } : {},
  testTimeout: 30000,
};
