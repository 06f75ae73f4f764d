import { isThrottlingError } from '@smithy/core/retry';
import { performance } from 'node:perf_hooks';
import type { Exchange } from './exchange';
import { errorCodeOf, parseBody } from './parse';

/** Did the target answer "slow down"? The SDK's own list of throttling codes, plus HTTP 429. */
export function isThrottled(exchange: Exchange): boolean {
  const r = exchange.response;
  if (!r || r.status < 400) return false;
  const parsed = parseBody(r.body);
  const code = errorCodeOf(r, parsed.kind === 'object' ? parsed.value : undefined) ?? '';
  return isThrottlingError({ name: code, message: '', $metadata: { httpStatusCode: r.status } } as Parameters<typeof isThrottlingError>[0]);
}

export interface ThrottlePolicy {
  /** Rounds after the SDK's own retries gave up on a throttled call. */
  rounds: number;
  /** First pause; doubles each round, with full jitter. */
  baseMs: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { rounds: 6, baseMs: 2000 };

/** What the caller hears while a throttled call waits before its next round. */
export interface ThrottleWait {
  round: number;
  rounds: number;
  waitMs: number;
}

/** A pause that ends early (resolving false) when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (slept: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(slept);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Sends until the answer is not a throttle, at most `rounds` more times with exponential backoff. A throttled call
 * was not carried out, so sending it again is safe, and a case is judged on a real answer, never on "slow down".
 * Aborting `signal` ends a pause at once and sends no further round; `onWait` hears of each pause before it starts.
 */
export async function sendPatiently(
  send: () => Promise<Exchange>,
  policy: ThrottlePolicy,
  options: {
    signal?: AbortSignal;
    onWait?: (wait: ThrottleWait) => void;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<boolean>;
    /** The moment (performance.now()) past which no round is waited for: the run's throttle budget is spent. */
    giveUpAt?: () => number;
  } = {},
): Promise<Exchange> {
  const sleep = options.sleep ?? abortableSleep;
  let exchange = await send();
  let attempts = exchange.attempts;
  for (let round = 0; round < policy.rounds && isThrottled(exchange) && !options.signal?.aborted; round++) {
    const waitMs = Math.round(Math.random() * policy.baseMs * 2 ** round);
    if (options.giveUpAt && performance.now() + waitMs > options.giveUpAt()) break;
    options.onWait?.({ round: round + 1, rounds: policy.rounds, waitMs });
    if (!(await sleep(waitMs, options.signal))) break;
    exchange = await send();
    attempts += exchange.attempts;
  }
  return { ...exchange, attempts, ...(isThrottled(exchange) ? { throttled: true } : {}) };
}
