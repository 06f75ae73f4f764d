import type { CaseStatus } from '../engine/results';
import type { ConformanceReport } from './model';
import { actualLine, brief, clauseLine, expectedLine, failureLines, groupByMember } from './model';
import { contractsMarkdown } from './contracts';

export const STATUS_MARK: Record<CaseStatus, string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  errored: '💥 errored',
  skipped: '⏭ skipped',
  'expected-failure': '🟡 expected failure',
  'unexpected-pass': '❗ unexpected pass',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report for people reading a pull request or a CI summary. */
export function renderMarkdown(report: ConformanceReport): string {
  const s = report.summary;
  const lines = [
    `# Conformance: ${report.suite.spec.name} against ${report.target.label}`,
    '',
    `Suite ${report.suite.name} ${report.suite.version}, spec profile \`${report.suite.spec.profile}\`${report.suite.spec.source ? ` (${report.suite.spec.title}: ${report.suite.spec.source})` : ''}, region \`${report.target.region}\`, run \`${report.runId}\`, ${report.startedAt} to ${report.finishedAt}.`,
    '',
    `**${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s.skipped} skipped, ${s.expectedFailures} expected failures, ${s.unexpectedPasses} unexpected passes** (${s.total} cases).`,
    '',
  ];
  if (!report.complete) lines.push(`> **Incomplete run:** ${report.problem ?? 'not every case ran'}`, '');
  else if (report.problem) lines.push(`> ${report.problem}`, '');
  if (report.expectations) lines.push(`Known deviations from \`${report.expectations.file}\`.`, '');
  if (report.cleanup.leftovers.length > 0) {
    lines.push('## Left on the target', '', ...report.cleanup.leftovers.map((l) => `- ${l.resource}/${l.name}: ${l.reason}`), '');
  }
  const bad = report.cases.filter((c) => c.status === 'failed' || c.status === 'errored' || c.status === 'unexpected-pass');
  if (bad.length > 0) {
    lines.push('## Failures', '');
    for (const c of bad) {
      lines.push(`### \`${c.id}\`: ${STATUS_MARK[c.status]}`, '', c.title, '', `- clause: ${clauseLine(c)}`);
      lines.push(...failureLines(c).map((l) => `- ${l}`));
      if (c.deviation) lines.push(`- listed as a known deviation: ${c.deviation}`);
      lines.push('');
    }
  }
  lines.push('## Cases by member', '');
  for (const [group, cases] of groupByMember(report.cases)) {
    lines.push(`### ${group}`, '', '| case | status | expected | actual | ms |', '| --- | --- | --- | --- | ---: |');
    for (const c of cases) {
      const expected = expectedLine(c.expected);
      const actual = actualLine(c.actual);
      lines.push(`| \`${c.id}\` | ${STATUS_MARK[c.status]} | ${cell(expected)} | ${cell(brief(actual, 80))} | ${c.durationMs} |`);
    }
    lines.push('');
  }
  if (report.contracts) lines.push(...contractsMarkdown(report.contracts));
  return lines.join('\n');
}
