import { SUITE_NAME, SUITE_VERSION } from '../runner/run';
import { summarize, type ConformanceReport } from '../report/model';
import { PACT_RUN_ID } from './contract';
import type { VerifyOutcome } from './verify';

/** A verification as a conformance report: no cases, the `contracts` section, the clean-up, the problem if any. */
export function verificationReport(outcome: VerifyOutcome, targetKind: string, startedAt: string, finishedAt = new Date().toISOString()): ConformanceReport {
  return {
    suite: { name: SUITE_NAME, version: SUITE_VERSION, spec: outcome.spec },
    target: { kind: targetKind, url: outcome.targetUrl, region: outcome.region, label: outcome.targetLabel },
    runId: PACT_RUN_ID,
    startedAt,
    finishedAt,
    complete: outcome.exitCode !== 2 && outcome.interrupted === undefined,
    ...(outcome.problem ? { problem: outcome.problem } : {}),
    summary: summarize([]),
    cleanup: outcome.cleanup,
    cases: [],
    contracts: outcome.contracts,
  };
}
