import type { ServerResponse } from 'node:http';
import { errorCodeOf, parseBody, snippet } from '../client/parse';
import { runVars, type Session, type RunPlan } from '../engine/session';
import type { CleanupReport } from '../report/cleanup';
import { expand } from '../spec/values';
import { loadOperation, listOperations } from '../spec/load';
import { parseState, type CustomStateHandler, type ProviderState, type ResourceState, type StateContext } from './states';

export function arnValues(body: string | undefined): Record<string, string> {
  const parsed = body ? parseBody(body) : undefined;
  if (parsed?.kind !== 'object') return {};
  const arn = Object.entries(parsed.value).find(([k, v]) => k.endsWith('Arn') && typeof v === 'string' && v.startsWith('arn:'))?.[1] as string | undefined;
  if (!arn) return {};
  const [, partition, , region, account] = arn.split(':');
  return { arn, partition: partition!, region: region!, account: account! };
}

/**
 * Brings provider states about on the target through the session, so everything they create is deleted afterwards.
 * It answers Pact's state-change calls itself (before pact-js's handler, which answers 200 even when a handler
 * throws): a set-up that fails is answered 424 with its error, so Pact fails that interaction instead of replaying it.
 */
export class StateKeeper {
  /** Errors from state set-up, by state text, for the report. */
  readonly errors = new Map<string, string>();
  /** The last resource of each type a state named: an endpoint config's variants use the model its interaction named. */
  private readonly latest = new Map<string, string>();
  /** Where the current interaction is: resources are reset when the next one starts. */
  private phase: 'idle' | 'setting-up' | 'replayed' = 'idle';
  readonly leftovers: CleanupReport['leftovers'] = [];
  readonly deleted: string[] = [];
  /** Why no more states are set up (an interrupt): every later state change is refused at once. */
  private stopped: string | undefined;

  constructor(
    private readonly session: Session,
    private readonly plan: RunPlan,
    private readonly custom: ReadonlyMap<string, CustomStateHandler>,
    private readonly context: StateContext,
  ) {}

  private async describe(type: string, name: string) {
    const resource = this.plan.service.resources[type]!;
    return this.session.send(resource.describe, { [resource.nameMember]: name });
  }

  /** The create request for a resource: its `setup` request in contracts/service.json, else its create operation's baseline. */
  private createRequest(type: string, name: string, params: Record<string, string>): Record<string, unknown> {
    const resource = this.plan.service.resources[type]!;
    const template = resource.setup ?? (listOperations().includes(resource.create) ? loadOperation(resource.create).baseline : undefined);
    if (!template) throw new Error(`no setup request or baseline for ${type} in contracts/`);
    // `{model}` names what the run sets up for the others (the plan's `requires`: SageMaker's Model): that resource's
    // own name in its setup request, and the one to use in anything else.
    const setUp = this.plan.requires[0] ?? '';
    const model = type === setUp ? name : (params[setUp] ?? this.latest.get(setUp) ?? this.plan.ctx.modelName);
    const request = expand(structuredClone(template), runVars(this.plan, { name, Name: name, NAME: name, model }));
    return { ...request, [resource.nameMember]: name };
  }

  /** Makes sure the named resource exists: leaves one that does alone, creates (and so owns) one that does not. Returns its ARN's values. */
  async ensure(state: ResourceState): Promise<Record<string, string>> {
    const { resource: type, name } = state;
    const found = await this.describe(type, name);
    let values = found.response?.status === 200 ? arnValues(found.response.body) : undefined;
    if (!values) {
      const resource = this.plan.service.resources[type]!;
      const create = loadOperationIfSpecified(resource.create);
      for (const required of create?.requires ?? []) {
        if (state.params[required] === undefined && !this.latest.has(required)) {
          await this.ensure({ resource: required, name: this.plan.ctx.modelName, params: {} });
        }
      }
      const exchange = await this.session.send(resource.create, this.createRequest(type, name, state.params));
      const r = exchange.response;
      if (r?.status !== 200) {
        const parsed = r ? parseBody(r.body) : undefined;
        const code = r ? errorCodeOf(r, parsed?.kind === 'object' ? parsed.value : undefined) : undefined;
        throw new Error(
          r ? `${resource.create} answered HTTP ${r.status}${code ? ` ${code}` : ''}: ${snippet(r.body)}` : `target unreachable: ${exchange.transportError}`,
        );
      }
      values = arnValues(r.body);
    }
    this.latest.set(type, name);
    return { name, ...values };
  }

  /** After an interaction: delete what it created, so the next starts from only its own states. */
  async reset(): Promise<void> {
    this.latest.clear();
    this.phase = 'idle';
    const report = await this.session.cleanup();
    this.leftovers.push(...report.leftovers);
    this.deleted.push(...report.deleted);
  }

  /** A replayed request is going out: an interaction without states starts here. */
  async beforeReplay(): Promise<void> {
    if (this.phase === 'replayed') await this.reset();
    this.phase = 'replayed';
  }

  private async setup(state: ProviderState): Promise<Record<string, unknown>> {
    if (this.phase === 'replayed') await this.reset();
    this.phase = 'setting-up';
    // Pact calls set-up with no state for an interaction that has none: nothing to bring about.
    if (state.name === '') return {};
    const params = state.params ?? {};
    const custom = this.custom.get(state.name);
    if (custom) {
      const fn = typeof custom === 'function' ? custom : custom.setup;
      return ((await fn?.(params, this.context)) ?? {}) as Record<string, unknown>;
    }
    const parsed = parseState(this.plan.service, state);
    if (!parsed) throw new Error(`unknown provider state "${state.name}"`);
    return this.ensure(parsed);
  }

  private async teardown(state: ProviderState): Promise<void> {
    const custom = this.custom.get(state.name);
    try {
      if (custom && typeof custom !== 'function') await custom.teardown?.(state.params ?? {}, this.context);
    } finally {
      if (this.phase !== 'idle') await this.reset();
    }
  }

  /** Sets up no more states: the verification was interrupted, and what was set up is being cleaned up. */
  stop(reason: string): void {
    this.stopped = reason;
  }

  /** Answers Pact's state-change call (`POST /_pactSetup` with `{state, params, action}`). */
  async answer(body: { state?: string; params?: Record<string, unknown>; action?: string } | undefined, res: ServerResponse): Promise<void> {
    const state: ProviderState = { name: String(body?.state ?? ''), ...(body?.params ? { params: body.params } : {}) };
    const send = (status: number, json: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(json));
    };
    if (this.stopped) return send(424, { error: `provider state "${state.name}" not set up: ${this.stopped}` });
    try {
      if (body?.action === 'teardown') {
        await this.teardown(state);
        return send(200, {});
      }
      const values = await this.setup(state);
      this.errors.delete(state.name);
      return send(200, values);
    } catch (error) {
      const message = (error as Error).message;
      this.errors.set(state.name, message);
      // Nothing of this interaction will run: what its states created goes now, and Pact retries from clean.
      await this.reset().catch(() => undefined);
      // 424 (Failed Dependency), not a 5xx: Pact's verifier (pact-js 17) retries a 5xx state change with doubling
      // back-off, which kept one failed state busy for minutes; a 4xx fails the interaction at once.
      return send(424, { error: `provider state "${state.name}" could not be set up: ${message}` });
    }
  }
}

function loadOperationIfSpecified(operation: string) {
  return listOperations().includes(operation) ? loadOperation(operation) : undefined;
}
