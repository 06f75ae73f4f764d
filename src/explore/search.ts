import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import type { RequestTemplate } from './arbitraries';
import { disagrees, keysOf, sameDeviation, type Sent } from './disagreement';
import type { ExploreSender } from './sender';
import type { Finding } from './types';

/**
 * How often a finding's smallest request is sent again before it is reported. A target that refuses at random
 * (throttling by a wrong code, a flaky store, a 15% fault injector) fails a given request rarely: three recurrences
 * in a row from a 15% fault is 0.3%, while a real deviation recurs every time; more would cost requests for little.
 */
export const CONFIRMATIONS = 3;

export interface SearchLimits {
  /** Most requests in all, exploring, shrinking and confirming. */
  maxRequests: number;
  /** True once the run is interrupted: nothing more is sent. */
  stopped: () => boolean;
  /** Keys of deviations already reported (or found flaky): a request showing one is a repeat, not a new finding. */
  knownKeys: ReadonlySet<string>;
}

/** A disagreement shrunk: the smallest request still showing it, and what shrinking took. */
export interface Shrunk {
  smallest: Sent;
  path: string;
  shrink: Finding['shrink'];
}

const STOP = new Error('exploration stopped');

/**
 * fast-check's search for a disagreement between the target and the oracle: one property, each run of it a request
 * sent and judged. Exploring, the property fails at the first new deviation; shrinking, it fails while a smaller
 * request still shows the same deviation.
 */
export class Search {
  private phase: 'explore' | 'shrink' = 'explore';
  /** The disagreement that ended an exploring run, and the smallest request still disagreeing while it shrinks. */
  private first: Sent | undefined;
  private smallest: Sent | undefined;
  private shrinkRequests = 0;
  private readonly property: fc.IAsyncPropertyWithHooks<[RequestTemplate]>;

  constructor(
    arbitrary: fc.Arbitrary<RequestTemplate>,
    private readonly sender: ExploreSender,
    private readonly limits: SearchLimits,
  ) {
    this.property = fc.asyncProperty(arbitrary, (template) => this.judge(template));
  }

  /** fast-check's run of the property; resolving `true` is a pass. */
  private async judge(template: RequestTemplate): Promise<boolean> {
    const { counts } = this.sender;
    const exploring = this.phase === 'explore';
    // Shrinking leaves room in the request budget to send the smallest request again: a finding found within the
    // budget is confirmed within it.
    const limit = exploring ? this.limits.maxRequests : Math.max(0, this.limits.maxRequests - CONFIRMATIONS);
    // A thrown error ends fast-check's exploring run at once; while shrinking, passing ends it.
    if (this.limits.stopped() || counts.sent >= limit) return this.end();
    const sent = await this.sender.send(template, this.phase);
    if (sent.result.status === 'skipped') return this.end();
    if (!disagrees(sent.result)) return true;
    if (exploring) {
      if (keysOf(sent).some((k) => this.limits.knownKeys.has(k))) {
        counts.repeats++;
        return true;
      }
      this.first = sent;
      return false;
    }
    this.shrinkRequests++;
    // Still the same deviation (a key in common), not another one the smaller request happens to show.
    const same = sameDeviation(new Set(keysOf(this.first!)), sent);
    if (same) this.smallest = sent;
    return !same;
  }

  /** Ends the current fast-check run: exploring, by throwing (it stops at once); shrinking, by passing. */
  private end(): true {
    if (this.phase === 'explore') throw STOP;
    return true;
  }

  /** Explores from `seed` for at most `timeMs`: the first new deviation, with fast-check's path to it, or none. */
  async explore(seed: number, timeMs: number): Promise<{ first: Sent; path: string } | undefined> {
    this.phase = 'explore';
    this.first = undefined;
    const explored = await fc.check(this.property, {
      seed,
      numRuns: Math.min(2 ** 31 - 1, this.limits.maxRequests - this.sender.counts.sent),
      endOnFailure: true,
      interruptAfterTimeLimit: Math.ceil(timeMs),
    });
    if (!explored.failed || !this.first || explored.counterexamplePath === null) return undefined;
    return { first: this.first, path: explored.counterexamplePath };
  }

  /** Shrinks a deviation `explore` found: fast-check replays it from its path and tries smaller ones, each sent. */
  async shrink(found: { first: Sent; path: string }, seed: number, timeMs: number): Promise<Shrunk> {
    this.phase = 'shrink';
    this.first = found.first;
    this.smallest = found.first;
    this.shrinkRequests = 0;
    const started = performance.now();
    const shrunk = await fc.check(this.property, { seed, path: found.path, interruptAfterTimeLimit: timeMs });
    const smallest = this.smallest;
    const shrink = {
      steps: shrunk.numShrinks,
      requests: this.shrinkRequests,
      ms: Math.round(performance.now() - started),
      fromBytes: JSON.stringify(found.first.template).length,
      toBytes: JSON.stringify(smallest.template).length,
    };
    return { smallest, path: shrunk.counterexamplePath ?? found.path, shrink };
  }

  /**
   * The smallest request sent again, up to CONFIRMATIONS times, each with fresh names through the same session (its
   * ledger cleans up what they create) and judged by the same oracle: how many were answered and how many of those
   * showed the same deviation. The request budget and an interrupt stop it early; a skipped send does not count.
   */
  async confirm(smallest: Sent): Promise<NonNullable<Finding['confirmation']>> {
    const keys = new Set(keysOf(smallest));
    let sent = 0;
    let recurred = 0;
    while (sent < CONFIRMATIONS && !this.limits.stopped() && this.sender.counts.sent < this.limits.maxRequests) {
      const again = await this.sender.send(smallest.template, 'confirm');
      if (again.result.status === 'skipped') break;
      sent++;
      if (sameDeviation(keys, again)) recurred++;
    }
    return { sent, recurred };
  }
}
