import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Agent } from 'node:http';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/**
 * The one HTTP agent policy for every request the suite sends (the SDK's, the raw protocol cases', STS, Pact's
 * verifier): `https_proxy`/`HTTPS_PROXY`, `http_proxy`/`HTTP_PROXY`, `all_proxy` and `no_proxy`/`NO_PROXY` as curl
 * reads them (proxy-from-env: lower case first, `*` and domain suffixes in NO_PROXY, ports). An https target goes
 * through a CONNECT tunnel, an http target is sent to the proxy in absolute form, as curl does.
 */
export function proxyFor(url: string | URL): string | undefined {
  const proxy = getProxyForUrl(typeof url === 'string' ? url : url.href);
  return proxy === '' ? undefined : proxy;
}

/** The proxy's address without its user name or password, for messages. */
export function proxyLabel(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparseable proxy URL)';
  }
}

export interface AgentOptions {
  keepAlive?: boolean;
  maxSockets?: number;
  /** Never through a proxy: a mock or moto_server the run started itself on loopback. */
  direct?: boolean;
}

/** The agent for requests to `url`: a proxy agent when the environment says so, a plain one otherwise. */
export function agentFor(url: string | URL, { direct, ...options }: AgentOptions = {}): Agent {
  const target = typeof url === 'string' ? new URL(url) : url;
  const proxy = direct ? undefined : proxyFor(target);
  const https = target.protocol === 'https:';
  if (proxy) return https ? new HttpsProxyAgent(proxy, options) : new HttpProxyAgent(proxy, options);
  return https ? new HttpsAgent(options) : new HttpAgent(options);
}

/**
 * The SDK's two agents for requests to `url`'s host (it picks one by the protocol it ends up using): each by the
 * policy for that host under that protocol.
 */
export function sdkAgents(url: string, options: AgentOptions = {}): { httpAgent: Agent; httpsAgent: Agent } {
  const as = (protocol: string) => {
    const u = new URL(url);
    u.protocol = protocol;
    return agentFor(u, options);
  };
  return { httpAgent: as('http:'), httpsAgent: as('https:') };
}

const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'];

/**
 * The environment Pact's code runs in while it verifies: its Node proxy reads HTTPS_PROXY/HTTP_PROXY and ignores
 * NO_PROXY, and its native verifier fetches our loopback pact server and Pact's own loopback proxy. So the proxy
 * variables are replaced: the target's proxy (by our policy) when it has one, and NO_PROXY naming loopback, so
 * nothing loopback and nothing the user excluded ever goes through a proxy. Pact's usage metrics are switched off.
 */
export function pactEnvironment(targetUrl: string, env: NodeJS.ProcessEnv = process.env, direct = false): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of PROXY_VARIABLES) out[name] = undefined;
  const proxy = direct ? undefined : proxyFor(targetUrl);
  if (proxy) {
    out.HTTPS_PROXY = proxy;
    out.NO_PROXY = 'localhost,127.0.0.1,::1,[::1]';
  }
  out.PACT_DO_NOT_TRACK = env.PACT_DO_NOT_TRACK ?? 'true';
  return out;
}

/** Runs `fn` with `changes` applied to process.env (undefined removes a variable), restoring every one after. */
export async function withEnvironment<T>(changes: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const before = new Map(Object.keys(changes).map((k) => [k, process.env[k]]));
  const apply = (values: Map<string, string | undefined> | Record<string, string | undefined>) => {
    for (const [k, v] of values instanceof Map ? values : Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(changes);
  try {
    return await fn();
  } finally {
    apply(before);
  }
}

/** What `policyFetch` answers: the status and the body as text. */
export interface PolicyResponse {
  status: number;
  ok: boolean;
  text: string;
}

/** A broker's answers are read up to this size, and within this time. */
const MAX_FETCHED_BYTES = 64 * 1024 * 1024;
const FETCH_DEADLINE_MS = 60000;

/**
 * A small fetch for the Pact Broker through the agent policy (Node's own fetch ignores the proxy variables): one
 * deadline over the whole exchange, and a body read up to a size limit.
 */
export function policyFetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<PolicyResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PolicyResponse>((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const headers = { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
    const req = send(target, { method: init.method ?? 'GET', headers, agent: agentFor(target) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => {
        size += d.length;
        if (size > MAX_FETCHED_BYTES) req.destroy(new Error(`the answer is larger than ${MAX_FETCHED_BYTES} bytes`));
        else chunks.push(d);
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${FETCH_DEADLINE_MS} ms`)), FETCH_DEADLINE_MS);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(body);
  });
}
