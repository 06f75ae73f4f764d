import { performance } from 'node:perf_hooks';
import type { RunPlan } from '../engine/plan';
import type { ConformanceCase } from '../cases/types';
import type { CaseResult } from '../report/results';
import { caseNames, expand } from '../spec/values';
import type { RequestTemplate } from './arbitraries';
import { oracle, type KnownResources } from './oracle';
import type { CoverageTracker } from './coverage';
import type { Sent } from './disagreement';
import type { ExploreCounts } from './types';

/** What the sender needs of a session: one case run and judged (`Session.runCase`). */
export interface CaseRunner {
  runCase(c: ConformanceCase): Promise<CaseResult>;
}

export type SendPhase = 'explore' | 'shrink' | 'confirm';

/** What the sender counts: the report's counts, and the requests cut short unanswered. */
export interface Tally {
  counts: ExploreCounts;
  /** Requests ended unanswered by the budget's end or an interrupt (not counted as sent: nothing was judged). */
  cutShort: number;
}

export function emptyTally(): Tally {
  return { counts: emptyCounts(), cutShort: 0 };
}

function emptyCounts(): ExploreCounts {
  return {
    sent: 0,
    shrinking: 0,
    expectedAccept: 0,
    expectedReject: 0,
    rejectedByKind: {},
    answeredAccept: 0,
    answeredReject: 0,
    answeredByCode: {},
    errors: 0,
    repeats: 0,
    confirming: 0,
  };
}

/** Spaces requests at least `1000 / ratePerSecond` ms apart (no wait without a rate). */
export class Pacer {
  private readonly gapMs: number;
  private nextSlot = 0;

  constructor(ratePerSecond?: number) {
    this.gapMs = ratePerSecond ? 1000 / ratePerSecond : 0;
  }

  async pace(): Promise<void> {
    if (this.gapMs === 0) return;
    const now = performance.now();
    const wait = this.nextSlot - now;
    this.nextSlot = Math.max(now, this.nextSlot) + this.gapMs;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref?.());
  }
}

/**
 * Sends generated requests through a session, one case each: the template filled with fresh run names, judged
 * against the oracle's verdict, counted (what was expected, what was answered) and recorded in the coverage.
 */
export class ExploreSender {
  private seq = 0;
  private readonly known: KnownResources;
  private readonly pacer: Pacer;

  constructor(
    private readonly session: CaseRunner,
    private readonly plan: RunPlan,
    private readonly coverage: CoverageTracker,
    readonly tally: Tally = emptyTally(),
    ratePerSecond?: number,
  ) {
    this.known = new Map([['model', new Set([plan.ctx.modelName.toLowerCase()])]]);
    this.pacer = new Pacer(ratePerSecond);
  }

  async send(template: RequestTemplate, phase: SendPhase): Promise<Sent> {
    await this.pacer.pace();
    const { plan } = this;
    const op = plan.operation;
    const vars = { ...caseNames(plan.ctx, this.seq++), model: plan.ctx.modelName, region: plan.region };
    // expand builds a new tree (the template is never touched): no clone needed first.
    const request = expand(template, vars);
    const verdict = oracle(op, request, this.known);
    const c: ConformanceCase = {
      id: `explore.${this.seq}`,
      title: 'a generated request',
      group: 'explore',
      kind: 'behaviour',
      clause: op.typeErrors.clause,
      facts: {},
      operation: op.operation,
      steps: [{ operation: op.operation, request, expect: verdict.expect }],
    };
    const result = await this.session.runCase(c);
    this.coverage.record(request, verdict);
    this.count({ template, request, verdict, result }, phase);
    return { template, request, verdict, result };
  }

  get counts(): ExploreCounts {
    return this.tally.counts;
  }

  private count(s: Sent, phase: SendPhase): void {
    const { counts } = this.tally;
    const { verdict, result } = s;
    counts.sent++;
    if (phase === 'shrink') counts.shrinking++;
    if (phase === 'confirm') counts.confirming++;
    if (verdict.outcome === 'accept') counts.expectedAccept++;
    else {
      counts.expectedReject++;
      for (const kind of new Set(verdict.faults.map((f) => f.kind))) counts.rejectedByKind[kind] = (counts.rejectedByKind[kind] ?? 0) + 1;
    }
    const status = result.actual?.status;
    if (result.status === 'skipped') {
      counts.sent--;
      this.tally.cutShort++;
    } else if (status === undefined || result.status === 'errored') counts.errors++;
    else if (status === 200) counts.answeredAccept++;
    else {
      counts.answeredReject++;
      const code = result.actual?.errorCode ?? `HTTP ${status}`;
      counts.answeredByCode[code] = (counts.answeredByCode[code] ?? 0) + 1;
    }
  }
}
