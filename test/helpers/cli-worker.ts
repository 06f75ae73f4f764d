import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { CliResult } from './cli-process';

/** What the parent asks the worker (cli-worker-main.ts): a CLI invocation, or a Jest run of a config. */
export type WorkerRequest =
  { id: number; kind: 'cli'; argv: string[]; env: NodeJS.ProcessEnv } | { id: number; kind: 'jest'; config: string; cwd: string; env: NodeJS.ProcessEnv };

/** A request before it has its id. */
type Unnumbered<R> = R extends WorkerRequest ? Omit<R, 'id'> : never;

export type WorkerReply =
  | { id: number; kind: 'cli'; code: number; stdout: string; stderr: string }
  | { id: number; kind: 'jest'; ok: boolean; output: string }
  | { id: number; kind: 'error'; message: string };

export interface CliWorker {
  /**
   * Runs `sagemaker-conformance <argv>` in the worker, with `env` set in its process.env for the call (as a child
   * process started with it would have). stdout and stderr are the command's own; Pact's native report is in `pactOutput`.
   */
  run(argv: string[], env?: NodeJS.ProcessEnv): Promise<CliResult & { code: number; pactOutput: string }>;
  /** Runs Jest with a config file (as `jest --config <config> --ci` from `cwd`) in the worker; output is Jest's report. */
  jest(config: string, cwd: string, env?: NodeJS.ProcessEnv): Promise<{ ok: boolean; output: string }>;
  /** Stops the worker (and waits for it to exit). */
  close(): Promise<void>;
}

/**
 * One long-lived child process that runs the real CLI's `main()` (through tsx, as the bin does) once per request. A
 * test file starts one in beforeAll and closes it in afterAll: it pays the CLI's cold start (about 2 s of tsx, the
 * SDK and Pact's native core) once instead of once per call. A child, not this Jest process, because Pact's native
 * verifier writes its report to file descriptor 1 (no option turns it off), which no JavaScript can capture.
 */
export async function startCliWorker(timeoutMs = 180000): Promise<CliWorker> {
  const child: ChildProcess = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), resolve(__dirname, 'cli-worker-main.ts')], {
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const pending = new Map<number, { done: (reply: WorkerReply) => void; fail: (error: Error) => void }>();
  let exited: Error | undefined;
  const exit = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = new Error(`the CLI worker exited (${signal ?? code}):\n${stderr}`);
      for (const p of pending.values()) p.fail(exited);
      pending.clear();
      done();
    }),
  );
  child.once('error', (error) => {
    exited ??= error;
    for (const p of pending.values()) p.fail(error);
    pending.clear();
  });
  child.on('message', (reply: WorkerReply) => {
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.kind === 'error') p?.fail(new Error(`in the CLI worker: ${reply.message}`));
    else p?.done(reply);
  });
  let next = 0;
  const ask = (request: Unnumbered<WorkerRequest>): Promise<WorkerReply & { pactOutput: string }> =>
    new Promise((done, fail) => {
      if (exited) return fail(exited);
      const id = ++next;
      // Requests run one at a time in the worker: what it printed since this one was sent is this one's.
      const from = stdout.length;
      const timer = setTimeout(() => {
        pending.delete(id);
        fail(new Error(`the CLI worker did not answer ${JSON.stringify(request)} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        done: (reply) => (clearTimeout(timer), done({ ...reply, pactOutput: stdout.slice(from) })),
        fail: (error) => (clearTimeout(timer), fail(error)),
      });
      child.send({ ...request, id } as WorkerRequest);
    });
  return {
    async run(argv, env = {}) {
      const reply = await ask({ kind: 'cli', argv, env });
      if (reply.kind !== 'cli') throw new Error(`unexpected reply ${reply.kind}`);
      return { code: reply.code, stdout: reply.stdout, stderr: reply.stderr, pactOutput: reply.pactOutput };
    },
    async jest(config, cwd, env = {}) {
      const reply = await ask({ kind: 'jest', config, cwd, env });
      if (reply.kind !== 'jest') throw new Error(`unexpected reply ${reply.kind}`);
      return { ok: reply.ok, output: reply.output };
    },
    async close() {
      if (child.pid === undefined) return; // never started ('error' said why)
      child.kill();
      await exit;
    },
  };
}
