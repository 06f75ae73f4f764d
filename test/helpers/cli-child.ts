import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const BIN = resolve(__dirname, '../../bin/sagemaker-conformance.cjs');

/** A CLI process the test watches: output so far, a promise of its exit, and a wait for a line. Killed by the test. */
export interface CliChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  kill(): Promise<void>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = [], command?: string[]): CliChild {
  const [file, ...rest] = command ?? [process.execPath, ...nodeArgs, BIN];
  const child = spawn(file!, [...rest, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_PROFILE: '', PACT_DO_NOT_TRACK: 'true', ...env },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
    child.once('close', (code, signal) => r({ code, signal, at: Date.now() })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(text, timeoutMs = 60000) {
      const deadline = Date.now() + timeoutMs;
      const found = () => (typeof text === 'string' ? (out + err).includes(text) : text.test(out + err));
      while (!found()) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${String(text)} in output:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
