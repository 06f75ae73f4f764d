import { closeSync, constants, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readInputFile } from '../io/input-file';
import { BadInputError } from '../errors';

/** The lock's name in a report folder. */
export const LOCK_FILE = '.sagemaker-conformance.lock';

/** Bad input (exit 2): the folder is another run's for now. */
export class ReportDirLockedError extends BadInputError {}

/** A held lock on a report folder; `release` is idempotent. */
export interface ReportDirLock {
  file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the report folder for this run: a lock file created exclusively (O_EXCL), naming the process. A second run
 * into the same folder is refused while the first's process lives (it would replace the first one's results); a
 * lock left by a process that is gone (killed) is taken over.
 */
export function lockReportDir(dir: string, what = 'a run'): ReportDirLock {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: unknown; what?: unknown; since?: unknown } = {};
      try {
        holder = JSON.parse(readInputFile(file, 4096)) as typeof holder;
      } catch {
        // unreadable or half-written: judged by its pid below, which it lacks, so it is stale
      }
      const pid = typeof holder.pid === 'number' ? holder.pid : undefined;
      if (pid !== undefined && alive(pid)) {
        throw new ReportDirLockedError(
          `${dir} is in use by ${typeof holder.what === 'string' ? holder.what : 'another run'} (process ${pid}, since ${String(holder.since ?? '?')}): give this run another --report-dir, or wait for that one to end`,
        );
      }
      rmSync(file, { force: true }); // its process is gone (killed): the lock is stale
      continue;
    }
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid, what, since: new Date().toISOString() }));
    } finally {
      closeSync(fd);
    }
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      process.removeListener('exit', release);
      try {
        rmSync(file, { force: true });
      } catch {
        // the folder itself is gone or replaced: so is the lock
      }
    };
    process.on('exit', release);
    return { file, release };
  }
  throw new ReportDirLockedError(`${dir}: could not take its lock ${LOCK_FILE}`);
}
