import { markdownCode, markdownText } from '../io/neutral';
import type { AnyReport } from './load';
import { UsageError } from '../errors';
import { outcomeLine, outcomeOf, type CaseOutcome, type StepOutcome } from './outcome';

/** A case whose outcome differs between two reports, with both answers. */
export interface CaseChange {
  /** Case id, prefixed by the target's column for merged reports. */
  key: string;
  id: string;
  target?: string;
  before: CaseOutcome;
  after: CaseOutcome;
  /** Which parts changed: status, http, error-code, transport, message, order, items, checks. */
  what: string[];
  /** What changed within each step, in words: `step 2: the same 3 names in another order`. */
  within: string[];
}

export interface ReportDiff {
  changed: CaseChange[];
  /**
   * Cases whose status changed only because the expectations file did (failed ↔ expected failure, passed ↔
   * unexpected pass) while every answer stayed the same: not a change of the target's behaviour.
   */
  expectationsOnly: CaseChange[];
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

type Norm = (side: 'before' | 'after', m: string | undefined) => string | undefined;

/** What changed within one step, in words; empty when nothing the diff looks at did. */
function stepChanges(
  i: number,
  b: StepOutcome | undefined,
  a: StepOutcome | undefined,
  norm: Norm,
  compareMessages: boolean,
): { what: string[]; words: string[] } {
  const what: string[] = [];
  const words: string[] = [];
  const at = `step ${i + 1}`;
  if (!b || !a) {
    if (b || a) {
      what.push('http');
      words.push(`${at}: ${b ? 'no longer runs' : 'runs now'}`);
    }
    return { what, words };
  }
  if ((b.transportError === undefined) !== (a.transportError === undefined)) {
    what.push('transport');
    words.push(`${at}: ${a.transportError === undefined ? 'answers now' : `no answer now (${a.transportError})`}`);
  }
  if (b.status !== a.status) {
    what.push('http');
    words.push(`${at}: HTTP ${b.status ?? '?'} → ${a.status ?? '?'}`);
  }
  if (b.errorCode !== a.errorCode) {
    what.push('error-code');
    words.push(`${at}: error code ${b.errorCode ?? '(none)'} → ${a.errorCode ?? '(none)'}`);
  }
  if (b.items || a.items) {
    const before = (b.items ?? []).map((x) => norm('before', x)!);
    const after = (a.items ?? []).map((x) => norm('after', x)!);
    const was = new Set(before);
    const now = new Set(after);
    const added = after.filter((x) => !was.has(x));
    const removed = before.filter((x) => !now.has(x));
    if (added.length > 0 || removed.length > 0) {
      what.push('items');
      words.push(
        `${at}: lists ${[added.length ? `${added.length} more (${brief(added)})` : '', removed.length ? `${removed.length} fewer (${brief(removed)})` : ''].filter(Boolean).join(' and ')}`,
      );
    } else if (before.join('\u0000') !== after.join('\u0000')) {
      what.push('order');
      words.push(`${at}: the same ${after.length} names in another order (${brief(before)} → ${brief(after)})`);
    }
  }
  const failedBefore = new Set(b.failedChecks ?? []);
  const failedAfter = new Set(a.failedChecks ?? []);
  const nowFailing = [...failedAfter].filter((x) => !failedBefore.has(x));
  const nowPassing = [...failedBefore].filter((x) => !failedAfter.has(x));
  // Checks that flip with the status or the code say nothing new; with the same answer, they are what changed (its body).
  if (what.length === 0 && (nowFailing.length > 0 || nowPassing.length > 0)) {
    what.push('checks');
    if (nowFailing.length) words.push(`${at}: now fails ${nowFailing.join(', ')}`);
    if (nowPassing.length) words.push(`${at}: now passes ${nowPassing.join(', ')}`);
  }
  if (compareMessages && norm('before', b.message) !== norm('after', a.message)) {
    what.push('message');
    words.push(`${at}: message changed`);
  }
  return { what, words };
}

/** A few names, then how many more. */
function brief(names: readonly string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')}, … ${names.length - 3} more` : names.join(', ');
}

function changes(before: CaseOutcome, after: CaseOutcome, norm: Norm, compareMessages: boolean): { what: string[]; within: string[] } {
  const what = new Set<string>();
  const within: string[] = [];
  if (before.status !== after.status) what.add('status');
  const steps = Math.max(before.steps.length, after.steps.length);
  for (let i = 0; i < steps; i++) {
    const step = stepChanges(i, before.steps[i], after.steps[i], norm, compareMessages);
    for (const w of step.what) what.add(w);
    for (const w of step.words) within.push(w);
  }
  // In the order people read them: the status, then the answers, then what was in them.
  const order = ['status', 'http', 'error-code', 'transport', 'message', 'items', 'order', 'checks'];
  return { what: order.filter((w) => what.has(w)), within };
}

/** The status as the target's answers decide it, before the expectations file turns it into an expected one. */
function behaviourOf(status: CaseOutcome['status']): string {
  return status === 'expected-failure' ? 'failed' : status === 'unexpected-pass' ? 'passed' : status;
}

/** A change of status that the expectations file alone explains: the same answers, judged alike, relabelled. */
function onlyExpectations(before: CaseOutcome, after: CaseOutcome, what: readonly string[]): boolean {
  if (what.length !== 1 || what[0] !== 'status') return false;
  const b = behaviourOf(before.status);
  const a = behaviourOf(after.status);
  // An errored case with an expectation is an expected failure too.
  return (
    b === a ||
    (b === 'errored' && a === 'failed' && after.status === 'expected-failure') ||
    (a === 'errored' && b === 'failed' && before.status === 'expected-failure')
  );
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
  const diff: ReportDiff = { changed: [], expectationsOnly: [], added: [], removed: [], unchanged: 0 };
  for (const [key, row] of old) {
    const next = now.get(key);
    if (!next) {
      diff.removed.push(key);
      continue;
    }
    const { what, within } = changes(row.outcome, next.outcome, norm, options.compareMessages ?? false);
    if (what.length === 0) {
      diff.unchanged++;
      continue;
    }
    const change: CaseChange = { key, id: row.id, ...(row.target ? { target: row.target } : {}), before: row.outcome, after: next.outcome, what, within };
    if (onlyExpectations(row.outcome, next.outcome, what)) diff.expectationsOnly.push(change);
    else diff.changed.push(change);
  }
  for (const key of now.keys()) if (!old.has(key)) diff.added.push(key);
  return diff;
}

/** Only the cases `ids` covers (a shard's run compared against a full baseline). */
export function restrictTo(input: AnyReport, ids: ReadonlySet<string>): AnyReport {
  if (input.kind !== 'run') return input;
  return { ...input, report: { ...input.report, cases: input.report.cases.filter((c) => ids.has(c.id)) } };
}

/** One answer of a step in a line: `HTTP 400 ValidationException: message`. */
function answerText(step: StepOutcome | undefined): string {
  if (!step) return '(not run)';
  return markdownText(`${step.transportError ?? `HTTP ${step.status ?? '?'} ${step.errorCode ?? ''}`.trim()}${step.message ? `: ${step.message}` : ''}`);
}

/** The drift as text for a terminal or a Markdown file: every text from the reports escaped, no live Markdown or HTML. */
export function renderDiff(diff: ReportDiff, labels: { before: string; after: string }): string {
  const lines = [
    `# Drift: ${markdownText(labels.before)} → ${markdownText(labels.after)}`,
    '',
    `${diff.changed.length} changed, ${diff.unchanged} unchanged, ${diff.added.length} only in the new report, ${diff.removed.length} only in the old one.` +
      (diff.expectationsOnly.length ? ` ${diff.expectationsOnly.length} changed only in the expectations (the same answers, not a change of behaviour).` : ''),
    '',
  ];
  // One line at a time: a report may hold hundreds of thousands of cases, too many to spread into push().
  const add = (items: Iterable<string>) => {
    for (const line of items) lines.push(line);
  };
  if (diff.changed.length > 0) {
    lines.push('| case | before | after | changed |', '| --- | --- | --- | --- |');
    add(
      diff.changed.map(
        (c) => `| ${markdownCode(c.key)} | ${markdownText(outcomeLine(c.before))} | ${markdownText(outcomeLine(c.after))} | ${c.what.join(', ')} |`,
      ),
    );
    lines.push('');
    for (const c of diff.changed) {
      lines.push(`## ${markdownCode(c.key)}`, '');
      add(c.within.map((w) => `- ${markdownText(w)}`));
      const steps = Math.max(c.before.steps.length, c.after.steps.length);
      for (let i = 0; i < steps; i++) {
        lines.push(`- step ${i + 1} before: ${answerText(c.before.steps[i])}`);
        lines.push(`- step ${i + 1} after: ${answerText(c.after.steps[i])}`);
      }
      lines.push('');
    }
  }
  if (diff.expectationsOnly.length) {
    lines.push('Changed only in the expectations (the same answers):');
    add(diff.expectationsOnly.map((c) => `- ${markdownCode(c.key)}: ${markdownText(`${c.before.status} → ${c.after.status}`)}`));
    lines.push('');
  }
  if (diff.added.length) {
    lines.push('Only in the new report:');
    add(diff.added.map((k) => `- ${markdownCode(k)}`));
    lines.push('');
  }
  if (diff.removed.length) {
    lines.push('Only in the old report:');
    add(diff.removed.map((k) => `- ${markdownCode(k)}`));
    lines.push('');
  }
  return lines.join('\n');
}
