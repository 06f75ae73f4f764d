import { holdReportFolder, type FolderHolder } from '../runner/report-folder';
import type { CliIo } from './io';
import { onStopSignals, SIGNAL_EXIT } from './signals';
import { startWatchdog } from './watchdog';

/** A command's run: who holds its report folder (the command, its plan, its target), and what its signals say. */
export interface ReportedRunStart extends FolderHolder {
  io: CliIo;
  reportDir: string;
  /** What the first stop signal is answered with, after `SIGINT: `: what the command does now. */
  stopping: string;
  /** What a second stop signal leaves behind, after `exiting without finishing clean-up; ` (default: the run's resources). */
  abandoning?: string;
}

/** A command's run that ends in reports: its folder held, a placeholder in it, stop signals heard. */
export interface ReportedRun {
  /** Aborted by the first stop signal. */
  signal: AbortSignal;
  /** The stop signal received, if any. */
  readonly signalled: NodeJS.Signals | undefined;
  /** Stops listening for signals and gives the folder back; call it in `finally`. */
  end(): void;
}

/**
 * Starts a run that writes reports: takes the report folder (a second run into it exits 2 instead of replacing this
 * one's results), puts the placeholder in place of the previous reports (a run that dies, out of memory or killed,
 * never leaves an older report looking current), then hears stop signals: the first aborts the run, which cleans up
 * and reports; the second exits at once.
 */
export function startReportedRun(start: ReportedRunStart): ReportedRun {
  const lock = holdReportFolder(start.reportDir, start);
  const heard = hearStopSignals(start);
  return {
    signal: heard.signal,
    get signalled() {
      return heard.signalled;
    },
    end() {
      heard.end();
      lock.release();
    },
  };
}

/**
 * Hears stop signals for a command's run: the first aborts the run, which cleans up and reports; the second exits at
 * once. A watchdog ends the process when the event loop is held (a signal would wait for ever).
 */
export function hearStopSignals(start: Pick<ReportedRunStart, 'io' | 'command' | 'plan' | 'stopping' | 'abandoning'>): ReportedRun {
  const { io, plan } = start;
  // Signals are heard on the event loop: a loop held by a runaway computation would keep them waiting for ever.
  const stopWatchdog = startWatchdog(`${start.command} ${plan.runId}`);
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const stopSignals = onStopSignals((signal, again) => {
    if (again) {
      io.stderr.write(`${signal} again: exiting without finishing clean-up; ${start.abandoning ?? `'sc-${plan.runId}' resources may remain`}\n`);
      process.exit(SIGNAL_EXIT[signal] ?? 1);
    }
    signalled = signal;
    io.stderr.write(`\n${signal}: ${start.stopping}\n`);
    controller.abort(signal);
  });
  return {
    signal: controller.signal,
    get signalled() {
      return signalled;
    },
    end() {
      stopSignals();
      stopWatchdog();
    },
  };
}
