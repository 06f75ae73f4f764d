import type { RunPlan } from '../engine/plan';
import type { ConformanceReport } from '../report/model';
import type { Shard } from '../report/shard';
import { SUITE_NAME, SUITE_VERSION } from '../version';

/** The head of every report: what ran (the suite and its edition), against what, which run, since when. */
export type ReportHead = Pick<ConformanceReport, 'suite' | 'target' | 'runId' | 'shard' | 'startedAt'>;

/**
 * The report's account of the spec: the edition, its source, and the model file's commit. The file's sha256 stays
 * in the spec file: a report holds no bare 64-hex value, which the redaction filter takes for a signature.
 * The one source of `suite.spec` for every report: a run's, an exploration's, a verification's and a placeholder's.
 */
export function reportSpec(plan: RunPlan): ConformanceReport['suite']['spec'] {
  const { provenance, ...spec } = plan.operation.spec;
  const kept = provenance ? (({ sha256: _hash, ...rest }) => rest)(provenance) : undefined;
  return { ...spec, ...(kept ? { provenance: kept } : {}), title: plan.edition.title, source: plan.edition.source };
}

/**
 * The report's head, built in one place for every report a session writes and for the placeholder written before
 * it starts.
 */
export function reportHead(plan: RunPlan, target: ConformanceReport['target'], startedAt: string, shard?: Shard): ReportHead {
  return {
    suite: { name: SUITE_NAME, version: SUITE_VERSION, spec: reportSpec(plan) },
    target,
    runId: plan.runId,
    ...(shard ? { shard } : {}),
    startedAt,
  };
}
