import type { CaseFacts } from '../cases/types';
import { isBad, type CaseStatus } from './results';
import type { Shard } from './shard';
import { summarize, type ConformanceReport, type OperationScore, type ReportSummary } from './model';
import { outcomeOf, type CaseOutcome } from './outcome';
import { buildMatrix, kindOrder, memberOf, type ConformanceMatrix, type MatrixCell } from './matrix';
import { reportGroups, type DeviationGroupLine } from './groups-read';

export const MERGED_FORMAT = 'sagemaker-conformance/merged-report@1';

/** One target of the matrix (its `--label`, else kind, URL, account and region), put together from one or more shard reports. */
export interface MergedColumn {
  /** The column's name: the label given to `run --label` or to `merge FILE=LABEL`, else the target's kind, URL, account and region. */
  key: string;
  kind: string;
  region: string;
  label: string;
  /** The URL a `url` target was reached at. */
  url?: string;
  account?: string;
  runIds: string[];
  /** Shards present, when the runs were sharded; `missingShards` lists the absent ones. */
  shardCount?: number;
  shards: number[];
  missingShards: number[];
  complete: boolean;
  problems: string[];
  leftovers: ConformanceReport['cleanup']['leftovers'];
  summary: ReportSummary;
  /** Per operation, in table order: the score (passed) beside the conformance index (judged). */
  operations: Record<string, OperationScore>;
  /** The deviation groups its reports carry (reports written before groups have none), largest first. */
  groups: DeviationGroupLine[];
}

/** Many runs as one report: a target-by-case matrix of outcomes. */
export interface MergedReport {
  format: typeof MERGED_FORMAT;
  suite: { name: string; versions: string[]; spec: ConformanceReport['suite']['spec'] };
  mergedAt: string;
  /** True when every column is complete: all shards present and every case ran. */
  complete: boolean;
  columns: MergedColumn[];
  /** `kind` is absent in merged reports written before the conformance matrix. */
  cases: { id: string; operation?: string; title: string; group: string; kind?: string; facts?: CaseFacts }[];
  /** case id → column key → outcome; a missing cell means the case did not run on that target. */
  matrix: Record<string, Record<string, CaseOutcome>>;
}

export class MergeError extends Error {
  override name = 'MergeError';
}

/**
 * The matrix column a run belongs to: its label when it has one; else its kind, account and region, and for a URL
 * target the URL (two emulators on two ports are two targets). A mock or moto the suite started gets a new port each
 * run, so shards of one run against it share a column without the port.
 */
export function columnKey(report: Pick<ConformanceReport, 'target'>, label?: string): string {
  const t = report.target;
  const name = label ?? t.name;
  if (name !== undefined) return name;
  if (t.kind === 'url' && t.url) return `${t.url} (${[t.account, t.region].filter(Boolean).join('/')})`;
  return [t.kind, t.account, t.region].filter(Boolean).join('/');
}

/**
 * Merges reports of any number of targets, shards and regions. Shards of one target (same column key) combine into
 * one column; a case reported twice for one target, or shards that disagree on n, is an error, since the reports
 * would not add up. `label` names a report's column (overriding the label the run stored).
 */
export function mergeReports(
  reports: readonly { file: string; report: ConformanceReport; label?: string }[],
  options: { now?: Date; caseOrder?: readonly string[] } = {},
): MergedReport {
  if (reports.length === 0) throw new MergeError('no reports to merge');
  const columns = new Map<string, { column: MergedColumn; statuses: CaseStatus[]; seen: Map<string, string> }>();
  const cases = new Map<string, MergedReport['cases'][number]>();
  // Keyed by names from the reports (a case id may be `__proto__`): objects without a prototype, so every name is data.
  const matrix: Record<string, Record<string, CaseOutcome>> = Object.create(null) as Record<string, Record<string, CaseOutcome>>;
  const specs = new Set(reports.map((r) => `${r.report.suite.spec.name}@${r.report.suite.spec.profile}`));
  if (specs.size > 1) throw new MergeError(`reports are of different specs (${[...specs].join(', ')})`);
  for (const { file, report, label } of reports) {
    const key = columnKey(report, label);
    let entry = columns.get(key);
    if (!entry) {
      const t = report.target;
      entry = {
        column: {
          key,
          kind: t.kind,
          region: t.region,
          label: t.label,
          ...(t.kind === 'url' && t.url ? { url: t.url } : {}),
          ...(t.account ? { account: t.account } : {}),
          runIds: [],
          shards: [],
          missingShards: [],
          complete: true,
          problems: [],
          leftovers: [],
          summary: summarize([]),
          operations: {},
          groups: [],
        },
        statuses: [],
        seen: new Map(),
      };
      columns.set(key, entry);
    }
    const { column } = entry;
    const shard: Shard | undefined = report.shard;
    if (shard) {
      if (column.shardCount !== undefined && column.shardCount !== shard.count)
        throw new MergeError(`${file}: shard ${shard.index}/${shard.count} of ${key}, but another report is of ${column.shardCount} shards`);
      if (column.shards.includes(shard.index)) throw new MergeError(`${file}: shard ${shard.index}/${shard.count} of ${key} is given twice`);
      column.shardCount = shard.count;
      column.shards.push(shard.index);
    }
    column.runIds.push(report.runId);
    if (!report.complete) column.complete = false;
    if (report.problem) column.problems.push(`run ${report.runId}: ${report.problem}`);
    // One at a time: a spread of a long list into push() would pass every item as an argument (a stack overflow).
    for (const l of report.cleanup.leftovers) column.leftovers.push(l);
    for (const g of reportGroups(report)) column.groups.push(g);
    const fallback = report.suite.spec.name;
    for (const c of report.cases) {
      const earlier = entry.seen.get(c.id);
      if (earlier)
        throw new MergeError(
          `${file}: case ${c.id} of ${key} is also in ${earlier}; are two runs of the same shard given? (Two targets? Name their columns: merge ${earlier}=NAME ${file}=OTHER)`,
        );
      entry.seen.set(c.id, file);
      if (!cases.has(c.id))
        cases.set(c.id, { id: c.id, operation: c.operation ?? fallback, title: c.title, group: c.group, kind: c.kind, ...(c.facts ? { facts: c.facts } : {}) });
      (matrix[c.id] ??= Object.create(null) as Record<string, CaseOutcome>)[key] = outcomeOf(c);
    }
  }
  for (const { column } of columns.values()) {
    if (column.shardCount !== undefined) {
      column.shards.sort((a, b) => a - b);
      column.missingShards = Array.from({ length: column.shardCount }, (_, i) => i + 1).filter((i) => !column.shards.includes(i));
      if (column.missingShards.length > 0) column.complete = false;
    }
    column.summary = summaryOf(Object.values(matrix).flatMap((row) => (row[column.key] ? [row[column.key]!.status] : [])));
    column.groups.sort((a, b) => b.count - a.count);
  }
  const first = reports[0]!.report.suite;
  // Rows in the suite's own order (shards interleave it); ids the suite no longer has go last.
  const rank = new Map((options.caseOrder ?? []).map((id, i) => [id, i]));
  const rows = [...cases.values()]
    .map((c, seen) => ({ c, at: rank.get(c.id) ?? rank.size + seen }))
    .sort((a, b) => a.at - b.at)
    .map((r) => r.c);
  for (const { column } of columns.values()) column.operations = operationScores(rows, matrix, column.key);
  return {
    format: MERGED_FORMAT,
    suite: { name: first.name, versions: [...new Set(reports.map((r) => r.report.suite.version))], spec: first.spec },
    mergedAt: (options.now ?? new Date()).toISOString(),
    complete: [...columns.values()].every((c) => c.column.complete),
    // In the order given: `merge mock.json moto.json` reads left to right as typed.
    columns: [...columns.values()].map((c) => c.column),
    cases: rows,
    matrix,
  };
}

function summaryOf(statuses: CaseStatus[]): ReportSummary {
  return summarize(statuses.map((status) => ({ status }) as Parameters<typeof summarize>[0][number]));
}

/** Exit code of `merge`: 1 when any cell is bad or any column incomplete. */
export function mergedExitCode(merged: MergedReport): 0 | 1 {
  const bad = Object.values(merged.matrix).some((row) => Object.values(row).some((o) => isBad(o.status)));
  return bad || !merged.complete ? 1 : 0;
}

/** Each operation's score and conformance index on one column, in the rows' (table) order. */
function operationScores(rows: MergedReport['cases'], matrix: MergedReport['matrix'], key: string): Record<string, OperationScore> {
  const scores = Object.create(null) as Record<string, OperationScore>;
  for (const c of rows) {
    const o = matrix[c.id]?.[key];
    if (!o) continue;
    const op = c.operation ?? '';
    const s = (scores[op] ??= { ...summarize([]), judged: 0 });
    s.total++;
    if (o.status === 'passed') s.passed++;
    else if (o.status === 'failed') s.failed++;
    else if (o.status === 'errored') s.errored++;
    else if (o.status === 'skipped') s.skipped++;
    else if (o.status === 'expected-failure') s.expectedFailures++;
    else s.unexpectedPasses++;
    if (o.status !== 'skipped' && !o.setupError) s.judged++;
  }
  return scores;
}

/** The operations of a merged report, in table order (a report written before operations counts as its spec's). */
export function mergedOperations(merged: MergedReport): string[] {
  const ops = new Set<string>();
  for (const c of merged.cases) ops.add(c.operation ?? merged.suite.spec.name);
  return [...ops];
}

/** One row of a side-by-side matrix: a member × kind of rule, and its cell on each target (absent where none ran). */
export interface SideBySideRow {
  member: string;
  kind: string;
  cells: Record<string, MatrixCell | undefined>;
}

/**
 * One matrix per operation, never summed across operations: rows are the operation's members × kinds of rule, a
 * column per target, each cell that target's passed/total and worst status over the operation's own cases.
 */
export function operationMatrices(
  merged: MergedReport,
): { operation: string; rows: SideBySideRow[]; statusOf: (key: string) => (id: string) => CaseStatus | undefined }[] {
  const statusOf = (key: string) => (id: string) => merged.matrix[id]?.[key]?.status;
  return mergedOperations(merged).map((operation) => {
    const own = merged.cases.filter((c) => (c.operation ?? merged.suite.spec.name) === operation && c.kind !== undefined);
    const perColumn = new Map<string, ConformanceMatrix>(
      merged.columns.map((column) => {
        const ran = own.flatMap((c) => {
          const status = statusOf(column.key)(c.id);
          return status ? [{ id: c.id, group: c.group, kind: c.kind!, status, ...(c.facts ? { facts: c.facts } : {}) }] : [];
        });
        return [column.key, buildMatrix(ran)];
      }),
    );
    // Members in the table's order, kinds in the matrix's column order.
    const kindsOf = new Map<string, Set<string>>();
    for (const c of own) {
      const member = memberOf(c);
      const kinds = kindsOf.get(member) ?? new Set<string>();
      kinds.add(c.kind!);
      kindsOf.set(member, kinds);
    }
    const order = kindOrder();
    const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
    const rows: SideBySideRow[] = [];
    for (const [member, kindSet] of kindsOf) {
      for (const kind of [...kindSet].sort((a, b) => rank(a) - rank(b))) {
        const cells = Object.create(null) as Record<string, MatrixCell | undefined>;
        for (const column of merged.columns) cells[column.key] = perColumn.get(column.key)?.cells[member]?.[kind];
        rows.push({ member, kind, cells });
      }
    }
    return { operation, rows, statusOf };
  });
}
