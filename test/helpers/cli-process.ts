import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `sagemaker-conformance` command in a child process. Used where Pact's native verifier prints its
 * own report to stdout: the child keeps that out of the test output, and the exit code is the real one.
 */
export function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 180000): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(__dirname, '../../bin/sagemaker-conformance.cjs'), ...args], {
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', fail);
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
