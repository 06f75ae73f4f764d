import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { RawSageMakerClient } from '../client/client';
import { resolveCredentials, resolveRegion } from '../client/credentials';
import type { Exchange } from '../client/exchange';
import { generateCases } from '../cases/generate';
import type { CaseContext, ConformanceCase } from '../cases/types';
import { expand, fitLength } from '../cases/values';
import { loadBehaviours, loadOperation, loadService } from '../spec/load';
import type { OperationSpec, ResourceSpec, ServiceSpec } from '../spec/types';
import { loadOperations, startTarget, type StartedTarget, type TargetSpec } from '../target/targets';
import { judgeStep, type JudgeContext, type PriorStep } from './judge';
import { parseBody, errorCodeOf, snippet } from './parse';
import { runPool } from './pool';
import type { CaseResult, Failure } from './results';

export interface PlanOptions {
  operation?: string;
  region?: string;
  /** Use this existing model instead of creating one. */
  modelName?: string;
  runId?: string;
  /** Prefix of every name the run creates. */
  prefix?: string;
}

/** Everything about a run that is known before any request: its id, names and case table. */
export interface RunPlan {
  runId: string;
  region: string;
  prefix: string;
  service: ServiceSpec;
  operation: OperationSpec;
  ctx: CaseContext;
  cases: ConformanceCase[];
  /** True when the run creates the model itself (and so deletes it). */
  ownsModel: boolean;
}

export interface SessionOptions {
  target: TargetSpec;
  profile?: string;
  timeoutMs?: number;
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
}

export interface CleanupReport {
  deleted: string[];
  /** Resources the run created and could not delete, with the reason. */
  leftovers: { resource: string; name: string; reason: string }[];
}

export class SetupError extends Error {
  override name = 'SetupError';
}

/** A run id of 6 base-36 characters: short enough to leave room in 63-character names, random enough not to collide. */
export function newRunId(): string {
  return (randomBytes(4).readUInt32BE() % 36 ** 6).toString(36).padStart(6, '0');
}

/** Plans a run: generates the case table from the operation's spec. Synchronous, so Jest can `test.each` over it. */
export function planRun(options: PlanOptions = {}): RunPlan {
  const operationName = options.operation ?? 'CreateEndpointConfig';
  const runId = options.runId ?? newRunId();
  const prefix = options.prefix ?? 'sc-';
  const region = resolveRegion(options.region);
  const service = loadService();
  const operation = loadOperation(operationName);
  // The run's model name is 63 characters, the maximum, so a case can show that a ModelName at the limit is accepted.
  const modelName = options.modelName ?? fitLength(`${prefix}${runId}-model-`, 63, 'x');
  const ctx: CaseContext = { runId, prefix, region, modelName };
  const cases = generateCases(operation, loadBehaviours(operationName), ctx);
  return { runId, region, prefix, service, operation, ctx, cases, ownsModel: options.modelName === undefined };
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
  private readonly created = new Map<string, Set<string>>();
  private readonly judgeCtx: JudgeContext;
  private interrupted: string | undefined;
  private closed = false;
  /** Whether any create call may have reached the target; if none did, there is nothing to clean up. */
  private reached = false;

  private constructor(
    readonly plan: RunPlan,
    readonly target: StartedTarget,
    readonly client: RawSageMakerClient,
  ) {
    this.judgeCtx = { service: plan.service, operations: loadOperations(), region: plan.region };
  }

  static async open(plan: RunPlan, options: SessionOptions): Promise<Session> {
    const target = await startTarget(options.target);
    const client = new RawSageMakerClient({
      endpoint: target.url,
      region: plan.region,
      credentials: resolveCredentials(target.local, options.profile),
      timeoutMs: options.timeoutMs ?? 10000,
      maxAttempts: options.maxAttempts ?? 3,
      retryMode: options.retryMode ?? 'standard',
    });
    return new Session(plan, target, client);
  }

  get interruption(): string | undefined {
    return this.interrupted;
  }

  /** Stops starting cases; those not yet started end as skipped. */
  interrupt(reason: string): void {
    this.interrupted ??= reason;
  }

  private resourceCreatedBy(operation: string): [string, ResourceSpec] | undefined {
    return Object.entries(this.plan.service.resources).find(([, r]) => r.create === operation);
  }

  /** Remembers every name a create call may have made, including names a faulty target took from a rejected request. */
  private track(operation: string, request: Record<string, unknown>, exchange: Exchange): void {
    const found = this.resourceCreatedBy(operation);
    if (!found) return;
    const [type, resource] = found;
    if (exchange.unsent) return; // never reached the target: nothing can have been created
    this.reached = true;
    const status = exchange.response?.status;
    const uncertain = status === undefined || status >= 500;
    if (status !== 200 && !uncertain) return;
    const names = this.created.get(type) ?? new Set<string>();
    const sent = request[resource.nameMember];
    if (typeof sent === 'string' && sent !== '') names.add(sent);
    if (status === 200) {
      const parsed = parseBody(exchange.response!.body);
      const name = parsed.kind === 'object' ? arnName(this.plan.service, parsed.value[resource.arnMember]) : undefined;
      if (name) names.add(name);
    }
    this.created.set(type, names);
  }

  /** Creates the resources the operation requires (the model), unless the run was given one. */
  async setup(): Promise<void> {
    if (!this.plan.ownsModel) return;
    for (const type of this.plan.operation.requires ?? []) {
      const resource = this.plan.service.resources[type];
      if (!resource?.setup) throw new SetupError(`no setup request for required resource ${type} in contracts/service.json`);
      const request = expand(resource.setup, { name: '', Name: '', NAME: '', digits: '', model: this.plan.ctx.modelName, region: this.plan.region });
      const exchange = await this.client.send(resource.create, request);
      this.track(resource.create, request, exchange);
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
    const result: CaseResult = {
      id: c.id,
      title: c.title,
      group: c.group,
      kind: c.kind,
      clause: c.clause,
      expected: c.steps.map((s) => s.expect),
      requests: [],
      actual: [],
      checks: [],
      status: 'passed',
      failures: [],
      durationMs: 0,
    };
    if (this.interrupted) return { ...result, status: 'skipped', failures: [{ kind: 'skipped', reason: this.interrupted }] };
    try {
      await this.runSteps(c, result);
    } catch (error) {
      // A bug or an unforeseen answer must cost one case, not the run: the case is errored and the run goes on.
      result.status = 'errored';
      result.failures.push({ kind: 'error', step: result.actual.length, reason: `internal error: ${(error as Error).message}` });
    }
    result.durationMs = Math.round(performance.now() - started);
    return result;
  }

  private async runSteps(c: ConformanceCase, result: CaseResult): Promise<void> {
    const prior: PriorStep[] = [];
    for (const [index, step] of c.steps.entries()) {
      const exchange = await this.client.send(step.operation, step.request);
      this.track(step.operation, step.request, exchange);
      const verdict = judgeStep(this.judgeCtx, step, exchange, prior);
      result.requests.push(step.request);
      result.actual.push(verdict.actual);
      result.checks.push(verdict.checks);
      const body = verdict.actual.body;
      prior.push({ request: step.request, body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined });
      if (verdict.kind === 'error') {
        result.status = 'errored';
        result.failures.push({ kind: 'error', step: index, reason: verdict.reason });
        break;
      }
      if (verdict.kind === 'mismatch') {
        result.status = 'failed';
        result.failures.push(
          ...verdict.checks
            .filter((ch) => !ch.pass)
            .map((ch): Failure => ({ kind: 'mismatch', step: index, check: ch.name, expected: ch.expected, actual: ch.actual })),
        );
        break;
      }
    }
  }

  private async deleteOne(resource: ResourceSpec, name: string, report: CleanupReport): Promise<void> {
    const exchange = await this.client.send(resource.delete, { [resource.nameMember]: name });
    const r = exchange.response;
    if (r?.status === 200) {
      report.deleted.push(`${resource.arnType}/${name}`);
      return;
    }
    const text = r?.body ?? '';
    if (r && r.status === 400 && /could not find|does not exist|not found/i.test(text)) return; // never created, or already gone
    report.leftovers.push({ resource: resource.arnType, name, reason: r ? `HTTP ${r.status}: ${snippet(text)}` : exchange.transportError ?? 'no response' });
  }

  /** Names of this run's resources the target still lists (what a crash mid-case would leave). */
  private async listOurs(resource: ResourceSpec): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 50; page++) {
      const exchange = await this.client.send(resource.list.operation, { NameContains: this.plan.runId, MaxResults: 100, ...(token ? { NextToken: token } : {}) });
      const parsed = exchange.response?.status === 200 ? parseBody(exchange.response.body) : undefined;
      if (parsed?.kind !== 'object') break;
      const items = parsed.value[resource.list.member];
      if (Array.isArray(items)) {
        for (const item of items) {
          const name = (item as Record<string, unknown>)[resource.nameMember];
          if (typeof name === 'string' && name.startsWith(`${this.plan.prefix}${this.plan.runId}`)) names.push(name);
        }
      }
      token = typeof parsed.value.NextToken === 'string' ? parsed.value.NextToken : undefined;
      if (!token) break;
    }
    return names;
  }

  /**
   * Deletes everything the run created: what the cases made first, then the setup resources,
   * then a sweep by the run's name prefix for anything an interrupted call may have left.
   */
  async cleanup(concurrency = 4): Promise<CleanupReport> {
    const report: CleanupReport = { deleted: [], leftovers: [] };
    if (!this.reached) return report;
    const setupTypes = new Set(this.plan.ownsModel ? this.plan.operation.requires ?? [] : []);
    const ordered = [...Object.keys(this.plan.service.resources).filter((t) => !setupTypes.has(t)), ...setupTypes];
    for (const type of ordered) {
      const resource = this.plan.service.resources[type]!;
      // Names differing only in case are one resource (SageMaker's ARNs write names in lower case): delete it once,
      // or the second delete's "not found" would be reported as a leftover by a target that words it differently.
      const names = new Map<string, string>();
      for (const name of this.created.get(type) ?? []) if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
      if (names.size === 0 && !setupTypes.has(type) && type !== this.plan.operation.creates) continue;
      await runPool([...names.values()], concurrency, (name) => this.deleteOne(resource, name, report));
      const tried = new Set(names.keys());
      const stragglers = (await this.listOurs(resource)).filter((n) => !tried.has(n.toLowerCase()));
      await runPool(stragglers, concurrency, (name) => this.deleteOne(resource, name, report));
      this.created.delete(type);
    }
    return report;
  }

  /** Cleans up (once) and stops what the run started. */
  async close(): Promise<CleanupReport> {
    if (this.closed) return { deleted: [], leftovers: [] };
    this.closed = true;
    try {
      return await this.cleanup();
    } finally {
      this.client.destroy();
      await this.target.stop();
    }
  }
}
