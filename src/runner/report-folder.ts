import type { RunPlan } from '../engine/plan';
import { lockReportDir, type ReportDirLock } from '../report/lock';
import type { ConformanceReport } from '../report/model';
import type { Shard } from '../report/shard';
import { placeholderReport, writeReports } from '../report/write';
import type { TargetChoice } from '../target/targets';
import { reportHead } from './envelope';
import { finishRecording, type RecordingRequest, type RecordingResult } from './recording-result';
import type { Recorder } from '../client/recording/recorder';

/** Who holds a report folder, and what its placeholder says: the command's plan, its target as named, its shard. */
export interface FolderHolder {
  /** The command, as a second run into the folder is told who holds it: `run abc123`. */
  command: 'run' | 'explore' | 'verify';
  plan: RunPlan;
  target: TargetChoice;
  /** The target as the user named it: the placeholder's label. */
  targetName: string;
  shard?: Shard;
}

/**
 * Takes a report folder for a run (a second run into it is refused instead of replacing this one's results) and puts
 * the placeholder in place of the previous reports, so a run that dies (out of memory, killed) never leaves an older
 * report looking current. Release the lock when the reports are written.
 */
export function holdReportFolder(reportDir: string, holder: FolderHolder): ReportDirLock {
  const { plan, target } = holder;
  const lock = lockReportDir(reportDir, `${holder.command} ${plan.runId}`);
  try {
    const label = { kind: target.kind, url: target.url ?? null, region: plan.region, label: holder.targetName };
    writeReports(placeholderReport(reportHead(plan, label, new Date().toISOString(), holder.shard)), reportDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  return lock;
}

/** The reports written in place of the placeholder, or why they could not be; what recording and comparing gave. */
export type WrittenReports =
  { files: string[]; writeError?: undefined; recording?: RecordingResult } | { files?: undefined; writeError: string; recording?: RecordingResult };

/**
 * The end of a run or an exploration: the recording written and the comparison added to the report (with
 * `recording`), then the four reports written over the placeholder. A failure to write is one line, not an exception.
 */
export function writeRunReports(
  report: ConformanceReport,
  plan: RunPlan,
  out: { reportDir: string; secrets: string[]; recording?: RecordingRequest },
  recorder: Recorder | undefined,
): WrittenReports {
  let recording: RecordingResult | undefined;
  try {
    recording = out.recording ? finishRecording(report, plan, out.recording, recorder) : undefined;
    return { files: writeReports(report, out.reportDir, out.secrets), ...(recording ? { recording } : {}) };
  } catch (error) {
    return { writeError: (error as Error).message.split('\n')[0]!, ...(recording ? { recording } : {}) };
  }
}
