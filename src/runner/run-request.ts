import type { ConformanceReport } from '../report/model';
import { groupsOf } from '../report/model';
import { renderPytest } from '../report/export-pytest';
import { writeAtomic } from '../report/write';
import type { TargetChoice } from '../target/targets';
import { readBaseline, writeDrift, type Baseline, type Drift } from './drift';
import { holdReportFolder, writeRunReports } from './report-folder';
import { recorderOf, type RecordingRequest, type RecordingResult } from './recording-result';
import { runConformance, type PreparedRun, type RunOptions, type RunOutcome } from './run';

export { readBaseline, type Baseline };

/** Verifies pact files against the run's target and joins the results to its report (`pact/run`'s `verifyIntoRun`). */
export type ContractsVerifier = (run: RunOutcome, paths: string[]) => Promise<RunOutcome>;

/** A run as the `run` command asks for it: the run's options, and what is done with its report. */
export interface RunRequest {
  options: RunOptions & { target: TargetChoice };
  /** The run as `prepareRun` planned it: checked before anything starts. */
  prepared: PreparedRun;
  reportDir: string;
  /** The target as the user named it: the placeholder's label. */
  targetName: string;
  /** Values that must never reach a report. */
  secrets: string[];
  /** Compare the run with a previous one (`--baseline`): `drift.md` beside the reports. */
  baseline?: Baseline;
  /** A drift fails an otherwise passing run (`--fail-on-change`). */
  failOnChange?: boolean;
  /** Write a pytest file that replays each deviation group (`--export-repro FILE`). */
  exportRepro?: string;
  /** Pact files to verify against the same target after the run (`--pact`), and the verifier, which the caller loads. */
  contracts?: { paths: string[]; verify: ContractsVerifier };
  /** Record the run's exchanges, compare its answers with a recording (`--record`, `--compare`). */
  recording?: RecordingRequest;
}

/** What came of a requested run: its report, where it went, and its exit code (drift included). */
export interface RequestedRun {
  report: ConformanceReport;
  exitCode: RunOutcome['exitCode'];
  /** The report files written; absent when writing failed (`writeError` says why). */
  files?: string[];
  writeError?: string;
  repro?: { file: string; tests: number };
  drift?: Drift;
  /** What recording and comparing gave (with `recording`). */
  recording?: RecordingResult;
}

/**
 * A run as asked: holds the report folder (the placeholder in it), runs the table, verifies the pacts against the
 * same target unless the run was stopped or could not start, writes the reports, the repro and the drift, and
 * decides the exit code (a drift fails a passing run where asked). The signal stops the run, which still reports.
 */
export async function runRequested(request: RunRequest, signal?: AbortSignal): Promise<RequestedRun> {
  const { options, prepared, reportDir } = request;
  const { plan } = prepared;
  const lock = holdReportFolder(reportDir, {
    command: 'run',
    plan,
    target: options.target,
    targetName: request.targetName,
    ...(options.shard ? { shard: options.shard } : {}),
  });
  try {
    const recorder = request.recording ? recorderOf(request.recording, plan) : undefined;
    let outcome = await runConformance({ ...options, prepared, ...(recorder ? { recorder } : {}), ...(signal ? { signal } : {}) });
    if (request.contracts && !signal?.aborted && outcome.exitCode !== 2) outcome = await request.contracts.verify(outcome, request.contracts.paths);
    const { report } = outcome;
    const written = writeRunReports(report, plan, request, recorder);
    if (written.writeError !== undefined) return { report, exitCode: 2, ...written };
    const { files, recording } = written;
    const repro = request.exportRepro !== undefined ? writeRepro(report, prepared, request.exportRepro) : undefined;
    const drift = request.baseline ? writeDrift(request.baseline, report, reportDir, request.secrets) : undefined;
    const drifted = drift !== undefined && drift.changed.length > 0;
    const exitCode = drifted && request.failOnChange && outcome.exitCode === 0 ? 1 : outcome.exitCode;
    return { report, exitCode, files, ...(recording ? { recording } : {}), ...(repro ? { repro } : {}), ...(drift ? { drift } : {}) };
  } finally {
    lock.release();
  }
}

/** A pytest file with one test per deviation group, replaying its smallest case. */
function writeRepro(report: ConformanceReport, prepared: PreparedRun, file: string): { file: string; tests: number } {
  const { plan, cases } = prepared;
  writeAtomic(file, renderPytest({ report, cases, service: plan.service, operations: plan.operations }));
  return { file, tests: groupsOf(report).length };
}
