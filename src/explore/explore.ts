import { performance } from 'node:perf_hooks';
import { Session, SetupError } from '../engine/session';
import { planRun, type PlanOptions } from '../engine/plan';
import { confirmAccount, openSession, type OpenOptions } from '../runner/open-session';
import { reportSpec } from '../runner/run';
import { finishSession, type SessionEnd } from '../runner/finish';
import type { ExitCode } from '../report/exit-code';
import type { CallerIdentity } from '../client/identity';
import { summarize, type ConformanceReport } from '../report/model';
import { SUITE_NAME, SUITE_VERSION } from '../version';
import { exploreSession, newExploration } from './loop';
import { explorationProblem, exploreSection, since } from './section';
import type { Finding } from './types';

export { CONFIRMATIONS } from './search';

export interface ExploreOptions extends PlanOptions, OpenOptions {
  /** fast-check's seed (default: from the clock); printed and stored in the report. */
  seed?: number;
  /** Time for exploring (default 60 s); shrinking a finding found within it gets `shrinkMs` more. */
  budgetMs?: number;
  /** Most requests in all, exploring and shrinking (default: no limit but time). */
  maxRequests?: number;
  /** Time to shrink one finding (default 30 s). */
  shrinkMs?: number;
  /** Stop after this many findings (default: no limit). */
  maxFindings?: number;
  /** At most this many requests a second (default: no limit; `--target aws` sets 5). */
  ratePerSecond?: number;
  /** Aborting stops exploring; the run cleans up and reports what it found, marked incomplete. */
  signal?: AbortSignal;
  confirmIdentity?: boolean;
  onIdentity?: (identity: CallerIdentity, region: string) => void;
  /** Called once per finding, when it has been shrunk. */
  onFinding?: (finding: Finding) => void;
}

export interface ExploreOutcome {
  report: ConformanceReport;
  exitCode: ExitCode;
}

export const DEFAULT_BUDGET_MS = 60000;
export const DEFAULT_SHRINK_MS = 30000;

/**
 * Generated requests, each judged against the reference validator's verdict, each disagreement shrunk to a
 * smallest request that still disagrees: `sagemaker-conformance explore`. One session as `run` has (set-up, the
 * judge, the ledger, clean-up, interrupts, body limits), one report as `run` writes, with an `explore` section.
 * The exploring itself is `exploreSession`'s; this is the session around it and the report.
 *
 * @example
 * const { report } = await exploreTarget({ target: { kind: 'mock' }, seed: 42, budgetMs: 5000 });
 * console.log(report.explore!.findings.length);
 */
export async function exploreTarget(options: ExploreOptions): Promise<ExploreOutcome> {
  const plan = planRun(options);
  const limits = {
    ...options,
    seed: options.seed ?? (Date.now() % 2 ** 31) | 0,
    budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS,
    shrinkMs: options.shrinkMs ?? DEFAULT_SHRINK_MS,
    maxRequests: options.maxRequests ?? Number.MAX_SAFE_INTEGER,
  };
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const exploration = newExploration(plan);
  let session: Session | undefined;
  let problem: string | undefined;
  let couldStart = true;
  let end: SessionEnd;
  let account: string | undefined;
  const onAbort = () => session?.interrupt(`interrupted (${String(options.signal?.reason ?? 'aborted')})`);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    session = await openSession(plan, options);
    if (options.signal?.aborted) onAbort();
    account = await confirmAccount(session, plan, options);
    if (!session.interruption) await session.setup();
    await exploreSession(session, plan, limits, exploration);
    problem = session.interruption;
  } catch (error) {
    couldStart = false;
    problem = error instanceof SetupError ? `could not set up: ${error.message}` : `could not start: ${(error as Error).message}`;
  } finally {
    end = await finishSession(session, problem, options.signal);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const { cleanup, interruptedAt } = end;
  const told = explorationProblem(exploration, end.problem, couldStart, Boolean(interruptedAt));
  const target = options.target;
  const explore = exploreSection(exploration, plan, {
    ...limits,
    maxRequests: options.maxRequests,
    edition: options.spec,
    regionGiven: Boolean(options.region),
    target,
    durationMs: since(started),
  });
  const report: ConformanceReport = {
    suite: { name: SUITE_NAME, version: SUITE_VERSION, spec: reportSpec(plan) },
    target: {
      kind: target.kind,
      url: session?.target.url ?? target.url ?? null,
      region: plan.region,
      label: session?.target.label ?? target.kind,
      ...(account ? { account } : {}),
    },
    runId: plan.runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    complete: couldStart && !told.nothingAnswered && !interruptedAt,
    ...(told.problem ? { problem: told.problem } : {}),
    summary: summarize(exploration.findingCases),
    cleanup,
    ...(session && session.untagged.length > 0 ? { untagged: session.untagged } : {}),
    cases: exploration.findingCases,
    explore,
  };
  const exitCode: ExitCode = !couldStart || told.nothingAnswered ? 2 : explore.findings.length > 0 || cleanup.leftovers.length > 0 || interruptedAt ? 1 : 0;
  return { report, exitCode };
}
