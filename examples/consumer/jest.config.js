// A team's own Jest set-up. `sagemaker-conformance/pact` resolves through the package's `exports`, as installed by
// `npm install` (in this repository's CI, `test/pact-example.test.ts` links the repository in as `npm install` links
// the `file:../..` dependency).
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.pact.test.ts'],
  transform: { '^.+\\.ts$': [require.resolve('@swc/jest'), { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  testTimeout: 30000,
};
