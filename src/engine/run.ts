import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConformanceCase } from '../cases/types';
import { applyExpectations, loadExpectations, type Expectations } from './expectations';
import { runPool } from './pool';
import { isBad, type CaseResult } from './results';
import { planRun, Session, SetupError, type CleanupReport, type PlanOptions, type RunPlan, type SessionOptions } from './session';
import { summarize, type ConformanceReport } from '../report/model';

export interface RunOptions extends PlanOptions, SessionOptions {
  /** Id globs (`*` and `?`); a case runs if any matches. */
  only?: string[];
  expectationsFile?: string;
  concurrency?: number;
  /** Called as each case ends, for progress output. */
  onCase?: (result: CaseResult, done: number, total: number) => void;
  /** Aborting stops starting cases; the run cleans up and reports what it has, marked incomplete. */
  signal?: AbortSignal;
}

export type ExitCode = 0 | 1 | 2;

export interface RunOutcome {
  report: ConformanceReport;
  exitCode: ExitCode;
}

/** Bad input found before anything was created on the target. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const SUITE_NAME = 'sagemaker-conformance';
export const SUITE_VERSION: string = (JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;

export function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`);
}

export function selectCases(cases: readonly ConformanceCase[], only: readonly string[] | undefined): ConformanceCase[] {
  if (!only || only.length === 0) return [...cases];
  const patterns = only.map(globToRegExp);
  const selected = cases.filter((c) => patterns.some((p) => p.test(c.id)));
  if (selected.length === 0) throw new UsageError(`--only ${only.join(',')} matches no case; list them with --list`);
  return selected;
}

function skippedResult(c: ConformanceCase, reason: string): CaseResult {
  return {
    id: c.id,
    title: c.title,
    group: c.group,
    kind: c.kind,
    clause: c.clause,
    expected: c.steps.map((s) => s.expect),
    requests: [],
    actual: [],
    checks: [],
    status: 'skipped',
    failures: [{ kind: 'skipped', reason }],
    durationMs: 0,
  };
}

function exitCodeOf(results: readonly CaseResult[], couldStart: boolean): ExitCode {
  if (!couldStart) return 2;
  return results.some((r) => isBad(r.status)) ? 1 : 0;
}

/** Checks everything that can be checked without the target; throws UsageError. */
export function prepareRun(options: RunOptions): { plan: RunPlan; cases: ConformanceCase[]; expectations?: Expectations } {
  const plan = planRun(options);
  const cases = selectCases(plan.cases, options.only);
  const expectations = options.expectationsFile ? loadExpectations(options.expectationsFile, new Set(plan.cases.map((c) => c.id))) : undefined;
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
  const { plan, cases, expectations } = prepareRun(options);
  const startedAt = new Date().toISOString();
  let session: Session | undefined;
  let problem: string | undefined;
  let couldStart = true;
  let results: CaseResult[] = [];
  let cleanup: CleanupReport = { deleted: [], leftovers: [] };
  let done = 0;
  const targetLabel = { kind: options.target.kind, url: options.target.url ?? null, label: options.target.kind as string };
  try {
    session = await Session.open(plan, options);
    targetLabel.url = session.target.url ?? null;
    targetLabel.label = session.target.label;
    const onAbort = () => session?.interrupt(`interrupted (${String(options.signal?.reason ?? 'aborted')})`);
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (!session.interruption) await session.setup();
    const ran = await runPool(cases, options.concurrency ?? 4, async (c) => {
      const result = applyExpectations(await session!.runCase(c), expectations);
      options.onCase?.(result, ++done, cases.length);
      return result;
    });
    options.signal?.removeEventListener('abort', onAbort);
    results = cases.map((c, i) => ran[i] ?? applyExpectations(skippedResult(c, session!.interruption ?? 'not run'), expectations));
    problem = session.interruption;
  } catch (error) {
    couldStart = false;
    problem = error instanceof SetupError ? `could not set up: ${error.message}` : `could not start: ${(error as Error).message}`;
    results = cases.map((c) => skippedResult(c, problem!));
  } finally {
    if (session) {
      try {
        cleanup = await session.close();
      } catch (error) {
        cleanup.leftovers.push({ resource: '*', name: '*', reason: `cleanup failed: ${(error as Error).message}` });
      }
    }
  }
  if (cleanup.leftovers.length > 0 && !problem) problem = `${cleanup.leftovers.length} resource(s) could not be deleted`;
  // Errored cases say the target misbehaved, not that it deviates from the spec: one line says what happened first.
  const errored = results.filter((r) => r.status === 'errored');
  const firstError = errored.flatMap((r) => r.failures).find((f) => f.kind === 'error');
  if (!problem && firstError?.kind === 'error') problem = `${errored.length} of ${results.length} cases errored; the first: ${firstError.reason}`;
  const report: ConformanceReport = {
    suite: { name: SUITE_NAME, version: SUITE_VERSION, spec: plan.operation.spec },
    target: { kind: targetLabel.kind, url: targetLabel.url, region: plan.region, label: targetLabel.label },
    runId: plan.runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    complete: couldStart && !results.some((r) => r.status === 'skipped'),
    ...(problem ? { problem } : {}),
    ...(expectations ? { expectations: { file: expectations.file, meta: expectations.meta } } : {}),
    summary: summarize(results),
    cleanup,
    cases: results,
  };
  const interrupted = session?.interruption !== undefined;
  const exitCode = interrupted ? 1 : exitCodeOf(results, couldStart);
  return { report, exitCode: cleanup.leftovers.length > 0 && exitCode === 0 ? 1 : exitCode };
}
