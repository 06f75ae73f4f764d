import type { OperationSpec, Clause } from '../spec/types';
import type { CaseResult } from '../report/results';
import { membersNamedIn } from '../spec/wording';
import { clauseOfMember } from '../spec/kinds/registry';
import type { FaultKind } from './oracle';
import type { Sent } from './disagreement';
import type { Finding } from './types';

/** A disagreement shrunk and confirmed: where it came from and what confirming it showed. */
export interface FindingSource {
  smallest: Sent;
  /** The seed of the fast-check run that found it and the path replaying its smallest request. */
  seed: number;
  path: string;
  shrink: Finding['shrink'];
  confirmation: NonNullable<Finding['confirmation']>;
  flaky: boolean;
  /** Its number among the run's deviations (or, if flaky, among its flaky ones), from 1. */
  number: number;
}

/** The judge's failures, one line each. */
export function disagreementLines(result: CaseResult): string[] {
  return result.failures.map((f) =>
    f.kind === 'mismatch'
      ? `${f.check}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`
      : f.kind === 'error'
        ? `error: ${f.reason}`
        : `skipped: ${f.reason}`,
  );
}

/** A finding for the report's explore section, and the failed case it is in the report's cases (named as the table names a case). */
export function toFinding(op: OperationSpec, source: FindingSource): { finding: Finding; result: CaseResult } {
  const s = source.smallest;
  const faults = s.verdict.outcome === 'reject' ? s.verdict.faults : [];
  const fault = faults[0];
  const named = membersNamedIn(op, s.result.actual?.message)[0];
  // The clause the case rests on: the constraint or rule the oracle says is broken; for a valid request the
  // target refused, the constraints of the member it named (they allow the value), else the operation's.
  const clause: Clause = fault?.clause ?? (named ? (clauseOfMember(named.spec) ?? op.typeErrors.clause) : op.typeErrors.clause);
  const member = fault?.member ?? named?.id ?? op.operation;
  // Named as the table names a case (member, kind, label), so reports place it in the member's row and kind's column.
  const kind: FaultKind | 'baseline' = fault?.kind ?? 'baseline';
  // Flaky ones numbered apart (`-flaky-N`), so a deviation's id does not depend on the noise found before it.
  const id = `${member}.${fault?.rule ?? kind}.explore-s${source.seed >>> 0}-${source.flaky ? `flaky-${source.number}` : source.number}`;
  const title =
    s.verdict.outcome === 'accept'
      ? `a valid request (generated, shrunk) is accepted; the target refused it${named ? `, naming ${named.id}` : ''}`
      : `a request breaking ${[...new Set(faults.map((f) => `${f.member} ${f.rule ?? f.kind}`))].join(', ')} (generated, shrunk) is rejected naming the member at fault`;
  const facts = fault ? { member: fault.member, ...(fault.rule ? { rule: fault.rule } : {}) } : named ? { member: named.id } : {};
  const result: CaseResult = { ...s.result, id, title, group: member.split(/[.[]/)[0] || op.operation, kind, clause, facts };
  const finding: Finding = {
    id,
    title,
    kind,
    seed: source.seed,
    path: source.path,
    request: s.template,
    sent: s.request,
    expected: s.verdict.expect,
    why: faults.map((f) => ({ at: f.at, member: f.member, kind: f.kind, ...(f.rule ? { rule: f.rule } : {}), message: f.message })),
    clause,
    actual: s.result.actual ?? { operation: op.operation },
    disagreements: disagreementLines(s.result),
    shrink: source.shrink,
    confirmation: source.confirmation,
    ...(source.flaky ? { flaky: true } : {}),
  };
  return { finding, result };
}
