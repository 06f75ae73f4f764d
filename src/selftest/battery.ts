import { performance } from 'node:perf_hooks';
import { runConformance } from '../runner/run';
import { runPool } from '../engine/pool';
import { isBad, type CaseResult } from '../report/results';
import { knownFaults, selects, UnknownFaultError, type CaseSelector } from '../mock/faults';

/** What one run against the mock (clean or with one fault) showed. */
export interface FaultOutcome {
  /** The fault's name, or undefined for the clean mock. */
  fault?: string;
  description: string;
  /** Some case failed or errored: the suite noticed. */
  caught: boolean;
  /** Ids of the cases that failed or errored, in table order. */
  caughtBy: string[];
  /** Resources the run could not delete (a robustness problem even when the fault is caught). */
  leftovers: number;
  durationMs: number;
}

export interface BatteryResult {
  /** The unfaulted mock: every case must pass. */
  clean: FaultOutcome;
  outcomes: FaultOutcome[];
  /** Faults left out of the score, each with the reason no request can observe it. */
  excluded: { fault: string; reason: string }[];
  caught: number;
  total: number;
  durationMs: number;
}

export interface BatteryOptions {
  /** The edition whose case table and mock are tested (default: the default edition). */
  edition?: string;
  /** Only these faults (default: every fault the mock knows that is observable). */
  faults?: readonly string[];
  /** Runs in flight at once; each run is a mock of its own. */
  concurrency?: number;
  /** Cases in flight at once within a run. */
  caseConcurrency?: number;
  onOutcome?: (outcome: FaultOutcome, done: number, total: number) => void;
}

function failing(cases: readonly CaseResult[]): string[] {
  return cases.filter((c) => isBad(c.status)).map((c) => c.id);
}

/** One whole conformance run, through the same engine as the CLI, against the mock with `faults` switched on. */
async function runAgainst(
  faults: string[],
  description: string,
  caseConcurrency: number,
  edition: string | undefined,
  observers?: readonly CaseSelector[],
): Promise<FaultOutcome> {
  const started = performance.now();
  const { report } = await runConformance({
    target: { kind: 'mock', faults },
    concurrency: caseConcurrency,
    // Every run has a mock of its own, so one run id for all lets them share one generated table.
    runId: 'selftest',
    ...(edition !== undefined ? { edition: edition } : {}),
    ...(observers ? { select: (c) => observers.some((o) => selects(o, c)) } : {}),
  });
  const caughtBy = failing(report.cases);
  return {
    ...(faults[0] ? { fault: faults[0] } : {}),
    description,
    caught: caughtBy.length > 0,
    caughtBy,
    leftovers: report.cleanup.leftovers.length,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * The mutation score of the suite: runs the whole case table against the clean mock and against the mock with
 * each fault switched on, one fault at a time, and records which cases noticed each fault.
 *
 * @example
 * const result = await runFaultBattery();
 * console.log(`${result.caught}/${result.total}`);
 */
export async function runFaultBattery(options: BatteryOptions = {}): Promise<BatteryResult> {
  const started = performance.now();
  const all = knownFaults(options.edition);
  // Faults only combinations reveal are explore's to find (the table cannot see them by design): not in the score.
  const chosen = options.faults ?? Object.keys(all).filter((f) => !all[f]!.combination);
  const excluded = chosen.filter((f) => all[f]?.equivalent).map((fault) => ({ fault, reason: all[fault]!.equivalent! }));
  const battery = chosen.filter((f) => !all[f]?.equivalent);
  const unknown = battery.find((f) => !all[f]);
  if (unknown) throw new UnknownFaultError(`unknown fault "${unknown}"; 'sagemaker-conformance mock --list-faults' lists them`);
  const caseConcurrency = options.caseConcurrency ?? 4;

  const clean = await runAgainst([], 'the unfaulted reference mock', caseConcurrency, options.edition);
  let done = 0;
  const outcomes = await runPool(battery, options.concurrency ?? 4, async (fault) => {
    // A fault that names the cases able to notice it runs only those: fewer cases can only miss more, never catch more.
    const outcome = await runAgainst([fault], all[fault]!.description, caseConcurrency, options.edition, all[fault]!.observers);
    options.onOutcome?.(outcome, ++done, battery.length);
    return outcome;
  });
  const results = outcomes.filter((o): o is FaultOutcome => o !== undefined);
  return {
    clean,
    outcomes: results,
    excluded,
    caught: results.filter((o) => o.caught).length,
    total: results.length,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The score as a person reads it: `57/57 faults caught (100%)`. */
export function scoreLine(result: BatteryResult): string {
  const percent = result.total === 0 ? 0 : Math.floor((result.caught / result.total) * 100);
  return `${result.caught}/${result.total} faults caught (${percent}%)`;
}

function caughtByText(ids: readonly string[], max: number): string {
  if (ids.length === 0) return '(none: the suite does not notice this fault)';
  return ids.length > max ? `${ids.slice(0, max).join(', ')} and ${ids.length - max} more` : ids.join(', ');
}

/** The detection table: per fault, caught or missed and by which cases; then the excluded faults and the score. */
export function batteryTable(result: BatteryResult, maxIds = 4): string[] {
  const width = Math.max(5, ...result.outcomes.map((o) => (o.fault ?? '').length), ...result.excluded.map((e) => e.fault.length));
  const lines = [`${'fault'.padEnd(width)}  result  caught by`];
  for (const o of result.outcomes) {
    const cleanup = o.leftovers > 0 ? ` [${o.leftovers} resource(s) left on the mock]` : '';
    lines.push(`${(o.fault ?? '').padEnd(width)}  ${o.caught ? 'caught' : 'MISSED'}  ${caughtByText(o.caughtBy, maxIds)}${cleanup}`);
  }
  for (const e of result.excluded) lines.push(`${e.fault.padEnd(width)}  n/a     equivalent to the spec: ${e.reason}`);
  const clean = result.clean.caught ? `FAILS ${result.clean.caughtBy.join(', ')}` : 'passes every case';
  lines.push('', `unfaulted mock: ${clean}`, `score: ${scoreLine(result)}, ${result.excluded.length} equivalent fault(s) excluded, ${result.durationMs} ms`);
  return lines;
}
