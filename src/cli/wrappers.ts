import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A process's parent and command line, from /proc (Linux) or ps (elsewhere); undefined when it is gone. */
function processInfo(pid: number): { ppid: number; command: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { ppid, command };
  } catch {
    try {
      const line = execFileSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      const m = /^(\d+)\s+(.*)$/.exec(line);
      return m ? { ppid: Number(m[1]), command: m[2]! } : undefined;
    } catch {
      return undefined;
    }
  }
}

/** npm exec / npx and the `sh -c` it runs the bin through: processes that only wrap this one. */
const WRAPPER = /(^|\/)(npm|npx)( |$)|npm-cli\.js|npx-cli\.js|^npm exec|^(\/bin\/)?sh -c /;

/**
 * The processes between this one and the user's shell that only wrap it (`npx` → `sh -c` → node): the PID a
 * user's shell gets for `npx sagemaker-conformance mock &` is the first of them, and npm does not pass a
 * signal on to its child. Empty when started directly.
 */
export function wrapperAncestors(): number[] {
  const found: number[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 4 && pid > 1; depth++) {
    const info = processInfo(pid);
    if (!info || !WRAPPER.test(info.command)) break;
    found.push(pid);
    pid = info.ppid;
  }
  return found;
}

/** Calls `onGone` once when any of `pids` ends (checked every `everyMs`); the timer never keeps the process alive. */
export function whenAnyEnds(pids: readonly number[], onGone: () => void, everyMs = 250): () => void {
  if (pids.length === 0) return () => undefined;
  const timer = setInterval(() => {
    for (const pid of pids) {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(timer);
        onGone();
        return;
      }
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
