import type { ConformanceCase } from '../cases/types';
import { applyExpectations, loadExpectations, type Expectations } from '../engine/expectations';
import { runPool } from '../engine/pool';
import { isBad, skippedResult, type CaseResult } from '../report/results';
import type { OpenOptions } from './open-session';
import { runSession } from './session-run';
import { planRun, type PlanOptions, type RunPlan, type Session } from '../engine/session';
import { summarize, summarizeOperations, type ConformanceReport } from '../report/model';
import { deviationGroups } from '../report/groups';
import { SUITE_NAME, SUITE_VERSION } from '../version';
import { selectShard, type Shard } from '../report/shard';
import type { CallerIdentity } from '../client/identity';
import { UsageError } from '../errors';
import type { ExitCode } from '../report/exit-code';
import { globToRegExp } from '../io/glob';
import { evidenceSummary } from './recording';
import { reportSpec } from './envelope';

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

export { reportSpec };

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
    ? loadExpectations(options.expectationsFile, new Set(plan.cases.map((c) => c.id)), plan.edition.name)
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
  const { report, exitCode } = await runSession(plan, options, {
    body: (session) => runCases(session, cases, expectations, options),
    conclude: ({ value, couldStart, whyNotStarted, problem }) => {
      const results = value ?? cases.map((c) => skippedResult(c, whyNotStarted ?? 'not run'));
      // Errored cases say the target misbehaved, not that it deviates from the spec: one line says what happened first.
      const errored = results.filter((r) => r.status === 'errored');
      const firstError = errored.flatMap((r) => r.failures).find((f) => f.kind === 'error');
      if (!problem && firstError?.kind === 'error') problem = `${errored.length} of ${results.length} cases errored; the first: ${firstError.reason}`;
      return {
        problem,
        head: {
          ...(expectations ? { expectations: { file: expectations.file, meta: expectations.meta } } : {}),
          summary: summarize(results),
          operations: summarizeOperations(results, plan.operation.operation),
          groups: deviationGroups(results, plan.operation.operation),
        },
        tail: { cases: results, evidence: evidenceSummary(cases, plan.edition.name) },
        // A case not run for want of a resource was left out on purpose: the run is still whole.
        complete: couldStart && !results.some((r) => r.status === 'skipped' && !r.needs),
        needsAttention: results.some((r) => isBad(r.status)),
      };
    },
  });
  return { report, exitCode };
}

/** Every case on the open session, in a pool; a case the session's interruption kept from starting is skipped. */
async function runCases(
  session: Session,
  cases: readonly ConformanceCase[],
  expectations: Expectations | undefined,
  options: RunOptions,
): Promise<CaseResult[]> {
  let done = 0;
  const ran = await runPool(cases, options.concurrency ?? 4, async (c) => {
    const result = applyExpectations(await session.runCase(c), expectations);
    options.onCase?.(result, ++done, cases.length);
    return result;
  });
  return cases.map((c, i) => ran[i] ?? applyExpectations(skippedResult(c, session.interruption ?? 'not run'), expectations));
}
