import { pactEnvironment, withEnvironment } from '../client/agents';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { resolveCredentials } from '../client/credentials';
import { parseBody } from '../client/parse';
import { planRun, type Session, type CleanupReport, type RunPlan } from '../engine/session';
import { runSession, type SessionConclusion, type SessionEnded } from '../runner/session-run';
import { summarize, type ConformanceReport, type ContractsReport, type InteractionResult } from '../report/model';
import type { ExitCode } from '../report/exit-code';
import { globToRegExp } from '../runner/run';
import { escapeRegExp } from '../engine/listing';
import { TargetError, type TargetChoice } from '../target/targets';
import { PACT_RUN_ID } from './contract';
import { loadStateHandlers, parseState, supportedStates, UnknownStateError, type CustomStateHandler, type StateContext } from './states';
import { pactFromUrl, pactsFromBroker, pactsFromFiles, PactSourceError, servePacts, type LoadedPact, type Publication } from './sources';
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
  target: TargetChoice;
  source: PactSource;
  region?: string;
  credentialProfile?: string;
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
  /** The pacts read and checked by `prepareVerification`, when the caller did so before taking the report folder. */
  prepared?: Verification;
}

export interface VerifyOutcome {
  /** The spec the provider states were brought about from, as the report gives it. */
  spec: ConformanceReport['suite']['spec'];
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
  /** The verification as a conformance report: no cases, the `contracts` section, the clean-up, the problem if any. */
  report: ConformanceReport;
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

/** Which interactions `--only` chose: every one without it; a glob list that chooses none is bad input. */
function interactionSelection(only: string[] | undefined, pacts: readonly PactSummary[]) {
  const patterns = only && only.length > 0 ? only.map(globToRegExp) : undefined;
  const selected = (description: string) => !patterns || patterns.some((re) => re.test(description) || re.test(description.split(':')[0]!));
  if (patterns && !pacts.some((p) => p.interactions.some((i) => selected(i.description)))) {
    throw new UnknownStateError(`--only ${only!.join(',')} matches no interaction of the pacts`);
  }
  return { filtered: patterns !== undefined, selected };
}

/** What verifying every pact on the open session gave: the results and what the report and exit code need. */
interface Verified {
  interactions: InteractionResult[];
  /** The pacts Pact's verifier ran to the end (their results were published, if asked). */
  ran: Set<string>;
  refusedCount: number;
  /** Pact's verifier could not run before any interaction had a result. */
  couldNotStart: boolean;
  problem?: string;
  interrupted?: string;
  targetUrl: string;
  keeper: StateKeeper;
  publications: Publication[];
}

/**
 * Reads the pacts and checks their states and `--only` before anything starts: bad input is refused before the
 * report folder is touched.
 */
export async function prepareVerification(options: VerifyOptions): Promise<Verification> {
  const plan = planRun({ runId: PACT_RUN_ID, region: options.region });
  const custom = options.statesModule ? loadStateHandlers(options.statesModule) : new Map<string, CustomStateHandler>();
  const loaded = await loadPacts(options.source);
  const pacts = loaded.map(summaryOf);
  checkStates(plan, pacts, custom);
  const selection = interactionSelection(options.only, pacts);
  const filters = pactFilters(options.env ?? process.env);
  const whyNotRun = filters.length > 0 ? `Pact did not run it (${filters.join(', ')} is set)` : 'Pact did not run it';
  return { plan, options, loaded, pacts, custom, selection, whyNotRun };
}

/** What the verification of the pacts needs besides the open session: read and checked before the session opens. */
export interface Verification {
  plan: RunPlan;
  options: VerifyOptions;
  loaded: LoadedPact[];
  pacts: PactSummary[];
  custom: ReadonlyMap<string, CustomStateHandler>;
  selection: ReturnType<typeof interactionSelection>;
  whyNotRun: string;
}

/**
 * Verifies pacts against a target: starts it (mock, moto) or names it (URL, aws), reads every pact first (files, a
 * broker's pacts for verification, or one URL) so their states are checked before anything is created, then runs
 * Pact's own verifier once per pact: each interaction's provider states brought about, its request replayed signed
 * with SigV4, everything it created deleted. Results are one per interaction, from what Pact ran; results go to
 * the broker through Pact, and the broker's answer is checked. The session, its report and its exit code are a
 * run's (`runner/session-run`).
 *
 * @example
 * const outcome = await verifyPacts({ target: { kind: 'mock' }, source: { kind: 'files', paths: ['contracts/pacts'] } });
 * process.exitCode = outcome.exitCode;
 */
export async function verifyPacts(options: VerifyOptions): Promise<VerifyOutcome> {
  // The pacts as prepared; the options (the signal above all) as given now.
  const verification: Verification = { ...(options.prepared ?? (await prepareVerification(options))), options };
  const { plan } = verification;
  const sessionOptions = { target: options.target, credentialProfile: options.credentialProfile, timeoutMs: options.timeoutMs, signal: options.signal };
  const { report, exitCode, value } = await runSession(
    plan,
    { ...sessionOptions, setup: false, confirmIdentity: false },
    {
      body: (session) => verifyOnSession(session, verification),
      conclude: (ended) => concludeVerification(ended, verification),
    },
  );
  return {
    spec: report.suite.spec,
    contracts: report.contracts!,
    targetLabel: report.target.label,
    targetUrl: report.target.url,
    region: plan.region,
    cleanup: report.cleanup,
    ...(report.problem ? { problem: report.problem } : {}),
    ...(value?.interrupted ? { interrupted: value.interrupted } : {}),
    exitCode,
    report,
  };
}

/** The verification's part of the report: the contracts section, the problem line, what needs attention. */
function concludeVerification(ended: SessionEnded<Verified>, v: Verification): SessionConclusion {
  const { options, pacts, selection } = v;
  const verified = ended.value;
  const interactions =
    verified?.interactions ?? pacts.flatMap((p) => interactionResults(p, {}, new Map(), selection.selected, `not run: ${ended.whyNotStarted ?? 'not run'}`));
  const cleanup = verified
    ? { deleted: [...verified.keeper.deleted, ...ended.cleanup.deleted], leftovers: [...verified.keeper.leftovers, ...ended.cleanup.leftovers] }
    : ended.cleanup;
  const published = verified && options.publish && options.source.kind !== 'files' ? publication(options, v.loaded, verified) : undefined;
  const contracts = summarizeContracts(pacts, interactions, published);
  const problem = verified ? verificationProblem(verified, contracts, cleanup, v.whyNotRun) : ended.problem;
  return {
    head: { summary: summarize([]) },
    tail: { cases: [], contracts },
    problem,
    judged: !verified?.couldNotStart,
    complete: verified?.interrupted === undefined,
    needsAttention: contracts.summary.failed > 0 || contracts.summary.notRun > 0 || (published !== undefined && !published.ok),
    cleanup,
    targetUrl: verified?.targetUrl ?? options.target.url ?? null,
  };
}

/** The result of publishing to the broker, as the report gives it. */
function publication(options: VerifyOptions, loaded: readonly LoadedPact[], verified: Verified): ContractsReport['published'] {
  const failures = publicationProblems(loaded, verified.publications, verified.ran);
  return {
    broker: (options.source as { url: string }).url,
    providerVersion: options.publish!.providerVersion,
    ...(options.publish!.branch ? { branch: options.publish!.branch } : {}),
    ok: failures.length === 0,
    ...(failures.length > 0 ? { failures } : {}),
  };
}

/** The verification's problem line: an interrupt, interactions refused or not run, a publication that failed. */
function verificationProblem(verified: Verified, contracts: ContractsReport, cleanup: CleanupReport, whyNotRun: string): string | undefined {
  const { interrupted, refusedCount } = verified;
  let problem = verified.problem;
  if (interrupted)
    problem = `${interrupted}: ${contracts.summary.notRun} of ${contracts.summary.total} interaction(s) not run or not finished; ${cleanup.leftovers.length === 0 ? 'what the provider states created was deleted' : `${cleanup.leftovers.length} resource(s) could not be deleted`}`;
  if (refusedCount > 0)
    problem ??= `${refusedCount} interaction(s) were not run: their requests would delete or change what their provider states did not create, or call an operation outside the contracts' resources`;
  if (contracts.summary.notRun > refusedCount) problem ??= `${contracts.summary.notRun - refusedCount} interaction(s) were not run: ${whyNotRun}`;
  const published = contracts.published;
  if (published && !published.ok) problem = [problem, `publishing results failed: ${published.failures!.join('; ')}`].filter(Boolean).join('; ');
  return problem;
}

/** Provider states brought about through the session: their requests are the session's, and so is their clean-up. */
function stateContext(session: Session, plan: RunPlan, targetUrl: string): StateContext {
  return {
    region: plan.region,
    targetUrl,
    send: async (operation, body) => {
      const exchange = await session.send(operation, body);
      const r = exchange.response;
      const parsed = r ? parseBody(r.body) : undefined;
      return { status: r?.status ?? 0, body: r ? (parsed?.kind === 'object' ? parsed.value : r.body) : undefined };
    },
  };
}

/** Pacts verified one by one on the open session, until the end or an interrupt. */
async function verifyOnSession(session: Session, v: Verification): Promise<Verified> {
  const { plan, options } = v;
  const targetUrl = session.target.url ?? `https://api.${plan.service.signingName}.${plan.region}.amazonaws.com`;
  const keeper = new StateKeeper(session, plan, v.custom, stateContext(session, plan, targetUrl));
  const verified: Verified = { interactions: [], ran: new Set(), refusedCount: 0, couldNotStart: false, targetUrl, keeper, publications: [] };
  let onStop = () => {};
  /** Settles when the signal aborts: the verifier's promise is raced against it, as Pact's verifier cannot be cancelled. */
  const stopping = new Promise<void>((settle) => {
    onStop = () => {
      verified.interrupted = `interrupted (${String(options.signal?.reason ?? 'aborted')})`;
      keeper.stop(verified.interrupted);
      session.interrupt(verified.interrupted);
      settle();
    };
  });
  if (options.signal?.aborted) onStop();
  else options.signal?.addEventListener('abort', onStop, { once: true });
  const server = await servePacts(v.loaded, plan.service.contentType, options.source.kind === 'files' ? {} : options.source);
  verified.publications = server.publications;
  try {
    await probe(session, plan);
    const replay = { refused: new Map<number, string>(), isInterrupted: () => verified.interrupted };
    const requestFilter = replayFilter(session, plan, keeper, options, targetUrl, replay);
    for (const [index, pact] of v.pacts.entries()) {
      replay.refused.clear();
      const pass = { pact, url: server.url(index), requestFilter, targetUrl, stopping, refused: replay.refused };
      if (!(await verifyOnePact(session, v, verified, pass))) break;
    }
  } finally {
    options.signal?.removeEventListener('abort', onStop);
    await server.close();
  }
  return verified;
}

/** One pact's turn: the pact, where the verifier reads it, the request filter, and how its requests were refused. */
interface PactPass {
  pact: PactSummary;
  url: string;
  requestFilter: RequestFilter;
  targetUrl: string;
  /** Settles when the verification is interrupted. */
  stopping: Promise<void>;
  /** The pact's interactions whose request the replay guard held back, with why. */
  refused: ReadonlyMap<number, string>;
}

/**
 * Runs Pact's verifier on one pact and adds its interactions' results; false when Pact's verifier could not run at
 * all (the verification stops there). An interrupted verification adds the pacts not reached as not run.
 */
async function verifyOnePact(session: Session, v: Verification, verified: Verified, pass: PactPass): Promise<boolean> {
  const { options, selection, whyNotRun } = v;
  const { pact, targetUrl } = pass;
  const { keeper, interactions } = verified;
  if (verified.interrupted) {
    interactions.push(...interactionResults(pact, {}, keeper.errors, selection.selected, `not reached: ${verified.interrupted}`));
    return true;
  }
  const chosen = pact.interactions.filter((i) => selection.selected(i.description));
  if (chosen.length === 0) {
    interactions.push(...interactionResults(pact, {}, keeper.errors, selection.selected));
    return true;
  }
  const filter = selection.filtered ? `^(${[...new Set(chosen.map((i) => escapeRegExp(i.description)))].join('|')})$` : undefined;
  const verifierOptions: VerifierOptions = {
    providerBaseUrl: targetUrl,
    logLevel: options.logLevel ?? 'error',
    requestFilter: pass.requestFilter as never,
    timeout: options.timeoutMs ?? 30000,
    pactUrls: [pass.url],
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
    const local = session.target.kind === 'mock' || session.target.kind === 'moto';
    json = parseVerifierJson(
      // Pact's proxy and native verifier get the agent policy's proxy variables (src/client/agents.ts).
      await Promise.race([
        withEnvironment(pactEnvironment(targetUrl, options.env ?? process.env, local), () =>
          withPactFilter(filter, () => new Verifier(verifierOptions).verifyProvider()),
        ),
        pass.stopping.then(() => ''),
      ]),
    );
    if (verified.interrupted) {
      // What Pact ran of this pact before the stop is unknown (its report comes at its end): none of it counts.
      interactions.push(...interactionResults(pact, {}, keeper.errors, selection.selected, `not finished: ${verified.interrupted}`));
      return true;
    }
  } catch (error) {
    json = parseVerifierJson((error as Error).message);
    if (!json) {
      verified.problem = `Pact's verifier could not run: ${(error as Error).message.split('\n')[0]}`;
      verified.couldNotStart = interactions.length === 0;
      return false;
    }
  }
  verified.ran.add(pact.source);
  await keeper.reset();
  verified.refusedCount += pass.refused.size;
  interactions.push(...interactionResults(pact, json ?? {}, keeper.errors, selection.selected, whyNotRun, pass.refused));
  return true;
}

/**
 * Pact's request filter: answers the provider-state calls through the keeper, holds back a request the replay guard
 * refuses (and one sent after an interrupt), and signs the others with SigV4, tracking what they create.
 */
function replayFilter(
  session: Session,
  plan: RunPlan,
  keeper: StateKeeper,
  options: VerifyOptions,
  targetUrl: string,
  replay: { refused: Map<number, string>; isInterrupted: () => string | undefined },
): RequestFilter {
  const onReplay = (r: Replay) => {
    const exchange = { operation: r.operation, requestBody: '', response: { status: r.status, headers: {}, body: '' }, attempts: 1, durationMs: 0 };
    if (r.body) session.ledger.track(r.operation, r.body, exchange);
  };
  const signing = signingRequestFilter({
    targetUrl,
    region: plan.region,
    service: plan.service,
    credentials: resolveCredentials(session.target.local, options.credentialProfile),
    onReplay,
  });
  const view: GuardView = {
    created: (type, name) => session.ledger.has(type, name),
    exists: async (type, name) => {
      const resource = plan.service.resources[type]!;
      return (await session.send(resource.describe, { [resource.nameMember]: name })).response?.status === 200;
    },
  };
  const notSent = (res: Parameters<RequestFilter>[1], status: number, why: string) => {
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ __type: 'NotSent', message: `sagemaker-conformance did not send this request: ${why}` }));
  };
  return (req: FilterRequest, res, next) => {
    const path = req.path ?? req.url ?? '/';
    if (path === '/_pactSetup') return void keeper.answer(req.body as never, res);
    if (path === '/_messages') return next();
    const interaction = Number(req.headers[INTERACTION_HEADER]);
    delete req.headers[INTERACTION_HEADER];
    const interrupted = replay.isInterrupted();
    if (interrupted) return void notSent(res, 503, interrupted);
    keeper
      .beforeReplay()
      .then(async () => {
        const operation =
          String(req.headers['x-amz-target'] ?? '')
            .split('.')
            .pop() ?? '';
        const why = await refusal(plan.service, view, operation, parseJson(bodyBytes(req.body)));
        if (why === undefined) return signing(req, res, next);
        if (Number.isInteger(interaction)) replay.refused.set(interaction, why);
        notSent(res, 403, why);
      })
      .catch(next);
  };
}
