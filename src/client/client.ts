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

  constructor(options: ClientOptions) {
    this.sdk = new SageMakerClient({
      region: options.region,
      endpoint: options.endpoint,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts,
      retryMode: options.retryMode,
      requestHandler: new NodeHttpHandler({
        connectionTimeout: options.timeoutMs,
        requestTimeout: options.timeoutMs,
        httpAgent: { keepAlive: true, maxSockets: 16 },
        httpsAgent: { keepAlive: true, maxSockets: 16 },
      }),
    });
  }

  /** Sends `body` as the JSON of `operation`. Never throws: failures are in the exchange. */
  async send(operation: string, body: Record<string, unknown>): Promise<Exchange> {
    const requestBody = JSON.stringify(body);
    const Command = commandFor(operation);
    const command = new Command({}) as unknown as {
      middlewareStack: { add: (mw: unknown, opts: Record<string, unknown>) => void };
    };
    let response: RawResponse | undefined;
    let attempts = 0;
    command.middlewareStack.add(
      (next: (args: { request: { body: unknown; headers: Record<string, string> } }) => Promise<unknown>) =>
        async (args: { request: { body: unknown; headers: Record<string, string> } }) => {
          args.request.body = requestBody;
          return next(args);
        },
      { step: 'build', priority: 'high', name: 'conformanceExactBody' },
    );
    command.middlewareStack.add(
      (next: (args: unknown) => Promise<{ response: { statusCode: number; headers: Record<string, string>; body: unknown } }>) =>
        async (args: unknown) => {
          attempts += 1;
          const result = await next(args);
          const raw = await readBody(result.response.body);
          response = { status: result.response.statusCode, headers: lowerCaseHeaders(result.response.headers), body: raw.toString('utf8') };
          result.response.body = Readable.from([raw]);
          return result;
        },
      { step: 'deserialize', priority: 'low', name: 'conformanceRecordResponse' },
    );
    const started = performance.now();
    let transportError: string | undefined;
    try {
      await this.sdk.send(command as never);
    } catch (error) {
      if (response === undefined) transportError = describeTransportError(error);
    }
    const durationMs = Math.round(performance.now() - started);
    return { operation, requestBody, response, transportError, attempts: Math.max(attempts, 1), durationMs };
  }

  destroy(): void {
    this.sdk.destroy();
  }
}

/** A one-line reason a person can act on. */
export function describeTransportError(error: unknown): string {
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
  // Under Jest's separate realm the SDK's retry layer wraps Node's errors and keeps only the text, so read both.
  const message = (e.message ?? String(error)).replace(/^AWS SDK error wrapper for (Error: )?/, '');
  const code = e.code ?? e.cause?.code ?? /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT)\b/.exec(message)?.[1];
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (${message}): is the target running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name does not resolve (${message})`;
    case 'ECONNRESET':
      return `connection reset by the target (${message})`;
    case 'ETIMEDOUT':
      return `connection timed out (${message})`;
  }
  if (e.name === 'TimeoutError' || /timeout/i.test(message)) return `no answer within the timeout (${message})`;
  if (/certificate|SSL|TLS/i.test(message) || /CERT|TLS|SSL/.test(code ?? '')) return `TLS error (${code ?? ''} ${message})`.replace('( ', '(');
  return `${e.name ?? 'Error'}: ${message}`;
}
