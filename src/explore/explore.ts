import { performance } from 'node:perf_hooks';
import { planRun, type PlanOptions, type RunPlan } from '../engine/plan';
import type { OpenOptions } from '../runner/open-session';
import { runSession } from '../runner/session-run';
import type { ExitCode } from '../report/exit-code';
import type { CallerIdentity } from '../client/identity';
import { summarize, type ConformanceReport } from '../report/model';
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
  /** The exploration's plan, when the caller planned it already: an exploration is planned once, with one run id. */
  plan?: RunPlan;
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
  const plan = options.plan ?? planRun(options);
  const limits = {
    ...options,
    seed: options.seed ?? (Date.now() % 2 ** 31) | 0,
    budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS,
    shrinkMs: options.shrinkMs ?? DEFAULT_SHRINK_MS,
    maxRequests: options.maxRequests ?? Number.MAX_SAFE_INTEGER,
  };
  const started = performance.now();
  const exploration = newExploration(plan);
  const { report, exitCode } = await runSession(plan, options, {
    body: (session) => exploreSession(session, plan, limits, exploration),
    conclude: ({ couldStart, interruptedAt, problem }) => {
      const told = explorationProblem(exploration, problem, couldStart, Boolean(interruptedAt));
      const explore = exploreSection(exploration, plan, {
        ...limits,
        maxRequests: options.maxRequests,
        edition: options.edition,
        regionGiven: Boolean(options.region),
        target: options.target,
        durationMs: since(started),
      });
      return {
        problem: told.problem,
        // Requests sent and none answered (throttled to the end, no answer at all): nothing was explored, as if it
        // never started.
        judged: !told.nothingAnswered,
        head: { summary: summarize(exploration.findingCases) },
        tail: { cases: exploration.findingCases, explore },
        needsAttention: explore.findings.length > 0,
      };
    },
  });
  return { report, exitCode };
}
