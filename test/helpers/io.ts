import type { CliIo } from '../../src/cli/io';

/** A CliIo that keeps what a command writes. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => ((out += s), true) } as CliIo['stdout'],
    stderr: { write: (s: string) => ((err += s), true) } as CliIo['stderr'],
    env,
    out: () => out,
    err: () => err,
  };
}
