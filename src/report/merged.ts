import type { CaseFacts } from '../cases/types';
import { isBad, type CaseStatus } from './results';
import type { Shard } from './shard';
import { summarize, type ConformanceReport, type ReportSummary } from './model';
import { outcomeOf, type CaseOutcome } from './outcome';
import { buildMatrix, type ConformanceMatrix } from './matrix';

export const MERGED_FORMAT = 'sagemaker-conformance/merged-report@1';

/** One target (kind, account, region) of the matrix, put together from one or more shard reports. */
export interface MergedColumn {
  key: string;
  kind: string;
  region: string;
  label: string;
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
  cases: { id: string; title: string; group: string; kind?: string; facts?: CaseFacts }[];
  /** case id → column key → outcome; a missing cell means the case did not run on that target. */
  matrix: Record<string, Record<string, CaseOutcome>>;
}

export class MergeError extends Error {
  override name = 'MergeError';
}

/** The matrix column a run belongs to: shards of one target share it, targets never do. */
export function columnKey(report: Pick<ConformanceReport, 'target'>): string {
  const t = report.target;
  return [t.kind, t.account, t.region].filter(Boolean).join('/');
}

/**
 * Merges shard and region reports. Shards of one target (same column key) combine into one column; a case
 * reported twice for one target, or shards that disagree on n, is an error, since the reports would not add up.
 */
export function mergeReports(
  reports: readonly { file: string; report: ConformanceReport }[],
  options: { now?: Date; caseOrder?: readonly string[] } = {},
): MergedReport {
  if (reports.length === 0) throw new MergeError('no reports to merge');
  const columns = new Map<string, { column: MergedColumn; statuses: CaseStatus[]; seen: Map<string, string> }>();
  const cases = new Map<string, MergedReport['cases'][number]>();
  const matrix: Record<string, Record<string, CaseOutcome>> = {};
  const specs = new Set(reports.map((r) => `${r.report.suite.spec.name}@${r.report.suite.spec.profile}`));
  if (specs.size > 1) throw new MergeError(`reports are of different specs (${[...specs].join(', ')})`);
  for (const { file, report } of reports) {
    const key = columnKey(report);
    let entry = columns.get(key);
    if (!entry) {
      const t = report.target;
      entry = {
        column: {
          key,
          kind: t.kind,
          region: t.region,
          label: t.label,
          ...(t.account ? { account: t.account } : {}),
          runIds: [],
          shards: [],
          missingShards: [],
          complete: true,
          problems: [],
          leftovers: [],
          summary: summarize([]),
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
    column.leftovers.push(...report.cleanup.leftovers);
    for (const c of report.cases) {
      const earlier = entry.seen.get(c.id);
      if (earlier) throw new MergeError(`${file}: case ${c.id} of ${key} is also in ${earlier}; are two runs of the same shard given?`);
      entry.seen.set(c.id, file);
      if (!cases.has(c.id)) cases.set(c.id, { id: c.id, title: c.title, group: c.group, kind: c.kind, ...(c.facts ? { facts: c.facts } : {}) });
      (matrix[c.id] ??= {})[key] = outcomeOf(c);
    }
  }
  for (const { column } of columns.values()) {
    if (column.shardCount !== undefined) {
      column.shards.sort((a, b) => a - b);
      column.missingShards = Array.from({ length: column.shardCount }, (_, i) => i + 1).filter((i) => !column.shards.includes(i));
      if (column.missingShards.length > 0) column.complete = false;
    }
    column.summary = summaryOf(Object.values(matrix).flatMap((row) => (row[column.key] ? [row[column.key]!.status] : [])));
  }
  const first = reports[0]!.report.suite;
  // Rows in the suite's own order (shards interleave it); ids the suite no longer has go last.
  const rank = new Map((options.caseOrder ?? []).map((id, i) => [id, i]));
  const rows = [...cases.values()]
    .map((c, seen) => ({ c, at: rank.get(c.id) ?? rank.size + seen }))
    .sort((a, b) => a.at - b.at)
    .map((r) => r.c);
  return {
    format: MERGED_FORMAT,
    suite: { name: first.name, versions: [...new Set(reports.map((r) => r.report.suite.version))], spec: first.spec },
    mergedAt: (options.now ?? new Date()).toISOString(),
    complete: [...columns.values()].every((c) => c.column.complete),
    columns: [...columns.values()].map((c) => c.column).sort((a, b) => a.key.localeCompare(b.key)),
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

/** One conformance matrix per target (column): the cases that ran there, by member and kind of rule. */
export function columnMatrices(merged: MergedReport): { column: MergedColumn; matrix: ConformanceMatrix; statusOf: (id: string) => CaseStatus | undefined }[] {
  return merged.columns.map((column) => {
    const statusOf = (id: string) => merged.matrix[id]?.[column.key]?.status;
    const cases = merged.cases.flatMap((c) => {
      const status = statusOf(c.id);
      return status && c.kind ? [{ id: c.id, group: c.group, kind: c.kind, status, ...(c.facts ? { facts: c.facts } : {}) }] : [];
    });
    return { column, matrix: buildMatrix(cases), statusOf };
  });
}
