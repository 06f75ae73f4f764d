import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './sha256';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { RawRequest } from '../cases/types';
import type { Exchange, RawResponse } from './exchange';
import { DEFAULT_MAX_BODY_BYTES, describeTransportError, readBounded, TRUNCATED_KEPT } from './client';
import type { Agent } from 'node:http';
import { agentFor } from './agents';
import { startDeadline } from './deadline';

export interface RawSenderOptions {
  /** The target's base URL; undefined means the region's real SageMaker endpoint. */
  endpoint?: string;
  region: string;
  signingName: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  timeoutMs: number;
  /** Bodies are read up to this many bytes, as the SDK client reads them (`--max-body`). */
  maxBodyBytes?: number;
  /** Never through a proxy (a mock or moto_server the run started). */
  direct?: boolean;
}

/** A region other than `region`, for a request signed for the wrong one. */
export function otherRegion(region: string): string {
  return region === 'us-west-2' ? 'eu-west-1' : 'us-west-2';
}

/** The secret key with its last character changed: the same key id, a signature that cannot match. */
function wrongSecret(credentials: AwsCredentialIdentity): AwsCredentialIdentity {
  const secret = credentials.secretAccessKey;
  const last = secret.slice(-1) === 'x' ? 'y' : 'x';
  return { ...credentials, secretAccessKey: `${secret.slice(0, -1)}${last}` };
}

/**
 * Sends protocol cases' requests as raw HTTP: the headers and body exactly as the case writes them, signed with
 * SigV4 over exactly those bytes (or unsigned, signed with a wrong secret, or scoped to another region), so the
 * target's answer to the wire itself is what gets judged. Never throws: failures are in the exchange.
 */
export class RawHttpSender {
  private readonly url: URL;
  private readonly agent: Agent;

  constructor(private readonly options: RawSenderOptions) {
    this.url = new URL(options.endpoint ?? `https://api.sagemaker.${options.region}.amazonaws.com`);
    this.agent = agentFor(this.url, { direct: options.direct === true });
  }

  private async headersFor(raw: RawRequest): Promise<Record<string, string>> {
    const headers: Record<string, string> = { host: this.url.host };
    if (raw.contentType !== null) headers['content-type'] = raw.contentType;
    if (raw.target !== null) headers['x-amz-target'] = raw.target;
    if (raw.signing === 'none') return headers;
    const provider = this.options.credentials;
    const resolved = typeof provider === 'function' ? await provider() : provider;
    const signer = new SignatureV4({
      service: this.options.signingName,
      region: raw.signing === 'other-region' ? otherRegion(this.options.region) : this.options.region,
      credentials: raw.signing === 'wrong-secret' ? wrongSecret(resolved) : resolved,
      sha256: NodeSha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port ? Number(this.url.port) : undefined,
      path: this.url.pathname || '/',
      query: {},
      headers,
      body: raw.body,
    });
    return signed.headers;
  }

  async send(operation: string, raw: RawRequest, signal?: AbortSignal): Promise<Exchange> {
    const started = performance.now();
    const done = (fields: Partial<Exchange>): Exchange => ({
      operation,
      requestBody: raw.body,
      sent: { target: raw.target, contentType: raw.contentType, signing: raw.signing === 'valid' ? 'signed' : raw.signing },
      attempts: 1,
      durationMs: Math.round(performance.now() - started),
      ...fields,
    });
    let headers: Record<string, string>;
    try {
      headers = await this.headersFor(raw);
    } catch (error) {
      return done({ transportError: describeTransportError(error, this.options.timeoutMs), unsent: true });
    }
    const body = Buffer.from(raw.body, 'utf8');
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Exchange>((resolveOnce) => {
      // One deadline for connect, headers and the whole body: Node's `timeout` is an idle timer only.
      let response: { destroy: (error: Error) => void } | undefined;
      const deadline = startDeadline(this.options.timeoutMs, (error) => (response ?? req).destroy(error));
      const resolve = (exchange: Exchange) => {
        deadline.clear();
        resolveOnce(exchange);
      };
      const options = { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, timeout: this.options.timeoutMs, agent: this.agent };
      const req = send(this.url, options, (res) => {
        response = res;
        const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
        const declared = Number(headers['content-length']);
        const limit = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
        // Read as the SDK client reads: at most the limit kept, the rest counted and dropped.
        readBounded(res, limit, Number.isSafeInteger(declared) ? declared : undefined, res.statusCode ?? 0).then(
          (read) => {
            const text = (read.truncated ? read.raw.subarray(0, TRUNCATED_KEPT) : read.raw).toString('utf8');
            const truncated = read.truncated ? { truncated: { bytes: read.bytes, limit, abandoned: read.abandoned } } : {};
            const response: RawResponse = { status: res.statusCode ?? 0, headers, body: text, ...truncated };
            resolve(done({ response }));
          },
          (error: unknown) => resolve(done({ transportError: describeTransportError(error, this.options.timeoutMs) })),
        );
      });
      const onAbort = () => {
        req.destroy();
        resolve(done({ transportError: `aborted: ${String(signal?.reason ?? 'interrupted')}`, aborted: true }));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('close', () => signal?.removeEventListener('abort', onAbort));
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${this.options.timeoutMs} ms`), { name: 'TimeoutError' })));
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Once the headers are in, the body's reader reports the failure, with what arrived.
        if (response) return;
        const unsent = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)$/.test(error.code ?? '');
        resolve(done({ transportError: describeTransportError(error, this.options.timeoutMs), ...(unsent ? { unsent: true } : {}) }));
      });
      req.end(body);
    });
  }
}
