import { markdownText } from '../io/neutral';
import type { AnyReport } from './load';
import { UsageError } from '../errors';
import { outcomeLine, outcomeOf, type CaseOutcome } from './outcome';

/** A case whose outcome differs between two reports, with both answers. */
export interface CaseChange {
  /** Case id, prefixed by the target's column for merged reports. */
  key: string;
  id: string;
  target?: string;
  before: CaseOutcome;
  after: CaseOutcome;
  /** Which parts changed: status, http, error-code, transport, message. */
  what: string[];
}

export interface ReportDiff {
  changed: CaseChange[];
  /** Keys only in the new report / only in the old one: the case table or the targets changed, not a target's answers. */
  added: string[];
  removed: string[];
  unchanged: number;
}

export class DiffError extends UsageError {
  override name = 'DiffError';
}

interface Row {
  id: string;
  target?: string;
  outcome: CaseOutcome;
}

/** Rows keyed by case id (one run) or by target and case id (a merged report). */
function rowsOf(input: AnyReport): Map<string, Row> {
  const rows = new Map<string, Row>();
  if (input.kind === 'run') {
    for (const c of input.report.cases) rows.set(c.id, { id: c.id, outcome: outcomeOf(c) });
    return rows;
  }
  for (const [id, row] of Object.entries(input.report.matrix)) {
    for (const [target, outcome] of Object.entries(row)) rows.set(`${target} ${id}`, { id, target, outcome });
  }
  return rows;
}

/** Run ids, their digit forms and accounts vary night to night; messages are compared without them. */
function runIdsOf(input: AnyReport): string[] {
  return input.kind === 'run' ? [input.report.runId] : input.report.columns.flatMap((c) => c.runIds);
}

export function normaliseMessage(message: string, runIds: readonly string[]): string {
  let out = message;
  for (const id of runIds) {
    if (!/^[a-z0-9]+$/.test(id)) continue;
    out = out.replace(new RegExp(id, 'gi'), '<run>');
    const digits = String(Number.parseInt(id, 36));
    if (digits.length >= 4) out = out.split(digits).join('<run>');
  }
  return out.replace(/\b\d{12}\b/g, '<account>').replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>');
}

function changes(
  before: CaseOutcome,
  after: CaseOutcome,
  norm: (side: 'before' | 'after', m: string | undefined) => string | undefined,
  compareMessages: boolean,
): string[] {
  const what: string[] = [];
  if (before.status !== after.status) what.push('status');
  const steps = Math.max(before.steps.length, after.steps.length);
  const at = (o: CaseOutcome, i: number) => o.steps[i] ?? {};
  const differsIn = (pick: (i: number, o: CaseOutcome) => unknown) =>
    Array.from({ length: steps }, (_, i) => i).some((i) => pick(i, before) !== pick(i, after));
  if (differsIn((i, o) => at(o, i).status)) what.push('http');
  if (differsIn((i, o) => at(o, i).errorCode)) what.push('error-code');
  if (differsIn((i, o) => at(o, i).transportError === undefined)) what.push('transport');
  if (compareMessages && Array.from({ length: steps }, (_, i) => i).some((i) => norm('before', at(before, i).message) !== norm('after', at(after, i).message)))
    what.push('message');
  return what;
}

/**
 * Compares two reports by case id (or target and case id for merged reports): the case's status, and for each
 * step the HTTP status, the error code and whether an answer came at all; with `compareMessages`, also the
 * message with run ids, accounts and request ids masked.
 */
export function diffReports(before: AnyReport, after: AnyReport, options: { compareMessages?: boolean } = {}): ReportDiff {
  if (before.kind !== after.kind)
    throw new DiffError(
      `cannot compare a ${before.kind === 'run' ? 'single-run' : 'merged'} report (${before.file}) with a ${after.kind === 'run' ? 'single-run' : 'merged'} one (${after.file}); merge both or neither`,
    );
  const old = rowsOf(before);
  const now = rowsOf(after);
  const ids = { before: runIdsOf(before), after: runIdsOf(after) };
  const norm = (side: 'before' | 'after', m: string | undefined) => (m === undefined ? undefined : normaliseMessage(m, ids[side]));
  const diff: ReportDiff = { changed: [], added: [], removed: [], unchanged: 0 };
  for (const [key, row] of old) {
    const next = now.get(key);
    if (!next) {
      diff.removed.push(key);
      continue;
    }
    const what = changes(row.outcome, next.outcome, norm, options.compareMessages ?? false);
    if (what.length === 0) diff.unchanged++;
    else diff.changed.push({ key, id: row.id, ...(row.target ? { target: row.target } : {}), before: row.outcome, after: next.outcome, what });
  }
  for (const key of now.keys()) if (!old.has(key)) diff.added.push(key);
  return diff;
}

/** Only the cases `ids` covers (a shard's run compared against a full baseline). */
export function restrictTo(input: AnyReport, ids: ReadonlySet<string>): AnyReport {
  if (input.kind !== 'run') return input;
  return { ...input, report: { ...input.report, cases: input.report.cases.filter((c) => ids.has(c.id)) } };
}

/** The drift as text for a terminal or a Markdown file. */
export function renderDiff(diff: ReportDiff, labels: { before: string; after: string }): string {
  const lines = [
    `# Drift: ${labels.before} → ${labels.after}`,
    '',
    `${diff.changed.length} changed, ${diff.unchanged} unchanged, ${diff.added.length} only in the new report, ${diff.removed.length} only in the old one.`,
    '',
  ];
  if (diff.changed.length > 0) {
    lines.push('| case | before | after | changed |', '| --- | --- | --- | --- |');
    for (const c of diff.changed)
      lines.push(`| \`${c.key}\` | ${markdownText(outcomeLine(c.before))} | ${markdownText(outcomeLine(c.after))} | ${c.what.join(', ')} |`);
    lines.push('');
    for (const c of diff.changed) {
      lines.push(`## \`${c.key}\``, '');
      const steps = Math.max(c.before.steps.length, c.after.steps.length);
      for (let i = 0; i < steps; i++) {
        const b = c.before.steps[i];
        const a = c.after.steps[i];
        lines.push(
          `- step ${i + 1} before: ${b ? markdownText(`${b.transportError ?? `HTTP ${b.status ?? '?'} ${b.errorCode ?? ''}`.trim()}${b.message ? `: ${b.message}` : ''}`) : '(not run)'}`,
        );
        lines.push(
          `- step ${i + 1} after: ${a ? markdownText(`${a.transportError ?? `HTTP ${a.status ?? '?'} ${a.errorCode ?? ''}`.trim()}${a.message ? `: ${a.message}` : ''}`) : '(not run)'}`,
        );
      }
      lines.push('');
    }
  }
  if (diff.added.length) lines.push('Only in the new report:', ...diff.added.map((k) => `- \`${k}\``), '');
  if (diff.removed.length) lines.push('Only in the old report:', ...diff.removed.map((k) => `- \`${k}\``), '');
  return lines.join('\n');
}
