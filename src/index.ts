/**
 * The package's public API: `import { runConformance, planRun } from 'sagemaker-conformance'`.
 *
 * Re-exports only. The implementation lives in its own modules and may move; when it does, only these lines change,
 * and what users import keeps its name. The Pact helper has its own entry, `sagemaker-conformance/pact`, which
 * loads nothing else.
 *
 * @example
 * import { planRun, runConformance, writeReports } from 'sagemaker-conformance';
 *
 * // The case table, as `sagemaker-conformance list` prints it (generated from the spec data; no target needed).
 * const { cases } = planRun({ spec: 'model' });
 *
 * // A whole run against the reference mock (or { kind: 'url', url: 'http://127.0.0.1:4566' }, moto, aws).
 * const { report, exitCode } = await runConformance({ target: { kind: 'mock' }, only: ['EndpointConfigName.*'] });
 * writeReports(report, 'reports');
 */

// The run API.
export { runConformance, prepareRun, selectCases } from './runner/run';
export type { RunOptions, RunOutcome, PreparedRun } from './runner/run';
export { UsageError } from './errors';
export { SUITE_NAME, SUITE_VERSION } from './version';
export type { ExitCode } from './report/exit-code';
export type { SessionOptions } from './engine/session';
export type { TargetSpec, TargetKind } from './target/targets';
export { parseTarget } from './target/targets';

// The case table.
export { planRun } from './engine/plan';
export type { PlanOptions, RunPlan } from './engine/plan';
export type { ConformanceCase, CaseKind, CaseStep } from './cases/types';
export { SPEC_PROFILES, DEFAULT_PROFILE } from './spec/profiles';
export type { SpecProfileName } from './spec/profiles';

// The report a run returns, and the four files it is written as.
export { writeReports, REPORT_FILES } from './report/write';
export { countsLine } from './report/model';
export type { ConformanceReport, ReportSummary } from './report/model';
export type { CaseResult, CaseStatus, Failure } from './report/results';

// The Pact helper, also here for one-import users; `sagemaker-conformance/pact` is the light entry.
export { forPact } from './pact/content-type';
