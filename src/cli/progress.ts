import type { CaseResult, CaseStatus } from '../report/results';
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

/**
 * Colour or not, as the conventions say: FORCE_COLOR (not 0 or false) turns it on even in a pipe; NO_COLOR (any
 * value) or TERM=dumb turn it off; otherwise colour on a terminal only.
 */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * Per-case lines on a terminal; on a pipe (CI logs) only the cases that need attention. The counter counts the
 * cases that ran: a case skipped (the run was interrupted) does not move it.
 */
export function progressPrinter(stream: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env) {
  const tty = stream.isTTY === true;
  const colour = useColour(stream, env);
  const paint = (code: string, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  let ran = 0;
  return (result: CaseResult, _done: number, total: number): void => {
    if (result.status !== 'skipped') ran++;
    const attention = result.status === 'failed' || result.status === 'errored' || result.status === 'unexpected-pass';
    if (!tty && !attention) return;
    const counter = `[${String(ran).padStart(String(total).length)}/${total}]`;
    stream.write(
      `${counter} ${paint(COLOUR[result.status], `${MARK[result.status]} ${result.id}`)} ${tty ? paint('90', `${result.durationMs} ms`) : `(${result.status})`}\n`,
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
