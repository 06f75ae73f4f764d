import type { CaseResult, CaseStatus } from '../engine/results';
import type { CleanupReport, Untagged } from '../engine/session';
import type { Shard } from '../engine/shard';

export interface ReportSummary {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  expectedFailures: number;
  unexpectedPasses: number;
}

/** The conformance report: what `conformance.json` holds, and what every other format is rendered from. */
export interface ConformanceReport {
  suite: { name: string; version: string; spec: { name: string; profile: string; sources: Record<string, string> } };
  target: { kind: string; url: string | null; region: string; label: string; /** From STS, for AWS runs. */ account?: string };
  runId: string;
  /** Which slice of the case table this run ran (`--shard i/n`). */
  shard?: Shard;
  startedAt: string;
  finishedAt: string;
  /** False when the run was interrupted or could not set up: some cases did not run. */
  complete: boolean;
  /** Why the run stopped early or could not start, in one line. */
  problem?: string;
  expectations?: { file: string; meta: Record<string, unknown> };
  summary: ReportSummary;
  cleanup: CleanupReport;
  /** Resources the run created but could not tag (it still deleted them). */
  untagged?: Untagged[];
  cases: CaseResult[];
}

export function summarize(cases: readonly CaseResult[]): ReportSummary {
  const count = (status: CaseStatus) => cases.filter((c) => c.status === status).length;
  return {
    total: cases.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    skipped: count('skipped'),
    expectedFailures: count('expected-failure'),
    unexpectedPasses: count('unexpected-pass'),
  };
}

/** Cases grouped by the member they are about, in first-seen order. */
export function groupByMember(cases: readonly CaseResult[]): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const list = groups.get(c.group) ?? [];
    list.push(c);
    groups.set(c.group, list);
  }
  return groups;
}

/** A short printable form of a value for people (reports in Markdown, HTML, JUnit and the terminal). */
export function brief(value: unknown, max = 160): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** One line per failure: which check, expected against actual. */
export function failureLines(c: CaseResult): string[] {
  return c.failures.map((f) => {
    switch (f.kind) {
      case 'mismatch':
        return `step ${f.step + 1} ${f.check}: expected ${brief(f.expected)}, got ${brief(f.actual)}`;
      case 'error':
        return `step ${f.step + 1} errored: ${f.reason}`;
      case 'skipped':
        return `skipped: ${f.reason}`;
    }
  });
}

export function clauseLine(c: CaseResult): string {
  return `${c.clause.source} (${c.clause.member}): "${c.clause.text}"`;
}
