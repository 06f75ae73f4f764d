import type { CaseResult, CaseStatus } from '../report/results';
import { countsLine, failureLines, type ReportSummary } from '../report/model';
import { membersPhrase, type DeviationGroup } from '../report/groups';

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
 * Per-case lines on a terminal; on a pipe (CI logs) only the cases that need attention, and only with `perCase`
 * (otherwise the deviation groups at the end say it in a few lines). The counter counts the cases that ran: a case
 * skipped (the run was interrupted) does not move it.
 */
export function progressPrinter(stream: Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, perCase = true) {
  const tty = stream.isTTY === true;
  if (!tty && !perCase) return (): void => undefined;
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

/** Groups the terminal shows; the reports list them all. */
export const TERMINAL_GROUPS = 10;

/**
 * The deviation groups in a few lines each, largest first: count and title, the members, and the first failure of
 * one case. Groups the expectations file covers whole are counted, not listed.
 */
export function groupLines(groups: readonly DeviationGroup[], cases: readonly CaseResult[], where: string, max = TERMINAL_GROUPS): string[] {
  const open = groups.filter((g) => !g.covered);
  if (open.length === 0) return groups.length > 0 ? [`deviations: all ${groups.length} groups are known deviations (expectations file)`] : [];
  const byId = new Map(cases.map((c) => [c.id, c]));
  const total = open.reduce((n, g) => n + g.count, 0);
  const known = groups.length - open.length;
  const lines = [
    `deviations: ${total} case${total === 1 ? '' : 's'} in ${open.length} group${open.length === 1 ? '' : 's'} by cause, largest first${known > 0 ? ` (and ${known} known)` : ''}; each group's repro: ${where}`,
  ];
  for (const g of open.slice(0, max)) {
    const example = byId.get(g.representative);
    lines.push(`  ${String(g.count).padStart(4)} × ${g.title}  [${g.id}]`);
    if (g.members.length > 0) lines.push(clip(`         members: ${membersPhrase(g.members, 3)}`));
    if (example) lines.push(clip(`         e.g. ${MARK[example.status]} ${example.id}: ${failureLines(example)[0] ?? example.title}`));
  }
  const rest = open.slice(max);
  if (rest.length > 0) lines.push(`  and ${rest.length} more group${rest.length === 1 ? '' : 's'} (${rest.reduce((n, g) => n + g.count, 0)} cases)`);
  return lines;
}

/** A terminal line cut to a width a log viewer shows whole. */
function clip(line: string, max = 200): string {
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
