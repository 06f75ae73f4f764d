import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceSpec } from '../spec/types';

/** What Pact's verifier proxy hands a request filter (an Express request: body already read). */
export type FilterRequest = IncomingMessage & { body?: unknown; path?: string; originalUrl?: string };
export type RequestFilter = (req: FilterRequest, res: ServerResponse, next: (error?: unknown) => void) => void;

/** One request the verifier replayed against the target, and the status it got. */
export interface Replay {
  operation: string;
  body: Record<string, unknown> | undefined;
  status: number;
  /** The content type the target answered with, before the relabelling described in `signingRequestFilter`. */
  contentType: string | undefined;
}

export interface SigningOptions {
  /** Where the requests go (the target's base URL). */
  targetUrl: string;
  region: string;
  service: ServiceSpec;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Called once each replayed request has its answer, for tracking what it created. */
  onReplay?: (replay: Replay) => void;
}

/** Paths of Pact's own proxy (state changes, messages): not requests for the target. */
const PACT_PATHS = new Set(['/_pactSetup', '/_messages']);

export function bodyBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0)) return Buffer.alloc(0);
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)); // exactly what Pact's proxy forwards
}

export function parseJson(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A request filter for Pact's Verifier that makes each replayed request one a real SageMaker accepts:
 * - it sends the protocol's content type (`application/x-amz-json-1.1`; moto answers `application/json` with a 500),
 * - it signs the request with SigV4 for the run's credentials and region, with the service's signing name (moto
 *   also picks the service from the credential scope), replacing any Authorization a pact file carried;
 * - it relabels the target's `application/x-amz-json-1.1` answer `application/json` for Pact's core, which
 *   otherwise compares such bodies byte for byte and never applies the contract's matchers. The real type is kept
 *   in `Replay.contentType`, and the contract's Content-Type matcher accepts both.
 * Pact files never see any of this: signing happens on the way out, at verification time.
 */
export function signingRequestFilter(options: SigningOptions): RequestFilter {
  const target = new URL(options.targetUrl);
  const signer = new SignatureV4({ service: options.service.signingName, region: options.region, credentials: options.credentials, sha256: Sha256 });
  const basePath = target.pathname.replace(/\/$/, '');
  return (req, res, next) => {
    const path = req.path ?? req.url ?? '/';
    if (PACT_PATHS.has(path)) return next();
    const body = bodyBytes(req.body);
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://placeholder');
    const headers: Record<string, string> = { host: target.host, 'content-type': options.service.contentType };
    if (req.headers['x-amz-target']) headers['x-amz-target'] = String(req.headers['x-amz-target']);
    void signer
      .sign({
        method: req.method ?? 'POST',
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port ? Number(target.port) : undefined,
        path: `${basePath}${url.pathname}`,
        query: Object.fromEntries(url.searchParams),
        headers,
        body,
      })
      .then((signed) => {
        for (const name of ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256']) delete req.headers[name];
        for (const [name, value] of Object.entries(signed.headers)) req.headers[name.toLowerCase()] = value;
        let contentType: string | undefined;
        const setHeader = res.setHeader.bind(res);
        res.setHeader = (name: string, value: number | string | readonly string[]) => {
          if (name.toLowerCase() === 'content-type' && typeof value === 'string') {
            contentType = value;
            if (value.split(';')[0]!.trim() === options.service.contentType) return setHeader(name, 'application/json');
          }
          return setHeader(name, value);
        };
        res.once('finish', () => options.onReplay?.({ operation, body: parseJson(body), status: res.statusCode, contentType }));
        next();
      }, next);
  };
}
