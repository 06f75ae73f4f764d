import { performance } from 'node:perf_hooks';
import type { RunPlan } from '../engine/plan';
import type { TargetChoice } from '../target/targets';
import type { Exploration } from './loop';
import type { ExploreSection } from './types';

/** What the section says of the run besides what exploring found. */
export interface SectionFacts {
  seed: number;
  budgetMs: number;
  shrinkMs: number;
  /** As given (undefined: no limit but time). */
  maxRequests?: number;
  /** The edition as given on the command line, if it was. */
  edition?: string;
  /** Whether a region was given (the replay line names it then). */
  regionGiven: boolean;
  target: TargetChoice;
  /** The whole run's time, set-up and clean-up included. */
  durationMs: number;
}

/** The command line that sends the same requests again: same target, edition, region, seed, run id and request limit. */
export function replayLine(plan: RunPlan, facts: SectionFacts): string {
  const { target } = facts;
  return [
    `sagemaker-conformance explore --target ${target.faults ? `mock:${target.faults.join(',')}` : (target.url ?? target.kind)}`,
    ...(facts.edition ? [`--edition ${facts.edition}`] : []),
    ...(facts.regionGiven ? [`--region ${plan.region}`] : []),
    `--seed ${facts.seed} --run-id ${plan.runId}`,
    ...(facts.maxRequests ? [`--max-requests ${facts.maxRequests}`] : []),
  ].join(' ');
}

/** The report's explore section. */
export function exploreSection(x: Exploration, plan: RunPlan, facts: SectionFacts): ExploreSection {
  const { counts } = x.tally;
  const { started, ended } = x.window;
  return {
    seed: facts.seed,
    budget: { ms: facts.budgetMs, requests: facts.maxRequests ?? 0, shrinkMs: facts.shrinkMs },
    stoppedBy: x.stoppedBy,
    durationMs: facts.durationMs,
    // Over the exploring and shrinking only: set-up and clean-up are the session's, as in run.
    requestsPerSecond: ended > started ? Math.round((counts.sent / (ended - started)) * 10000) / 10 : 0,
    counts,
    coverage: x.coverage.summary(),
    findings: x.findings,
    flaky: x.flaky,
    replay: replayLine(plan, facts),
  };
}

/** Milliseconds since `started` (performance.now()), rounded. */
export function since(started: number): number {
  return Math.round(performance.now() - started);
}

/**
 * What went wrong with the exploration itself, for the report's `problem`: a target that answered none of the
 * requests (nothing was explored, as if it never started), or requests left without an answer in the protocol.
 */
export function explorationProblem(x: Exploration, problem: string | undefined, couldStart: boolean, interrupted: boolean) {
  const { counts, cutShort } = x.tally;
  const nothingAnswered = couldStart && !interrupted && counts.answeredAccept + counts.answeredReject === 0;
  if (nothingAnswered)
    return {
      nothingAnswered,
      problem: [
        `the target answered none of the requests sent`,
        ...(counts.errors > 0 ? [`${counts.errors} got no answer in the protocol (no answer, throttled to the end, or a body past --max-body)`] : []),
        ...(cutShort > 0 ? [`${cutShort} still unanswered when the budget ran out`] : []),
        ...(problem ? [problem] : []),
      ].join('; '),
    };
  if (!problem && counts.errors > 0)
    return {
      nothingAnswered,
      problem: `${counts.errors} of ${counts.sent} requests got no answer in the protocol (no answer, throttled to the end, or a body past --max-body)`,
    };
  return { nothingAnswered, problem };
}
