import * as sagemaker from '@aws-sdk/client-sagemaker';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { Exchange, RawResponse } from './exchange';

export interface ClientOptions {
  /** Endpoint URL; undefined means the region's real endpoint. */
  endpoint?: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per-request socket timeout in milliseconds. */
  timeoutMs: number;
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
}

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

async function readBody(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
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

  constructor(options: ClientOptions) {
    this.timeoutMs = options.timeoutMs;
    this.sdk = new SageMakerClient({
      region: options.region,
      endpoint: options.endpoint,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts,
      retryMode: options.retryMode,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: options.timeoutMs,
        requestTimeout: options.timeoutMs,
        // Without this the handler only logs a warning and waits on: a stalled target would hang the run.
        throwOnRequestTimeout: true,
        httpAgent: { keepAlive: true, maxSockets: 16 },
        httpsAgent: { keepAlive: true, maxSockets: 16 },
      }),
    });
  }

  /**
   * Sends `body` as the JSON of `operation`. Never throws: failures are in the exchange. Throttled calls are retried
   * by the SDK, then by the session (src/client/throttle.ts).
   */
  async send(operation: string, body: Record<string, unknown>): Promise<Exchange> {
    const requestBody = JSON.stringify(body);
    const Command = commandFor(operation);
    const command = new Command({}) as unknown as {
      middlewareStack: { add: (mw: unknown, opts: Record<string, unknown>) => void };
    };
    let response: RawResponse | undefined;
    let attempts = 0;
    // The error of the last attempt as the transport raised it: the SDK may wrap it beyond recognition.
    let attemptError: unknown;
    let maybeDelivered = false;
    command.middlewareStack.add(
      (next: (args: { request: { body: unknown; headers: Record<string, string> } }) => Promise<unknown>) =>
        async (args: { request: { body: unknown; headers: Record<string, string> } }) => {
          args.request.body = requestBody;
          return next(args);
        },
      { step: 'build', priority: 'high', name: 'conformanceExactBody' },
    );
    command.middlewareStack.add(
      (next: (args: unknown) => Promise<{ response: { statusCode: number; headers: Record<string, string>; body: unknown } }>) => async (args: unknown) => {
        attempts += 1;
        try {
          const result = await next(args);
          const raw = await readBody(result.response.body);
          response = { status: result.response.statusCode, headers: lowerCaseHeaders(result.response.headers), body: raw.toString('utf8') };
          result.response.body = Readable.from([raw]);
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
    try {
      await this.sdk.send(command as never);
    } catch (error) {
      if (response === undefined) transportError = describeTransportError(attemptError ?? error, this.timeoutMs);
      if (response === undefined && attemptError === undefined && !neverSent(error)) maybeDelivered = true;
    }
    const durationMs = Math.round(performance.now() - started);
    const unsent = response === undefined && !maybeDelivered ? { unsent: true } : {};
    return { operation, requestBody, response, transportError, ...unsent, attempts: Math.max(attempts, 1), durationMs };
  }

  destroy(): void {
    this.sdk.destroy();
  }
}

/** A one-line reason a person can act on. */
export function describeTransportError(error: unknown, timeoutMs?: number): string {
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  // Under Jest's separate realm the SDK's retry layer wraps Node's errors and keeps only the text, so read both.
  const message = (e.message ?? String(error)).replace(/^AWS SDK error wrapper for (Error: )?/, '').trim();
  const code = e.code ?? e.cause?.code ?? /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT)\b/.exec(message)?.[1];
  const within = timeoutMs === undefined ? 'within the timeout' : `within ${timeoutMs} ms`;
  if (e.name === 'CredentialsProviderError')
    return `no AWS credentials to sign with (${message}): set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile`;
  if (e.name === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return `no answer ${within} (${message}): the target is slow or stalled; raise --timeout if it is only slow`;
  }
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (${message}): is the target running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name does not resolve (${message}): check the --target URL`;
    case 'ECONNRESET':
      return message === 'aborted'
        ? 'the connection was closed or reset before the whole response arrived (a truncated body): the target or a proxy in between broke off'
        : `connection reset by the target (${message})`;
  }
  if (/certificate|SSL|TLS/i.test(message) || /CERT|TLS|SSL|EPROTO/.test(code ?? '')) {
    const detail = `${code ?? ''} ${message.split('\n')[0]}`.trim();
    return `TLS error (${detail}): check that the target speaks https at that URL and that its certificate is trusted (NODE_EXTRA_CA_CERTS for a private CA)`;
  }
  return `${e.name ?? 'Error'}: ${message}`;
}
