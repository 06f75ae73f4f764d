import type { CleanupReport, RunPlan, Session } from '../engine/session';
import { SetupError } from '../engine/session';
import type { ConformanceReport } from '../report/model';
import type { Shard } from '../report/shard';
import { sessionExitCode, type ExitCode } from '../report/exit-code';
import { confirmAccount, openSession, type ConfirmOptions, type OpenOptions } from './open-session';
import { finishSession, type SessionEnd } from './finish';
import { reportHead } from './envelope';

export interface SessionRunOptions extends OpenOptions, ConfirmOptions {
  /** Aborting interrupts the session: the body stops starting work, the session cleans up and reports, marked incomplete. */
  signal?: AbortSignal;
  /** The target's name in the report (`--label moto-5.2.1`). */
  label?: string;
  /** The slice of the case table the work runs (`--shard i/n`). */
  shard?: Shard;
  /** Create the run's own resources (its model) before the body (default true; a verification's states make theirs). */
  setup?: boolean;
}

/** How the session went, for the caller to say what its work adds to the report. */
export interface SessionEnded<T> {
  /** What the body returned; undefined when the session could not start or set up, or the body threw. */
  value?: T;
  couldStart: boolean;
  /** Why the session could not start or set up, or the body failed (before what the clean-up adds). */
  whyNotStarted?: string;
  /** The report's problem line so far: why it could not start, what interrupted it, what the clean-up left. */
  problem?: string;
  cleanup: CleanupReport;
  /** Set when the session was interrupted (a signal, the session's own interruption). */
  interruptedAt?: string;
  session?: Session;
}

/** What the work adds to the report and to the exit code. */
export interface SessionConclusion {
  /** Fields that come before the set-up and clean-up in the report (expectations, summary, operations, groups). */
  head: Pick<ConformanceReport, 'summary'> & Partial<Pick<ConformanceReport, 'expectations' | 'operations' | 'groups'>>;
  /** Fields that come after them (cases, then a section: evidence, explore, contracts). */
  tail: Pick<ConformanceReport, 'cases'> & Partial<Pick<ConformanceReport, 'evidence' | 'explore' | 'contracts'>>;
  /** The problem line (default: the session's). */
  problem?: string;
  /** False when nothing was judged although the session started (explore: nothing answered): exit 2. */
  judged?: boolean;
  /** False when the work did not reach all it meant to (a case not run); the session's own interruptions count anyway. */
  complete?: boolean;
  /** A result that needs attention (a case failed, a finding, an interaction not verified); leftovers count anyway. */
  needsAttention: boolean;
  /** The clean-up as reported (default: the session's); a verification adds what its provider states deleted. */
  cleanup?: CleanupReport;
  /** The target's URL in the report (default: the session's). */
  targetUrl?: string | null;
}

/** The report and the exit code of a session, and what its body returned. */
export interface SessionOutcome<T> {
  report: ConformanceReport;
  exitCode: ExitCode;
  value?: T;
}

/** The work of a session: a body run on the open session, and what its result adds to the report. */
export interface SessionWork<T> {
  body: (session: Session) => Promise<T>;
  conclude: (ended: SessionEnded<T>) => SessionConclusion;
}

/**
 * One session, the same for run, explore and verify: starts the target and opens a session on it, confirms the
 * account where asked, sets up, runs the body, closes the session (clean-up, an interrupt, leftovers, a target gone),
 * builds the report's envelope and decides the exit code. Never throws for target trouble: a target that cannot be
 * started or set up ends in a report and exit code 2.
 *
 * @example
 * const { report, exitCode } = await runSession(plan, { target: { kind: 'mock' } }, {
 *   body: async (session) => session.runCase(plan.cases[0]!),
 *   conclude: ({ value }) => ({ head: { summary: summarize(value ? [value] : []) }, tail: { cases: value ? [value] : [] }, needsAttention: false }),
 * });
 */
export async function runSession<T>(plan: RunPlan, options: SessionRunOptions, work: SessionWork<T>): Promise<SessionOutcome<T>> {
  const startedAt = new Date().toISOString();
  let session: Session | undefined;
  let problem: string | undefined;
  let couldStart = true;
  let account: string | undefined;
  let value: T | undefined;
  let end: SessionEnd;
  // Listened to until clean-up ends: an interrupt during clean-up shortens it and marks the report incomplete.
  const onAbort = () => session?.interrupt(`interrupted (${String(options.signal?.reason ?? 'aborted')})`);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    session = await openSession(plan, options);
    if (options.signal?.aborted) onAbort();
    account = await confirmAccount(session, plan, options);
    if (options.setup !== false && !session.interruption) await session.setup();
    value = await work.body(session);
    problem = session.interruption;
  } catch (error) {
    couldStart = false;
    problem = error instanceof SetupError ? `could not set up: ${error.message}` : `could not start: ${(error as Error).message}`;
  } finally {
    end = await finishSession(session, problem, options.signal);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const { interruptedAt } = end;
  const ended: SessionEnded<T> = {
    ...(value !== undefined ? { value } : {}),
    couldStart,
    ...(!couldStart && problem ? { whyNotStarted: problem } : {}),
    ...end,
    ...(session ? { session } : {}),
  };
  const done = work.conclude(ended);
  const cleanup = done.cleanup ?? end.cleanup;
  const judged = couldStart && done.judged !== false;
  problem = 'problem' in done ? done.problem : end.problem;
  const target: ConformanceReport['target'] = {
    kind: options.target.kind,
    url: done.targetUrl !== undefined ? done.targetUrl : session ? (session.target.url ?? null) : (options.target.url ?? null),
    region: plan.region,
    label: session?.target.label ?? options.target.kind,
    ...(account ? { account } : {}),
    ...(options.label ? { name: options.label } : {}),
  };
  const report: ConformanceReport = {
    ...reportHead(plan, target, startedAt, options.shard),
    finishedAt: new Date().toISOString(),
    complete: judged && !interruptedAt && done.complete !== false,
    ...(problem ? { problem } : {}),
    ...done.head,
    ...(session && session.setupRequests.length > 0 ? { setup: session.setupRequests } : {}),
    cleanup,
    ...(session && session.untagged.length > 0 ? { untagged: session.untagged } : {}),
    ...done.tail,
  };
  const exitCode = sessionExitCode({
    couldStart: judged,
    interrupted: interruptedAt !== undefined,
    needsAttention: done.needsAttention || cleanup.leftovers.length > 0,
  });
  return { report, exitCode, ...(value !== undefined ? { value } : {}) };
}
