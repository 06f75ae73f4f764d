// The child side of cli-worker.ts: one Node process (through tsx, as bin/sagemaker-conformance.cjs runs) that runs
// `main()` once per request, so a test file pays the CLI's cold start (tsx, the SDK, Pact's native core) once.
// Pact's native verifier prints its report straight to this process's stdout; the parent keeps that out of the tests'
// output. Requests run one at a time: Pact's core reads its filters (PACT_DESCRIPTION, ...) from process.env, which
// each request sets for itself; and two verifications at once were no faster on two cores (measured).
import { main } from '../../src/cli/main';
import type { WorkerReply, WorkerRequest } from './cli-worker';

/** Sets `env` in process.env for the duration of `fn`, as a child process started with it would see it. */
async function withEnv<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Runs `fn` with everything written to process.stdout and process.stderr (by JavaScript) kept and returned. */
async function capturingOutput(fn: () => Promise<boolean>): Promise<{ ok: boolean; output: string }> {
  let output = '';
  const keep = (chunk: string | Uint8Array) => ((output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()), true);
  const [out, err] = [process.stdout.write, process.stderr.write];
  process.stdout.write = keep as typeof process.stdout.write;
  process.stderr.write = keep as typeof process.stderr.write;
  try {
    return { ok: await fn(), output };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  return withEnv(request.env, async () => {
    if (request.kind === 'cli') {
      let stdout = '';
      let stderr = '';
      const io = {
        stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WriteStream,
        stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WriteStream,
        // The real bin passes process.env itself.
        env: process.env,
      };
      const code = await main(request.argv, io);
      return { id: request.id, kind: 'cli', code, stdout, stderr };
    }
    // Jest's own entry point (what `jest --config <file> --ci` calls), in this process.
    const { runCLI } = require('jest') as typeof import('jest');
    const { ok, output } = await capturingOutput(async () => {
      const { results } = await runCLI({ config: request.config, ci: true, runInBand: true, cache: true, _: [], $0: 'jest' }, [request.cwd]);
      return results.success;
    });
    return { id: request.id, kind: 'jest', ok, output };
  });
}

let queue: Promise<unknown> = Promise.resolve();
process.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    let reply: WorkerReply;
    try {
      reply = await handle(request);
    } catch (error) {
      reply = { id: request.id, kind: 'error', message: (error as Error).stack ?? String(error) };
    }
    process.send!(reply);
  });
});
process.on('disconnect', () => process.exit(0));
