import type { RunPlan } from '../engine/plan';
import type { ConformanceReport } from '../report/model';
import { holdReportFolder, writeRunReports } from '../runner/report-folder';
import { recorderOf, type RecordingRequest, type RecordingResult } from '../runner/recording-result';
import type { TargetChoice } from '../target/targets';
import { foundCase, saveFindings } from './cases';
import { exploreTarget, type ExploreOptions, type ExploreOutcome } from './explore';

/** An exploration as the `explore` command asks for it: its options, planned once, and what is done with its report. */
export interface ExploreRequest {
  options: ExploreOptions & { target: TargetChoice; seed: number; budgetMs: number };
  /** The exploration's plan (its run id, its edition): checked before anything starts. */
  plan: RunPlan;
  reportDir: string;
  /** The target as the user named it: the placeholder's label, and the saved cases' `target`. */
  targetName: string;
  /** Values that must never reach a report. */
  secrets: string[];
  /** Save the findings as regression cases in this file (`--save FILE`). */
  save?: string;
  /** Record the exchanges (`--record DIR`). */
  recording: RecordingRequest;
}

/** What came of a requested exploration: its report, where it went, what was saved, and its exit code. */
export interface RequestedExploration extends ExploreOutcome {
  /** The report files written; absent when writing failed (`writeError` says why). */
  files?: string[];
  writeError?: string;
  /** The findings saved with `save`: how many, and how many cases the file holds now. */
  saved?: { file: string; count: number; total: number };
  /** Flaky findings, never saved (replayed, such a case would pass most times and fail now and then). */
  flakyNotSaved?: number;
  recording?: RecordingResult;
}

/**
 * An exploration as asked: holds the report folder (the placeholder in it), explores, saves the findings that recur
 * every time, finishes the recording and writes the reports. The signal stops exploring, which still reports.
 */
export async function exploreRequested(request: ExploreRequest, signal?: AbortSignal): Promise<RequestedExploration> {
  const { options, plan, reportDir } = request;
  const lock = holdReportFolder(reportDir, { command: 'explore', plan, target: options.target, targetName: request.targetName });
  try {
    const recorder = recorderOf(request.recording, plan);
    const { report, exitCode } = await exploreTarget({ ...options, plan, ...(recorder ? { recorder } : {}), ...(signal ? { signal } : {}) });
    const saving = request.save !== undefined ? saveFound(report, request, request.save) : {};
    const written = writeRunReports(report, plan, request, recorder);
    return { report, exitCode: written.writeError !== undefined ? 2 : exitCode, ...saving, ...written };
  } finally {
    lock.release();
  }
}

/** The findings that recur every time, saved as regression cases; flaky ones are counted, not saved. */
function saveFound(report: ConformanceReport, request: ExploreRequest, file: string): Pick<RequestedExploration, 'saved' | 'flakyNotSaved'> {
  const section = report.explore!;
  const operation = request.plan.operation.operation;
  const flakyNotSaved = section.flaky.length > 0 ? { flakyNotSaved: section.flaky.length } : {};
  if (section.findings.length === 0) return flakyNotSaved;
  const meta = { target: request.targetName, runId: request.plan.runId, foundAt: report.finishedAt, operation };
  const total = saveFindings(
    file,
    operation,
    section.findings.map((f) => foundCase(f, meta)),
  );
  section.saved = file;
  return { ...flakyNotSaved, saved: { file, count: section.findings.length, total } };
}
