import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { ServerResponse } from 'node:http';
import { resolveCredentials } from '../client/credentials';
import { errorCodeOf, parseBody, snippet } from '../client/parse';
import { planRun, runVars, Session, type CleanupReport, type RunPlan } from '../engine/session';
import type { ContractsReport, InteractionResult } from '../report/model';
import { globToRegExp } from '../runner/run';
import { escapeRegExp } from '../engine/listing';
import { expand } from '../spec/values';
import { loadOperation, listOperations } from '../spec/load';
import { TargetError, type TargetSpec } from '../target/targets';
import { PACT_RUN_ID } from './contract';
import {
  loadStateHandlers,
  parseState,
  supportedStates,
  UnknownStateError,
  type CustomStateHandler,
  type ProviderState,
  type ResourceState,
  type StateContext,
} from './states';
import { pactFromUrl, pactsFromBroker, pactsFromFiles, PactSourceError, servePacts, type LoadedPact, type Publication } from './sources';
import { signingRequestFilter, type FilterRequest, type Replay, type RequestFilter } from './signing';

/** A pact as far as verification needs it. */
export interface PactSummary {
  source: string;
  consumer: string;
  provider: string;
  /** The broker said the pact is pending (or work in progress): its failures do not fail the verification. */
  pending: boolean;
  interactions: { description: string; states: ProviderState[]; pending: boolean }[];
}

export { PactSourceError };

/**
 * Where the pacts come from: files and folders; a Pact Broker (selectors, pending and WIP pacts, results published
 * there); or one pact's URL (the `PACT_URL` a broker webhook passes), whose result is published to its broker.
 */
export type PactSource =
  | { kind: 'files'; paths: string[] }
  | {
      kind: 'broker';
      url: string;
      token?: string;
      provider: string;
      /** Consumer version selectors (default: the main branch and deployed or released versions). */
      selectors?: Record<string, unknown>[];
      /** Pact's `enablePending` (default false, as in Pact). */
      enablePending?: boolean;
      /** Pact's `includeWipPactsSince` (default none, as in Pact). */
      includeWipPactsSince?: string;
    }
  | { kind: 'url'; url: string; token?: string };

export interface PublishOptions {
  providerVersion: string;
  branch?: string;
}

export interface VerifyOptions {
  target: TargetSpec;
  source: PactSource;
  region?: string;
  profile?: string;
  timeoutMs?: number;
  /** Publish verification results to the broker the pacts came from. */
  publish?: PublishOptions;
  /** Verify only the interactions whose description (or case id, its text before the first colon) matches a glob; the rest are skipped, and said so. */
  only?: string[];
  /** A module of extra provider state handlers (`stateHandlers` or the default export). */
  statesModule?: string;
  /** Pact's own log level (default: error; Pact's verifier prints its report to stdout regardless). */
  logLevel?: VerifierOptions['logLevel'];
  /** The environment Pact's filters come from (PACT_DESCRIPTION, PACT_PROVIDER_STATE, PACT_PROVIDER_NO_STATE). */
  env?: NodeJS.ProcessEnv;
}

export interface VerifyOutcome {
  /** The spec the provider states were brought about from. */
  spec: RunPlan['operation']['spec'];
  contracts: ContractsReport;
  targetLabel: string;
  targetUrl: string | null;
  region: string;
  cleanup: CleanupReport;
  /** Why verification could not run, in one line. */
  problem?: string;
  exitCode: 0 | 1 | 2;
}

function summaryOf(pact: LoadedPact): PactSummary {
  return {
    source: pact.source,
    consumer: pact.json.consumer?.name ?? '?',
    provider: pact.json.provider?.name ?? '?',
    pending: pact.pending || pact.wip,
    interactions: (pact.json.interactions ?? []).map((i) => ({
      description: i.description ?? '',
      // V3/V4 keep a list of states; V2 had one string.
      states: i.providerStates ?? (i.providerState ? [{ name: i.providerState }] : []),
      pending: i.pending === true,
    })),
  };
}

/** Reads the pact files named by files and folders; a folder contributes its `*.json` files. */
export function readPacts(paths: readonly string[]): PactSummary[] {
  return pactsFromFiles(paths).map(summaryOf);
}

/** Every state the pacts use, checked before anything is created: an unknown one is bad input, named with where it is. */
export function checkStates(plan: RunPlan, pacts: readonly PactSummary[], custom: ReadonlyMap<string, CustomStateHandler> = new Map()): void {
  for (const pact of pacts) {
    for (const interaction of pact.interactions) {
      for (const state of interaction.states) {
        if (custom.has(state.name) || parseState(plan.service, state)) continue;
        throw new UnknownStateError(
          `unknown provider state "${state.name}" (${pact.source}, interaction "${interaction.description}"); supported: ${supportedStates(plan.service).join('; ')}${custom.size > 0 ? `; and from --states: ${[...custom.keys()].join('; ')}` : ''}`,
        );
      }
    }
  }
}

/** The ARN in a create or describe answer, and the account and region in it: the values a pact may use via `fromProviderState`. */
function arnValues(body: string | undefined): Record<string, string> {
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
 * throws): a set-up that fails is answered 500 with its error, so Pact fails that interaction instead of replaying it.
 */
class StateKeeper {
  /** Errors from state set-up, by state text, for the report. */
  readonly errors = new Map<string, string>();
  /** The last resource of each type a state named: an endpoint config's variants use the model its interaction named. */
  private readonly latest = new Map<string, string>();
  /** Where the current interaction is: resources are reset when the next one starts. */
  private phase: 'idle' | 'setting-up' | 'replayed' = 'idle';
  readonly leftovers: CleanupReport['leftovers'] = [];
  readonly deleted: string[] = [];

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
    // `{model}` is the resource's own name in a model's setup request, and the model to use in anything else.
    const model = type === 'model' ? name : (params.model ?? this.latest.get('model') ?? this.plan.ctx.modelName);
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
        if (required === 'model' && state.params.model === undefined && !this.latest.has('model')) {
          await this.ensure({ resource: 'model', name: this.plan.ctx.modelName, params: {} });
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

  /** Answers Pact's state-change call (`POST /_pactSetup` with `{state, params, action}`). */
  async answer(body: { state?: string; params?: Record<string, unknown>; action?: string } | undefined, res: ServerResponse): Promise<void> {
    const state: ProviderState = { name: String(body?.state ?? ''), ...(body?.params ? { params: body.params } : {}) };
    const send = (status: number, json: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(json));
    };
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
      return send(500, { error: `provider state "${state.name}" could not be set up: ${message}` });
    }
  }
}

function loadOperationIfSpecified(operation: string) {
  return listOperations().includes(operation) ? loadOperation(operation) : undefined;
}

/** One cheap read before anything is created, so an unreachable target is a clear "could not start" (exit 2). */
async function probe(session: Session, plan: RunPlan): Promise<void> {
  const resource = plan.service.resources[plan.operation.creates ?? ''] ?? Object.values(plan.service.resources)[0]!;
  const exchange = await session.client.send(resource.list.operation, { MaxResults: 1 });
  if (!exchange.response) throw new TargetError(`target unreachable: ${exchange.transportError ?? 'no response'}`);
}

/** Pact's verifier result JSON, as far as the report needs it. */
interface VerifierJson {
  result?: boolean;
  errors?: { interaction?: string; mismatch?: Record<string, unknown> & { type?: string; mismatches?: Record<string, unknown>[]; message?: string } }[];
  pendingErrors?: VerifierJson['errors'];
  /** One entry per interaction Pact ran (pact-core 19): its description and `Ok` or `Error`. */
  interactionResults?: { description?: string; result?: string }[];
}

function mismatchLines(mismatch: NonNullable<VerifierJson['errors']>[number]['mismatch']): string[] {
  if (!mismatch) return ['failed'];
  if (Array.isArray(mismatch.mismatches) && mismatch.mismatches.length > 0) {
    return mismatch.mismatches.map((m) =>
      String(m.mismatch ?? m.description ?? JSON.stringify(m))
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  return [
    String(mismatch.message ?? mismatch.type ?? JSON.stringify(mismatch))
      .replace(/\s+/g, ' ')
      .trim(),
  ];
}

function parseVerifierJson(text: unknown): VerifierJson | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as VerifierJson) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Pact names a failed interaction "Verifying a pact between <consumer> and <provider> [Given <states>] - <description>";
 * this finds the entries about one interaction of one pact.
 */
function errorsFor(list: VerifierJson['errors'], pact: PactSummary, description: string): string[] {
  const prefix = `Verifying a pact between ${pact.consumer} and ${pact.provider}`;
  return (list ?? [])
    .filter((e) => e.interaction === description || (e.interaction?.startsWith(prefix) && e.interaction.endsWith(` - ${description}`)))
    .flatMap((e) => mismatchLines(e.mismatch));
}

/** Why interactions were not run: Pact's own filters, when set in the environment. */
function pactFilters(env: NodeJS.ProcessEnv): string[] {
  return ['PACT_DESCRIPTION', 'PACT_PROVIDER_STATE', 'PACT_PROVIDER_NO_STATE'].filter((name) => env[name]).map((name) => `${name}=${env[name]}`);
}

/**
 * One result per interaction of one pact, from Pact's result for that pact alone: verified only if Pact ran it, it
 * passed, and every state it needed was set up; failed (or pending-failed, for a pending pact or interaction) if Pact
 * ran it and it failed; skipped if our `--only` left it out; not run otherwise (which fails the verification).
 */
export function interactionResults(
  pact: PactSummary,
  json: VerifierJson,
  stateErrors: ReadonlyMap<string, string>,
  selected: (description: string) => boolean = () => true,
  whyNotRun = 'Pact did not run it',
): InteractionResult[] {
  const ran = new Map<string, string[]>();
  for (const r of json.interactionResults ?? []) ran.set(r.description ?? '', [...(ran.get(r.description ?? '') ?? []), r.result ?? '']);
  return pact.interactions.map((i): InteractionResult => {
    const base = { pact: pact.source, consumer: pact.consumer, provider: pact.provider, description: i.description, states: i.states.map((s) => s.name) };
    if (!selected(i.description)) return { ...base, status: 'skipped', failures: ['left out by --only'] };
    const results = ran.get(i.description);
    const result = results?.shift();
    if (result === undefined) return { ...base, status: 'not-run', failures: [whyNotRun] };
    const stateProblems = i.states
      .filter((s) => stateErrors.has(s.name))
      .map((s) => `provider state "${s.name}" could not be set up: ${stateErrors.get(s.name)}`);
    const failed = [...errorsFor(json.errors, pact, i.description), ...errorsFor(json.pendingErrors, pact, i.description)];
    const ok = /^ok$/i.test(result) && failed.length === 0;
    if (ok) return { ...base, status: 'verified', failures: [] };
    const failures = [...(failed.some((f) => /state change/i.test(f)) ? stateProblems : []), ...failed];
    return { ...base, status: pact.pending || i.pending ? 'pending-failed' : 'failed', failures: failures.length > 0 ? failures : [`Pact reported ${result}`] };
  });
}

function summarizeContracts(pacts: readonly PactSummary[], interactions: InteractionResult[], publish?: ContractsReport['published']): ContractsReport {
  const count = (status: InteractionResult['status']) => interactions.filter((i) => i.status === status).length;
  return {
    pacts: pacts.map((p) => ({ source: p.source, consumer: p.consumer, provider: p.provider, interactions: p.interactions.length })),
    summary: {
      total: interactions.length,
      verified: count('verified'),
      failed: count('failed'),
      pendingFailed: count('pending-failed'),
      notRun: count('not-run'),
      skipped: count('skipped'),
    },
    interactions,
    ...(publish ? { published: publish } : {}),
  };
}

async function loadPacts(source: PactSource): Promise<LoadedPact[]> {
  switch (source.kind) {
    case 'files':
      return pactsFromFiles(source.paths);
    case 'url':
      return [await pactFromUrl(source.url, source)];
    case 'broker':
      return pactsFromBroker(source, {
        provider: source.provider,
        selectors: source.selectors ?? DEFAULT_SELECTORS,
        enablePending: source.enablePending,
        includeWipPactsSince: source.includeWipPactsSince,
      });
  }
}

/** Pact's recommended consumer version selectors for a provider's main pipeline. */
export const DEFAULT_SELECTORS: Record<string, unknown>[] = [{ mainBranch: true }, { deployedOrReleased: true }];

/** Runs `fn` with Pact's filter variables set as given (and the others as they were), restoring them after. */
async function withPactFilter<T>(description: string | undefined, fn: () => Promise<T>): Promise<T> {
  const before = process.env.PACT_DESCRIPTION;
  if (description !== undefined) process.env.PACT_DESCRIPTION = description;
  try {
    return await fn();
  } finally {
    if (description !== undefined) {
      if (before === undefined) delete process.env.PACT_DESCRIPTION;
      else process.env.PACT_DESCRIPTION = before;
    }
  }
}

function publicationProblems(pacts: readonly LoadedPact[], publications: readonly Publication[], ran: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const pact of pacts.filter((p) => ran.has(p.source))) {
    const mine = publications.filter((p) => p.pact === pact.source);
    if (!pact.publishUrl) problems.push(`${pact.source}: the broker gave no pb:publish-verification-results link`);
    else if (mine.length === 0) problems.push(`${pact.source}: Pact did not publish a result`);
    for (const p of mine.filter((x) => x.status < 200 || x.status > 299).slice(-1))
      problems.push(`${pact.source}: the broker answered HTTP ${p.status}: ${p.detail}`);
  }
  return problems;
}

/**
 * Verifies pacts against a target: starts it (mock, moto) or names it (URL, aws), reads every pact first (files, a
 * broker's pacts for verification, or one URL) so their states are checked before anything is created, then runs
 * Pact's own verifier once per pact: each interaction's provider states brought about, its request replayed signed
 * with SigV4, everything it created deleted. Results are one per interaction, from what Pact ran; results go to
 * the broker through Pact, and the broker's answer is checked.
 *
 * @example
 * const outcome = await verifyPacts({ target: { kind: 'mock' }, source: { kind: 'files', paths: ['contracts/pacts'] } });
 * process.exitCode = outcome.exitCode;
 */
export async function verifyPacts(options: VerifyOptions): Promise<VerifyOutcome> {
  const plan = planRun({ runId: PACT_RUN_ID, region: options.region });
  const env = options.env ?? process.env;
  const custom = options.statesModule ? loadStateHandlers(options.statesModule) : new Map<string, CustomStateHandler>();
  const loaded = await loadPacts(options.source);
  const pacts = loaded.map(summaryOf);
  checkStates(plan, pacts, custom);
  const only = options.only && options.only.length > 0 ? options.only.map(globToRegExp) : undefined;
  const selected = (description: string) => !only || only.some((re) => re.test(description) || re.test(description.split(':')[0]!));
  if (only && !pacts.some((p) => p.interactions.some((i) => selected(i.description)))) {
    throw new UnknownStateError(`--only ${options.only!.join(',')} matches no interaction of the pacts`);
  }
  const filters = pactFilters(env);
  const whyNotRun = filters.length > 0 ? `Pact did not run it (${filters.join(', ')} is set)` : 'Pact did not run it';

  const session = await Session.open(plan, { target: options.target, profile: options.profile, timeoutMs: options.timeoutMs });
  const targetUrl = session.target.url ?? `https://api.${plan.service.signingName}.${plan.region}.amazonaws.com`;
  const context: StateContext = {
    region: plan.region,
    targetUrl,
    send: async (operation, body) => {
      const exchange = await session.send(operation, body);
      const r = exchange.response;
      return { status: r?.status ?? 0, body: r ? (parseBody(r.body).kind === 'object' ? (JSON.parse(r.body) as unknown) : r.body) : undefined };
    },
  };
  const keeper = new StateKeeper(session, plan, custom, context);
  const brokerAuth = options.source.kind === 'files' ? {} : options.source;
  let problem: string | undefined;
  let couldNotStart = false;
  const interactions: InteractionResult[] = [];
  const ran = new Set<string>();
  let cleanup: CleanupReport = { deleted: [], leftovers: [] };
  const server = await servePacts(loaded, plan.service.contentType, brokerAuth);
  try {
    await probe(session, plan);
    const onReplay = (r: Replay) => {
      const exchange = { operation: r.operation, requestBody: '', response: { status: r.status, headers: {}, body: '' }, attempts: 1, durationMs: 0 };
      if (r.body) session.ledger.track(r.operation, r.body, exchange);
    };
    const signing = signingRequestFilter({
      targetUrl,
      region: plan.region,
      service: plan.service,
      credentials: resolveCredentials(session.target.local, options.profile),
      onReplay,
    });
    const requestFilter: RequestFilter = (req: FilterRequest, res, next) => {
      const path = req.path ?? req.url ?? '/';
      if (path === '/_pactSetup') return void keeper.answer(req.body as never, res);
      if (path === '/_messages') return next();
      keeper.beforeReplay().then(() => signing(req, res, next), next);
    };
    for (const [index, pact] of pacts.entries()) {
      const chosen = pact.interactions.filter((i) => selected(i.description));
      if (chosen.length === 0) {
        interactions.push(...interactionResults(pact, {}, keeper.errors, selected));
        continue;
      }
      const filter = only ? `^(${[...new Set(chosen.map((i) => escapeRegExp(i.description)))].join('|')})$` : undefined;
      const verifierOptions: VerifierOptions = {
        providerBaseUrl: targetUrl,
        logLevel: options.logLevel ?? 'error',
        requestFilter: requestFilter as never,
        timeout: options.timeoutMs ?? 30000,
        pactUrls: [server.url(index)],
        ...(options.publish && options.source.kind !== 'files'
          ? {
              publishVerificationResult: true,
              providerVersion: options.publish.providerVersion,
              ...(options.publish.branch ? { providerVersionBranch: options.publish.branch } : {}),
            }
          : {}),
      };
      let json: VerifierJson | undefined;
      try {
        json = parseVerifierJson(await withPactFilter(filter, () => new Verifier(verifierOptions).verifyProvider()));
      } catch (error) {
        json = parseVerifierJson((error as Error).message);
        if (!json) {
          problem = `Pact's verifier could not run: ${(error as Error).message.split('\n')[0]}`;
          couldNotStart = interactions.length === 0;
          break;
        }
      }
      ran.add(pact.source);
      await keeper.reset();
      interactions.push(...interactionResults(pact, json ?? {}, keeper.errors, selected, whyNotRun));
    }
  } finally {
    await server.close();
    cleanup = await session.close();
    cleanup = { deleted: [...keeper.deleted, ...cleanup.deleted], leftovers: [...keeper.leftovers, ...cleanup.leftovers] };
  }
  const published =
    options.publish && options.source.kind !== 'files'
      ? (() => {
          const failures = publicationProblems(loaded, server.publications, ran);
          return {
            broker: options.source.url,
            providerVersion: options.publish.providerVersion,
            ...(options.publish.branch ? { branch: options.publish.branch } : {}),
            ok: failures.length === 0,
            ...(failures.length > 0 ? { failures } : {}),
          };
        })()
      : undefined;
  const contracts = summarizeContracts(pacts, interactions, published);
  if (contracts.summary.notRun > 0) problem ??= `${contracts.summary.notRun} interaction(s) were not run: ${whyNotRun}`;
  if (published && !published.ok) problem = [problem, `publishing results failed: ${published.failures!.join('; ')}`].filter(Boolean).join('; ');
  const failed = contracts.summary.failed > 0 || contracts.summary.notRun > 0 || cleanup.leftovers.length > 0 || (published !== undefined && !published.ok);
  return {
    spec: plan.operation.spec,
    contracts,
    targetLabel: session.target.label,
    targetUrl: session.target.url ?? targetUrl,
    region: plan.region,
    cleanup,
    ...(problem ? { problem } : {}),
    exitCode: couldNotStart ? 2 : failed ? 1 : 0,
  };
}
