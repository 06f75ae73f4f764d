import { markdownText } from '../io/neutral';
import { matrixMarkdown, STATUS_MARK } from './markdown';
import { columnMatrices, type MergedColumn, type MergedReport } from './merged';
import { answersLine, type CaseOutcome } from './outcome';
import { caseAnchor, escape, matrixHtml, matrixLegend, STATUS_CLASS, STYLE } from './html';

const cell = (text: string) => markdownText(text);

function columnNote(c: MergedColumn): string {
  const parts = [`runs ${c.runIds.join(', ')}`];
  if (c.shardCount !== undefined) parts.push(`shards ${c.shards.join(',')} of ${c.shardCount}`);
  if (c.missingShards.length) parts.push(`**missing shards ${c.missingShards.join(',')}**`);
  if (!c.complete) parts.push('incomplete');
  return parts.join('; ');
}

function differs(merged: MergedReport, id: string): boolean {
  const row = merged.matrix[id] ?? {};
  const lines = merged.columns.map((c) => (row[c.key] ? `${row[c.key]!.status} ${answersLine(row[c.key]!)}` : '-'));
  return new Set(lines).size > 1;
}

/** The matrix for people: one row per case, one column per target; rows where targets disagree are marked. */
export function renderMergedMarkdown(merged: MergedReport): string {
  const lines = [
    `# Conformance matrix: ${merged.suite.spec.name}`,
    '',
    `Suite ${merged.suite.name} ${merged.suite.versions.join(', ')}, merged ${merged.mergedAt}, ${merged.columns.length} target(s), ${merged.cases.length} cases.${merged.complete ? '' : ' **Incomplete**: see the targets below.'}`,
    '',
    '| target | passed | failed | errored | skipped | expected failures | unexpected passes | runs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...merged.columns.map(
      (c) =>
        `| \`${c.key}\` | ${c.summary.passed} | ${c.summary.failed} | ${c.summary.errored} | ${c.summary.skipped} | ${c.summary.expectedFailures} | ${c.summary.unexpectedPasses} | ${cell(columnNote(c))} |`,
    ),
    '',
  ];
  const problems = merged.columns.flatMap((c) => [
    ...c.problems.map((p) => `- \`${c.key}\`: ${p}`),
    ...c.leftovers.map((l) => `- \`${c.key}\`: left on the target: ${l.resource}/${l.name} (${l.reason})`),
  ]);
  if (problems.length) lines.push('## Problems', '', ...problems, '');
  for (const { column, matrix } of columnMatrices(merged)) {
    if (matrix.members.length > 0) lines.push(`## Conformance matrix: \`${column.key}\``, '', ...matrixMarkdown(matrix), '');
  }
  lines.push('## Cases', '', `| case | ${merged.columns.map((c) => `\`${c.key}\``).join(' | ')} |`, `| --- | ${merged.columns.map(() => '---').join(' | ')} |`);
  for (const c of merged.cases) {
    const row = merged.matrix[c.id] ?? {};
    const cells = merged.columns.map((col) => {
      const o = row[col.key];
      return o ? cell(`${STATUS_MARK[o.status]} (${answersLine(o)})`) : '–';
    });
    lines.push(`| \`${c.id}\`${differs(merged, c.id) ? ' ≠' : ''} | ${cells.join(' | ')} |`);
  }
  lines.push('', '≠ marks a case whose outcome differs between targets.', '');
  return lines.join('\n');
}

function htmlCell(o: CaseOutcome | undefined): string {
  if (!o) return '<td class="none">–</td>';
  const message = o.steps.find((s) => s.message)?.message;
  return `<td class="${STATUS_CLASS[o.status]}" title="${escape(message ?? '')}"><b>${escape(o.status)}</b><br><code>${escape(answersLine(o))}</code></td>`;
}

/** One self-contained page with the same matrix, messages on hover. */
export function renderMergedHtml(merged: MergedReport): string {
  const head = merged.columns.map((c) => `<th>${escape(c.key)}<div class="note">${escape(columnNote(c).replace(/\*\*/g, ''))}</div></th>`).join('');
  const matrices = columnMatrices(merged)
    .filter(({ matrix }) => matrix.members.length > 0)
    .map(({ column, matrix, statusOf }) => `<h2>Conformance matrix: ${escape(column.key)}</h2>${matrixHtml(matrix, statusOf)}`)
    .join('\n');
  const rows = merged.cases
    .map(
      (c) =>
        `<tr id="${caseAnchor(c.id)}"${differs(merged, c.id) ? ' class="differs"' : ''}><th><code>${escape(c.id)}</code><div class="note">${escape(c.title)}</div></th>${merged.columns.map((col) => htmlCell(merged.matrix[c.id]?.[col.key])).join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Conformance matrix: ${escape(merged.suite.spec.name)}</title><style>${STYLE}
main{margin:0}table.cases{background:#fff}table.cases th,table.cases td{border:1px solid #e5e7eb;padding:4px 8px}
.note{font-weight:400;color:#6b7280;font-size:12px}td.pass{background:#e3f6ea}td.fail{background:#fde8e8}td.error{background:#f5e6f8}td.skip{background:#f0f1f3}td.xfail{background:#fff1dc}td.upass{background:#ffe3d9}
tr.differs>th{border-left:4px solid #f0a020}</style></head>
<body><header><h1>Conformance matrix: ${escape(merged.suite.spec.name)}</h1>
<p>${escape(merged.suite.name)} ${escape(merged.suite.versions.join(', '))} · merged ${escape(merged.mergedAt)} · ${merged.cases.length} cases${merged.complete ? '' : ' · <b>incomplete</b>'}</p></header><main>
${matrices}${matrices ? matrixLegend() : ''}
<h2>Cases</h2>
<table class="cases"><tr><th>case</th>${head}</tr>
${rows}
</table><p class="note">A marked row differs between targets. Hover a cell for the target's message.</p></main></body></html>
`;
}
