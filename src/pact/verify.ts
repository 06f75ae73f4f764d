import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { resolveCredentials } from '../client/credentials';
import { errorCodeOf, parseBody, snippet } from '../engine/parse';
import { planRun, runVars, Session, type CleanupReport, type RunPlan } from '../engine/session';
import type { ContractsReport, InteractionResult } from '../report/model';
import { expand } from '../cases/values';
import { loadOperation, listOperations } from '../spec/load';
import { TargetError, type TargetSpec } from '../target/targets';
import { PACT_RUN_ID } from './contract';
import { parseState, supportedStates, UnknownStateError, type ProviderState, type ResourceState } from './states';
import { signingRequestFilter, type Replay } from './signing';
import { BadInputError } from '../errors';

/** A pact file as far as verification needs it. */
export interface PactSummary {
  source: string;
  consumer: string;
  provider: string;
  interactions: { description: string; states: ProviderState[]; pending: boolean }[];
}

export class PactSourceError extends BadInputError {
  override name = 'PactSourceError';
}

/** Where the pacts come from: files and folders, or a Pact Broker (which is also where results can be published). */
export type PactSource =
  { kind: 'files'; paths: string[] } | { kind: 'broker'; url: string; token?: string; provider: string; selectors?: Record<string, unknown>[] };

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
  /** Pact's own log level (default: error; Pact's verifier prints its report to stdout regardless). */
  logLevel?: VerifierOptions['logLevel'];
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

function pactFilesIn(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new PactSourceError(`--pact ${path}: no such file or folder (write our contracts with 'sagemaker-conformance pact')`);
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(path, f));
}

/** One line naming the file and the place, for an interaction Pact's verifier would choke on. */
function checkInteraction(file: string, n: number, i: unknown): void {
  const at = `${file}: interactions[${n}]`;
  if (typeof i !== 'object' || i === null || Array.isArray(i)) throw new PactSourceError(`${at} is not an object`);
  const states = (i as { providerStates?: unknown }).providerStates;
  if (states === undefined) return;
  if (!Array.isArray(states)) throw new PactSourceError(`${at}.providerStates must be a list, not ${JSON.stringify(states)}`);
  states.forEach((st: unknown, k) => {
    if (typeof (st as { name?: unknown } | null)?.name !== 'string') throw new PactSourceError(`${at}.providerStates[${k}] has no name`);
  });
}

/** Reads the pact files named by files and folders; a folder contributes its `*.json` files. */
export function readPacts(paths: readonly string[]): PactSummary[] {
  const files = paths.flatMap((p) => pactFilesIn(resolve(p)));
  if (files.length === 0) throw new PactSourceError(`no pact files in ${paths.join(', ')}: write ours with 'sagemaker-conformance pact' or pass --pact FILE`);
  return files.map((file) => {
    let pact: {
      consumer?: { name?: string };
      provider?: { name?: string };
      interactions?: { description?: string; providerStates?: ProviderState[]; providerState?: string; pending?: boolean; type?: string }[];
    };
    try {
      pact = JSON.parse(readFileSync(file, 'utf8')) as typeof pact;
    } catch (error) {
      throw new PactSourceError(`${file} is not a pact file: ${(error as Error).message}`);
    }
    if (!Array.isArray(pact?.interactions)) throw new PactSourceError(`${file} is not a pact file: it has no "interactions" list`);
    if (pact.interactions.length === 0) throw new PactSourceError(`${file} has no interactions: there is nothing to verify`);
    pact.interactions.forEach((i, n) => checkInteraction(file, n, i));
    return {
      source: file,
      consumer: pact.consumer?.name ?? '?',
      provider: pact.provider?.name ?? '?',
      interactions: pact.interactions.map((i) => ({
        description: i.description ?? '',
        // V3/V4 keep a list of states; V2 had one string.
        states: i.providerStates ?? (i.providerState ? [{ name: i.providerState }] : []),
        pending: i.pending === true,
      })),
    };
  });
}

/** Every state the pacts use, checked before anything is created: an unknown one is bad input, named with where it is. */
export function checkStates(plan: RunPlan, pacts: readonly PactSummary[]): Map<string, ResourceState> {
  const known = new Map<string, ResourceState>();
  for (const pact of pacts) {
    for (const interaction of pact.interactions) {
      for (const state of interaction.states) {
        const parsed = parseState(plan.service, state);
        if (!parsed) {
          throw new UnknownStateError(
            `unknown provider state "${state.name}" (${pact.source}, interaction "${interaction.description}"); supported: ${supportedStates(plan.service).join('; ')}`,
          );
        }
        known.set(state.name, parsed);
      }
    }
  }
  return known;
}

/** Brings provider states about on the target through the session, so everything they create is deleted afterwards. */
class StateKeeper {
  /** Errors from state set-up, by state text: Pact's proxy only logs them, so the report shows them here. */
  readonly errors = new Map<string, string>();
  /** The last resource of each type a state named: an endpoint config's variants use the model its interaction named. */
  private readonly latest = new Map<string, string>();

  constructor(
    private readonly session: Session,
    private readonly plan: RunPlan,
  ) {}

  private async exists(type: string, name: string): Promise<boolean> {
    const resource = this.plan.service.resources[type]!;
    const exchange = await this.session.send(resource.describe, { [resource.nameMember]: name });
    return exchange.response?.status === 200;
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

  /** Makes sure the named resource exists: leaves one that does alone, creates (and so owns) one that does not. */
  async ensure(state: ResourceState): Promise<void> {
    const { resource: type, name } = state;
    if (!(await this.exists(type, name))) {
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
    }
    this.latest.set(type, name);
  }

  /** Pact's state handlers for every state the pacts use. */
  handlers(states: ReadonlyMap<string, ResourceState>): NonNullable<VerifierOptions['stateHandlers']> {
    return Object.fromEntries(
      [...states].map(([text, state]) => [
        text,
        // A plain function is a set-up handler; nothing to tear down per state (`reset` runs after each interaction).
        async () => {
          try {
            await this.ensure(state);
          } catch (error) {
            this.errors.set(text, (error as Error).message);
            throw error;
          }
          return undefined;
        },
      ]),
    );
  }

  /** After each interaction: delete what it created, so the next starts from only its own states. */
  async reset(): Promise<void> {
    this.latest.clear();
    const report = await this.session.cleanup();
    this.leftovers.push(...report.leftovers);
    this.deleted.push(...report.deleted);
  }

  readonly leftovers: CleanupReport['leftovers'] = [];
  readonly deleted: string[] = [];
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

/** One result per interaction of every pact: failed (or pending-failed) if Pact named it in its errors, verified otherwise. */
export function interactionResults(pacts: readonly PactSummary[], json: VerifierJson, stateErrors: ReadonlyMap<string, string>): InteractionResult[] {
  return pacts.flatMap((pact) =>
    pact.interactions.map((i): InteractionResult => {
      const stateProblems = i.states
        .filter((s) => stateErrors.has(s.name))
        .map((s) => `provider state "${s.name}" could not be set up: ${stateErrors.get(s.name)}`);
      const failed = errorsFor(json.errors, pact, i.description);
      const pendingFailed = errorsFor(json.pendingErrors, pact, i.description);
      const status = failed.length > 0 ? 'failed' : pendingFailed.length > 0 ? 'pending-failed' : 'verified';
      return {
        pact: pact.source,
        consumer: pact.consumer,
        provider: pact.provider,
        description: i.description,
        states: i.states.map((s) => s.name),
        status,
        failures: status === 'verified' ? [] : [...stateProblems, ...failed, ...pendingFailed],
      };
    }),
  );
}

function summarizeContracts(pacts: readonly PactSummary[], interactions: InteractionResult[], publish?: ContractsReport['published']): ContractsReport {
  return {
    pacts: pacts.map((p) => ({ source: p.source, consumer: p.consumer, provider: p.provider, interactions: p.interactions.length })),
    summary: {
      total: interactions.length,
      verified: interactions.filter((i) => i.status === 'verified').length,
      failed: interactions.filter((i) => i.status === 'failed').length,
      pendingFailed: interactions.filter((i) => i.status === 'pending-failed').length,
    },
    interactions,
    ...(publish ? { published: publish } : {}),
  };
}

/**
 * Verifies pacts against a target: starts it (mock, moto) or names it (URL, aws), brings each interaction's provider
 * states about, replays each request signed with SigV4 through Pact's own verifier, deletes everything it created,
 * and maps Pact's result onto one result per interaction.
 *
 * @example
 * const outcome = await verifyPacts({ target: { kind: 'mock' }, source: { kind: 'files', paths: ['contracts/pacts'] } });
 * process.exitCode = outcome.exitCode;
 */
export async function verifyPacts(options: VerifyOptions): Promise<VerifyOutcome> {
  const plan = planRun({ runId: PACT_RUN_ID, region: options.region });
  // Local pacts are read (and their states checked) before anything starts; a broker's are known only to Pact.
  const pacts = options.source.kind === 'files' ? readPacts(options.source.paths) : [];
  const states = checkStates(plan, pacts);
  const session = await Session.open(plan, { target: options.target, profile: options.profile, timeoutMs: options.timeoutMs });
  const keeper = new StateKeeper(session, plan);
  const targetUrl = session.target.url ?? `https://api.${plan.service.signingName}.${plan.region}.amazonaws.com`;
  let json: VerifierJson | undefined;
  let problem: string | undefined;
  let cleanup: CleanupReport = { deleted: [], leftovers: [] };
  try {
    await probe(session, plan);
    const onReplay = (r: Replay) => {
      const exchange = { operation: r.operation, requestBody: '', response: { status: r.status, headers: {}, body: '' }, attempts: 1, durationMs: 0 };
      if (r.body) session.track(r.operation, r.body, exchange);
    };
    const source = options.source;
    const verifierOptions: VerifierOptions = {
      providerBaseUrl: targetUrl,
      logLevel: options.logLevel ?? 'error',
      stateHandlers: keeper.handlers(states),
      requestFilter: signingRequestFilter({
        targetUrl,
        region: plan.region,
        service: plan.service,
        credentials: resolveCredentials(session.target.local, options.profile),
        onReplay,
      }) as never,
      afterEach: () => keeper.reset(),
      timeout: options.timeoutMs ?? 30000,
      ...(source.kind === 'files'
        ? { pactUrls: pacts.map((p) => p.source) }
        : {
            provider: source.provider,
            pactBrokerUrl: source.url,
            ...(source.token ? { pactBrokerToken: source.token } : {}),
            consumerVersionSelectors: source.selectors ?? [{ mainBranch: true }, { deployedOrReleased: true }],
          }),
      ...(options.publish
        ? {
            publishVerificationResult: true,
            providerVersion: options.publish.providerVersion,
            ...(options.publish.branch ? { providerVersionBranch: options.publish.branch } : {}),
          }
        : {}),
    };
    try {
      json = parseVerifierJson(await new Verifier(verifierOptions).verifyProvider());
    } catch (error) {
      json = parseVerifierJson((error as Error).message);
      if (!json) problem = `Pact's verifier could not run: ${(error as Error).message.split('\n')[0]}`;
    }
  } finally {
    cleanup = await session.close();
    cleanup = { deleted: [...keeper.deleted, ...cleanup.deleted], leftovers: [...keeper.leftovers, ...cleanup.leftovers] };
  }
  const interactions = json ? interactionResults(pacts, json, keeper.errors) : [];
  const contracts = summarizeContracts(
    pacts,
    interactions,
    options.publish && options.source.kind === 'broker'
      ? { broker: options.source.url, providerVersion: options.publish.providerVersion, ...(options.publish.branch ? { branch: options.publish.branch } : {}) }
      : undefined,
  );
  if (json && json.result === false && contracts.summary.failed === 0 && options.source.kind === 'files')
    problem ??= 'Pact reported a failure that names no interaction of the pacts';
  const failed = contracts.summary.failed > 0 || json?.result === false || cleanup.leftovers.length > 0;
  return {
    spec: plan.operation.spec,
    contracts,
    targetLabel: session.target.label,
    targetUrl: session.target.url ?? targetUrl,
    region: plan.region,
    cleanup,
    ...(problem ? { problem } : {}),
    exitCode: problem && !json ? 2 : failed ? 1 : 0,
  };
}
