import type { CaseStatus } from './results';
import { SEVERITY } from './model';

/** What the matrix needs of a case; run reports and merged reports both have it. */
export interface MatrixCase {
  id: string;
  group: string;
  kind: string;
  status: CaseStatus;
  /** The clause's member, when the case has one (run reports do; merged reports do not). */
  clause?: { member: string };
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

/** Kinds in this order when present; kinds not named here follow in the order they first appear. */
export const KIND_ORDER = ['baseline', 'required', 'length', 'count', 'pattern', 'type', 'range', 'enum', 'reference', 'behaviour', 'protocol'];

/**
 * The member path a case is about, read from its id and kind, so new kinds and nested members need no code:
 * `Tags[].Key.length.128` (kind length) → `Tags[].Key`; `ProductionVariants[].ModelName.not-found` →
 * `ProductionVariants[].ModelName`; `behaviour.duplicate-name` → the case's group; a rule case → its clause's member.
 */
export function memberOf(c: Pick<MatrixCase, 'id' | 'group' | 'kind' | 'clause'>): string {
  const at = c.id.indexOf(`.${c.kind}`);
  const after = c.id.charAt(at + c.kind.length + 1);
  if (at > 0 && (after === '' || after === '.')) return c.id.slice(0, at);
  // A rule case (`...MemorySizeInMB.memory-1gb-increments.1111`) names its member in its clause.
  const member = c.clause?.member;
  if (member && c.id.startsWith(`${member}.`)) return member;
  if (c.id.startsWith(`${c.kind}.`)) return c.group;
  const last = c.id.lastIndexOf('.');
  return last > 0 ? c.id.slice(0, last) : c.group;
}

export function buildMatrix(cases: readonly MatrixCase[]): ConformanceMatrix {
  const members: string[] = [];
  const seenKinds: string[] = [];
  const cells: ConformanceMatrix['cells'] = {};
  for (const c of cases) {
    const member = memberOf(c);
    if (!cells[member]) {
      cells[member] = {};
      members.push(member);
    }
    if (!seenKinds.includes(c.kind)) seenKinds.push(c.kind);
    const cell = (cells[member]![c.kind] ??= { member, kind: c.kind, ids: [], counts: {}, worst: 'passed', passed: 0, total: 0 });
    cell.ids.push(c.id);
    cell.counts[c.status] = (cell.counts[c.status] ?? 0) + 1;
    cell.total++;
    if (c.status === 'passed') cell.passed++;
    if (SEVERITY.indexOf(c.status) < SEVERITY.indexOf(cell.worst)) cell.worst = c.status;
  }
  const kinds = [...KIND_ORDER.filter((k) => seenKinds.includes(k)), ...seenKinds.filter((k) => !KIND_ORDER.includes(k))];
  return { members, kinds, cells };
}

/** The first case of a cell with its worst status: where a link from the cell goes. */
export function worstCase(cell: MatrixCell, statusOf: (id: string) => CaseStatus | undefined): string {
  return cell.ids.find((id) => statusOf(id) === cell.worst) ?? cell.ids[0]!;
}
