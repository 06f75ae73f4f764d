import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { RawSageMakerClient } from '../client/client';
import { RawHttpSender } from '../client/raw';
import { DUMMY_CREDENTIALS, resolveCredentials, resolveRegion } from '../client/credentials';
import type { Exchange } from '../client/exchange';
import { generateCases } from '../cases/generate';
import type { CaseContext, ConformanceCase } from '../cases/types';
import { expand, fitLength, type TemplateVars } from '../spec/values';
import { loadBehaviours, loadOperation, loadService, loadOperations, loadProtocol } from '../spec/load';
import { loadProfile, type SpecProfile } from '../spec/profiles';
import type { OperationSpec, ResourceSpec, ServiceSpec } from '../spec/types';
import { startTarget, type StartedTarget, type TargetSpec } from '../target/targets';
import { defaultInferenceImage, PLACEHOLDER_EXECUTION_ROLE } from '../target/images';
import { DEFAULT_THROTTLE_POLICY, sendPatiently, type ThrottlePolicy, type ThrottleWait } from '../client/throttle';
import { callerIdentity, type CallerIdentity } from '../client/identity';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { planTags, RUN_ID_TAG, tagsIn } from '../client/tags';
import { judgeStep, type JudgeContext, type PriorStep } from './judge';
import { judgePages, walkPages, type Page } from './pages';
import { parseBody, errorCodeOf, snippet } from '../client/parse';
import { runPool } from './pool';
import { skippedResult, type CaseResult, type Failure } from '../report/results';
import type { StepVerdict } from '../report/verdict';
import { deletionOrder, listResources, okBody } from './listing';
import { BadInputError } from '../errors';
import type { CleanupReport, Untagged } from '../report/cleanup';

export type { CleanupReport, Untagged };

export interface PlanOptions {
  /**
   * The one operation under test, its spec `operations/<name>.json` (CreateModel from another folder, say). Without
   * it the table holds every operation of the profile, the profile's own operation (its profile.json) first.
   */
  operation?: string;
  /** Only these operations' cases (the `--operation` flag; checked here, chosen by `prepareRun`); default: all of the table. */
  operations?: string[];
  /** The spec profile (default: `model`, today's API from AWS's model; `seed` is the 2017 page). */
  spec?: string;
  /** Where the operation's spec and behaviour files live (default: the profile's folder of `contracts/`). */
  contractsDir?: string;
  region?: string;
  /** Use this existing model instead of creating one. */
  modelName?: string;
  runId?: string;
  /** Prefix of every name the run creates. */
  prefix?: string;
  /** Role of the run's own model (needed on AWS; a placeholder elsewhere). */
  executionRoleArn?: string;
  /** Image of the run's own model (default: a public AWS inference image for the region). */
  image?: string;
}

/** Everything about a run that is known before any request: its id, names and case table. */
export interface RunPlan {
  runId: string;
  region: string;
  prefix: string;
  service: ServiceSpec;
  /** The spec profile the case table comes from. */
  profile: SpecProfile;
  operation: OperationSpec;
  /** Every operation of the profile (the judge checks responses of each). */
  operations: ReadonlyMap<string, OperationSpec>;
  /** The operations whose cases the table holds, in table order (the primary one first). */
  tableOperations: OperationSpec[];
  ctx: CaseContext;
  cases: ConformanceCase[];
  /** The resources the run sets up once, before any case (the operation's `requires`, and its preconditions'). */
  requires: string[];
  /** True when the run creates the model itself (and so deletes it). */
  ownsModel: boolean;
  /** Role and image the set-up request names. */
  setupVars: { executionRoleArn: string; image: string };
}

export interface SessionOptions {
  target: TargetSpec;
  profile?: string;
  timeoutMs?: number;
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
  /** Bytes of each response body kept (default 1 MiB); the rest is counted and dropped. */
  maxBodyBytes?: number;
  /** Extra, slower retries of throttled calls after the SDK's own (default: 6 rounds from 2 s). */
  throttle?: ThrottlePolicy;
  /** Aborts the target's start-up (waiting for moto_server). */
  signal?: AbortSignal;
  /** Lines for people while the run waits (a throttling target); the CLI prints them on stderr. */
  onNotice?: (line: string) => void;
}

/** After an interrupt, calls in flight get this long to finish before they are aborted. */
export const INTERRUPT_GRACE_MS = 1000;
/** After an interrupt, clean-up gets this long; what it could not delete by then is listed as left over. */
export const INTERRUPTED_CLEANUP_MS = 3000;
/** At most one throttling line per this many milliseconds. */
const NOTICE_EVERY_MS = 5000;

export class SetupError extends Error {
  override name = 'SetupError';
}

/** A run id of 6 base-36 characters: short enough to leave room in 63-character names, random enough not to collide. */
export function newRunId(): string {
  return (randomBytes(4).readUInt32BE() % 36 ** 6).toString(36).padStart(6, '0');
}

/** Plans a run: generates the case table from the operation's spec. Synchronous, so Jest can `test.each` over it. */
export function planRun(options: PlanOptions = {}): RunPlan {
  const profile = loadProfile(options.spec);
  const runId = options.runId ?? newRunId();
  const prefix = options.prefix ?? 'sc-';
  const region = resolveRegion(options.region);
  const service = loadService();
  const dir = options.contractsDir ?? profile.dir;
  const operation = loadOperation(options.operation ?? profile.operation, dir);
  const operations = new Map([...loadOperations(profile.dir), [operation.operation, operation]]);
  const tableOperations =
    options.operation !== undefined ? [operation] : [operation, ...[...operations.values()].filter((o) => o.operation !== operation.operation)];
  const unknown = (options.operations ?? []).filter((name) => !tableOperations.some((o) => o.operation === name));
  if (unknown.length > 0)
    throw new UnknownOperationError(`no operation ${unknown.join(', ')} in the table; it has ${tableOperations.map((o) => o.operation).join(', ')}`);
  // The run's model name is 63 characters, the maximum, so a case can show that a ModelName at the limit is accepted.
  const modelName = options.modelName ?? fitLength(`${prefix}${runId}-model-`, 63, 'x');
  const ctx: CaseContext = { runId, prefix, region, modelName };
  const cases: ConformanceCase[] = [];
  for (const op of tableOperations) {
    // Names run on across operations (no two cases share one); ids of operations after the first name their operation.
    const opCtx: CaseContext = { ...ctx, firstSeq: cases.length, ...(op === operation ? {} : { idPrefix: `${op.operation}.` }) };
    const own = generateCases(op, loadBehaviours(op.operation, dir), opCtx, { protocol: loadProtocol(op.operation), service, operations });
    cases.push(...own);
  }
  // What the run sets up once: what each operation requires, and what the creates of its cases' preconditions require.
  const requires = [
    ...new Set(
      tableOperations.flatMap((op) => [
        ...(op.requires ?? []),
        ...(op.given ?? []).flatMap((type) => operations.get(service.resources[type]?.create ?? '')?.requires ?? []),
      ]),
    ),
  ];
  const setupVars = { executionRoleArn: options.executionRoleArn ?? PLACEHOLDER_EXECUTION_ROLE, image: options.image ?? defaultInferenceImage(region) };
  return {
    runId,
    region,
    prefix,
    service,
    profile,
    operation,
    operations,
    tableOperations,
    ctx,
    cases,
    requires,
    ownsModel: options.modelName === undefined,
    setupVars,
  };
}

/** `--operation` named an operation the table does not have. */
export class UnknownOperationError extends BadInputError {
  override name = 'UnknownOperationError';
}

/**
 * Template values for requests the run makes outside its cases (set-up, provider states): the run's region, model,
 * execution role and image, with any names given. One place, so no such request goes out with an empty placeholder.
 */
export function runVars(plan: RunPlan, names: Partial<TemplateVars> = {}): TemplateVars {
  return { name: '', Name: '', NAME: '', digits: '', model: plan.ctx.modelName, region: plan.region, ...plan.setupVars, ...names };
}

function arnName(service: ServiceSpec, arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  return new RegExp(service.arnPattern).exec(arn)?.[5];
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
  /** Per resource type, the identifying values creates were sent with, keyed by their JSON (absent is `undefined`). */
  private readonly created = new Map<string, Map<string, unknown>>();
  private readonly judgeCtx: JudgeContext;
  private interrupted: string | undefined;
  private closed = false;
  /** Resources created but left without the run's tags, with why. */
  readonly untagged: Untagged[] = [];
  /** Whether any create call may have reached the target; if none did, there is nothing to clean up. */
  private reached = false;
  /** Aborted at an interrupt: throttle pauses end at once. */
  private readonly waits = new AbortController();
  /** Aborted INTERRUPT_GRACE_MS after an interrupt: case calls still in flight end. */
  private readonly requests = new AbortController();
  /** Aborted INTERRUPTED_CLEANUP_MS after an interrupt once clean-up runs. */
  private readonly cleaning = new AbortController();
  private cleanupStarted = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private lastNotice = 0;
  private readonly onNotice: ((line: string) => void) | undefined;

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
    // Every call in flight (and the SDK's handler for each) listens on these: more than Node's default of 10.
    setMaxListeners(0, this.waits.signal, this.requests.signal, this.cleaning.signal);
    this.judgeCtx = { service: plan.service, operations: plan.operations, region: plan.region };
  }

  static async open(plan: RunPlan, options: SessionOptions): Promise<Session> {
    // The reference mock serves the run's own profile, so it enforces what the cases assert.
    const target = await startTarget(
      options.target.kind === 'mock' ? { profile: plan.profile.name, region: plan.region, ...options.target } : options.target,
      options.signal,
    );
    // The built-in mock has one account, whose key it checks signatures with: the run signs as that account.
    const credentials: AwsCredentialIdentityProvider =
      target.kind === 'mock' ? async () => DUMMY_CREDENTIALS : resolveCredentials(target.local, options.profile);
    const client = new RawSageMakerClient({
      endpoint: target.url,
      region: plan.region,
      credentials,
      timeoutMs: options.timeoutMs ?? 10000,
      maxAttempts: options.maxAttempts ?? 3,
      retryMode: options.retryMode ?? 'standard',
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
    });
    const rawSender = new RawHttpSender({
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
  private call(operation: string, body: Record<string, unknown>): Promise<Exchange> {
    const cleanup = this.cleanupStarted;
    const requestSignal = cleanup ? this.cleaning.signal : this.requests.signal;
    const waitSignal = cleanup ? this.cleaning.signal : this.waits.signal;
    return sendPatiently(() => this.client.send(operation, body, requestSignal), this.throttle, {
      signal: waitSignal,
      onWait: (wait) => this.noteThrottle(operation, wait),
    });
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
    if (!tagging || this.target.kind === 'mock' || this.target.kind === 'moto') return;
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

  private resourceCreatedBy(operation: string): [string, ResourceSpec] | undefined {
    return Object.entries(this.plan.service.resources).find(([, r]) => r.create === operation);
  }

  /**
   * Remembers everything a create call may have made. A faulty target may accept a request it should reject and
   * store it under whatever the name member held (a number, an empty string, nothing at all), so the delete is
   * later sent with that same value; the name in a returned ARN is remembered too. Public for requests the session
   * did not send itself (Pact's verifier replaying a contract), so `close` deletes those too.
   * Returns the new resource's ARN when the call succeeded.
   */
  track(operation: string, request: Record<string, unknown>, exchange: Exchange): string | undefined {
    const found = this.resourceCreatedBy(operation);
    if (!found) return undefined;
    const [type, resource] = found;
    if (exchange.unsent) return; // never reached the target: nothing can have been created
    this.reached = true;
    const status = exchange.response?.status;
    const uncertain = status === undefined || status >= 500;
    if (status !== 200 && !uncertain) return undefined;
    const values = this.created.get(type) ?? new Map<string, unknown>();
    // Names are compared without case, as SageMaker's ARNs write them in lower case: one delete per name.
    const remember = (value: unknown) => {
      const key = typeof value === 'string' ? value.toLowerCase() : (JSON.stringify(value) ?? 'absent');
      if (!values.has(key)) values.set(key, value);
    };
    remember(request[resource.nameMember]);
    let arn: string | undefined;
    if (status === 200) {
      const parsed = parseBody(exchange.response!.body);
      const returned = parsed.kind === 'object' ? parsed.value[resource.arnMember] : undefined;
      const name = arnName(this.plan.service, returned);
      if (name) {
        remember(name);
        arn = returned as string;
      }
    }
    this.created.set(type, values);
    return arn;
  }

  /**
   * A read that found a resource the case expected not to exist (a target that created a config named "None" from
   * a null name): the run made it, so the run deletes it.
   */
  private trackFound(operation: string, request: Record<string, unknown>, exchange: Exchange): void {
    const found = Object.entries(this.plan.service.resources).find(([, r]) => r.describe === operation);
    if (!found || exchange.response?.status !== 200) return;
    const [type, resource] = found;
    const name = request[resource.nameMember];
    if (typeof name !== 'string') return;
    const values = this.created.get(type) ?? new Map<string, unknown>();
    if (!values.has(name.toLowerCase())) values.set(name.toLowerCase(), name);
    this.created.set(type, values);
  }

  /** Sends one request outside any case (a provider state, say) and remembers what it may have created. */
  async send(operation: string, request: Record<string, unknown>): Promise<Exchange> {
    const exchange = await this.call(operation, request);
    this.track(operation, request, exchange);
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
      const exchange = await this.send(resource.create, request);
      const r = exchange.response;
      if (!r) throw new SetupError(`${resource.create} for the run's ${resource.label} got no answer: ${exchange.transportError ?? 'no response'}`);
      if (r.status !== 200) {
        const parsed = parseBody(r.body);
        const code = errorCodeOf(r, parsed.kind === 'object' ? parsed.value : undefined);
        throw new SetupError(`${resource.create} for the run's ${resource.label} answered HTTP ${r.status}${code ? ` ${code}` : ''}: ${snippet(r.body)}`);
      }
    }
  }

  /** Runs one case's steps in order, stopping at the first step that does not pass. */
  async runCase(c: ConformanceCase): Promise<CaseResult> {
    const started = performance.now();
    if (this.interrupted) return skippedResult(c, this.interrupted);
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
      const pages: Page[] = step.pages
        ? await walkPages(this.judgeCtx, step, (operation, request) => this.call(operation, request))
        : [
            {
              request: step.request,
              exchange: step.raw
                ? await sendPatiently(() => this.rawSender.send(step.operation, step.raw!, this.requests.signal), this.throttle, { signal: this.waits.signal })
                : await this.call(step.operation, step.request),
            },
          ];
      for (const { request, exchange } of pages) {
        const arn = this.track(step.operation, request, exchange);
        if (arn) made.push([arn, request]);
        this.trackFound(step.operation, request, exchange);
      }
      const interrupted = pages.find((p) => p.exchange.aborted || p.exchange.throttled);
      if (this.interrupted && interrupted) {
        // Cut short by the interrupt: not judged, neither failed nor errored.
        result.status = 'skipped';
        result.failures.push({ kind: 'skipped', reason: `${this.interrupted} during step ${index + 1}` });
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
        result.steps.push({ operation: step.operation, request: page.request, expected: step.expect, actual: pageVerdict.actual, checks: pageVerdict.checks });
        if (pageVerdict.kind !== 'pass') break;
      }
      result.expected = step.expect;
      result.actual = verdict!.actual;
      const body = verdict!.actual.body;
      prior.push({ request: step.request, body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined });
      const failedAt = result.steps.length - 1;
      if (verdict!.kind === 'error') {
        result.status = 'errored';
        result.failures.push({ kind: 'error', step: failedAt, reason: verdict!.reason });
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
   * A name without the run's prefix (an empty, numeric or digits-only name a faulty target accepted) may be another
   * run's on a shared target: it is left alone when the target shows another run's run-id tag on it. (A target that
   * cannot show tags on it, as moto cannot for a numeric name, gives no proof either way: the delete goes ahead.)
   */
  private async otherRunsTag(resource: ResourceSpec, value: unknown): Promise<string | undefined> {
    if (typeof value === 'string' && value.toLowerCase().startsWith(`${this.plan.prefix}${this.plan.runId}`.toLowerCase())) return undefined;
    // A mock or moto_server the run started is the run's alone.
    if (this.target.kind === 'mock' || this.target.kind === 'moto') return undefined;
    const tagging = this.plan.service.tagging;
    if (!tagging) return undefined;
    const described = okBody(await this.call(resource.describe, value === undefined ? {} : { [resource.nameMember]: value }));
    const arn = described?.[resource.arnMember];
    if (typeof arn !== 'string') return undefined;
    const tags = tagsIn(okBody(await this.call(tagging.list, { [tagging.arnMember]: arn }))?.[tagging.tagsMember]);
    return tags.find((t) => t.Key === RUN_ID_TAG && t.Value !== this.plan.runId)?.Value;
  }

  private async deleteOne(resource: ResourceSpec, value: unknown, report: CleanupReport): Promise<void> {
    const name = typeof value === 'string' ? value : String(JSON.stringify(value) ?? '(no name)');
    const other = await this.otherRunsTag(resource, value);
    if (other !== undefined) {
      (report.kept ??= []).push({ resource: resource.arnType, name, reason: `tagged ${RUN_ID_TAG}=${other}: another run's` });
      return;
    }
    const exchange = await this.call(resource.delete, value === undefined ? {} : { [resource.nameMember]: value });
    const r = exchange.response;
    if (r?.status === 200) {
      report.deleted.push(`${resource.arnType}/${name}`);
      return;
    }
    const text = r?.body ?? '';
    // Never created, or already gone (a case deleted it): whatever 4xx a target gives a name it does not have.
    if (r && r.status >= 400 && r.status < 500 && /could not find|does not exist|not found/i.test(text)) return;
    if (r && r.status === 400) {
      // A name that is not a string (absent, a number) cannot name anything on a conforming target; a faulty one
      // that stored such a request under another name was cleaned through the name in its ARN.
      const parsed = parseBody(text);
      if (typeof value !== 'string' && errorCodeOf(r, parsed.kind === 'object' ? parsed.value : undefined) === 'ValidationException') return;
    }
    // A refusal that does not say why (no message): nothing is left if the target cannot describe the name either.
    if (r && r.status >= 400 && r.status < 500 && typeof value === 'string') {
      const described = (await this.call(resource.describe, { [resource.nameMember]: value })).response?.status;
      if (described !== undefined && described >= 400 && described < 500) return;
    }
    report.leftovers.push({ resource: resource.arnType, name, reason: r ? `HTTP ${r.status}: ${snippet(text)}` : (exchange.transportError ?? 'no response') });
  }

  /** Names of this run's resources the target still lists (what a crash mid-case would leave). */
  private async listOurs(resource: ResourceSpec): Promise<string[]> {
    const { items } = await listResources((operation, body) => this.call(operation, body), resource, this.plan.runId);
    return items
      .map((item) => item[resource.nameMember])
      .filter((name): name is string => typeof name === 'string' && name.startsWith(`${this.plan.prefix}${this.plan.runId}`));
  }

  /**
   * Deletes everything the run created: what the cases made first, then the setup resources,
   * then a sweep by the run's name prefix for anything an interrupted call may have left.
   */
  async cleanup(concurrency = 4): Promise<CleanupReport> {
    const report: CleanupReport = { deleted: [], leftovers: [] };
    this.cleanupStarted = true;
    if (this.interrupted) this.later(INTERRUPTED_CLEANUP_MS, () => this.cleaning.abort(this.interrupted));
    if (!this.reached) return report;
    const gone = this.target.gone?.();
    if (gone) return { ...report, targetGone: gone };
    const setupTypes = new Set(this.plan.ownsModel ? this.plan.requires : []);
    const createdTypes = new Set(this.plan.tableOperations.flatMap((op) => [op.creates, ...(op.given ?? [])]));
    for (const type of deletionOrder(this.plan.service, setupTypes)) {
      const resource = this.plan.service.resources[type]!;
      const values = [...(this.created.get(type)?.values() ?? [])];
      if (values.length === 0 && !setupTypes.has(type) && !createdTypes.has(type)) continue;
      await runPool(values, concurrency, (value) => this.deleteOne(resource, value, report));
      const tried = new Set(values.map((v) => String(v).toLowerCase()));
      const stragglers = (await this.listOurs(resource)).filter((n) => !tried.has(n.toLowerCase()));
      await runPool(stragglers, concurrency, (name) => this.deleteOne(resource, name, report));
      this.created.delete(type);
    }
    // Deletes that failed because the target died are not resources left on it: a dead moto_server took its state.
    const goneNow = this.target.gone?.();
    if (goneNow && report.leftovers.length > 0) return { deleted: report.deleted, leftovers: [], targetGone: goneNow };
    return report;
  }

  /** Cleans up (once) and stops what the run started. */
  async close(): Promise<CleanupReport> {
    if (this.closed) return { deleted: [], leftovers: [] };
    this.closed = true;
    try {
      return await this.cleanup();
    } finally {
      for (const timer of this.timers) clearTimeout(timer);
      this.client.destroy();
      await this.target.stop();
    }
  }
}
