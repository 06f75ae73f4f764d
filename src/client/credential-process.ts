import { spawn, type ChildProcess } from 'node:child_process';
import { externalDataInterceptor } from '@smithy/core/config';

/** How long a `credential_process` may take (default 30 s; SAGEMAKER_CONFORMANCE_CREDENTIALS_TIMEOUT in seconds). */
export function credentialDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.SAGEMAKER_CONFORMANCE_CREDENTIALS_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30000;
}

/** A credential process prints one small JSON object: more than this is not credentials. */
const MAX_STDOUT_BYTES = 64 * 1024;

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

type ExecCallback = (error: Error | null, result?: { stdout: string; stderr: string }) => void;

/**
 * The SDK's `credential_process` provider runs the command with child_process.exec: no deadline, and on failure its
 * error message carries the command's stderr (where a secret may be). This runs it instead, in its own process
 * group, with its stderr discarded, its stdout bounded, and a deadline after which the whole group is killed; its
 * errors say what happened, never what it printed.
 */
function boundedExec(deadlineMs: number) {
  return (command: string, callback: ExecCallback): void => {
    const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    running.add(child);
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(child);
      killGroup(child);
      if (error) callback(error);
      else callback(null, { stdout: Buffer.concat(chunks).toString('utf8'), stderr: '' });
    };
    const timer = setTimeout(
      () => finish(new Error(`credential_process gave no credentials within ${deadlineMs / 1000} s: killed (SAGEMAKER_CONFORMANCE_CREDENTIALS_TIMEOUT)`)),
      deadlineMs,
    );
    timer.unref();
    child.stdout!.on('data', (d: Buffer) => {
      bytes += d.length;
      if (bytes > MAX_STDOUT_BYTES) return finish(new Error(`credential_process printed more than ${MAX_STDOUT_BYTES} bytes: killed`));
      chunks.push(d);
    });
    child.on('error', (error) => finish(new Error(`credential_process could not start (${(error as NodeJS.ErrnoException).code ?? 'error'})`)));
    child.on('close', (code, signal) => finish(code === 0 ? null : new Error(`credential_process ended with ${signal ?? `exit code ${code}`}`)));
  };
}

let installed = false;

/** Routes the SDK's credential_process through `boundedExec`, once per process; credential processes die with it. */
export function boundCredentialProcesses(env: NodeJS.ProcessEnv = process.env): void {
  if (installed) return;
  installed = true;
  externalDataInterceptor.interceptToken('exec', boundedExec(credentialDeadlineMs(env)) as never);
  process.once('exit', () => running.forEach(killGroup));
}
