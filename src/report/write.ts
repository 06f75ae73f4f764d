import { mkdirSync, renameSync, writeFileSync, accessSync, constants, unlinkSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { renderHtml } from './html';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { brief, type ConformanceReport } from './model';
import type { ActualResponse } from './verdict';
import { ESCAPED_PLACEHOLDER, redact, redactValue } from '../client/redact';
import { BadInputError } from '../errors';

export const REPORT_FILES = {
  json: 'conformance.json',
  markdown: 'conformance.md',
  html: 'conformance.html',
  junit: 'junit.xml',
} as const;

/**
 * Writes a file whole or not at all: a temporary file in the same folder, then a rename (atomic on one file
 * system). A failed write (disk full, folder gone) leaves the previous file as it was and no temporary behind;
 * a killed process leaves at most the temporary.
 */
export function writeAtomic(file: string, text: string): void {
  const temporary = temporaryName(file);
  try {
    writeFileSync(temporary, redact(text, [], placeholderFor(file)), { flag: 'wx' }); // the one redaction point, for every file the suite writes
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * A temporary name next to `file` no one can predict, created exclusively (`wx`: O_CREAT|O_EXCL, which never follows a
 * planted symlink), so a link in the folder cannot make a run write or truncate a file elsewhere.
 */
function temporaryName(file: string): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
}

/** Escaped formats get the escaped placeholder, so redacting them keeps them well-formed. */
function placeholderFor(file: string): string {
  return /\.(xml|html?|md)$/i.test(file) ? ESCAPED_PLACEHOLDER : '<redacted>';
}

export class ReportDirError extends BadInputError {}

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir loops for ever under /proc (`--report-dir /proc/x`).
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) throw new Error(`${at} is not a folder`);
  for (const d of missing) mkdirSync(d);
}

/** Fails early, before a run creates anything, when the report folder cannot be written. */
export function ensureWritableDir(dir: string): void {
  try {
    makeDirs(dir);
    accessSync(dir, constants.W_OK);
    const probe = temporaryName(join(dir, 'write-test'));
    writeFileSync(probe, '', { flag: 'wx' });
    unlinkSync(probe);
  } catch (error) {
    throw new ReportDirError(`cannot write reports to ${dir}: ${(error as Error).message}`);
  }
}

/** Values in checks and failures longer than this (as JSON) are kept as a short printable form. */
const MAX_VALUE_CHARS = 2000;
/** Error messages longer than this are kept as a short printable form (the whole body is in the step). */
const MAX_MESSAGE_CHARS = 4000;

function capped(value: unknown, max = MAX_VALUE_CHARS): unknown {
  if (value === undefined) return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text !== undefined && text.length > max ? brief(value, max) : value;
}

function compactActual(actual: ActualResponse): ActualResponse {
  return actual.message !== undefined && actual.message.length > MAX_MESSAGE_CHARS ? { ...actual, message: brief(actual.message, MAX_MESSAGE_CHARS) } : actual;
}

/**
 * The report as `conformance.json` stores it: each response body once, in its step (`steps[n].actual.body`); the
 * case's own `actual` refers to it (`"body": { "$step": n }`); values in checks and failures and long messages are
 * cut to a printable form. A target answering megabytes on every call still gives a report of a few megabytes.
 */
export function compactReport(report: ConformanceReport): ConformanceReport {
  return {
    ...report,
    cases: report.cases.map((c) => {
      const steps = c.steps.map((step) => ({
        ...step,
        actual: compactActual(step.actual),
        checks: step.checks.map((ch) => ({ ...ch, ...(ch.pass ? {} : { expected: capped(ch.expected), actual: capped(ch.actual) }) })),
      }));
      const at = c.actual ? c.steps.findIndex((step) => step.actual === c.actual) : -1;
      const actual = c.actual === null ? null : at >= 0 ? { ...compactActual(c.actual), body: { $step: at } } : compactActual(c.actual);
      const failures = c.failures.map((f) => (f.kind === 'mismatch' ? { ...f, expected: capped(f.expected), actual: capped(f.actual) } : f));
      return { ...c, actual, failures, steps };
    }),
  };
}

/**
 * Writes the four reports (every text passes through `redact`, in `writeAtomic`). All four are rendered and written
 * to temporary files first, then renamed one after the other: a failure before the renames leaves the previous
 * four (or the run's placeholder) as they were. Returns the paths written.
 */
export function writeReports(report: ConformanceReport, dir: string, secrets: readonly string[] = []): string[] {
  makeDirs(dir);
  // Redacted as data first (before any escaping or shortening), then each rendered text once more.
  const clean = redactValue(report, secrets);
  const outputs: [string, () => string][] = [
    [REPORT_FILES.json, () => `${JSON.stringify(compactReport(clean), null, 2)}\n`],
    [REPORT_FILES.markdown, () => renderMarkdown(clean)],
    [REPORT_FILES.html, () => renderHtml(clean)],
    [REPORT_FILES.junit, () => renderJunit(clean)],
  ];
  const staged: [string, string][] = [];
  try {
    for (const [name, render] of outputs) {
      const file = join(dir, name);
      const temporary = temporaryName(file);
      staged.push([temporary, file]);
      writeFileSync(temporary, redact(render(), secrets, placeholderFor(file)), { flag: 'wx' });
    }
    for (const [temporary, file] of staged) renameSync(temporary, file);
  } catch (error) {
    for (const [temporary] of staged) rmSync(temporary, { force: true });
    throw error;
  }
  return staged.map(([, file]) => file);
}

/**
 * A report that says this run has started and written nothing yet: put in place of the previous run's four before
 * anything is sent, so a run that crashes (out of memory, SIGKILL) never leaves an older report looking current.
 */
export function placeholderReport(
  report: Pick<ConformanceReport, 'suite' | 'target' | 'runId' | 'startedAt'> & { shard?: ConformanceReport['shard'] },
): ConformanceReport {
  return {
    ...report,
    finishedAt: report.startedAt,
    complete: false,
    problem: `run ${report.runId} started at ${report.startedAt} and has written no report: it is still running, or it ended without finishing (crashed or killed)`,
    summary: { total: 0, passed: 0, failed: 0, errored: 0, skipped: 0, expectedFailures: 0, unexpectedPasses: 0 },
    cleanup: { deleted: [], leftovers: [] },
    cases: [],
  };
}
