import * as sagemaker from '@aws-sdk/client-sagemaker';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Exchange, RawResponse, SentRequest } from './exchange';
import { sdkAgents } from './agents';
import { checkAwsFiles } from './aws-files';
import { DeadlineHttpHandler, describeDeadline, isDeadlineError, noteArrived } from './deadline';

export interface ClientOptions {
  /** Endpoint URL; undefined means the region's real endpoint. */
  endpoint?: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per-request deadline in milliseconds: connect, headers and the whole body (src/client/deadline.ts). */
  timeoutMs: number;
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
  /** Bytes of a response body kept (default 1 MiB); the rest is counted and dropped. */
  maxBodyBytes?: number;
  /** Never through a proxy (a mock or moto_server the run started). */
  direct?: boolean;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Past this many times the limit a body is not even counted any more: the connection is dropped. */
const DRAIN_FACTOR = 64;

/** Of a body past the limit, only this much is kept (for the error message): it cannot be judged anyway. */
export const TRUNCATED_KEPT = 4096;

/** Errors after which the request cannot have reached the target. */
function neverSent(error: unknown): boolean {
  const e = error as { code?: string; name?: string };
  if (e.name === 'CredentialsProviderError') return true;
  return /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EPROTO|ERR_SSL_.*|.*CERT.*|ERR_TLS_.*)$/.test(e.code ?? '');
}

type CommandClass = new (input: object) => sagemaker.SageMakerClient extends { send(c: infer C): unknown } ? C : never;

export function commandFor(operation: string): CommandClass {
  const command = (sagemaker as unknown as Record<string, unknown>)[`${operation}Command`];
  if (typeof command !== 'function') throw new Error(`@aws-sdk/client-sagemaker has no ${operation}Command`);
  return command as CommandClass;
}

/** A body read up to a limit: the first `limit` bytes, how many arrived in all, and whether reading stopped early. */
export interface BoundedBody {
  raw: Buffer;
  bytes: number;
  truncated: boolean;
  /** Reading was abandoned (more than DRAIN_FACTOR times the limit): `bytes` is a lower bound. */
  abandoned: boolean;
}

/** Reads a body keeping at most `limit` bytes; the rest is counted and dropped, so memory stays bounded. */
export async function readBounded(body: unknown, limit: number, declaredLength?: number, status = 0): Promise<BoundedBody> {
  if (body === undefined || body === null) return { raw: Buffer.alloc(0), bytes: 0, truncated: false, abandoned: false };
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const all = Buffer.from(body);
    return { raw: all.subarray(0, limit), bytes: all.length, truncated: all.length > limit, abandoned: false };
  }
  const chunks: Buffer[] = [];
  let kept = 0;
  let bytes = 0;
  let abandoned = false;
  const stream = body as AsyncIterable<Uint8Array | string> & { destroy?: () => void };
  try {
    await readChunks();
  } catch (error) {
    // A deadline that cut the body short says what had arrived.
    noteArrived(error, status, Buffer.concat(chunks), bytes);
    throw error;
  }
  return { raw: Buffer.concat(chunks), bytes, truncated: bytes > limit, abandoned };

  async function readChunks(): Promise<void> {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buffer.length;
      if (kept < limit) {
        const part = buffer.subarray(0, limit - kept);
        chunks.push(Buffer.from(part));
        kept += part.length;
      }
      // Past the limit the rest is only counted: a declared length counts it without reading (the connection is
      // dropped); otherwise it is read and dropped, up to DRAIN_FACTOR times the limit.
      const known = declaredLength !== undefined && declaredLength >= bytes;
      if (kept >= limit && (known || bytes > limit * DRAIN_FACTOR)) {
        if (known) bytes = declaredLength;
        else abandoned = true;
        stream.destroy?.();
        break;
      }
    }
  }
}

function lowerCaseHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

/**
 * A SageMaker client that sends exact JSON bodies and records the raw exchange.
 * The SDK signs, retries and transports; the body on the wire is the case's, byte for byte,
 * so wrong types and missing members reach the target as written.
 */
export class RawSageMakerClient {
  readonly sdk: SageMakerClient;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;

  constructor(options: ClientOptions) {
    // The SDK reads the AWS config file for its own settings (FIPS, dual-stack, defaults mode) whatever the credentials.
    checkAwsFiles();
    this.timeoutMs = options.timeoutMs;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.sdk = new SageMakerClient({
      region: options.region,
      endpoint: options.endpoint,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts,
      retryMode: options.retryMode,
      requestHandler: new DeadlineHttpHandler(
        new NodeHttpHandler({
          connectionTimeout: options.timeoutMs,
          requestTimeout: options.timeoutMs,
          // Without this the handler only logs a warning and waits on: a stalled target would hang the run.
          throwOnRequestTimeout: true,
          // The agent policy (proxy variables) for the target's URL, or the region's endpoint.
          ...(sdkAgents(
            options.endpoint ??
              process.env.AWS_ENDPOINT_URL_SAGEMAKER ??
              process.env.AWS_ENDPOINT_URL ??
              `https://api.sagemaker.${options.region}.amazonaws.com`,
            { keepAlive: true, maxSockets: 16, direct: options.direct === true },
          ) as object),
        }),
        options.timeoutMs,
      ) as never,
    });
  }

  /**
   * Sends `body` as the JSON of `operation`. Never throws: failures are in the exchange. Throttled calls are retried
   * by the SDK, then by the session (src/client/throttle.ts).
   */
  async send(operation: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<Exchange> {
    const requestBody = JSON.stringify(body);
    const Command = commandFor(operation);
    const command = new Command({}) as unknown as {
      middlewareStack: { add: (mw: unknown, opts: Record<string, unknown>) => void };
    };
    let response: RawResponse | undefined;
    let sent: SentRequest | undefined;
    let attempts = 0;
    // The error of the last attempt as the transport raised it: the SDK may wrap it beyond recognition.
    let attemptError: unknown;
    let maybeDelivered = false;
    command.middlewareStack.add(
      (next: (args: { request: { body: unknown; headers: Record<string, string> } }) => Promise<unknown>) =>
        async (args: { request: { body: unknown; headers: Record<string, string> } }) => {
          args.request.body = requestBody;
          const headers = lowerCaseHeaders(args.request.headers);
          sent = { target: headers['x-amz-target'] ?? null, contentType: headers['content-type'] ?? null, signing: 'signed' };
          return next(args);
        },
      { step: 'build', priority: 'high', name: 'conformanceExactBody' },
    );
    command.middlewareStack.add(
      (next: (args: unknown) => Promise<{ response: { statusCode: number; headers: Record<string, string>; body: unknown } }>) => async (args: unknown) => {
        attempts += 1;
        try {
          const result = await next(args);
          const declared = Number(lowerCaseHeaders(result.response.headers)['content-length']);
          const read = await readBounded(
            result.response.body,
            this.maxBodyBytes,
            Number.isSafeInteger(declared) ? declared : undefined,
            result.response.statusCode,
          );
          // A body cut short cannot be judged: only its start is kept, for the error message, and the SDK gets none.
          const raw = read.truncated ? read.raw.subarray(0, TRUNCATED_KEPT) : read.raw;
          response = {
            status: result.response.statusCode,
            headers: lowerCaseHeaders(result.response.headers),
            body: raw.toString('utf8'),
            ...(read.truncated ? { truncated: { bytes: read.bytes, limit: this.maxBodyBytes, abandoned: read.abandoned } } : {}),
          };
          result.response.body = Readable.from(read.truncated ? [] : [raw]);
          return result;
        } catch (error) {
          if (response === undefined) {
            attemptError = error;
            if (!neverSent(error)) maybeDelivered = true;
          }
          throw error;
        }
      },
      { step: 'deserialize', priority: 'low', name: 'conformanceRecordResponse' },
    );
    const started = performance.now();
    let transportError: string | undefined;
    let aborted = false;
    try {
      if (signal?.aborted) throw Object.assign(new Error('aborted before sending'), { name: 'AbortError' });
      const sent = this.sdk.send(command as never, signal ? { abortSignal: signal } : {});
      // The SDK checks the signal only between its steps (not during its retry pauses): an abort ends the wait here.
      await (signal ? untilAborted(sent, signal) : sent);
    } catch (error) {
      aborted = signal?.aborted === true;
      if (aborted && attempts > 0) maybeDelivered = true;
      if (response === undefined) transportError = describeTransportError(aborted ? error : (attemptError ?? error), this.timeoutMs);
      if (response === undefined && attemptError === undefined && !neverSent(error) && (!aborted || attempts > 0)) maybeDelivered = true;
    }
    const durationMs = Math.round(performance.now() - started);
    const unsent = response === undefined && !maybeDelivered ? { unsent: true } : {};
    return {
      operation,
      requestBody,
      ...(sent ? { sent } : {}),
      response,
      transportError,
      ...unsent,
      ...(aborted && response === undefined ? { aborted: true } : {}),
      attempts: Math.max(attempts, 1),
      durationMs,
    };
  }

  destroy(): void {
    this.sdk.destroy();
  }
}

/** `work`, or an AbortError as soon as `signal` aborts (the listener is removed either way). */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(Object.assign(new Error(String(signal.reason ?? 'aborted')), { name: 'AbortError' }));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** A one-line reason a person can act on. */
export function describeTransportError(error: unknown, timeoutMs?: number): string {
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  // Under Jest's separate realm the SDK's retry layer wraps Node's errors and keeps only the text, so read both.
  const message = (e.message ?? String(error)).replace(/^AWS SDK error wrapper for (Error: )?/, '').trim();
  const code =
    e.code ??
    e.cause?.code ??
    /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EPIPE|ETIMEDOUT)\b/.exec(message)?.[1] ??
    (/socket hang up/i.test(message) ? 'ECONNRESET' : undefined);
  const within = timeoutMs === undefined ? 'within the timeout' : `within ${timeoutMs} ms`;
  if (e.name === 'CredentialsProviderError')
    return `no AWS credentials to sign with (${message}): set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile`;
  if (isDeadlineError(error)) return describeDeadline(error);
  if (e.name === 'AbortError' || code === 'ABORT_ERR') return `aborted (${message}): the run was interrupted`;
  // The SDK's handler renames ECONNRESET and EPIPE to TimeoutError: the cause is the code, not the name.
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return message === 'aborted'
      ? 'the connection was closed or reset before the whole response arrived (a truncated body): the target or a proxy in between broke off'
      : `connection closed or reset by the target (${code}: ${message}) before it answered`;
  }
  if (e.name === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return `no answer ${within} (${message}): the target is slow or stalled; raise --timeout if it is only slow`;
  }
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (${message}): is the target running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name does not resolve (${message}): check the --target URL`;
  }
  if (/certificate|SSL|TLS/i.test(message) || /CERT|TLS|SSL|EPROTO/.test(code ?? '')) {
    const detail = `${code ?? ''} ${message.split('\n')[0]}`.trim();
    return `TLS error (${detail}): check that the target speaks https at that URL and that its certificate is trusted (NODE_EXTRA_CA_CERTS for a private CA)`;
  }
  return `${e.name ?? 'Error'}: ${message}`;
}
