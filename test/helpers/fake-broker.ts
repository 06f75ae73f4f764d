import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One pact publication: a consumer version's pact with a provider. */
export interface BrokerPact {
  consumer: string;
  provider: string;
  consumerVersion: string;
  branch?: string;
  /** The pact's own sha, as the broker names pact versions (content only). */
  sha: string;
  content: Record<string, unknown>;
  publishedAt: string;
}

/** One verification result as the verifier posted it. */
export interface BrokerVerification {
  consumer: string;
  provider: string;
  sha: string;
  providerVersion: string;
  branch?: string;
  success: boolean;
  testResults?: unknown;
  body: Record<string, unknown>;
}

export interface FakeBroker {
  url: string;
  /** Every request: method, path, Authorization header and body. */
  requests: { method: string; path: string; authorization: string | undefined; body: string }[];
  pacts: BrokerPact[];
  verifications: BrokerVerification[];
  deployments: { pacticipant: string; version: string; environment: string }[];
  /** Pact Broker answers to make fail on purpose. */
  fail: { publishResults?: boolean };
  /** Adds a pact as `pact-broker publish` would. */
  addPact(pact: Omit<BrokerPact, 'sha' | 'publishedAt'> & { publishedAt?: string }): BrokerPact;
  /** The HAL URL of a pact version, as `pb:provider-pacts-for-verification` and webhooks name it. */
  pactUrl(pact: BrokerPact): string;
  close(): Promise<void>;
}

interface Selector {
  mainBranch?: boolean;
  branch?: string;
  matchingBranch?: boolean;
  deployedOrReleased?: boolean;
  deployed?: boolean;
  environment?: string;
  latest?: boolean;
  consumer?: string;
}

const MAIN_BRANCHES = new Set(['main', 'master']);

/**
 * A loopback Pact Broker for the calls this project makes, shaped as the Pact Broker documents its HAL API
 * (docs.pact.io/pact_broker/advanced_topics/api_docs):
 * - the index, with `pb:publish-contracts`, `pb:provider-pacts-for-verification`, `pb:pacticipant-version`,
 *   `pb:pacticipant-branch-version`, `pb:environments` and `pb:latest-pact-versions`-style links;
 * - `POST /contracts/publish` (what `pact-broker publish` sends);
 * - `POST /pacts/provider/{provider}/for-verification` with consumer version selectors (`mainBranch`, `branch`,
 *   `matchingBranch`, `deployedOrReleased`, `deployed`, `environment`, `consumer`, `latest`), pending status (a pact
 *   is pending until a version of the provider's branch has verified it successfully) and WIP pacts
 *   (`includeWipPactsSince`: pending pacts from consumer branches published since then, not otherwise selected);
 * - the pact version itself, with `pb:publish-verification-results`, and that endpoint;
 * - pacticipant versions, branch versions, environments and `pb:record-deployment`;
 * - `GET /matrix` as `can-i-deploy` asks it (one pacticipant version, to an environment or with the latest of
 *   another), answering `summary.deployable`.
 * Everything else is 404. State lives in memory.
 */
export async function startFakeBroker(): Promise<FakeBroker> {
  const requests: FakeBroker['requests'] = [];
  const pacts: BrokerPact[] = [];
  const verifications: BrokerVerification[] = [];
  const deployments: FakeBroker['deployments'] = [];
  const versions = new Map<string, { pacticipant: string; version: string; branches: Set<string> }>();
  const environments = [
    { uuid: randomUUID(), name: 'test', displayName: 'Test', production: false },
    { uuid: randomUUID(), name: 'production', displayName: 'Production', production: true },
  ];
  const fail: FakeBroker['fail'] = {};
  let base = '';

  const enc = encodeURIComponent;
  const pactUrl = (p: BrokerPact) => `${base}/pacts/provider/${enc(p.provider)}/consumer/${enc(p.consumer)}/pact-version/${p.sha}`;
  const versionUrl = (pacticipant: string, version: string) => `${base}/pacticipants/${enc(pacticipant)}/versions/${enc(version)}`;

  function noteVersion(pacticipant: string, version: string, branch?: string) {
    const key = `${pacticipant}\0${version}`;
    const v = versions.get(key) ?? { pacticipant, version, branches: new Set<string>() };
    if (branch) v.branches.add(branch);
    versions.set(key, v);
  }

  function addPact(pact: Omit<BrokerPact, 'sha' | 'publishedAt'> & { publishedAt?: string }): BrokerPact {
    const sha = createHash('sha1').update(JSON.stringify(pact.content)).digest('hex');
    const stored: BrokerPact = { ...pact, sha, publishedAt: pact.publishedAt ?? new Date().toISOString() };
    const i = pacts.findIndex((p) => p.consumer === pact.consumer && p.provider === pact.provider && p.consumerVersion === pact.consumerVersion);
    if (i >= 0) pacts.splice(i, 1);
    pacts.push(stored);
    noteVersion(pact.consumer, pact.consumerVersion, pact.branch);
    return stored;
  }

  const deployedVersions = (pacticipant: string, environment?: string) =>
    deployments.filter((d) => d.pacticipant === pacticipant && (!environment || d.environment === environment)).map((d) => d.version);

  /** The latest pact of each consumer for the selector (the docs: "the latest for each consumer" unless `latest: false`). */
  function select(provider: string, s: Selector, providerBranch: string | undefined): BrokerPact[] {
    const candidates = pacts.filter((p) => p.provider === provider && (!s.consumer || p.consumer === s.consumer));
    let chosen: BrokerPact[];
    if (s.deployedOrReleased || s.deployed || s.environment) {
      return candidates.filter((p) => deployedVersions(p.consumer, s.environment).includes(p.consumerVersion));
    } else if (s.mainBranch) chosen = candidates.filter((p) => p.branch && MAIN_BRANCHES.has(p.branch));
    else if (s.matchingBranch) chosen = providerBranch ? candidates.filter((p) => p.branch === providerBranch) : [];
    else if (s.branch) chosen = candidates.filter((p) => p.branch === s.branch);
    else chosen = candidates;
    const latest = new Map<string, BrokerPact>();
    for (const p of chosen) latest.set(p.consumer, p); // publication order: the last one is the latest
    return [...latest.values()];
  }

  function pending(p: BrokerPact, providerBranch: string | undefined): boolean {
    return !verifications.some(
      (v) => v.sha === p.sha && v.provider === p.provider && v.success && (providerBranch === undefined || v.branch === providerBranch),
    );
  }

  function forVerification(provider: string, body: Record<string, unknown>) {
    const selectors = (Array.isArray(body.consumerVersionSelectors) ? body.consumerVersionSelectors : []) as Selector[];
    const branch = typeof body.providerVersionBranch === 'string' ? body.providerVersionBranch : undefined;
    const chosen = new Map<string, BrokerPact>();
    for (const s of selectors.length > 0 ? selectors : [{}]) for (const p of select(provider, s, branch)) chosen.set(p.sha, p);
    const includePending = body.includePendingStatus === true;
    const entries = [...chosen.values()].map((p) => {
      const isPending = includePending && pending(p, branch);
      return {
        shortDescription: `latest of ${p.consumer}${p.branch ? ` from branch ${p.branch}` : ''}`,
        verificationProperties: {
          pending: isPending,
          notices: [{ when: 'before_verification', text: `The pact at ${pactUrl(p)} is being verified because it matches the given selectors` }],
        },
        _links: { self: { href: pactUrl(p), name: `Pact between ${p.consumer} (${p.consumerVersion}) and ${p.provider}` } },
      };
    });
    const since = typeof body.includeWipPactsSince === 'string' ? Date.parse(body.includeWipPactsSince) : NaN;
    if (!Number.isNaN(since)) {
      const latestByBranch = new Map<string, BrokerPact>();
      for (const p of pacts.filter((x) => x.provider === provider && x.branch)) latestByBranch.set(`${p.consumer}\0${p.branch}`, p);
      for (const p of latestByBranch.values()) {
        if (chosen.has(p.sha) || Date.parse(p.publishedAt) < since || !pending(p, branch)) continue;
        chosen.set(p.sha, p);
        entries.push({
          shortDescription: `WIP: latest of ${p.consumer} from branch ${p.branch}`,
          verificationProperties: { pending: true, wip: true, notices: [{ when: 'before_verification', text: 'work in progress' }] } as never,
          _links: { self: { href: pactUrl(p), name: `Pact between ${p.consumer} (${p.consumerVersion}) and ${p.provider}` } },
        });
      }
    }
    return { _embedded: { pacts: entries }, _links: { self: { href: `${base}/pacts/provider/${enc(provider)}/for-verification` } } };
  }

  /** `can-i-deploy`: every pact of the pacticipant's version (as consumer) verified by the provider versions in the environment, and vice versa. */
  function matrix(url: URL) {
    const names = url.searchParams.getAll('q[][pacticipant]');
    const versionsAsked = url.searchParams.getAll('q[][version]');
    const environment = url.searchParams.get('environment') ?? undefined;
    const rows: Record<string, unknown>[] = [];
    let failed = 0;
    let unknown = 0;
    const pacticipant = names[0] ?? '';
    const version = versionsAsked[0] ?? '';
    const asConsumer = pacts.filter((p) => p.consumer === pacticipant && p.consumerVersion === version);
    for (const p of asConsumer) {
      const providerVersions = environment ? deployedVersions(p.provider, environment) : undefined;
      const results = verifications.filter((v) => v.sha === p.sha && (!providerVersions || providerVersions.includes(v.providerVersion)));
      if (results.length === 0) unknown += 1;
      for (const v of results) {
        if (!v.success) failed += 1;
        rows.push({
          consumer: { name: p.consumer, version: { number: p.consumerVersion } },
          provider: { name: p.provider, version: { number: v.providerVersion } },
          verificationResult: { success: v.success },
        });
      }
    }
    const asProvider = verifications.filter((v) => v.provider === pacticipant && v.providerVersion === version);
    for (const v of asProvider) {
      const p = pacts.find((x) => x.sha === v.sha);
      if (environment && p && !deployedVersions(p.consumer, environment).includes(p.consumerVersion)) continue;
      if (!v.success) failed += 1;
      rows.push({
        consumer: { name: v.consumer, version: { number: p?.consumerVersion } },
        provider: { name: v.provider, version: { number: v.providerVersion } },
        verificationResult: { success: v.success },
      });
    }
    const success = rows.length - failed;
    const deployable = failed === 0 && unknown === 0;
    const reason = deployable
      ? 'All required verification results are published and successful'
      : failed > 0
        ? 'One or more verifications have failed'
        : 'Missing one or more required verification results';
    return { summary: { deployable, reason, success, failed, unknown }, notices: [{ type: deployable ? 'success' : 'error', text: reason }], matrix: rows };
  }

  function index() {
    return {
      _links: {
        self: { href: base },
        'pb:publish-contracts': { href: `${base}/contracts/publish`, title: 'Publish contracts' },
        'pb:provider-pacts-for-verification': { href: `${base}/pacts/provider/{provider}/for-verification`, templated: true },
        'pb:pacticipant-version': { href: `${base}/pacticipants/{pacticipant}/versions/{version}`, templated: true },
        'pb:pacticipant-branch-version': { href: `${base}/pacticipants/{pacticipant}/branches/{branch}/versions/{version}`, templated: true },
        'pb:environments': { href: `${base}/environments` },
        'pb:environment': { href: `${base}/environments/{uuid}`, templated: true },
        'pb:matrix': { href: `${base}/matrix` },
        curies: [{ name: 'pb', href: `${base}/doc/{rel}?context=index`, templated: true }],
      },
    };
  }

  function versionResource(pacticipant: string, version: string) {
    return {
      number: version,
      _links: {
        self: { href: versionUrl(pacticipant, version) },
        'pb:record-deployment': environments.map((e) => ({
          name: e.name,
          title: `Record deployment to ${e.displayName}`,
          href: `${versionUrl(pacticipant, version)}/deployed-versions/environment/${e.uuid}`,
        })),
      },
    };
  }

  function route(req: IncomingMessage, body: string): { status: number; json?: unknown } {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname.split('/').map(decodeURIComponent);
    const json = () => (body ? (JSON.parse(body) as Record<string, unknown>) : {});
    const m = req.method;
    if (m === 'GET' && url.pathname === '/') return { status: 200, json: index() };
    if (m === 'POST' && url.pathname === '/contracts/publish') {
      const b = json() as {
        pacticipantName: string;
        pacticipantVersionNumber: string;
        branch?: string;
        contracts: { providerName: string; content: string }[];
      };
      for (const c of b.contracts) {
        const content = JSON.parse(Buffer.from(c.content, 'base64').toString('utf8')) as Record<string, unknown>;
        addPact({ consumer: b.pacticipantName, provider: c.providerName, consumerVersion: b.pacticipantVersionNumber, branch: b.branch, content });
      }
      return { status: 200, json: { logs: [{ level: 'info', message: 'published' }], _links: {} } };
    }
    // /pacts/provider/P/for-verification
    // GET is how a HAL client finds the resource (Pact's verifier then POSTs to its `self` link with the selectors).
    if ((m === 'POST' || m === 'GET') && path[1] === 'pacts' && path[2] === 'provider' && path[4] === 'for-verification' && path.length === 5) {
      return { status: 200, json: forVerification(path[3]!, m === 'POST' ? json() : {}) };
    }
    // /pacts/provider/P/consumer/C/pact-version/SHA[/verification-results]
    if (path[1] === 'pacts' && path[2] === 'provider' && path[4] === 'consumer' && path[6] === 'pact-version') {
      const pact = pacts.find((p) => p.provider === path[3] && p.consumer === path[5] && p.sha === path[7]);
      if (!pact) return { status: 404, json: { error: 'no such pact' } };
      if (m === 'GET' && path.length === 8) {
        return {
          status: 200,
          json: {
            ...pact.content,
            _links: {
              self: { href: pactUrl(pact) },
              'pb:provider': { href: `${base}/pacticipants/${enc(pact.provider)}`, name: pact.provider },
              'pb:consumer': { href: `${base}/pacticipants/${enc(pact.consumer)}`, name: pact.consumer },
              'pb:publish-verification-results': { href: `${pactUrl(pact)}/verification-results` },
            },
          },
        };
      }
      if (m === 'POST' && path[8] === 'verification-results') {
        // A refusal, as a broker refuses results it will not take (4xx): Pact's verifier (pact-js 17) retries a 5xx with
        // doubling waits for minutes before it gives up.
        if (fail.publishResults) return { status: 400, json: { errors: { base: ['the fake broker was told to refuse the results'] } } };
        const b = json();
        const providerVersion = String(b.providerApplicationVersion ?? '');
        verifications.push({
          consumer: pact.consumer,
          provider: pact.provider,
          sha: pact.sha,
          providerVersion,
          branch: [...(versions.get(`${pact.provider}\0${providerVersion}`)?.branches ?? [])][0],
          success: b.success === true,
          testResults: b.testResults,
          body: b,
        });
        noteVersion(pact.provider, providerVersion);
        return { status: 201, json: { success: b.success, providerApplicationVersion: providerVersion, _links: {} } };
      }
    }
    if (m === 'GET' && path[1] === 'pacticipants' && path.length === 3) {
      const name = path[2]!;
      return {
        status: 200,
        json: {
          name,
          _links: {
            self: { href: `${base}/pacticipants/${enc(name)}` },
            'pb:branch-version': { href: `${base}/pacticipants/${enc(name)}/branches/{branch}/versions/{version}`, templated: true },
            'pb:version': { href: `${base}/pacticipants/${enc(name)}/versions/{version}`, templated: true },
          },
        },
      };
    }
    // /pacticipants/P/branches/B/versions/V
    if (m === 'PUT' && path[1] === 'pacticipants' && path[3] === 'branches' && path[5] === 'versions') {
      noteVersion(path[2]!, path[6]!, path[4]);
      return { status: 200, json: versionResource(path[2]!, path[6]!) };
    }
    // /pacticipants/P/versions/V[/deployed-versions/environment/UUID]
    if (path[1] === 'pacticipants' && path[3] === 'versions') {
      const [pacticipant, version] = [path[2]!, path[4]!];
      if (!versions.has(`${pacticipant}\0${version}`)) return { status: 404, json: { error: 'no such version' } };
      if (m === 'GET' && path.length === 5) return { status: 200, json: versionResource(pacticipant, version) };
      if (m === 'POST' && path[5] === 'deployed-versions' && path[6] === 'environment') {
        const env = environments.find((e) => e.uuid === path[7]);
        if (!env) return { status: 404, json: { error: 'no such environment' } };
        deployments.push({ pacticipant, version, environment: env.name });
        return { status: 201, json: { uuid: randomUUID(), currentlyDeployed: true, _links: {} } };
      }
    }
    if (m === 'GET' && url.pathname === '/environments') {
      const name = url.searchParams.get('name');
      const list = environments.filter((e) => !name || e.name === name).map((e) => ({ ...e, _links: { self: { href: `${base}/environments/${e.uuid}` } } }));
      return { status: 200, json: { _embedded: { environments: list }, _links: { self: { href: `${base}/environments` } } } };
    }
    if (m === 'GET' && path[1] === 'environments' && path.length === 3) {
      const env = environments.find((e) => e.uuid === path[2]);
      return env ? { status: 200, json: { ...env, _links: { self: { href: `${base}/environments/${env.uuid}` } } } } : { status: 404, json: {} };
    }
    if (m === 'GET' && url.pathname === '/matrix') return { status: 200, json: matrix(url) };
    return { status: 404, json: { error: `the fake broker has no ${m} ${url.pathname}` } };
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body });
      let answer: { status: number; json?: unknown };
      try {
        answer = route(req, body);
      } catch (error) {
        answer = { status: 400, json: { error: (error as Error).message } };
      }
      res.statusCode = answer.status;
      res.setHeader('content-type', 'application/hal+json');
      res.end(JSON.stringify(answer.json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    pacts,
    verifications,
    deployments,
    fail,
    addPact,
    pactUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
