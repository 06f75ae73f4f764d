#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm run build`, which `npm ci`, `npm install` and
// `npm pack` run through the prepare script): no TypeScript compiler at run time.
// A Node older than package.json's engines: one line, once (a child this process starts for Pact says nothing).
if (!process.env.SAGEMAKER_CONFORMANCE_REDACTED_CHILD) {
  const warning = require('./node-line.cjs').nodeLineWarning(process.version, require('../package.json').engines?.node);
  if (warning) process.stderr.write(warning);
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Node 22.1 and later keep compiled code between runs (the SDK is most of what a run loads); Node 20 has no cache.
require('node:module').enableCompileCache?.();
// `sagemaker-conformance list | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
/** The compiled module, or a one-line reason to build first (a clone that has not run `npm ci` yet). */
function load(module) {
  try {
    return require(`../dist/${module}.js`);
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes(`dist/${module}.js`)) throw error;
    process.stderr.write("sagemaker-conformance: not built yet (no dist/): run 'npm run build' in the package folder\n");
    process.exit(2);
  }
}

const args = process.argv.slice(2);
const CHILD = 'SAGEMAKER_CONFORMANCE_REDACTED_CHILD';
const help = args.includes('--help') || args.includes('-h');
const pactVerifier = args[0] === 'verify' || args.some((a) => a === '--pact' || a.startsWith('--pact='));

if (pactVerifier && !help && !process.env[CHILD]) {
  // Pact's native verifier writes to the process's stdout itself, past every JavaScript stream and so past the
  // redaction filter. Commands that run it run in a child whose output passes through the filter here; the child
  // sends every credential it resolves, and signals are passed on to it.
  const { spawn } = require('node:child_process');
  const { addSecrets, redact: redactOnly } = load('client/redact');
  const { neutraliseOutput } = load('io/neutral');
  // Redaction first, then neutralisation (control characters escaped, no line starting a workflow command).
  const redact = (text) => neutraliseOutput(redactOnly(text));
  // Pact's verifier colours its report whatever the stream (it cannot be told not to): where our own output would be
  // plain (NO_COLOR, TERM=dumb, a pipe), its colour codes are taken out here too.
  const { useColour } = load('cli/progress');
  // eslint-disable-next-line no-control-regex -- SGR colour codes are what this strips
  const filterFor = (stream) => (useColour(stream, process.env) ? redact : (text) => redact(text.replace(/\u001b\[[0-9;]*m/g, '')));
  // Pact's verifier proxy loads http-proxy 1.18, which calls util._extend (DEP0060) as it loads: a warning about a
  // dependency's code that no user can act on. Only that code is silenced, where Node can be told (20.11 and later).
  const quiet = process.allowedNodeEnvironmentFlags.has('--disable-warning') ? ['--disable-warning=DEP0060'] : [];
  const child = spawn(process.execPath, [...quiet, require('node:path').join(__dirname, 'sagemaker-conformance.cjs'), ...args], {
    stdio: ['inherit', 'pipe', 'pipe', 'ipc'],
    // Pact sends usage metrics unless told not to; no Pact process of ours does.
    env: { ...process.env, [CHILD]: '1', PACT_DO_NOT_TRACK: process.env.PACT_DO_NOT_TRACK ?? 'true' },
    detached: true, // its own process group: a terminal's Ctrl-C reaches it once, through here
  });
  // A child stopped by a signal says its exit code once its report is written; Pact's native verifier, which cannot be
  // cancelled, can hold up the child's exit itself (its threads block in exit()), so the child is then killed here.
  let exiting;
  child.on('message', (m) => {
    if (m && typeof m.secret === 'string') addSecrets(m.secret);
    if (m && Number.isInteger(m.exiting)) {
      exiting = m.exiting;
      setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(-child.pid, 'SIGKILL'), 1000).unref();
    }
  });
  const relay = (from, to) => {
    const filter = filterFor(to);
    let pending = '';
    from.setEncoding('utf8');
    from.on('data', (text) => {
      pending += text;
      const end = pending.lastIndexOf('\n') + 1;
      if (end > 0) to.write(filter(pending.slice(0, end)));
      pending = pending.slice(end);
    });
    return new Promise((resolve) => from.on('end', () => resolve(pending && to.write(filter(pending)))));
  };
  const relayed = Promise.all([relay(child.stdout, process.stdout), relay(child.stderr, process.stderr)]);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    const numbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
    void relayed.then(() => {
      process.exitCode = exiting ?? code ?? 128 + (numbers[signal] ?? 1);
    });
  });
} else {
  // The parent that relays this process's output is gone: stop as on SIGTERM.
  const onParentGone = () => process.kill(process.pid, 'SIGTERM');
  if (process.env[CHILD] && process.send) {
    const { onSecret } = load('client/redact');
    onSecret((secret) => process.send({ secret }));
    process.on('disconnect', onParentGone);
  }
  load('cli/main')
    .main(args)
    .then((code) => {
      process.exitCode = code;
      process.off('disconnect', onParentGone);
      // Stopped by a signal, with its clean-up done and its report written: Pact's native verifier cannot be
      // cancelled and would keep the process alive, refusing one interaction after another, so the process ends here
      // (and the relaying parent ends it for good if the verifier's threads hold up the exit).
      if (code >= 128 && process.connected) process.send({ exiting: code }, () => process.exit(code));
      else if (process.connected) process.disconnect();
      else if (code >= 128) process.exit(code);
    });
}
