import type { CaseResult, CaseStatus } from './results';
import type { ConformanceReport } from './model';
import {
  actualLine,
  brief,
  clauseLine,
  COUNTS,
  countsLine,
  expectedLine,
  failureLines,
  groupByOperationAndMember,
  groupByOperation,
  needingAttention,
  summarizeOperations,
} from './model';
import { contractsMarkdown } from './contracts';
import { buildMatrix, type ConformanceMatrix } from './matrix';
import { clauseUrl } from './links';
import { exploreMarkdown } from './explore';
import { inlineCode, markdownText } from '../io/neutral';

export const STATUS_MARK: Record<CaseStatus, string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  errored: '💥 errored',
  skipped: '⏭ skipped',
  'expected-failure': '🟡 expected failure',
  'unexpected-pass': '❗ unexpected pass',
};

/** Text for a table cell or a list item: target text is escaped (Markdown, HTML, control characters). */
const cell = (text: string) => markdownText(text);

/** The conformance matrix as a table: members down, kinds of rule across, each cell its worst status and passed/total. */
export function matrixMarkdown(matrix: ConformanceMatrix): string[] {
  const lines = [`| member | ${matrix.kinds.join(' | ')} |`, `| --- | ${matrix.kinds.map(() => ':---:').join(' | ')} |`];
  for (const member of matrix.members) {
    const cells = matrix.kinds.map((kind) => {
      const c = matrix.cells[member]?.[kind];
      return c ? `${STATUS_MARK[c.worst].split(' ')[0]} ${c.passed}/${c.total}` : '';
    });
    lines.push(`| ${inlineCode(member)} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    'A cell shows passed/total and the mark of its worst case (✅ passed, ❌ failed, 💥 errored, ⏭ skipped, 🟡 expected failure, ❗ unexpected pass).',
  );
  return lines;
}

/** One row per operation: its six counts and its cases, the score an emulator author quotes. */
export function operationsMarkdown(cases: readonly CaseResult[], fallback: string): string[] {
  const scores = summarizeOperations(cases, fallback);
  const lines = [`| operation | ${COUNTS.map((c) => c.label).join(' | ')} | cases |`, `| --- | ${COUNTS.map(() => '---:').join(' | ')} | ---: |`];
  for (const [op, s] of Object.entries(scores)) lines.push(`| ${inlineCode(op)} | ${COUNTS.map((c) => s[c.key]).join(' | ')} | ${s.total} |`);
  return lines;
}

/** A clause's source as a link to the public page it comes from, when there is one. */
function sourceLink(source: string, member: string, sources: Record<string, string>, operation: string): string {
  const url = clauseUrl({ source, member }, sources, operation);
  return url ? `[${cell(source)}](${linkTarget(url)})` : cell(source);
}

/** A URL as a Markdown link's target: a clause's `evidence#` URL is someone else's text, and a `)` or `<` in it would end the link. */
function linkTarget(url: string): string {
  return url.replace(/[^\w\-.~:/?#@$&+,;=%]/gu, (ch) =>
    // A lone surrogate has no UTF-8 form: it is shown as the replacement character.
    !/^[\uD800-\uDFFF]$/.test(ch) ? encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : '%EF%BF%BD',
  );
}

/** The report for people reading a pull request or a CI summary. */
export function renderMarkdown(report: ConformanceReport): string {
  const s = report.summary;
  const lines = [
    `# Conformance: ${report.suite.spec.name} against ${report.target.label}`,
    '',
    `Suite ${report.suite.name} ${report.suite.version}, spec profile \`${report.suite.spec.profile}\`${report.suite.spec.source ? ` (${report.suite.spec.title}: ${report.suite.spec.source})` : ''}, region \`${report.target.region}\`, run \`${report.runId}\`, ${report.startedAt} to ${report.finishedAt}.`,
    '',
    `**${countsLine(s)}**`,
    '',
  ];
  if (!report.complete) lines.push(`> **Incomplete run:** ${cell(report.problem ?? 'not every case ran')}`, '');
  else if (report.problem) lines.push(`> ${cell(report.problem)}`, '');
  if (report.expectations) lines.push(`Known deviations from \`${report.expectations.file}\`.`, '');
  if (report.cleanup.leftovers.length > 0) {
    lines.push('## Left on the target', '', ...report.cleanup.leftovers.map((l) => `- ${cell(`${l.resource}/${l.name}: ${l.reason}`)}`), '');
  }
  if (report.explore) lines.push(...exploreMarkdown(report.explore));
  const primary = report.suite.spec.name;
  if (report.cases.length > 0) {
    lines.push('## Score by operation', '', ...operationsMarkdown(report.cases, primary), '', '## Conformance matrix', '');
    const byOperation = groupByOperation(report.cases, primary);
    for (const [op, cases] of byOperation) {
      if (byOperation.size > 1) lines.push(`### ${op}`, '');
      lines.push(...matrixMarkdown(buildMatrix(cases)), '');
    }
  }
  const attention = needingAttention(report.cases);
  if (attention.length > 0) {
    lines.push('## Needs attention', '');
    for (const c of attention) {
      lines.push(
        `### ${inlineCode(c.id)}: ${STATUS_MARK[c.status]}`,
        '',
        cell(c.title),
        '',
        // A case read from a cases file brings its own clause: every part of it is text, escaped.
        `- clause: ${sourceLink(c.clause.source, c.clause.member, report.suite.spec.sources ?? {}, report.suite.spec.name)} ${cell(clauseLine(c).slice(c.clause.source.length + 1))}`,
      );
      lines.push(...failureLines(c).map((l) => `- ${cell(l)}`));
      if (c.deviation) lines.push(`- listed as a known deviation: ${cell(c.deviation)}`);
      lines.push('');
    }
  }
  lines.push('## Cases by member', '');
  for (const [group, cases] of groupByOperationAndMember(report.cases, report.suite.spec.name)) {
    lines.push(`### ${cell(group)}`, '', '| case | status | expected | actual | ms |', '| --- | --- | --- | --- | ---: |');
    for (const c of cases) {
      const expected = expectedLine(c.expected);
      const actual = actualLine(c.actual);
      lines.push(`| ${inlineCode(c.id)} | ${STATUS_MARK[c.status]} | ${cell(expected)} | ${cell(brief(actual, 80))} | ${c.durationMs} |`);
    }
    lines.push('');
  }
  if (report.contracts) lines.push(...contractsMarkdown(report.contracts));
  return lines.join('\n');
}
