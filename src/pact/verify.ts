import { pactEnvironment, withEnvironment } from '../client/agents';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { resolveCredentials } from '../client/credentials';
import { parseBody } from '../client/parse';
import { planRun, type Session, type CleanupReport, type RunPlan } from '../engine/session';
import { openSession } from '../runner/open-session';
import type { ContractsReport, InteractionResult } from '../report/model';
import { exitCodeOf, type ExitCode } from '../report/exit-code';
import { globToRegExp } from '../runner/run';
import { escapeRegExp } from '../engine/listing';
import { TargetError, type TargetSpec } from '../target/targets';
import { PACT_RUN_ID } from './contract';
import { loadStateHandlers, parseState, supportedStates, UnknownStateError, type CustomStateHandler, type StateContext } from './states';
import { pactFromUrl, pactsFromBroker, pactsFromFiles, PactSourceError, servePacts, type LoadedPact } from './sources';
import { StateKeeper } from './state-keeper';
import { parseVerifierJson, pactFilters, type VerifierJson } from './verifier-output';
import { interactionResults, publicationProblems, summarizeContracts, type PactSummary } from './verify-results';
import { bodyBytes, parseJson, signingRequestFilter, type FilterRequest, type Replay, type RequestFilter } from './signing';
import { refusal, type GuardView } from './replay-guard';
import { INTERACTION_HEADER } from './sources';

export { PactSourceError, interactionResults, type PactSummary };

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
  /**
   * Aborting stops the verification: no more states are set up or requests replayed, calls in flight end within a
   * second, what the states created is deleted (at most a few seconds), and the outcome is marked interrupted.
   */
  signal?: AbortSignal;
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
  /** Set when the verification was stopped before its end (a signal): the interactions not reached are not run. */
  interrupted?: string;
  exitCode: ExitCode;
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
/** One cheap read before anything is created, so an unreachable target is a clear "could not start" (exit 2). */
async function probe(session: Session, plan: RunPlan): Promise<void> {
  const resource = plan.service.resources[plan.operation.creates ?? ''] ?? Object.values(plan.service.resources)[0]!;
  const exchange = await session.client.send(resource.list.operation, { MaxResults: 1 });
  if (!exchange.response) throw new TargetError(`target unreachable: ${exchange.transportError ?? 'no response'}`);
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

  const session = await openSession(plan, { target: options.target, profile: options.profile, timeoutMs: options.timeoutMs });
  const targetUrl = session.target.url ?? `https://api.${plan.service.signingName}.${plan.region}.amazonaws.com`;
  const context: StateContext = {
    region: plan.region,
    targetUrl,
    send: async (operation, body) => {
      const exchange = await session.send(operation, body);
      const r = exchange.response;
      const parsed = r ? parseBody(r.body) : undefined;
      return { status: r?.status ?? 0, body: r ? (parsed?.kind === 'object' ? parsed.value : r.body) : undefined };
    },
  };
  const keeper = new StateKeeper(session, plan, custom, context);
  const brokerAuth = options.source.kind === 'files' ? {} : options.source;
  let problem: string | undefined;
  let couldNotStart = false;
  const interactions: InteractionResult[] = [];
  const ran = new Set<string>();
  /** The current pact's interactions whose request the replay guard held back, with why. */
  const refused = new Map<number, string>();
  let refusedCount = 0;
  let cleanup: CleanupReport = { deleted: [], leftovers: [] };
  const server = await servePacts(loaded, plan.service.contentType, brokerAuth);
  let interrupted: string | undefined;
  let onStop = () => {};
  /** Settles when the signal aborts: the verifier's promise is raced against it, as Pact's verifier cannot be cancelled. */
  const stopping = new Promise<void>((settle) => {
    onStop = () => {
      interrupted = `interrupted (${String(options.signal?.reason ?? 'aborted')})`;
      keeper.stop(interrupted);
      session.interrupt(interrupted);
      settle();
    };
  });
  if (options.signal?.aborted) onStop();
  else options.signal?.addEventListener('abort', onStop, { once: true });
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
    const view: GuardView = {
      created: (type, name) => session.ledger.has(type, name),
      exists: async (type, name) => {
        const resource = plan.service.resources[type]!;
        return (await session.send(resource.describe, { [resource.nameMember]: name })).response?.status === 200;
      },
    };
    const requestFilter: RequestFilter = (req: FilterRequest, res, next) => {
      const path = req.path ?? req.url ?? '/';
      if (path === '/_pactSetup') return void keeper.answer(req.body as never, res);
      if (path === '/_messages') return next();
      const interaction = Number(req.headers[INTERACTION_HEADER]);
      delete req.headers[INTERACTION_HEADER];
      if (interrupted) {
        res.statusCode = 503;
        res.setHeader('content-type', 'application/json');
        return void res.end(JSON.stringify({ __type: 'NotSent', message: `sagemaker-conformance did not send this request: ${interrupted}` }));
      }
      keeper
        .beforeReplay()
        .then(async () => {
          const operation =
            String(req.headers['x-amz-target'] ?? '')
              .split('.')
              .pop() ?? '';
          const why = await refusal(plan.service, view, operation, parseJson(bodyBytes(req.body)));
          if (why === undefined) return signing(req, res, next);
          if (Number.isInteger(interaction)) refused.set(interaction, why);
          res.statusCode = 403;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ __type: 'NotSent', message: `sagemaker-conformance did not send this request: ${why}` }));
        })
        .catch(next);
    };
    for (const [index, pact] of pacts.entries()) {
      refused.clear();
      if (interrupted) {
        interactions.push(...interactionResults(pact, {}, keeper.errors, selected, `not reached: ${interrupted}`));
        continue;
      }
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
        json = parseVerifierJson(
          // Pact's proxy and native verifier get the agent policy's proxy variables (src/client/agents.ts).
          await Promise.race([
            withEnvironment(pactEnvironment(targetUrl, env, session.target.kind === 'mock' || session.target.kind === 'moto'), () =>
              withPactFilter(filter, () => new Verifier(verifierOptions).verifyProvider()),
            ),
            stopping.then(() => ''),
          ]),
        );
        if (interrupted) {
          // What Pact ran of this pact before the stop is unknown (its report comes at its end): none of it counts.
          interactions.push(...interactionResults(pact, {}, keeper.errors, selected, `not finished: ${interrupted}`));
          continue;
        }
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
      refusedCount += refused.size;
      interactions.push(...interactionResults(pact, json ?? {}, keeper.errors, selected, whyNotRun, refused));
    }
  } finally {
    options.signal?.removeEventListener('abort', onStop);
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
  if (interrupted)
    problem = `${interrupted}: ${contracts.summary.notRun} of ${contracts.summary.total} interaction(s) not run or not finished; ${cleanup.leftovers.length === 0 ? 'what the provider states created was deleted' : `${cleanup.leftovers.length} resource(s) could not be deleted`}`;
  if (refusedCount > 0)
    problem ??= `${refusedCount} interaction(s) were not run: their requests would delete or change what their provider states did not create, or call an operation outside the contracts' resources`;
  if (contracts.summary.notRun > refusedCount) problem ??= `${contracts.summary.notRun - refusedCount} interaction(s) were not run: ${whyNotRun}`;
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
    ...(interrupted ? { interrupted } : {}),
    exitCode: exitCodeOf({ couldStart: !couldNotStart, needsAttention: failed }),
  };
}
