import type { CaseStatus } from './results';
import { SEVERITY } from './model';
import { MEMBER_KINDS } from '../spec/kinds/registry';

/** What the matrix needs of a case; run reports and merged reports both have it. */
export interface MatrixCase {
  id: string;
  group: string;
  kind: string;
  status: CaseStatus;
  /** What the case is about, as the case table says (reports written before cases carried facts have none). */
  facts?: { member?: string };
}

/** One member × kind of rule: the cases in it, their counts by status, and the worst status among them. */
export interface MatrixCell {
  member: string;
  kind: string;
  ids: string[];
  counts: Partial<Record<CaseStatus, number>>;
  worst: CaseStatus;
  passed: number;
  total: number;
}

/** Which members and which kinds of rule a target enforces: members down, kinds across. */
export interface ConformanceMatrix {
  members: string[];
  kinds: string[];
  cells: Record<string, Record<string, MatrixCell>>;
}

/** Kinds in this order when present: the baseline, each registered kind in its column, behaviours, the protocol; others follow as they appear. */
export function kindOrder(): string[] {
  return ['baseline', ...[...MEMBER_KINDS].sort((x, y) => x.column - y.column).map((k) => k.name), 'behaviour', 'protocol'];
}

/**
 * The row a case goes in: the member it is about, as the case table says (`Tags[].Key`, `ProductionVariants[].ModelName`);
 * a case about no single member (baseline, behaviour, protocol, or one from a report written before cases carried
 * facts) goes in its group's row.
 */
export function memberOf(c: Pick<MatrixCase, 'group' | 'facts'>): string {
  return c.facts?.member ?? c.group;
}

export function buildMatrix(cases: readonly MatrixCase[]): ConformanceMatrix {
  const members: string[] = [];
  const seenKinds: string[] = [];
  // Member and kind names come from reports too: objects without a prototype keep `__proto__` a name like any other.
  const cells = Object.create(null) as ConformanceMatrix['cells'];
  for (const c of cases) {
    const member = memberOf(c);
    if (!cells[member]) {
      cells[member] = Object.create(null) as Record<string, MatrixCell>;
      members.push(member);
    }
    if (!seenKinds.includes(c.kind)) seenKinds.push(c.kind); // a handful of kinds: a list is quicker than a set
    const cell = (cells[member]![c.kind] ??= { member, kind: c.kind, ids: [], counts: {}, worst: 'passed', passed: 0, total: 0 });
    cell.ids.push(c.id);
    cell.counts[c.status] = (cell.counts[c.status] ?? 0) + 1;
    cell.total++;
    if (c.status === 'passed') cell.passed++;
    if (SEVERITY.indexOf(c.status) < SEVERITY.indexOf(cell.worst)) cell.worst = c.status;
  }
  const order = kindOrder();
  const kinds = [...order.filter((k) => seenKinds.includes(k)), ...seenKinds.filter((k) => !order.includes(k))];
  return { members, kinds, cells };
}

/** The first case of a cell with its worst status: where a link from the cell goes. */
export function worstCase(cell: MatrixCell, statusOf: (id: string) => CaseStatus | undefined): string {
  return cell.ids.find((id) => statusOf(id) === cell.worst) ?? cell.ids[0]!;
}
