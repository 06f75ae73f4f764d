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
 * const { cases } = planRun({ edition: 'model' });
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
export type { TargetChoice, TargetKind } from './target/targets';
/** @deprecated The old name of {@link TargetChoice}. */
export type { TargetChoice as TargetSpec } from './target/targets';
export { parseTarget } from './target/targets';

// The case table.
export { planRun } from './engine/plan';
export type { PlanOptions, RunPlan } from './engine/plan';
export type { ConformanceCase, CaseCategory, CaseStep } from './cases/types';
/** @deprecated The old name of {@link CaseCategory}. */
export type { CaseCategory as CaseKind } from './cases/types';
export { EDITIONS, DEFAULT_EDITION } from './spec/editions';
export type { EditionName } from './spec/editions';
/** @deprecated Old names of {@link EDITIONS}, {@link DEFAULT_EDITION} and {@link EditionName}: an edition was once called a spec profile. */
export { EDITIONS as SPEC_PROFILES, DEFAULT_EDITION as DEFAULT_PROFILE } from './spec/editions';
export type { EditionName as SpecProfileName } from './spec/editions';

// The report a run returns, and the four files it is written as.
export { writeReports, REPORT_FILES } from './report/write';
export { countsLine } from './report/model';
export type { ConformanceReport, ReportSummary } from './report/model';
export type { CaseResult, CaseStatus, Failure } from './report/results';

// The Pact helper, also here for one-import users; `sagemaker-conformance/pact` is the light entry.
export { forPact } from './pact/content-type';
