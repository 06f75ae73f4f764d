import type { RunPlan } from '../engine/plan';
import { lockReportDir } from '../report/lock';
import type { Shard } from '../report/shard';
import { placeholderReport, writeReports } from '../report/write';
import type { TargetSpec } from '../target/targets';
import { reportHead } from '../runner/envelope';
import type { CliIo } from './io';
import { onStopSignals, SIGNAL_EXIT } from './signals';
import { startWatchdog } from './watchdog';

export interface ReportedRunStart {
  io: CliIo;
  reportDir: string;
  /** The command, as a second run into the folder is told who holds it: `run abc123`. */
  command: 'run' | 'explore' | 'verify';
  plan: RunPlan;
  target: TargetSpec;
  /** The target as the user named it. */
  targetName: string;
  shard?: Shard;
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
  const { io, reportDir, plan, target } = start;
  const lock = lockReportDir(reportDir, `${start.command} ${plan.runId}`);
  try {
    const placeholder = placeholderReport(
      reportHead(plan, { kind: target.kind, url: target.url ?? null, region: plan.region, label: start.targetName }, new Date().toISOString(), start.shard),
    );
    writeReports(placeholder, reportDir);
  } catch (error) {
    lock.release();
    throw error;
  }
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
      lock.release();
    },
  };
}
