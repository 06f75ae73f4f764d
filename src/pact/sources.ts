import { readdirSync, statSync } from 'node:fs';
import { policyFetch, type PolicyResponse } from '../client/agents';
import { MAX_INPUT_DEPTH, readInputFile } from '../io/input-file';
import { nestingDepth } from '../io/bounded-json';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { BadInputError } from '../errors';
import { escapeRegExp } from '../engine/listing';
import type { Broker } from './broker';

export class PactSourceError extends BadInputError {
  override name = 'PactSourceError';
}

/** A pact document as far as this project reads it (V2 to V4, HTTP interactions). */
export interface PactJson {
  consumer?: { name?: string };
  provider?: { name?: string };
  interactions?: PactInteractionJson[];
  _links?: Record<string, { href?: string } | { href?: string }[] | undefined>;
  [key: string]: unknown;
}

export interface PactInteractionJson {
  description?: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  providerState?: string;
  pending?: boolean;
  type?: string;
  response?: { headers?: Record<string, unknown>; body?: unknown; matchingRules?: Record<string, Record<string, unknown>> };
  [key: string]: unknown;
}

/** One pact to verify, wherever it came from. */
export interface LoadedPact {
  /** The file, or the broker's URL of the pact version. */
  source: string;
  json: PactJson;
  /** The broker said this pact is pending for the provider's branch: its failures do not fail the verification. */
  pending: boolean;
  /** A work-in-progress pact the broker included because of `includeWipPactsSince`. */
  wip: boolean;
  /** Where the broker takes verification results for this pact (`pb:publish-verification-results`). */
  publishUrl?: string;
  /** The provider resource (`pb:provider`), through which Pact records the provider version's branch. */
  providerUrl?: string;
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

/** A pact file read within the input limits (a regular file, a size limit, no blocking open, a depth limit). */
function readPactFile(file: string): string {
  try {
    const text = readInputFile(file);
    const depth = nestingDepth(text);
    if (depth > MAX_INPUT_DEPTH) throw new Error(`JSON nested ${depth} levels deep, more than the ${MAX_INPUT_DEPTH} an input file may have`);
    return text;
  } catch (error) {
    throw new PactSourceError(`cannot read pact file ${file}: ${(error as Error).message}`);
  }
}

function asPact(text: string, where: string): PactJson {
  let pact: PactJson;
  try {
    pact = JSON.parse(text) as PactJson;
  } catch (error) {
    throw new PactSourceError(`${where} is not a pact file: ${(error as Error).message}`);
  }
  if (typeof pact !== 'object' || pact === null || !Array.isArray(pact.interactions)) {
    throw new PactSourceError(`${where} is not a pact file: it has no "interactions" list`);
  }
  if (pact.interactions.length === 0) throw new PactSourceError(`${where} has no interactions: there is nothing to verify`);
  (pact.interactions as unknown[]).forEach((interaction, n) => checkInteraction(where, n, interaction));
  return pact;
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

/** Pact files named by files and folders; a folder contributes its `*.json` files. */
export function pactsFromFiles(paths: readonly string[]): LoadedPact[] {
  const files = paths.flatMap((p) => pactFilesIn(resolve(p)));
  if (files.length === 0) throw new PactSourceError(`no pact files in ${paths.join(', ')}: write ours with 'sagemaker-conformance pact' or pass --pact FILE`);
  return files.map((file) => ({ source: file, json: asPact(readPactFile(file), file), pending: false, wip: false }));
}

function href(links: PactJson['_links'], rel: string): string | undefined {
  const link = links?.[rel];
  return Array.isArray(link) ? link[0]?.href : link?.href;
}

function authHeaders(broker: Pick<Broker, 'token'>): Record<string, string> {
  return broker.token ? { authorization: `Bearer ${broker.token}` } : {};
}

async function brokerJson(url: string, broker: Pick<Broker, 'token'>, init: { method?: string; body?: unknown } = {}): Promise<Record<string, unknown>> {
  let response: PolicyResponse;
  try {
    response = await policyFetch(url, {
      method: init.method ?? 'GET',
      headers: { accept: 'application/hal+json, application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...authHeaders(broker) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
  } catch (error) {
    throw new PactSourceError(`the Pact Broker at ${url} could not be reached: ${(error as Error).message}`);
  }
  const text = response.text;
  if (!response.ok) throw new PactSourceError(`the Pact Broker answered ${init.method ?? 'GET'} ${url} with HTTP ${response.status}: ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new PactSourceError(`the Pact Broker's answer to ${url} is not JSON: ${text.slice(0, 300)}`);
  }
}

async function loadFromUrl(url: string, broker: Pick<Broker, 'token'>, flags: { pending: boolean; wip: boolean }): Promise<LoadedPact> {
  const json = asPact(JSON.stringify(await brokerJson(url, broker)), url);
  const publishUrl = href(json._links, 'pb:publish-verification-results');
  const providerUrl = href(json._links, 'pb:provider');
  return { source: url, json, ...flags, ...(publishUrl ? { publishUrl } : {}), ...(providerUrl ? { providerUrl } : {}) };
}

/** What to ask the broker for (`pb:provider-pacts-for-verification`), with Pact's defaults: no pending, no WIP. */
export interface ForVerification {
  provider: string;
  selectors: Record<string, unknown>[];
  /** Pact's `enablePending` (default false). */
  enablePending?: boolean;
  /** Pact's `includeWipPactsSince` (default: none). */
  includeWipPactsSince?: string;
  providerBranch?: string;
}

/**
 * The provider's pacts for verification, as the Pact Broker documents it: the index's
 * `pb:provider-pacts-for-verification` link, POSTed the selectors, pending and WIP options; then each pact.
 */
export async function pactsFromBroker(broker: Broker, request: ForVerification): Promise<LoadedPact[]> {
  const index = await brokerJson(broker.url, broker);
  const template = href(index._links as PactJson['_links'], 'pb:provider-pacts-for-verification');
  if (!template) throw new PactSourceError(`the Pact Broker at ${broker.url} has no pb:provider-pacts-for-verification link (too old a broker?)`);
  const url = template.replace('{provider}', encodeURIComponent(request.provider));
  const body = {
    consumerVersionSelectors: request.selectors,
    ...(request.enablePending ? { includePendingStatus: true } : {}),
    ...(request.includeWipPactsSince ? { includeWipPactsSince: request.includeWipPactsSince } : {}),
    ...(request.providerBranch ? { providerVersionBranch: request.providerBranch } : {}),
  };
  const answer = await brokerJson(url, broker, { method: 'POST', body });
  const entries = ((answer._embedded as { pacts?: unknown[] } | undefined)?.pacts ?? []) as {
    verificationProperties?: { pending?: boolean; wip?: boolean };
    _links?: { self?: { href?: string } };
  }[];
  const pacts: LoadedPact[] = [];
  for (const entry of entries) {
    const self = entry._links?.self?.href;
    if (!self) continue;
    pacts.push(await loadFromUrl(self, broker, { pending: entry.verificationProperties?.pending === true, wip: entry.verificationProperties?.wip === true }));
  }
  return pacts;
}

/** The `PACT_URL` a broker webhook passes: one changed pact, verified and its result published. */
export function pactFromUrl(url: string, broker: Pick<Broker, 'token'>): Promise<LoadedPact> {
  return loadFromUrl(url, broker, { pending: false, wip: false });
}

/** The content types of the protocol's JSON: a pact may state either exactly, or as a matcher. */
function contentTypeRule(contentType: string) {
  return { combine: 'AND', matchers: [{ match: 'regex', regex: `^(${escapeRegExp(contentType)}|application/json)(;.*)?$` }] };
}

/** The header that carries a served interaction's index in its pact. */
export const INTERACTION_HEADER = 'x-sagemaker-conformance-interaction';

/**
 * A pact as Pact's verifier is given it. The target answers `application/x-amz-json-1.1`, which Pact's core compares
 * byte for byte, so the request filter relabels answers `application/json`; a pact that states the real type exactly
 * gets a matcher accepting both in its place, and a V4 body labelled with it is labelled `application/json`, so its
 * matchers apply. Each request carries its interaction's index in INTERACTION_HEADER. Everything else is left as the
 * consumer wrote it.
 */

export function forVerifier(pact: PactJson, contentType: string): PactJson {
  const copy = structuredClone(pact);
  delete copy._links;
  const isProtocolJson = (v: unknown) => typeof v === 'string' && v.split(';')[0]!.trim().toLowerCase() === contentType;
  for (const [index, i] of (copy.interactions ?? []).entries()) {
    // Which interaction a replayed request belongs to, for the replay guard (src/pact/replay-guard.ts); the request
    // filter takes the header off before the request goes to the target.
    if (i.request && typeof i.request === 'object') {
      const request = i.request as { headers?: Record<string, unknown> };
      const v4 = Object.values(request.headers ?? {}).some(Array.isArray);
      request.headers = { ...request.headers, [INTERACTION_HEADER]: v4 ? [String(index)] : String(index) };
    }
    const response = i.response;
    if (!response) continue;
    const key = Object.keys(response.headers ?? {}).find((h) => h.toLowerCase() === 'content-type');
    const value = key ? response.headers![key] : undefined;
    if (key && (isProtocolJson(value) || (Array.isArray(value) && value.some(isProtocolJson)))) {
      const rules = (response.matchingRules ??= {});
      const header = (rules.header ??= {});
      if (!Object.keys(header).some((h) => h.toLowerCase() === 'content-type')) header[key] = contentTypeRule(contentType);
    }
    const body = response.body as { contentType?: string } | undefined;
    if (body && typeof body === 'object' && isProtocolJson(body.contentType)) body.contentType = 'application/json';
  }
  return copy;
}

/** One result publication Pact attempted, as the broker answered it. */
export interface Publication {
  pact: string;
  status: number;
  detail: string;
}

export interface PactServer {
  url(index: number): string;
  publications: Publication[];
  close(): Promise<void>;
}

/**
 * Serves the pacts to Pact's verifier on 127.0.0.1, each as `forVerifier` made it, with links that come back here:
 * Pact records the provider branch (`pb:provider` → `pb:branch-version`) and posts results
 * (`pb:publish-verification-results`) to this server, which forwards both to the broker the pact came from with the
 * broker's token and keeps the broker's answer, so a publication the broker refused is known, not assumed.
 */
export async function servePacts(pacts: readonly LoadedPact[], contentType: string, broker: Pick<Broker, 'token'>): Promise<PactServer> {
  const publications: Publication[] = [];
  let base = '';
  const forward = async (url: string, method: string, body: string) => {
    try {
      const r = await policyFetch(url, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/hal+json', ...authHeaders(broker) },
        body,
      });
      return { status: r.status, text: r.text };
    } catch (error) {
      return { status: 0, text: `could not reach ${url}: ${(error as Error).message}` };
    }
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0]!.split('/').map(decodeURIComponent);
        const pact = pacts[Number(path[2])];
        const reply = (status: number, json: unknown) => {
          res.statusCode = status;
          res.setHeader('content-type', 'application/hal+json');
          res.end(JSON.stringify(json));
        };
        if (path[1] !== 'pact' || !pact) return reply(404, {});
        const self = `${base}/pact/${path[2]}`;
        if (req.method === 'GET' && path.length === 3) {
          const links = pact.publishUrl
            ? { self: { href: self }, 'pb:publish-verification-results': { href: `${self}/results` }, 'pb:provider': { href: `${self}/provider` } }
            : { self: { href: self } };
          return reply(200, { ...forVerifier(pact.json, contentType), _links: links });
        }
        if (req.method === 'GET' && path[3] === 'provider') {
          return reply(200, {
            name: pact.json.provider?.name,
            _links: { self: { href: `${self}/provider` }, 'pb:branch-version': { href: `${self}/branches/{branch}/versions/{version}`, templated: true } },
          });
        }
        if (req.method === 'PUT' && path[3] === 'branches' && path[5] === 'versions' && pact.providerUrl) {
          const provider = await forward(pact.providerUrl, 'GET', undefined as never);
          let target: string | undefined;
          try {
            const links = (JSON.parse(provider.text) as PactJson)._links;
            target = href(links, 'pb:branch-version')?.replace('{branch}', encodeURIComponent(path[4]!)).replace('{version}', encodeURIComponent(path[6]!));
          } catch {
            target = undefined;
          }
          if (!target) {
            publications.push({ pact: pact.source, status: provider.status, detail: `no pb:branch-version on ${pact.providerUrl}` });
            return reply(502, { error: 'no pb:branch-version' });
          }
          const answer = await forward(target, 'PUT', body || '{}');
          if (answer.status < 200 || answer.status > 299)
            publications.push({ pact: pact.source, status: answer.status, detail: `branch version: ${answer.text.slice(0, 300)}` });
          return reply(answer.status || 502, answer.status ? JSON.parse(answer.text || '{}') : { error: answer.text });
        }
        if (req.method === 'POST' && path[3] === 'results' && pact.publishUrl) {
          const answer = await forward(pact.publishUrl, 'POST', body);
          publications.push({ pact: pact.source, status: answer.status, detail: answer.text.slice(0, 300) });
          res.statusCode = answer.status || 502;
          res.setHeader('content-type', 'application/hal+json');
          return res.end(answer.status ? answer.text : JSON.stringify({ error: answer.text }));
        }
        return reply(404, {});
      })().catch((error: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: (error as Error).message }));
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (index) => `${base}/pact/${index}`,
    publications,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
