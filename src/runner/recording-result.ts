import type { Recorder } from '../client/recording/recorder';
import type { Recording } from '../client/recording/read';
import { NOT_RECORDED_REASON } from '../client/recording/not-recorded';
import type { RunPlan } from '../engine/plan';
import { compareWithRecording } from '../report/compare';
import type { ConformanceReport } from '../report/model';
import type { ComparisonSummary } from '../report/comparison';
import type { CaseResult } from '../report/results';
import { recorderFor, writeRecording } from './recording';

/** What a run records (`--record DIR`) and compares with (`--compare DIR`, read and checked before the run). */
export interface RecordingRequest {
  record?: string;
  reference?: Recording;
}

/** What recording and comparing gave, for the command to tell. */
export interface RecordingResult {
  /** Cases a replayed recording did not hold (skipped, neither passed nor failed). */
  unrecorded: CaseResult[];
  compared?: {
    dir: string;
    summary: ComparisonSummary;
    /** "AWS" where the recording is a real account's; else "the recording". */
    who: string;
    differing: CaseResult[];
  };
  recorded?: { dir: string; exchanges: number; files: string[] };
}

/** The recorder a run is given where it records. */
export function recorderOf(request: RecordingRequest, plan: RunPlan): Recorder | undefined {
  return request.record !== undefined ? recorderFor(plan) : undefined;
}

/**
 * At a run's end: counts the cases a replay did not hold, adds the comparison with the recorded answers to the
 * report (each case says whether it answered as recorded), and writes the recording.
 */
export function finishRecording(report: ConformanceReport, plan: RunPlan, request: RecordingRequest, recorder: Recorder | undefined): RecordingResult {
  const unrecorded = report.cases.filter(
    (c) => c.status === 'skipped' && c.failures.some((f) => f.kind === 'skipped' && f.reason.startsWith(NOT_RECORDED_REASON)),
  );
  const result: RecordingResult = { unrecorded };
  const reference = request.reference;
  if (reference) {
    const compared = compareWithRecording(report, reference, plan);
    report.comparison = compared.summary;
    // "AWS" where the recording is a real account's: what an emulator team wants to read beside pass and fail.
    const who = reference.header.target.kind === 'aws' ? 'AWS' : 'the recording';
    result.compared = { dir: reference.dir, summary: compared.summary, who, differing: report.cases.filter((c) => c.comparison?.asRecorded === 'differs') };
  }
  if (recorder && request.record !== undefined) {
    const files = writeRecording(recorder, request.record, plan, { kind: report.target.kind, label: report.target.label });
    result.recorded = { dir: request.record, exchanges: recorder.size, files };
  }
  return result;
}
