import type { HttpHandlerOptions, HttpRequest, HttpResponse } from '@smithy/types';

/** The parts of the SDK's Node handler this wrapper passes through. */
interface InnerHandler {
  metadata?: unknown;
  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }>;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): unknown;
  destroy?(): void;
}

/**
 * One deadline per HTTP request: connect, headers and the whole body together must arrive within `ms`. Node's and
 * the SDK's own timeouts are idle timers, which a target feeding one byte every two seconds never trips.
 */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor(
    readonly ms: number,
    /** What had arrived when time ran out: nothing, the status line and headers, or part of the body. */
    public arrived?: { status: number; bytes: number; head: string },
  ) {
    super(`no answer within ${ms} ms`);
  }
}

export function isDeadlineError(error: unknown): error is DeadlineError {
  return error instanceof DeadlineError || (error as { name?: string } | null)?.name === 'DeadlineError';
}

/** A one-line account of a missed deadline, with what arrived (the start of it, printable). */
export function describeDeadline(error: DeadlineError): string {
  const a = error.arrived;
  const got =
    a === undefined
      ? 'nothing arrived (connect or headers stalled)'
      : `HTTP ${a.status} and ${a.bytes} bytes of the body arrived${a.head ? ` (${JSON.stringify(a.head)})` : ''}, then it stalled`;
  return `no answer within ${error.ms} ms (--timeout bounds connect, headers and the whole body of each request): ${got}`;
}

/** How much of a stalled body the message quotes. */
const HEAD_CHARS = 120;

/** Records what arrived of a body read that a deadline cut short, for `describeDeadline`. */
export function noteArrived(error: unknown, status: number, raw: Buffer, bytes: number): void {
  if (isDeadlineError(error)) error.arrived = { status, bytes, head: raw.subarray(0, HEAD_CHARS).toString('utf8') };
}

type Destroyable = { destroy?: (error?: Error) => void; once?: (event: string, listener: () => void) => unknown };

/**
 * Wraps the SDK's request handler so each attempt has one deadline over connect, headers and body. On time-out
 * before the headers, the request is aborted; after them, the body stream is destroyed with a DeadlineError, which
 * the reader of the body sees. The error's name is not one the SDK retries: a stalled target gets one attempt.
 */
export class DeadlineHttpHandler {
  constructor(
    private readonly inner: InnerHandler,
    private readonly ms: number,
  ) {}

  get metadata() {
    return this.inner.metadata;
  }

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const controller = new AbortController();
    const deadline = new DeadlineError(this.ms);
    let body: Destroyable | undefined;
    const timer = setTimeout(() => {
      if (body) body.destroy?.(deadline);
      else controller.abort(deadline);
    }, this.ms);
    timer.unref?.();
    const outer = options.abortSignal as AbortSignal | undefined;
    const forward = () => {
      clearTimeout(timer);
      controller.abort(outer?.reason);
      body?.destroy?.(Object.assign(new Error(String(outer?.reason ?? 'aborted')), { name: 'AbortError' }));
    };
    if (outer?.aborted) forward();
    else outer?.addEventListener?.('abort', forward, { once: true });
    const release = () => {
      clearTimeout(timer);
      outer?.removeEventListener?.('abort', forward);
    };
    try {
      const result = await this.inner.handle(request, { ...options, abortSignal: controller.signal as HttpHandlerOptions['abortSignal'] });
      body = result.response.body as Destroyable | undefined;
      if (body && typeof body.once === 'function') {
        body.once('close', release);
        body.once('end', release);
      } else release();
      return result;
    } catch (error) {
      release();
      if (controller.signal.reason === deadline) throw deadline;
      throw error;
    }
  }

  updateHttpClientConfig(key: never, value: never): void {
    this.inner.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs() {
    return this.inner.httpHandlerConfigs();
  }

  destroy(): void {
    this.inner.destroy?.();
  }
}

/** Starts a deadline for a raw request: calls `onExpiry` after `ms` unless `clear` is called first. */
export function startDeadline(ms: number, onExpiry: (error: DeadlineError) => void): { error: DeadlineError; clear: () => void } {
  const error = new DeadlineError(ms);
  const timer = setTimeout(() => onExpiry(error), ms);
  timer.unref?.();
  return { error, clear: () => clearTimeout(timer) };
}
