import { mkdirSync, renameSync, writeFileSync, accessSync, constants, unlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import type { ConformanceReport } from './model';
import { redact } from './redact';
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
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export class ReportDirError extends BadInputError {}

/** Fails early, before a run creates anything, when the report folder cannot be written. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (error) {
    throw new ReportDirError(`cannot write reports to ${dir}: ${(error as Error).message}`);
  }
}

/** Writes the four reports; every text passes through `redact` first. Returns the paths written. */
export function writeReports(report: ConformanceReport, dir: string, secrets: readonly string[] = []): string[] {
  mkdirSync(dir, { recursive: true });
  const outputs: [string, string][] = [
    [REPORT_FILES.json, `${JSON.stringify(report, null, 2)}\n`],
    [REPORT_FILES.markdown, renderMarkdown(report)],
    [REPORT_FILES.html, renderHtml(report)],
    [REPORT_FILES.junit, renderJunit(report)],
  ];
  return outputs.map(([name, text]) => {
    const file = join(dir, name);
    writeAtomic(file, redact(text, secrets));
    return file;
  });
}
