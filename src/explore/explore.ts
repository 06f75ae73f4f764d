import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { Session, SetupError } from '../engine/session';
import { planRun, type PlanOptions } from '../engine/plan';
import { confirmAccount, openSession, type OpenOptions } from '../runner/open-session';
import { reportSpec } from '../runner/run';
import { finishSession, type SessionEnd } from '../runner/finish';
import type { ExitCode } from '../report/exit-code';
import type { CaseResult } from '../report/results';
import type { CallerIdentity } from '../client/identity';
import { caseNames, clone, expand } from '../spec/values';
import type { ConformanceCase } from '../cases/types';
import type { FaultKind } from './oracle';
import type { Clause } from '../spec/types';
import { summarize, type ConformanceReport } from '../report/model';
import { SUITE_NAME, SUITE_VERSION } from '../version';
import { RequestArbitraries, type RequestTemplate } from './arbitraries';
import { oracle, type KnownResources, type OracleVerdict } from './oracle';
import { CoverageTracker } from './coverage';
import { membersNamedIn, messageShape } from '../spec/wording';
import { clauseOfMember } from '../spec/kinds/registry';
import type { ExploreCounts, ExploreSection, Finding } from './types';

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
 * How often a finding's smallest request is sent again before it is reported. A target that refuses at random
 * (throttling by a wrong code, a flaky store, a 15% fault injector) fails a given request rarely: three recurrences
 * in a row from a 15% fault is 0.3%, while a real deviation recurs every time; more would cost requests for little.
 */
export const CONFIRMATIONS = 3;

/** A seed for round `n` after the first finding: a fixed function of the run's seed, so a replay takes the same turns. */
function roundSeed(seed: number, round: number): number {
  return round === 0 ? seed : (Math.imul(seed ^ 0x9e3779b9, round + 1) ^ (round * 0x85ebca6b)) | 0;
}

/** One request sent and judged. */
interface Sent {
  template: RequestTemplate;
  request: Record<string, unknown>;
  verdict: OracleVerdict;
  result: CaseResult;
}

/** A target's answer disagrees with the oracle: a check failed, or it answered a 5xx where the spec says 200 or 400. */
function disagrees(result: CaseResult): boolean {
  if (result.status === 'failed') return true;
  return result.status === 'errored' && (result.actual?.status ?? 0) >= 500;
}

/** The checks that disagreed, by name (`status`, `error.member`), or `server-error`. */
function failedChecks(result: CaseResult): string[] {
  if (result.status === 'errored') return ['server-error'];
  return [...new Set(result.failures.flatMap((f) => (f.kind === 'mismatch' ? [f.check] : [])))].sort();
}

function lines(result: CaseResult): string[] {
  return result.failures.map((f) =>
    f.kind === 'mismatch'
      ? `${f.check}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`
      : f.kind === 'error'
        ? `error: ${f.reason}`
        : `skipped: ${f.reason}`,
  );
}

/**
 * Generated requests, each judged against the reference validator's verdict, each disagreement shrunk to a
 * smallest request that still disagrees: `sagemaker-conformance explore`. One session as `run` has (set-up, the
 * judge, the ledger, clean-up, interrupts, body limits), one report as `run` writes, with an `explore` section.
 *
 * @example
 * const { report } = await exploreTarget({ target: { kind: 'mock' }, seed: 42, budgetMs: 5000 });
 * console.log(report.explore!.findings.length);
 */
export async function exploreTarget(options: ExploreOptions): Promise<ExploreOutcome> {
  const plan = planRun(options);
  const op = plan.operation;
  const seed = options.seed ?? (Date.now() % 2 ** 31) | 0;
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const shrinkMs = options.shrinkMs ?? DEFAULT_SHRINK_MS;
  const maxRequests = options.maxRequests ?? Number.MAX_SAFE_INTEGER;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const counts: ExploreCounts = {
    sent: 0,
    shrinking: 0,
    expectedAccept: 0,
    expectedReject: 0,
    rejectedByKind: {},
    answeredAccept: 0,
    answeredReject: 0,
    answeredByCode: {},
    errors: 0,
    repeats: 0,
    confirming: 0,
  };
  const coverage = new CoverageTracker(op);
  const findings: Finding[] = [];
  const flaky: Finding[] = [];
  const findingCases: CaseResult[] = [];
  const knownKeys = new Set<string>();
  let stoppedBy: ExploreSection['stoppedBy'] = 'not-started';
  let session: Session | undefined;
  let problem: string | undefined;
  let couldStart = true;
  let end: SessionEnd;
  let account: string | undefined;
  let stopped = false;
  const exploring = { started: 0, ended: 0 };
  let stopTimer: NodeJS.Timeout | undefined;
  /** Requests ended unanswered by the budget's end or an interrupt (not counted as sent: nothing was judged). */
  let cutShort = 0;
  let armStop: (at: number) => void = () => {};
  const onAbort = () => {
    stopped = true;
    session?.interrupt(`interrupted (${String(options.signal?.reason ?? 'aborted')})`);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const known: KnownResources = new Map([['model', new Set([plan.ctx.modelName.toLowerCase()])]]);
  const arbitrary = new RequestArbitraries(op, plan.service, { region: plan.region }).request();
  let seq = 0;
  const gapMs = options.ratePerSecond ? 1000 / options.ratePerSecond : 0;
  let nextSlot = 0;

  const pace = async () => {
    if (gapMs === 0) return;
    const now = performance.now();
    const wait = nextSlot - now;
    nextSlot = Math.max(now, nextSlot) + gapMs;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref?.());
  };

  const send = async (template: RequestTemplate, phase: 'explore' | 'shrink' | 'confirm'): Promise<Sent> => {
    await pace();
    const vars = { ...caseNames(plan.ctx, seq++), model: plan.ctx.modelName, region: plan.region };
    const request = expand(clone(template), vars);
    const verdict = oracle(op, request, known);
    const c: ConformanceCase = {
      id: `explore.${seq}`,
      title: 'a generated request',
      group: 'explore',
      kind: 'behaviour',
      clause: op.typeErrors.clause,
      facts: {},
      operation: op.operation,
      steps: [{ operation: op.operation, request, expect: verdict.expect }],
    };
    const result = await session!.runCase(c);
    counts.sent++;
    if (phase === 'shrink') counts.shrinking++;
    if (phase === 'confirm') counts.confirming++;
    coverage.record(request, verdict);
    if (verdict.outcome === 'accept') counts.expectedAccept++;
    else {
      counts.expectedReject++;
      for (const kind of new Set(verdict.faults.map((f) => f.kind))) counts.rejectedByKind[kind] = (counts.rejectedByKind[kind] ?? 0) + 1;
    }
    const status = result.actual?.status;
    if (result.status === 'skipped') {
      counts.sent--;
      cutShort++;
    } else if (status === undefined || result.status === 'errored') counts.errors++;
    else if (status === 200) counts.answeredAccept++;
    else {
      counts.answeredReject++;
      const code = result.actual?.errorCode ?? `HTTP ${status}`;
      counts.answeredByCode[code] = (counts.answeredByCode[code] ?? 0) + 1;
    }
    return { template, request, verdict, result };
  };

  /**
   * Keys of a disagreement, so one deviation is shrunk and reported once however many requests show it: a request
   * the target took that it should have refused, by the member and rule broken; a refusal for another reason, by
   * what the target said (its message with values masked).
   */
  const keysOf = (s: Sent): string[] => {
    const faults = s.verdict.outcome === 'reject' ? s.verdict.faults.map((f) => `${f.member}:${f.rule ?? f.kind}`) : ['valid'];
    const checks = failedChecks(s.result);
    // A crash says nothing of what the request broke, and one crash tends to follow from many requests: keyed by
    // whether the request was valid, so it is shrunk and reported once each way.
    if (checks.includes('server-error')) return [`server-error|${s.verdict.outcome}`];
    if (s.result.actual?.status === 200) return s.verdict.outcome === 'reject' ? faults.map((f) => `accepted|${f}`) : [`checks|${checks.join(',')}`];
    return [`refused|${s.verdict.outcome}|${messageShape(s.result.actual?.message)}`];
  };

  let phase: 'explore' | 'shrink' = 'explore';
  /** The disagreement that ended an exploring run, and the smallest request still disagreeing while it shrinks. */
  const shrinking: { first?: Sent; smallest?: Sent; requests: number } = { requests: 0 };
  const STOP = new Error('exploration stopped');
  /** Some key in common with `keys`: the same deviation, not another one this request happens to show. */
  const sameAs = (keys: Set<string>, s: Sent) => disagrees(s.result) && keysOf(s).some((k) => keys.has(k));

  /**
   * The smallest request sent again, up to CONFIRMATIONS times, each with fresh names through the same session (its
   * ledger cleans up what they create) and judged by the same oracle: how many were answered and how many of those
   * showed the same deviation. The request budget and an interrupt stop it early; a skipped send does not count.
   */
  const confirm = async (smallest: Sent): Promise<NonNullable<Finding['confirmation']>> => {
    const keys = new Set(keysOf(smallest));
    let sent = 0;
    let recurred = 0;
    while (sent < CONFIRMATIONS && !stopped && counts.sent < maxRequests) {
      const again = await send(smallest.template, 'confirm');
      if (again.result.status === 'skipped') break;
      sent++;
      if (sameAs(keys, again)) recurred++;
    }
    return { sent, recurred };
  };

  // Shrinking leaves room in the request budget to send the smallest request again: a finding found within the
  // budget is confirmed within it.
  const shrinkLimit = Math.max(0, maxRequests - CONFIRMATIONS);
  const property = fc.asyncProperty(arbitrary, async (template) => {
    if (stopped || counts.sent >= (phase === 'shrink' ? shrinkLimit : maxRequests)) {
      // A thrown error ends fast-check's exploring run at once; while shrinking, passing ends it.
      if (phase === 'explore') throw STOP;
      return true;
    }
    const sent = await send(template, phase);
    if (sent.result.status === 'skipped') {
      if (phase === 'explore') throw STOP;
      return true;
    }
    if (!disagrees(sent.result)) return true;
    if (phase === 'explore') {
      if (keysOf(sent).some((k) => knownKeys.has(k))) {
        counts.repeats++;
        return true;
      }
      shrinking.first = sent;
      return false;
    }
    shrinking.requests++;
    // Still the same deviation (a key in common), not another one the smaller request happens to show.
    const same = sameAs(new Set(keysOf(shrinking.first!)), sent);
    if (same) shrinking.smallest = sent;
    return !same;
  });

  try {
    session = await openSession(plan, options);
    if (options.signal?.aborted) onAbort();
    account = await confirmAccount(session, plan, options);
    if (!session.interruption) await session.setup();
    exploring.started = performance.now();
    const deadline = exploring.started + budgetMs;
    const open = session;
    // The budget is a hard stop: when it runs out (or the shrink it allowed does) the request in flight is aborted, so
    // a throttling target cannot hold the run past it; fast-check's own time limit only stops starting new runs.
    armStop = (at) => {
      clearTimeout(stopTimer);
      stopTimer = setTimeout(() => open.endCases(`the --budget of ${budgetMs / 1000} s ran out`), Math.max(0, at - performance.now()));
      stopTimer.unref();
    };
    armStop(deadline);
    for (let round = 0; ; round++) {
      const left = deadline - performance.now();
      if (stopped) {
        stoppedBy = 'interrupted';
        break;
      }
      if (left <= 0) {
        stoppedBy = 'time';
        break;
      }
      if (counts.sent >= maxRequests) {
        stoppedBy = 'requests';
        break;
      }
      // Only deviations count: a flaky target's noise does not end a search for what it gets wrong every time.
      if (options.maxFindings !== undefined && findings.length >= options.maxFindings) {
        stoppedBy = 'findings';
        break;
      }
      phase = 'explore';
      shrinking.first = undefined;
      const runSeed = roundSeed(seed, round);
      const explored = await fc.check(property, {
        seed: runSeed,
        numRuns: Math.min(2 ** 31 - 1, maxRequests - counts.sent),
        endOnFailure: true,
        interruptAfterTimeLimit: Math.ceil(left),
      });
      // Set by the property while fast-check ran (TypeScript cannot see through the call).
      const first = shrinking.first as Sent | undefined;
      if (!explored.failed || !first || explored.counterexamplePath === null) continue;
      // Shrinking: fast-check replays the failing value from its path and tries smaller ones, each sent to the target.
      phase = 'shrink';
      shrinking.smallest = first;
      shrinking.requests = 0;
      const shrinkStarted = performance.now();
      armStop(Math.max(deadline, shrinkStarted + shrinkMs));
      const shrunk = await fc.check(property, { seed: runSeed, path: explored.counterexamplePath, interruptAfterTimeLimit: shrinkMs });
      armStop(deadline);
      const smallest = shrinking.smallest as Sent;
      const shrinkInfo = {
        steps: shrunk.numShrinks,
        requests: shrinking.requests,
        ms: Math.round(performance.now() - shrinkStarted),
        fromBytes: JSON.stringify(first.template).length,
        toBytes: JSON.stringify(smallest.template).length,
      };
      const confirmation = await confirm(smallest);
      // Known either way, so a flaky target's noise is not shrunk and confirmed again at every recurrence.
      for (const k of [...keysOf(first), ...keysOf(smallest)]) knownKeys.add(k);
      // Flaky: sent again, it did not recur every time. A request the budget left no room to send again stays a
      // deviation, as before confirming (its `confirmation` says 0 sent).
      const isFlaky = confirmation.recurred < confirmation.sent;
      const finding = toFinding(smallest, runSeed, shrunk.counterexamplePath ?? explored.counterexamplePath, shrinkInfo, confirmation, isFlaky);
      if (isFlaky) flaky.push(finding.finding);
      else {
        findings.push(finding.finding);
        findingCases.push(finding.result);
      }
      options.onFinding?.(finding.finding);
    }
    exploring.ended = performance.now();
    problem = session.interruption;
  } catch (error) {
    couldStart = false;
    problem = error instanceof SetupError ? `could not set up: ${error.message}` : `could not start: ${(error as Error).message}`;
  } finally {
    clearTimeout(stopTimer);
    end = await finishSession(session, problem, options.signal);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const { cleanup, interruptedAt } = end;
  problem = end.problem;
  // Requests sent and none answered (throttled to the end, no answer at all): nothing was explored, as if it never started.
  const nothingAnswered = couldStart && !interruptedAt && counts.answeredAccept + counts.answeredReject === 0;
  if (nothingAnswered)
    problem = [
      `the target answered none of the requests sent`,
      ...(counts.errors > 0 ? [`${counts.errors} got no answer in the protocol (no answer, throttled to the end, or a body past --max-body)`] : []),
      ...(cutShort > 0 ? [`${cutShort} still unanswered when the budget ran out`] : []),
      ...(problem ? [problem] : []),
    ].join('; ');
  if (!problem && counts.errors > 0)
    problem = `${counts.errors} of ${counts.sent} requests got no answer in the protocol (no answer, throttled to the end, or a body past --max-body)`;
  const durationMs = Math.round(performance.now() - started);
  const target = options.target;
  const explore: ExploreSection = {
    seed,
    budget: { ms: budgetMs, requests: options.maxRequests ?? 0, shrinkMs },
    stoppedBy,
    durationMs,
    // Over the exploring and shrinking only: set-up and clean-up are the session's, as in run.
    requestsPerSecond: exploring.ended > exploring.started ? Math.round((counts.sent / (exploring.ended - exploring.started)) * 10000) / 10 : 0,
    counts,
    coverage: coverage.summary(),
    findings,
    flaky,
    replay: [
      `sagemaker-conformance explore --target ${target.faults ? `mock:${target.faults.join(',')}` : (target.url ?? target.kind)}`,
      ...(options.spec ? [`--edition ${options.spec}`] : []),
      ...(options.region ? [`--region ${plan.region}`] : []),
      `--seed ${seed} --run-id ${plan.runId}`,
      ...(options.maxRequests ? [`--max-requests ${options.maxRequests}`] : []),
    ].join(' '),
  };
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
    complete: couldStart && !nothingAnswered && !interruptedAt,
    ...(problem ? { problem } : {}),
    summary: summarize(findingCases),
    cleanup,
    ...(session && session.untagged.length > 0 ? { untagged: session.untagged } : {}),
    cases: findingCases,
    explore,
  };
  const exitCode: ExitCode = !couldStart || nothingAnswered ? 2 : findings.length > 0 || cleanup.leftovers.length > 0 || interruptedAt ? 1 : 0;
  return { report, exitCode };

  function toFinding(
    s: Sent,
    runSeed: number,
    path: string,
    shrink: Finding['shrink'],
    confirmation: NonNullable<Finding['confirmation']>,
    isFlaky: boolean,
  ): { finding: Finding; result: CaseResult } {
    const faults = s.verdict.outcome === 'reject' ? s.verdict.faults : [];
    const fault = faults[0];
    const named = membersNamedIn(op, s.result.actual?.message)[0];
    // The clause the case rests on: the constraint or rule the oracle says is broken; for a valid request the
    // target refused, the constraints of the member it named (they allow the value), else the operation's.
    const clause: Clause = fault?.clause ?? (named ? (clauseOfMember(named.spec) ?? op.typeErrors.clause) : op.typeErrors.clause);
    const member = fault?.member ?? named?.id ?? op.operation;
    // Named as the table names a case (member, kind, label), so reports place it in the member's row and kind's column.
    const kind: FaultKind | 'baseline' = fault?.kind ?? 'baseline';
    // Flaky ones numbered apart (`-flaky-N`), so a deviation's id does not depend on the noise found before it.
    const id = `${member}.${fault?.rule ?? kind}.explore-s${runSeed >>> 0}-${isFlaky ? `flaky-${flaky.length + 1}` : findings.length + 1}`;
    const title =
      s.verdict.outcome === 'accept'
        ? `a valid request (generated, shrunk) is accepted; the target refused it${named ? `, naming ${named.id}` : ''}`
        : `a request breaking ${[...new Set(faults.map((f) => `${f.member} ${f.rule ?? f.kind}`))].join(', ')} (generated, shrunk) is rejected naming the member at fault`;
    const facts = fault ? { member: fault.member, ...(fault.rule ? { rule: fault.rule } : {}) } : named ? { member: named.id } : {};
    const result: CaseResult = { ...s.result, id, title, group: member.split(/[.[]/)[0] || op.operation, kind, clause, facts };
    const finding: Finding = {
      id,
      title,
      kind,
      seed: runSeed,
      path,
      request: s.template,
      sent: s.request,
      expected: s.verdict.expect,
      why: faults.map((f) => ({ at: f.at, member: f.member, kind: f.kind, ...(f.rule ? { rule: f.rule } : {}), message: f.message })),
      clause,
      actual: s.result.actual ?? { operation: op.operation },
      disagreements: lines(s.result),
      shrink,
      confirmation,
      ...(isFlaky ? { flaky: true } : {}),
    };
    return { finding, result };
  }
}
