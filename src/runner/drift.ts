import { join } from 'node:path';
import { UsageError } from '../errors';
import { redact } from '../client/redact';
import { diffReports, renderDiff, restrictTo, type CaseChange } from '../report/diff';
import { readReport, type AnyReport } from '../report/load';
import type { ConformanceReport } from '../report/model';
import { writeAtomic } from '../report/write';

/** A previous run's report, to compare a run with (`run --baseline FILE`). */
export type Baseline = Extract<AnyReport, { kind: 'run' }>;

/** Reads a baseline, refusing a merged report before anything starts: it is bad input, not a run to compare with. */
export function readBaseline(file: string): Baseline {
  const baseline = readReport(file);
  if (baseline.kind === 'merged')
    throw new UsageError(`--baseline ${baseline.file} is a merged report; give one run's conformance.json (or use 'diff' on two merged reports)`);
  return baseline;
}

/** How a run drifted from its baseline: the cases (of those it ran) whose outcome changed, and where that is written. */
export interface Drift {
  /** The baseline's file. */
  against: string;
  /** `drift.md` in the report folder. */
  file: string;
  changed: CaseChange[];
}

/** Compares a run with its baseline, over the cases the run ran, and writes `drift.md` (redacted) beside its reports. */
export function writeDrift(baseline: Baseline, report: ConformanceReport, reportDir: string, secrets: readonly string[]): Drift {
  const ran = new Set(report.cases.map((c) => c.id));
  const drift = diffReports(restrictTo(baseline, ran), { kind: 'run', report, file: 'this run' }, {});
  const file = join(reportDir, 'drift.md');
  writeAtomic(file, redact(renderDiff(drift, { before: baseline.file, after: `run ${report.runId}` }), secrets));
  return { against: baseline.file, file, changed: drift.changed };
}
