import type { CaseResult, CaseStatus } from '../engine/results';
import { countsLine, failureLines, type ReportSummary } from '../report/model';

const MARK: Record<CaseStatus, string> = {
  passed: '✓',
  failed: '✗',
  errored: '!',
  skipped: '-',
  'expected-failure': '~',
  'unexpected-pass': '✗',
};

const COLOUR: Record<CaseStatus, string> = {
  passed: '32',
  failed: '31',
  errored: '35',
  skipped: '90',
  'expected-failure': '33',
  'unexpected-pass': '31',
};

/** Per-case lines on a terminal; on a pipe (CI logs) only the cases that need attention. */
export function progressPrinter(stream: NodeJS.WriteStream): (result: CaseResult, done: number, total: number) => void {
  const tty = stream.isTTY === true;
  const paint = (status: CaseStatus, text: string) => (tty ? `\u001b[${COLOUR[status]}m${text}\u001b[0m` : text);
  return (result, done, total) => {
    const attention = result.status === 'failed' || result.status === 'errored' || result.status === 'unexpected-pass';
    if (!tty && !attention) return;
    const counter = `[${String(done).padStart(String(total).length)}/${total}]`;
    stream.write(
      `${counter} ${paint(result.status, `${MARK[result.status]} ${result.id}`)} ${tty ? `\u001b[90m${result.durationMs} ms\u001b[0m` : `(${result.status})`}\n`,
    );
    if (attention) for (const line of failureLines(result)) stream.write(`      ${line}\n`);
    if (result.status === 'unexpected-pass')
      stream.write(`      listed as a known deviation ("${result.deviation ?? ''}") but passed: remove it from the expectations file\n`);
  };
}

/** The closing line: the six counts, in the same words as every report (`N passed, N failed, ...`). */
export function summaryLines(s: ReportSummary): string[] {
  return [countsLine(s)];
}
