import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { RawSageMakerClient } from '../client/client';
import { RawHttpSender } from '../client/raw';
import { DUMMY_CREDENTIALS, resolveCredentials } from '../client/credentials';
import type { Exchange } from '../client/exchange';
import type { ExchangeContext } from '../client/recording/format';
import { notRecordedReason } from '../client/recording/not-recorded';
import type { ConformanceCase } from '../cases/types';
import { expand } from '../spec/values';
import { signsWithMockKey, startedByRun, type StartedTarget } from './started-target';
import { DEFAULT_THROTTLE_POLICY, isThrottled, sendPatiently, type ThrottlePolicy, type ThrottleWait } from '../client/throttle';
import { callerIdentity, type CallerIdentity } from '../client/identity';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { planTags } from '../client/tags';
import { judgeStep, type JudgeContext, type PriorStep } from './judge';
import { judgePages, walkPages, type Page } from './pages';
import { parseBody, errorCodeOf, snippet } from '../client/parse';
import { skippedResult, type CaseResult, type Failure } from '../report/results';
import type { StepVerdict } from '../report/verdict';
import { Ledger } from './ledger';
import { notRunReason } from './resources';
import { planRun, runVars, newRunId, type PlanOptions, type RunPlan } from './plan';

export { planRun, runVars, newRunId, type PlanOptions, type RunPlan };
import type { CleanupReport, Untagged } from '../report/cleanup';
import type { SetupRequest } from '../report/model';

export type { CleanupReport, Untagged };

export interface SessionOptions {
  /** The AWS credential profile (`--profile`, else `AWS_PROFILE`): where the run's credentials come from. */
  credentialProfile?: string;
  /** @deprecated The old name of `credentialProfile`. */
  profile?: string;
  timeoutMs?: number;
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
  /** Bytes of each response body kept (default 1 MiB); the rest is counted and dropped. */
  maxBodyBytes?: number;
  /** Extra, slower retries of throttled calls after the SDK's own (default: 6 rounds from 2 s). */
  throttle?: ThrottlePolicy;
  /**
   * How long the run keeps waiting out "slow down" while the target answers nothing else (default 10 s; 60 s on
   * `aws`, whose throttles are real and pass): past it a throttled call gets no further rounds, and set-up gives up.
   */
  throttleBudgetMs?: number;
  /** Lines for people while the run waits (a throttling target); the CLI prints them on stderr. */
  onNotice?: (line: string) => void;
  /** Told of every exchange with where in the run it was made (`--record`: src/client/recording/). */
  recorder?: ExchangeRecorder;
}

export interface ExchangeRecorder {
  record(exchange: Exchange, context: ExchangeContext): void;
}

/** After an interrupt, calls in flight get this long to finish before they are aborted. */
export const INTERRUPT_GRACE_MS = 1000;
/** After an interrupt, clean-up gets this long; what it could not delete by then is listed as left over. */
export const INTERRUPTED_CLEANUP_MS = 3000;
/** The run-level throttle budget (SessionOptions.throttleBudgetMs) for loopback and URL targets, and for `aws`. */
export const THROTTLE_BUDGET_MS = 10000;
export const AWS_THROTTLE_BUDGET_MS = 60000;
/** Why a call was not sent: the session is closing (clean-up has begun), and only clean-up's own calls go out. */
export const CLOSING_REASON = "not sent: the run's clean-up has begun, after which only clean-up's own requests are sent";
/** At most one throttling line per this many milliseconds. */
const NOTICE_EVERY_MS = 5000;

export class SetupError extends Error {
  override name = 'SetupError';
}

/** A describe answer that shows the named resource (a 200 that names it, by its name or its ARN; not any 200). */
function describesName(exchange: Exchange, nameMember: string, arnMember: string, name: string): boolean {
  if (exchange.response?.status !== 200) return false;
  const parsed = parseBody(exchange.response.body);
  if (parsed.kind !== 'object') return false;
  const shown = parsed.value[nameMember];
  const arn = parsed.value[arnMember];
  return (
    (typeof shown === 'string' && shown.toLowerCase() === name.toLowerCase()) ||
    (typeof arn === 'string' && arn.toLowerCase().endsWith(`/${name.toLowerCase()}`))
  );
}

/** The run's own set-up name is already on the target: another run was given the same run id. */
export class RunIdInUseError extends SetupError {
  override name = 'RunIdInUseError';
  constructor(runId: string, label: string, name: string) {
    super(
      `run id in use: the ${label} ${name} is already on the target (another run with --run-id ${runId}?); nothing of it is touched: give this run another --run-id`,
    );
  }
}

/**
 * A run against one started target: sets up what the cases need, runs cases, and deletes every resource it created.
 *
 * @example
 * const plan = planRun();
 * const session = await Session.open(plan, { target: { kind: 'mock' } });
 * try { await session.setup(); for (const c of plan.cases) console.log(await session.runCase(c)); }
 * finally { await session.close(); }
 */
export class Session {
  /** What the run may have created, and its deletion. */
  readonly ledger: Ledger;
  private readonly judgeCtx: JudgeContext;
  private interrupted: string | undefined;
  private closed = false;
  /** Resources created but left without the run's tags, with why. */
  readonly untagged: Untagged[] = [];
  /** The set-up requests sent (the run's model), for reports' repros to send first. */
  readonly setupRequests: SetupRequest[] = [];
  /** Aborted at an interrupt: throttle pauses end at once. */
  private readonly waits = new AbortController();
  /** Aborted INTERRUPT_GRACE_MS after an interrupt: case calls still in flight end. */
  private readonly requests = new AbortController();
  /** Aborted INTERRUPTED_CLEANUP_MS after an interrupt once clean-up runs. */
  private readonly cleaning = new AbortController();
  private cleanupStarted = false;
  /** Set when the session closes: from then on nothing but clean-up's own calls is sent (`call` refuses the rest). */
  private closing = false;
  /** Why cases were ended without an interrupt (explore's budget ran out): none is started, those in flight end. */
  private casesEnded: string | undefined;
  /** When the target last gave an answer other than "slow down" (or the session began, or clean-up did). */
  private lastAnswer = performance.now();
  private readonly throttleBudgetMs: number;
  private readonly timers: NodeJS.Timeout[] = [];
  private lastNotice = 0;
  private readonly onNotice: ((line: string) => void) | undefined;
  private readonly recorder: ExchangeRecorder | undefined;

  private constructor(
    readonly plan: RunPlan,
    readonly target: StartedTarget,
    readonly client: RawSageMakerClient,
    private readonly credentials: AwsCredentialIdentityProvider,
    private readonly throttle: ThrottlePolicy,
    private readonly rawSender: RawHttpSender,
    options: SessionOptions,
  ) {
    this.onNotice = options.onNotice;
    this.recorder = options.recorder;
    this.throttleBudgetMs = options.throttleBudgetMs ?? (target.kind === 'aws' ? AWS_THROTTLE_BUDGET_MS : THROTTLE_BUDGET_MS);
    // Every call in flight (and the SDK's handler for each) listens on these: more than Node's default of 10.
    setMaxListeners(0, this.waits.signal, this.requests.signal, this.cleaning.signal);
    this.judgeCtx = { service: plan.service, operations: plan.operations, region: plan.region };
    // A mock or moto_server the run started is the run's alone.
    // The ledger sends only to delete (clean-up): its calls pass the closing gate.
    this.ledger = new Ledger(plan, (operation, body) => this.call(operation, body, undefined, true), startedByRun(target.kind));
  }

  /** A session on a started target, which the session owns from now on: `close` stops it. */
  static async open(plan: RunPlan, target: StartedTarget, options: SessionOptions = {}): Promise<Session> {
    // The built-in mock has one account, whose key it checks signatures with: the run signs as that account.
    const credentials: AwsCredentialIdentityProvider = signsWithMockKey(target.kind)
      ? async () => DUMMY_CREDENTIALS
      : resolveCredentials(target.local, options.credentialProfile ?? options.profile);
    // A mock or moto_server the run started on loopback is never reached through a proxy (src/client/agents.ts).
    const direct = startedByRun(target.kind);
    const client = new RawSageMakerClient({
      direct,
      endpoint: target.url,
      region: plan.region,
      credentials,
      timeoutMs: options.timeoutMs ?? 10000,
      maxAttempts: options.maxAttempts ?? 3,
      retryMode: options.retryMode ?? 'standard',
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    });
    const rawSender = new RawHttpSender({
      direct,
      endpoint: target.url,
      region: plan.region,
      signingName: plan.service.signingName,
      credentials,
      timeoutMs: options.timeoutMs ?? 10000,
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    });
    return new Session(plan, target, client, credentials, options.throttle ?? DEFAULT_THROTTLE_POLICY, rawSender, options);
  }

  /**
   * The account and principal the run acts as (STS GetCallerIdentity with the run's credentials and region).
   * On AWS the SDK picks STS's regional endpoint; an emulator given by URL serves STS on the same URL.
   */
  identity(): Promise<CallerIdentity> {
    return callerIdentity({ region: this.plan.region, credentials: this.credentials, endpoint: this.target.url });
  }

  /**
   * Every call goes through here: the SDK retries (adaptive on AWS), then slower rounds while still throttled. Case
   * calls end on an interrupt (pauses at once, calls in flight after a grace); clean-up calls when its time is up.
   */
  private call(operation: string, body: Record<string, unknown>, context?: ExchangeContext, cleanupCall = false): Promise<Exchange> {
    const cleanup = this.cleanupStarted;
    const requestSignal = cleanup ? this.cleaning.signal : this.requests.signal;
    const waitSignal = cleanup ? this.cleaning.signal : this.waits.signal;
    const sent = this.patiently(operation, JSON.stringify(body), () => this.client.send(operation, body, requestSignal), waitSignal, cleanupCall);
    return this.recorder ? sent.then((exchange) => this.noted(exchange, context ?? { phase: cleanup ? 'cleanup' : 'setup' })) : sent;
  }

  /**
   * Sends through the throttle rounds within the run's throttle budget. Every attempt passes the closing gate first:
   * once clean-up has begun, a call that is not clean-up's own is answered here, unsent, and never reaches the wire.
   */
  private patiently(operation: string, requestBody: string, send: () => Promise<Exchange>, signal: AbortSignal, cleanupCall: boolean): Promise<Exchange> {
    const gated = async (): Promise<Exchange> => {
      if (this.closing && !cleanupCall)
        return { operation, requestBody, transportError: CLOSING_REASON, unsent: true, aborted: true, attempts: 0, durationMs: 0 };
      const exchange = await send();
      if (exchange.response && !isThrottled(exchange)) this.lastAnswer = performance.now();
      return exchange;
    };
    return sendPatiently(gated, this.throttle, {
      signal,
      onWait: (wait) => this.noteThrottle(operation, wait),
      giveUpAt: () => this.lastAnswer + this.throttleBudgetMs,
    });
  }

  /** The exchange, after the recorder (if any) has it. */
  private noted(exchange: Exchange, context: ExchangeContext): Exchange {
    this.recorder?.record(exchange, context);
    return exchange;
  }

  /** The heartbeat while a throttling target keeps the run waiting: at most one line every few seconds. */
  private noteThrottle(operation: string, wait: ThrottleWait): void {
    const now = Date.now();
    if (!this.onNotice || now - this.lastNotice < NOTICE_EVERY_MS) return;
    this.lastNotice = now;
    this.onNotice(
      `throttled: the target keeps answering "slow down"; ${operation} waits ${(wait.waitMs / 1000).toFixed(1)} s before retry ${wait.round}/${wait.rounds} (Ctrl-C stops waiting)`,
    );
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(action, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * Labels a resource the run created with the run's tags. The case requests stay exactly as the spec's cases
   * wrote them (a Tags.count.50 case sends exactly 50 tags), so the label is added afterwards, by AddTags.
   */
  private async tag(arn: string, request: Record<string, unknown>): Promise<void> {
    const tagging = this.plan.service.tagging;
    // A mock or moto the run started itself is reachable by no one else and ends with the run: no sweeper will
    // ever look for labels there, so the run spends no requests on them.
    if (!tagging || startedByRun(this.target.kind)) return;
    const tags = planTags(this.plan);
    const own = request[tagging.tagsMember];
    const present = Array.isArray(own) ? own.length : 0;
    if (present + tags.length > tagging.maxTags) {
      this.untagged.push({ arn, reason: `the case's own ${present} tags leave no room for the run's ${tags.length} (at most ${tagging.maxTags})` });
      return;
    }
    const exchange = await this.call(tagging.add, { [tagging.arnMember]: arn, [tagging.tagsMember]: tags });
    const r = exchange.response;
    if (r?.status !== 200)
      this.untagged.push({ arn, reason: r ? `${tagging.add} answered HTTP ${r.status}: ${snippet(r.body)}` : (exchange.transportError ?? 'no response') });
  }

  get interruption(): string | undefined {
    return this.interrupted;
  }

  /** Why cases stop now: an interrupt, or an end the caller set (explore's budget). */
  private get halted(): string | undefined {
    return this.interrupted ?? this.casesEnded;
  }

  /**
   * Ends the cases without an interrupt (explore's budget ran out): none is started from now on (each is skipped
   * with `reason`), throttle pauses end and calls in flight are aborted at once. Clean-up is not affected.
   */
  endCases(reason: string): void {
    if (this.casesEnded !== undefined) return;
    this.casesEnded = reason;
    this.waits.abort(reason);
    this.requests.abort(reason);
  }

  /**
   * Stops starting cases; those not yet started end as skipped. Throttle pauses end at once, calls still in flight
   * after INTERRUPT_GRACE_MS are aborted, and clean-up gets INTERRUPTED_CLEANUP_MS, so an interrupted run ends in
   * a few seconds whatever the target does.
   */
  interrupt(reason: string): void {
    if (this.interrupted !== undefined) return;
    this.interrupted = reason;
    this.waits.abort(reason);
    this.later(INTERRUPT_GRACE_MS, () => this.requests.abort(reason));
    if (this.cleanupStarted) this.later(INTERRUPTED_CLEANUP_MS, () => this.cleaning.abort(reason));
  }

  /** Sends one request outside any case (a provider state, say) and remembers what it may have created. */
  async send(operation: string, request: Record<string, unknown>): Promise<Exchange> {
    const exchange = await this.call(operation, request);
    this.ledger.track(operation, request, exchange);
    return exchange;
  }

  /** Creates the resources the operation requires (the model), unless the run was given one. */
  async setup(): Promise<void> {
    if (!this.plan.ownsModel) return;
    for (const type of this.plan.requires) {
      const resource = this.plan.service.resources[type];
      if (!resource?.setup) throw new SetupError(`no setup request for required resource ${type} in contracts/service.json`);
      const tagging = this.plan.service.tagging;
      // The set-up request is ours, not a case's: it carries the run's tags itself.
      const request = { ...expand(resource.setup, runVars(this.plan)), ...(tagging ? { [tagging.tagsMember]: planTags(this.plan) } : {}) };
      const name = request[resource.nameMember];
      // Two runs given one --run-id send the same names: a set-up name already on the target is another run's, and
      // this run stops before it creates (or, at clean-up, deletes) anything. Some targets (moto) overwrite on create,
      // so the name is looked up first; a create answering "already exists" says the same.
      const existing = await this.call(resource.describe, { [resource.nameMember]: name });
      // Throttled past the run's budget before anything was created: the run gives up here, with nothing to clean up.
      if (existing.throttled) throw new SetupError(this.throttledToTheEnd(resource.describe, existing));
      if (describesName(existing, resource.nameMember, resource.arnMember, String(name)))
        throw new RunIdInUseError(this.plan.runId, resource.label, String(name));
      const exchange = await this.send(resource.create, request);
      this.setupRequests.push({
        operation: resource.create,
        request,
        teardown: { operation: resource.delete, request: { [resource.nameMember]: request[resource.nameMember] } },
      });
      const r = exchange.response;
      if (exchange.throttled) throw new SetupError(this.throttledToTheEnd(resource.create, exchange));
      if (!r) throw new SetupError(`${resource.create} for the run's ${resource.label} got no answer: ${exchange.transportError ?? 'no response'}`);
      if (r.status !== 200) {
        const parsed = parseBody(r.body);
        const code = errorCodeOf(r, parsed.kind === 'object' ? parsed.value : undefined);
        if (r.status >= 400 && r.status < 500 && /already exist/i.test(r.body)) throw new RunIdInUseError(this.plan.runId, resource.label, String(name));
        throw new SetupError(`${resource.create} for the run's ${resource.label} answered HTTP ${r.status}${code ? ` ${code}` : ''}: ${snippet(r.body)}`);
      }
    }
  }

  /** Why set-up gives up on a target that answers nothing but "slow down". */
  private throttledToTheEnd(operation: string, exchange: Exchange): string {
    const r = exchange.response!;
    const parsed = parseBody(r.body);
    const code = errorCodeOf(r, parsed.kind === 'object' ? parsed.value : undefined) ?? `HTTP ${r.status}`;
    return `the target answered only "slow down" (${code}) to ${operation}, ${exchange.attempts} attempts over the run's throttle budget of ${this.throttleBudgetMs / 1000} s: gave up, nothing was created`;
  }

  /** Runs one case's steps in order, stopping at the first step that does not pass. */
  async runCase(c: ConformanceCase): Promise<CaseResult> {
    const started = performance.now();
    const halted = this.halted;
    if (halted) return skippedResult(c, halted);
    // On a real account a case naming a placeholder resource would be a guess: it is listed with what it needs instead.
    if (this.target.kind === 'aws' && c.needs) return { ...skippedResult(c, notRunReason(c.needs)), needs: c.needs };
    const result: CaseResult = { ...skippedResult(c, ''), status: 'passed', failures: [] };
    const made: [string, Record<string, unknown>][] = [];
    try {
      await this.runSteps(c, result, made);
    } catch (error) {
      // A bug or an unforeseen answer must cost one case, not the run: the case is errored and the run goes on.
      result.status = 'errored';
      result.failures.push({ kind: 'error', step: result.steps.length, reason: `internal error: ${(error as Error).message}` });
    }
    result.durationMs = Math.round(performance.now() - started);
    for (const [arn, request] of made) await this.tag(arn, request);
    return result;
  }

  /** Runs the steps in order, stopping at the first that does not pass; what they create goes to `made`. */
  private async runSteps(c: ConformanceCase, result: CaseResult, made: [string, Record<string, unknown>][]): Promise<void> {
    const prior: PriorStep[] = [];
    for (const [index, step] of c.steps.entries()) {
      // A paginated step is one call per page; each page is judged and reported as a step of its own.
      const place = { phase: 'case' as const, case: c.id, step: index };
      let page = 0;
      const pages: Page[] = step.pages
        ? await walkPages(this.judgeCtx, step, (operation, request) => this.call(operation, request, { ...place, page: page++ }))
        : [
            {
              request: step.request,
              exchange: step.raw
                ? this.noted(
                    await this.patiently(
                      step.operation,
                      step.raw.body,
                      () => this.rawSender.send(step.operation, step.raw!, this.requests.signal),
                      this.waits.signal,
                      false,
                    ),
                    place,
                  )
                : await this.call(step.operation, step.request, place),
            },
          ];
      for (const { request, exchange } of pages) {
        const arn = this.ledger.track(step.operation, request, exchange);
        if (arn) made.push([arn, request]);
        this.ledger.trackFound(step.operation, request, exchange);
      }
      // A replayed recording that holds no answer to this request: the case is not judged (src/target/replay.ts).
      const unrecorded = this.target.kind === 'replay' ? pages.map((p) => notRecordedReason(p.exchange)).find(Boolean) : undefined;
      if (unrecorded) {
        result.status = 'skipped';
        result.failures.push({ kind: 'skipped', reason: unrecorded });
        break;
      }
      const halted = this.halted;
      if (halted && pages.some((p) => p.exchange.aborted || p.exchange.throttled)) {
        // Cut short by the interrupt (or the end of explore's budget): not judged, neither failed nor errored.
        result.status = 'skipped';
        result.failures.push({ kind: 'skipped', reason: `${halted} during step ${index + 1}` });
        break;
      }
      const judged = step.pages ? judgePages(this.judgeCtx, step, pages, prior) : [judgeStep(this.judgeCtx, step, pages[0]!.exchange, prior)];
      let verdict: StepVerdict | undefined;
      for (const [n, page] of pages.entries()) {
        const own = judged[n]!;
        const pageVerdict: StepVerdict = page.exchange.throttled
          ? { kind: 'error', reason: `still throttled after ${page.exchange.attempts} attempts`, checks: own.checks, actual: own.actual }
          : own;
        verdict = pageVerdict;
        result.steps.push({
          operation: step.operation,
          request: page.request,
          ...(step.raw ? { raw: step.raw } : {}),
          expected: step.expect,
          actual: pageVerdict.actual,
          checks: pageVerdict.checks,
        });
        if (pageVerdict.kind !== 'pass') break;
      }
      result.expected = step.expect;
      result.actual = verdict!.actual;
      const body = verdict!.actual.body;
      prior.push({ request: step.request, body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined });
      const failedAt = result.steps.length - 1;
      if (verdict!.kind === 'error') {
        result.status = 'errored';
        // An error before the case's own (last) step is its set-up failing: the case says nothing of the target's conformance.
        result.failures.push({ kind: 'error', step: failedAt, reason: verdict!.reason, ...(index < c.steps.length - 1 ? { setup: true as const } : {}) });
        break;
      }
      if (verdict!.kind === 'mismatch') {
        result.status = 'failed';
        result.failures.push(
          ...verdict!.checks
            .filter((ch) => !ch.pass)
            .map((ch): Failure => ({ kind: 'mismatch', step: failedAt, check: ch.name, expected: ch.expected, actual: ch.actual })),
        );
        break;
      }
    }
  }

  /**
   * Deletes everything the run created (the ledger's list, then what the target still lists under the run's prefix);
   * after an interrupt, in at most INTERRUPTED_CLEANUP_MS.
   */
  async cleanup(concurrency = 4): Promise<CleanupReport> {
    const report: CleanupReport = { deleted: [], leftovers: [] };
    this.cleanupStarted = true;
    // Clean-up gets a throttle budget of its own: what the run created deserves its full patience.
    this.lastAnswer = performance.now();
    if (this.interrupted) this.later(INTERRUPTED_CLEANUP_MS, () => this.cleaning.abort(this.interrupted));
    if (!this.ledger.reached) return report;
    const gone = this.target.gone?.();
    if (gone) return { ...report, targetGone: gone };
    await this.ledger.deleteAll(concurrency, report);
    // Deletes that failed because the target died are not resources left on it: a dead moto_server took its state.
    const goneNow = this.target.gone?.();
    if (goneNow && report.leftovers.length > 0) return { deleted: report.deleted, leftovers: [], targetGone: goneNow };
    return report;
  }

  /** Cleans up (once) and stops what the run started. */
  async close(): Promise<CleanupReport> {
    if (this.closed) return { deleted: [], leftovers: [] };
    this.closed = true;
    // Whatever the caller left running (a case fast-check's time limit walked away from) ends now and sends nothing more.
    this.closing = true;
    this.endCases('the run is closing');
    try {
      return await this.cleanup();
    } finally {
      for (const timer of this.timers) clearTimeout(timer);
      this.client.destroy();
      await this.target.stop();
    }
  }
}
