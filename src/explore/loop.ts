import { performance } from 'node:perf_hooks';
import type { RunPlan } from '../engine/plan';
import type { Session } from '../engine/session';
import type { CaseResult } from '../report/results';
import { RequestArbitraries } from './arbitraries';
import { CoverageTracker } from './coverage';
import { keysOf } from './disagreement';
import { toFinding } from './findings';
import { Search } from './search';
import { ExploreSender, emptyTally, type Tally } from './sender';
import type { ExploreSection, Finding } from './types';

/** What exploring needs to know besides the session and the plan. */
export interface ExploreLimits {
  seed: number;
  budgetMs: number;
  shrinkMs: number;
  maxRequests: number;
  maxFindings?: number;
  ratePerSecond?: number;
  /** Aborting stops exploring (the caller interrupts the session too). */
  signal?: AbortSignal;
  /** Called once per finding, when it has been shrunk and confirmed. */
  onFinding?: (finding: Finding) => void;
}

/** What exploring found and counted so far: filled as it goes, so an exploration ended by an error still reports it. */
export interface Exploration {
  tally: Tally;
  coverage: CoverageTracker;
  findings: Finding[];
  flaky: Finding[];
  /** The findings as failed cases, for the report's `cases`. */
  findingCases: CaseResult[];
  stoppedBy: ExploreSection['stoppedBy'];
  /** When exploring began and ended (performance.now()); 0 until it has. */
  window: { started: number; ended: number };
}

/** A seed for round `n` after the first finding: a fixed function of the run's seed, so a replay takes the same turns. */
export function roundSeed(seed: number, round: number): number {
  return round === 0 ? seed : (Math.imul(seed ^ 0x9e3779b9, round + 1) ^ (round * 0x85ebca6b)) | 0;
}

/** Why exploring stops before another round, if it does. */
function stopReason(stopped: boolean, left: number, x: Exploration, limits: ExploreLimits): ExploreSection['stoppedBy'] | undefined {
  if (stopped) return 'interrupted';
  if (left <= 0) return 'time';
  if (x.tally.counts.sent >= limits.maxRequests) return 'requests';
  // Only deviations count: a flaky target's noise does not end a search for what it gets wrong every time.
  if (limits.maxFindings !== undefined && x.findings.length >= limits.maxFindings) return 'findings';
  return undefined;
}

/**
 * Generated requests sent through an open session, each judged against the reference validator's verdict, each new
 * disagreement shrunk, confirmed and recorded as a finding, round after round until the budget, the request limit,
 * the findings limit or an interrupt stops it. The session's set-up and clean-up are the caller's.
 */
export async function exploreSession(
  session: Pick<Session, 'runCase' | 'endCases'>,
  plan: RunPlan,
  limits: ExploreLimits,
  into?: Exploration,
): Promise<Exploration> {
  const x = into ?? newExploration(plan);
  const sender = new ExploreSender(session, plan, x.coverage, x.tally, limits.ratePerSecond);
  const stopped = () => limits.signal?.aborted === true;
  const knownKeys = new Set<string>();
  const arbitrary = new RequestArbitraries(plan.operation, plan.service, { region: plan.region }).request();
  const search = new Search(arbitrary, sender, { maxRequests: limits.maxRequests, stopped, knownKeys });
  x.window.started = performance.now();
  const deadline = x.window.started + limits.budgetMs;
  // The budget is a hard stop: when it runs out (or the shrink it allowed does) the request in flight is aborted, so
  // a throttling target cannot hold the run past it; fast-check's own time limit only stops starting new runs.
  let stopTimer: NodeJS.Timeout | undefined;
  const armStop = (at: number) => {
    clearTimeout(stopTimer);
    stopTimer = setTimeout(() => session.endCases(`the --budget of ${limits.budgetMs / 1000} s ran out`), Math.max(0, at - performance.now()));
    stopTimer.unref();
  };
  armStop(deadline);
  try {
    for (let round = 0; ; round++) {
      const left = deadline - performance.now();
      const stop = stopReason(stopped(), left, x, limits);
      if (stop) {
        x.stoppedBy = stop;
        break;
      }
      const runSeed = roundSeed(limits.seed, round);
      const found = await search.explore(runSeed, left);
      if (!found) continue;
      armStop(Math.max(deadline, performance.now() + limits.shrinkMs));
      const shrunk = await search.shrink(found, runSeed, limits.shrinkMs);
      armStop(deadline);
      const confirmation = await search.confirm(shrunk.smallest);
      // Known either way, so a flaky target's noise is not shrunk and confirmed again at every recurrence.
      for (const k of [...keysOf(found.first), ...keysOf(shrunk.smallest)]) knownKeys.add(k);
      // Flaky: sent again, it did not recur every time. A request the budget left no room to send again stays a
      // deviation, as before confirming (its `confirmation` says 0 sent).
      const flaky = confirmation.recurred < confirmation.sent;
      const number = (flaky ? x.flaky.length : x.findings.length) + 1;
      const { finding, result } = toFinding(plan.operation, { ...shrunk, seed: runSeed, confirmation, flaky, number });
      if (flaky) x.flaky.push(finding);
      else {
        x.findings.push(finding);
        x.findingCases.push(result);
      }
      limits.onFinding?.(finding);
    }
    x.window.ended = performance.now();
  } finally {
    clearTimeout(stopTimer);
  }
  return x;
}

/** An exploration not yet started: nothing sent, nothing found. */
export function newExploration(plan: RunPlan): Exploration {
  return {
    tally: emptyTally(),
    coverage: new CoverageTracker(plan.operation),
    findings: [],
    flaky: [],
    findingCases: [],
    stoppedBy: 'not-started',
    window: { started: 0, ended: 0 },
  };
}
