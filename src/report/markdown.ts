import { evidenceMarkdown } from './evidence';
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
  INDEX_NOTE,
  needingAttention,
  reportSubject,
  scoreText,
  summarizeOperations,
} from './model';
import { contractsMarkdown } from './contracts';
import { buildMatrix, type ConformanceMatrix } from './matrix';
import { clauseUrl } from './links';
import { exploreMarkdown } from './explore';
import { markdownCode, markdownText, printable } from '../io/neutral';
import { groupsOf } from './model';
import { membersPhrase, type DeviationGroup } from './groups';
import { awsLine, reproScript, reproSteps, MAX_REPRO_STEPS, type ReproStep, type ReproTarget } from './repro';

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
    lines.push(`| ${markdownCode(member)} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    'A cell shows passed/total and the mark of its worst case (✅ passed, ❌ failed, 💥 errored, ⏭ skipped, 🟡 expected failure, ❗ unexpected pass).',
  );
  return lines;
}

/**
 * One row per operation: the score (passed) beside the conformance index (the cases the target could be judged on),
 * its six counts and its cases: what an emulator author quotes.
 */
export function operationsMarkdown(cases: readonly CaseResult[], fallback: string): string[] {
  const scores = summarizeOperations(cases, fallback);
  const lines = [
    `| operation | score | ${COUNTS.map((c) => c.label).join(' | ')} | cases |`,
    `| --- | ---: | ${COUNTS.map(() => '---:').join(' | ')} | ---: |`,
  ];
  for (const [op, s] of Object.entries(scores))
    lines.push(`| ${markdownCode(op)} | ${scoreText(s)} | ${COUNTS.map((c) => s[c.key]).join(' | ')} | ${s.total} |`);
  lines.push('', INDEX_NOTE);
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
    `# Conformance: ${reportSubject(report)} against ${markdownText(report.target.label)}`,
    '',
    `Suite ${report.suite.name} ${report.suite.version}, edition \`${report.suite.spec.profile}\`${report.suite.spec.source ? ` (${report.suite.spec.title}: ${report.suite.spec.source})` : ''}, region \`${report.target.region}\`, run \`${report.runId}\`, ${report.startedAt} to ${report.finishedAt}.`,
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
  lines.push(...evidenceMarkdown(report));
  const primary = report.suite.spec.name;
  if (report.cases.length > 0) lines.push('## Score by operation', '', ...operationsMarkdown(report.cases, primary), '');
  const groups = groupsOf(report);
  if (groups.length > 0) lines.push(...groupsMarkdown(groups), '');
  const attention = needingAttention(report.cases);
  const groupOf = new Map(groups.flatMap((g) => g.cases.map((id): [string, DeviationGroup] => [id, g])));
  const target: ReproTarget = { url: report.target.url, region: report.target.region };
  if (attention.length > 0) {
    lines.push('## Needs attention', '', ...reproPreamble(report), '');
    for (const c of attention) {
      lines.push(
        `### ${markdownCode(c.id)}: ${STATUS_MARK[c.status]}`,
        '',
        cell(c.title),
        '',
        // A case read from a cases file brings its own clause: every part of it is text, escaped.
        `- clause: ${sourceLink(c.clause.source, c.clause.member, report.suite.spec.sources ?? {}, report.suite.spec.name)} ${cell(clauseLine(c).slice(c.clause.source.length + 1))}`,
      );
      lines.push(...failureLines(c).map((l) => `- ${cell(l)}`));
      const group = groupOf.get(c.id);
      if (group) lines.push(`- group: ${markdownCode(group.id)} (${group.count} case${group.count === 1 ? '' : 's'})`);
      if (c.deviation) lines.push(`- listed as a known deviation: ${cell(c.deviation)}`);
      lines.push('', ...reproMarkdown(c, target), '');
    }
  }
  if (report.cases.length > 0) {
    lines.push('## Conformance matrix', '');
    const byOperation = groupByOperation(report.cases, primary);
    for (const [op, cases] of byOperation) {
      if (byOperation.size > 1) lines.push(`### ${op}`, '');
      lines.push(...matrixMarkdown(buildMatrix(cases)), '');
    }
  }
  lines.push('## Cases by member', '');
  for (const [group, cases] of groupByOperationAndMember(report.cases, report.suite.spec.name)) {
    lines.push(`### ${cell(group)}`, '', '| case | status | expected | actual | ms |', '| --- | --- | --- | --- | ---: |');
    for (const c of cases) {
      const expected = expectedLine(c.expected);
      const actual = actualLine(c.actual);
      lines.push(`| ${markdownCode(c.id)} | ${STATUS_MARK[c.status]} | ${cell(expected)} | ${cell(brief(actual, 80))} | ${c.durationMs} |`);
    }
    lines.push('');
  }
  if (report.contracts) lines.push(...contractsMarkdown(report.contracts));
  return lines.join('\n');
}

/** The deviation groups as a table, largest first: what a maintainer fixes one at a time. */
export function groupsMarkdown(groups: readonly DeviationGroup[]): string[] {
  const lines = [
    '## Deviation groups',
    '',
    `${groups.reduce((n, g) => n + g.count, 0)} failing or errored cases (expected failures included) in ${groups.length} group${groups.length === 1 ? '' : 's'} by cause: operation, kind of case, shape of the answer.`,
    '',
    '| # | cases | group | members | example |',
    '| ---: | ---: | --- | --- | --- |',
  ];
  groups.forEach((g, i) => {
    const known = g.covered ? ' (all listed in the expectations file)' : '';
    lines.push(
      `| ${i + 1} | ${g.count} | ${cell(g.title)}${known}<br>${markdownCode(g.id)} | ${cell(membersPhrase(g.members))} | ${markdownCode(g.representative)} |`,
    );
  });
  return lines;
}

/** What a reader needs before pasting a repro line: credentials, and where the target was. */
function reproPreamble(report: ConformanceReport): string[] {
  const own = report.target.kind === 'mock' || report.target.kind === 'moto';
  return [
    `Each case below shows what it sent, as shell lines that send it again (\`body=\` holds the request; paste the lines together) to \`${cell(report.target.url ?? `${report.target.region} (AWS)`)}\`, signed with the credentials in \`AWS_ACCESS_KEY_ID\` and \`AWS_SECRET_ACCESS_KEY\` (curl 7.75 or later).` +
      (own
        ? " That target was the run's own and stopped with it: start one again (`sagemaker-conformance mock --port N`, `moto_server -p N`) and change the URL."
        : '') +
      ' The aws CLI checks required members and minimum lengths itself: to send such a case as written, set `parameter_validation = false` in the profile of your AWS config file.',
    ...(report.setup ?? []).flatMap((s) => [
      '',
      `Requests that name the run's own resources need them first (and \`${s.teardown.operation}\` after):`,
      '',
      fence(awsLine(s, 'setup', { url: report.target.url, region: report.target.region }) ?? '', 'sh'),
    ]),
  ];
}

/** A fenced code block no text inside can close: longer than any run of backticks in it. */
function fence(text: string, lang: string): string {
  // One printable line per line of ours: what a target wrote cannot add lines or escape sequences.
  const safe = text.split('\n').map(printable).join('\n');
  const longest = Math.max(0, ...[...safe.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return [`${ticks}${lang}`, safe, ticks].join('\n');
}

/** Longest body shown whole in Markdown; the whole body is in conformance.json. */
const MAX_SHOWN = 1500;

/** A step's shell lines, a long body cut (and then said so: the lines no longer send it as it was). */
export function shownScript(step: ReproStep): string {
  if (step.body.length <= MAX_SHOWN) return reproScript(step).join('\n');
  const cut = { ...step, body: `${step.body.slice(0, MAX_SHOWN)}…` };
  return [`# the body (${step.body.length} chars) is cut here: the whole request is in conformance.json (cases[].steps[].request)`, ...reproScript(cut)].join(
    '\n',
  );
}

/** A case's repro: each step's request and the lines that send it, then the answer the deciding step got. */
function reproMarkdown(c: CaseResult, target: ReproTarget): string[] {
  if (c.steps.length === 0) return [];
  const lines: string[] = [];
  for (const [i, step] of reproSteps(c.steps, c.kind, target).entries()) {
    lines.push(`Step ${i + 1}, ${step.operation}${step.wire ? ` (${cell(step.wire)})` : ''}:`, '', fence(shownScript(step), 'sh'), '');
  }
  if (c.steps.length > MAX_REPRO_STEPS) lines.push(`(${c.steps.length - MAX_REPRO_STEPS} more steps in conformance.json)`, '');
  const a = c.actual;
  if (a) {
    const answer = [
      actualLine(a),
      a.message !== undefined ? `message: ${brief(a.message, 300)}` : '',
      a.body !== undefined ? `body: ${brief(a.body, 300)}` : '',
    ]
      .filter(Boolean)
      .map((l) => `- ${cell(l)}`);
    lines.push('Answer:', '', ...answer);
  }
  return lines;
}
