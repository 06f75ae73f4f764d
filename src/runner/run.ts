import type { ConformanceCase } from '../cases/types';
import { applyExpectations, loadExpectations, type Expectations } from '../engine/expectations';
import { runPool } from '../engine/pool';
import { isBad, skippedResult, type CaseResult } from '../report/results';
import { confirmAccount, openSession, type OpenOptions } from './open-session';
import { finishSession, type SessionEnd } from './finish';
import { planRun, Session, SetupError, type PlanOptions, type RunPlan } from '../engine/session';
import { summarize, summarizeOperations, type ConformanceReport } from '../report/model';
import { deviationGroups } from '../report/groups';
import { SUITE_NAME, SUITE_VERSION } from '../version';
import { selectShard, type Shard } from '../report/shard';
import type { CallerIdentity } from '../client/identity';
import { UsageError } from '../errors';
import { exitCodeOf, type ExitCode } from '../report/exit-code';
import { globToRegExp } from '../io/glob';
import { evidenceSummary } from './recording';

export interface RunOptions extends PlanOptions, OpenOptions {
  /** Id globs (`*` and `?`); a case runs if any matches. */
  only?: string[];
  /** Runs only the cases this keeps (after `only`): a choice by what cases are about, such as the self-test's. */
  select?: (c: ConformanceCase) => boolean;
  expectationsFile?: string;
  concurrency?: number;
  /** Called as each case ends, for progress output. */
  onCase?: (result: CaseResult, done: number, total: number) => void;
  /** Aborting stops starting cases; the run cleans up and reports what it has, marked incomplete. */
  signal?: AbortSignal;
  /** Run only this slice of the (selected) case table. */
  shard?: Shard;
  /** The target's name in the report (`--label moto-5.2.1`): its column when reports are merged. */
  label?: string;
  /**
   * Ask STS who the run acts as before creating anything, and stop if that fails (default: for `aws` only;
   * loopback targets have no account).
   */
  confirmIdentity?: boolean;
  /** Called with the account and region before anything is created. */
  onIdentity?: (identity: CallerIdentity, region: string) => void;
  /** The run's plan from `prepareRun`, when the caller prepared it already: a run is planned once, with one run id. */
  prepared?: PreparedRun;
}

export interface PreparedRun {
  plan: RunPlan;
  cases: ConformanceCase[];
  expectations?: Expectations;
}

export type { ExitCode };

export interface RunOutcome {
  report: ConformanceReport;
  exitCode: ExitCode;
}

export { UsageError };

export { SUITE_NAME, SUITE_VERSION };

export { globToRegExp };

export function selectCases(cases: readonly ConformanceCase[], only: readonly string[] | undefined): ConformanceCase[] {
  if (!only || only.length === 0) return [...cases];
  const patterns = only.map(globToRegExp);
  const selected = cases.filter((c) => patterns.some((p) => p.test(c.id)));
  if (selected.length === 0) throw new UsageError(`--only ${only.join(',')} matches no case; 'sagemaker-conformance list' prints the ids`);
  return selected;
}

/** Checks everything that can be checked without the target; throws UsageError. */
export function prepareRun(options: RunOptions): PreparedRun {
  const plan = planRun(options);
  const operations = options.operations ?? [];
  const ofOperations = operations.length > 0 ? plan.cases.filter((c) => operations.includes(c.operation)) : plan.cases;
  const selected = selectCases(ofOperations, options.only);
  const cases = selectShard(options.select ? selected.filter(options.select) : selected, options.shard);
  const expectations = options.expectationsFile
    ? loadExpectations(options.expectationsFile, new Set(plan.cases.map((c) => c.id)), plan.profile.name)
    : undefined;
  return { plan, cases, expectations };
}

/**
 * A whole conformance run: plan, start the target, set up, run every case, clean up, and build the report.
 * Never throws for target trouble: an unreachable or broken target ends in a report and exit code 2 or 1.
 *
 * @example
 * const { report, exitCode } = await runConformance({ target: { kind: 'mock' } });
 */
export async function runConformance(options: RunOptions): Promise<RunOutcome> {
  const { plan, cases, expectations } = options.prepared ?? prepareRun(options);
  const startedAt = new Date().toISOString();
  let session: Session | undefined;
  let problem: string | undefined;
  let couldStart = true;
  let results: CaseResult[] = [];
  let end: SessionEnd;
  let done = 0;
  const targetLabel = { kind: options.target.kind, url: options.target.url ?? null, label: options.target.kind as string };
  let account: string | undefined;
  // Listened to until clean-up ends: an interrupt during clean-up shortens it and marks the report incomplete.
  const onAbort = () => session?.interrupt(`interrupted (${String(options.signal?.reason ?? 'aborted')})`);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    session = await openSession(plan, options);
    targetLabel.url = session.target.url ?? null;
    targetLabel.label = session.target.label;
    if (options.signal?.aborted) onAbort();
    account = await confirmAccount(session, plan, options);
    if (!session.interruption) await session.setup();
    const ran = await runPool(cases, options.concurrency ?? 4, async (c) => {
      const result = applyExpectations(await session!.runCase(c), expectations);
      options.onCase?.(result, ++done, cases.length);
      return result;
    });
    results = cases.map((c, i) => ran[i] ?? applyExpectations(skippedResult(c, session!.interruption ?? 'not run'), expectations));
    problem = session.interruption;
  } catch (error) {
    couldStart = false;
    problem = error instanceof SetupError ? `could not set up: ${error.message}` : `could not start: ${(error as Error).message}`;
    results = cases.map((c) => skippedResult(c, problem!));
  } finally {
    end = await finishSession(session, problem, options.signal);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const { cleanup, interruptedAt } = end;
  problem = end.problem;
  // Errored cases say the target misbehaved, not that it deviates from the spec: one line says what happened first.
  const errored = results.filter((r) => r.status === 'errored');
  const firstError = errored.flatMap((r) => r.failures).find((f) => f.kind === 'error');
  if (!problem && firstError?.kind === 'error') problem = `${errored.length} of ${results.length} cases errored; the first: ${firstError.reason}`;
  const report: ConformanceReport = {
    suite: { name: SUITE_NAME, version: SUITE_VERSION, spec: reportSpec(plan) },
    target: {
      kind: targetLabel.kind,
      url: targetLabel.url,
      region: plan.region,
      label: targetLabel.label,
      ...(account ? { account } : {}),
      ...(options.label ? { name: options.label } : {}),
    },
    runId: plan.runId,
    ...(options.shard ? { shard: options.shard } : {}),
    startedAt,
    finishedAt: new Date().toISOString(),
    // A case not run for want of a resource was left out on purpose: the run is still whole.
    complete: couldStart && !interruptedAt && !results.some((r) => r.status === 'skipped' && !r.needs),
    ...(problem ? { problem } : {}),
    ...(expectations ? { expectations: { file: expectations.file, meta: expectations.meta } } : {}),
    summary: summarize(results),
    operations: summarizeOperations(results, plan.operation.operation),
    groups: deviationGroups(results, plan.operation.operation),
    ...(session && session.setupRequests.length > 0 ? { setup: session.setupRequests } : {}),
    cleanup,
    ...(session && session.untagged.length > 0 ? { untagged: session.untagged } : {}),
    cases: results,
    evidence: evidenceSummary(cases, plan.profile.name),
  };
  const interrupted = interruptedAt !== undefined;
  const needsAttention = interrupted || results.some((r) => isBad(r.status)) || cleanup.leftovers.length > 0;
  // A run cut short needs attention even when nothing could start: what did run is in the report.
  return { report, exitCode: interrupted ? 1 : exitCodeOf({ couldStart, needsAttention }) };
}

/**
 * The report's account of the spec: the profile, its source, and the model file's commit. The file's sha256 stays
 * in the spec file: a report holds no bare 64-hex value, which the redaction filter takes for a signature.
 */
export function reportSpec(plan: RunPlan): ConformanceReport['suite']['spec'] {
  const { provenance, ...spec } = plan.operation.spec;
  const kept = provenance ? (({ sha256: _hash, ...rest }) => rest)(provenance) : undefined;
  return { ...spec, ...(kept ? { provenance: kept } : {}), title: plan.profile.title, source: plan.profile.source };
}
