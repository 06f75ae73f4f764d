import type { RecordedAnswer, RecordedExchange } from '../client/recording/format';
import type { Recording } from '../client/recording/read';

/** One answer that changed between two recordings of the same table (or an exchange only one of them holds). */
export interface RecordingChange {
  /** `case <id> step <n>` or `setup`/`cleanup`, and the operation. */
  where: string;
  operation: string;
  what: 'status' | 'code' | 'message' | 'body' | 'headers' | 'answer' | 'only-before' | 'only-after';
  before?: unknown;
  after?: unknown;
}

export interface RecordingDiff {
  before: string;
  after: string;
  /** What made each recording, where it differs (suite version, edition, region, model checksum). */
  header: { field: string; before: unknown; after: unknown }[];
  changes: RecordingChange[];
}

function placeOf(e: RecordedExchange): string {
  return e.phase === 'case' ? `case ${e.case ?? '?'} step ${(e.step ?? 0) + 1}${e.page ? ` page ${e.page + 1}` : ''}` : e.phase;
}

/** The exchanges by where they were made and what was asked (the n-th of several alike keeps its n). */
function keyed(recording: Recording): Map<string, RecordedExchange> {
  const out = new Map<string, RecordedExchange>();
  for (const e of recording.exchanges) {
    const base = `${placeOf(e)}|${e.operation}|${JSON.stringify(e.request)}`;
    let n = 0;
    while (out.has(`${base}|${n}`)) n++;
    out.set(`${base}|${n}`, e);
  }
  return out;
}

function bodyOf(a: RecordedAnswer): Record<string, unknown> | undefined {
  return typeof a.body === 'object' && a.body !== null && !Array.isArray(a.body) ? (a.body as Record<string, unknown>) : undefined;
}

function codeOf(a: RecordedAnswer): string | undefined {
  const raw = a.headers['x-amzn-errortype'] ?? bodyOf(a)?.__type;
  return typeof raw === 'string' ? raw.split(':')[0]!.split('#').pop() : undefined;
}

function messageOf(a: RecordedAnswer): string | undefined {
  const m = bodyOf(a)?.message ?? bodyOf(a)?.Message;
  return typeof m === 'string' ? m : undefined;
}

function withoutMessage(a: RecordedAnswer): string {
  const body = bodyOf(a);
  if (!body) return JSON.stringify(a.bodyText ?? a.body ?? null);
  const { message: _m, Message: _M, __type: _t, ...rest } = body;
  return JSON.stringify(rest);
}

/** How two answers to the same request differ, most telling first: status, code, message, the rest of the body. */
function answerChanges(where: string, operation: string, before: RecordedExchange, after: RecordedExchange): RecordingChange[] {
  const a = before.answer;
  const b = after.answer;
  if (!a || !b) {
    return (a === undefined) === (b === undefined) && before.transportError === after.transportError
      ? []
      : [{ where, operation, what: 'answer', before: a ? `HTTP ${a.status}` : before.transportError, after: b ? `HTTP ${b.status}` : after.transportError }];
  }
  const out: RecordingChange[] = [];
  if (a.status !== b.status) out.push({ where, operation, what: 'status', before: a.status, after: b.status });
  if (codeOf(a) !== codeOf(b)) out.push({ where, operation, what: 'code', before: codeOf(a) ?? null, after: codeOf(b) ?? null });
  if (messageOf(a) !== messageOf(b)) out.push({ where, operation, what: 'message', before: messageOf(a) ?? null, after: messageOf(b) ?? null });
  if (withoutMessage(a) !== withoutMessage(b)) out.push({ where, operation, what: 'body', before: a.body ?? a.bodyText, after: b.body ?? b.bodyText });
  if (JSON.stringify(a.headers) !== JSON.stringify(b.headers)) out.push({ where, operation, what: 'headers', before: a.headers, after: b.headers });
  return out;
}

/**
 * What changed between two recordings of the same table: every answer to the same request (same place, same
 * normalised request) whose status, code, message, body or headers differ, and the exchanges only one holds. The day
 * each was recorded is not a change; the suite version, edition, region and model checksums are reported apart.
 */
export function diffRecordings(before: Recording, after: Recording): RecordingDiff {
  const header: RecordingDiff['header'] = [];
  const hb = before.header;
  const ha = after.header;
  for (const [field, b, a] of [
    ['suite version', hb.suite.version, ha.suite.version],
    ['edition', hb.edition, ha.edition],
    ['region', hb.region, ha.region],
    ['target', hb.target.label, ha.target.label],
  ] as const)
    if (b !== a) header.push({ field, before: b, after: a });
  for (const op of new Set([...Object.keys(hb.operations), ...Object.keys(ha.operations)])) {
    const b = hb.operations[op]?.modelChecksum;
    const a = ha.operations[op]?.modelChecksum;
    if (b !== a) header.push({ field: `model checksum of ${op}`, before: b ?? null, after: a ?? null });
  }
  const kb = keyed(before);
  const ka = keyed(after);
  const changes: RecordingChange[] = [];
  for (const [key, eb] of kb) {
    const ea = ka.get(key);
    if (!ea) changes.push({ where: placeOf(eb), operation: eb.operation, what: 'only-before', before: eb.request.body ?? eb.request.bodyText });
    else changes.push(...answerChanges(placeOf(eb), eb.operation, eb, ea));
  }
  for (const [key, ea] of ka)
    if (!kb.has(key)) changes.push({ where: placeOf(ea), operation: ea.operation, what: 'only-after', after: ea.request.body ?? ea.request.bodyText });
  return { before: before.dir, after: after.dir, header, changes };
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The diff as Markdown, for a pull request or a job summary. */
export function renderRecordingDiff(diff: RecordingDiff): string {
  const lines = [`## Recordings compared`, '', `${diff.before} → ${diff.after}: ${diff.changes.length} answer(s) changed`, ''];
  for (const h of diff.header) lines.push(`- ${h.field}: ${show(h.before)} → ${show(h.after)}`);
  if (diff.header.length > 0) lines.push('');
  for (const c of diff.changes) {
    const what = c.what === 'only-before' ? 'no longer asked' : c.what === 'only-after' ? 'newly asked' : c.what;
    lines.push(
      `- ${c.operation}, ${c.where}: ${what}${c.before !== undefined ? ` ${show(c.before)}` : ''}${c.after !== undefined ? ` → ${show(c.after)}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
