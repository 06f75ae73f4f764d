#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm run build`, which `npm ci`, `npm install` and
// `npm pack` run through the prepare script): no TypeScript compiler at run time.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Node 22.1 and later keep compiled code between runs (the SDK is most of what a run loads); Node 20 has no cache.
require('node:module').enableCompileCache?.();
// `sagemaker-conformance list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  process.stderr.write("sagemaker-conformance: not built yet (no dist/): run 'npm run build' in the package folder\n");
  process.exit(2);
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
