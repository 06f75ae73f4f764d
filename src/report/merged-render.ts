import { markdownCode, markdownText } from '../io/neutral';
import { STATUS_MARK } from './markdown';
import { mergedOperations, operationMatrices, type MergedColumn, type MergedReport, type SideBySideRow } from './merged';
import { answersLine, type CaseOutcome } from './outcome';
import { caseAnchor, escape, matrixLegend, STATUS_CLASS, STYLE } from './html';
import { worstCase, type MatrixCell } from './matrix';
import { INDEX_NOTE, scoreText, type OperationScore } from './model';
import type { DeviationGroupLine } from './groups-read';
import type { CaseStatus } from './results';

/** Every text of a report (ids, titles, messages, labels, target names) is data: escaped wherever it lands. */
const cell = (text: string) => markdownText(text);
const code = (text: string) => markdownCode(text);
const html = escape;

function columnNote(c: MergedColumn): string {
  const parts = [`runs ${c.runIds.join(', ')}`];
  if (c.shardCount !== undefined) parts.push(`shards ${c.shards.join(',')} of ${c.shardCount}`);
  if (c.missingShards.length) parts.push(`missing shards ${c.missingShards.join(',')}`);
  if (!c.complete) parts.push('incomplete');
  return parts.join('; ');
}

function differs(merged: MergedReport, id: string): boolean {
  const row = merged.matrix[id] ?? {};
  const lines = merged.columns.map((c) => (row[c.key] ? `${row[c.key]!.status} ${answersLine(row[c.key]!)}` : '-'));
  return new Set(lines).size > 1;
}

/** `233 of 523 judged (615 cases)`, or a dash where the target ran none of the operation's cases. */
function scoreCell(s: OperationScore | undefined): string {
  return s ? `${scoreText(s)} (${s.total} case${s.total === 1 ? '' : 's'})` : '–';
}

function matrixCellText(c: MatrixCell | undefined): string {
  return c ? `${STATUS_MARK[c.worst].split(' ')[0]} ${c.passed}/${c.total}` : '';
}

function groupLine(g: DeviationGroupLine): string {
  // A group's title may name its operation already (the run's own groups do): said once.
  const where = g.operation && !g.text.startsWith(g.operation) ? `${g.operation}: ` : '';
  const example = g.representative !== undefined ? ` (e.g. ${g.representative})` : '';
  return `${g.count} case${g.count === 1 ? '' : 's'}: ${where}${g.text}${example}${g.covered ? ' (all in the expectations file)' : ''}`;
}

/** How many groups each target lists in the Markdown (the JSON keeps them all). */
const GROUPS_SHOWN = 20;

/** Targets side by side for people: score per operation, groups, one matrix per operation, then every case. */
export function renderMergedMarkdown(merged: MergedReport): string {
  const heads = merged.columns.map((c) => code(c.key));
  const lines = [
    `# Conformance side by side: ${cell(mergedOperations(merged).join(', '))}`,
    '',
    cell(
      `Suite ${merged.suite.name} ${merged.suite.versions.join(', ')}, merged ${merged.mergedAt}, ${merged.columns.length} target(s), ${merged.cases.length} cases.`,
    ) + (merged.complete ? '' : ' **Incomplete**: see the targets below.'),
    '',
    '## Score by operation',
    '',
    `| operation | ${heads.join(' | ')} |`,
    `| --- | ${heads.map(() => '---:').join(' | ')} |`,
    ...mergedOperations(merged).map((op) => `| ${code(op)} | ${merged.columns.map((c) => scoreCell(c.operations[op])).join(' | ')} |`),
    '',
    INDEX_NOTE,
    '',
    '## Targets',
    '',
    '| target | passed | failed | errored | skipped | expected failures | unexpected passes | runs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...merged.columns.map(
      (c) =>
        `| ${code(c.key)} | ${c.summary.passed} | ${c.summary.failed} | ${c.summary.errored} | ${c.summary.skipped} | ${c.summary.expectedFailures} | ${c.summary.unexpectedPasses} | ${cell(`${c.label}; ${columnNote(c)}`)} |`,
    ),
    '',
  ];
  const problems = merged.columns.flatMap((c) => [
    ...c.problems.map((p) => `- ${code(c.key)}: ${cell(p)}`),
    ...c.leftovers.map((l) => `- ${code(c.key)}: ${cell(`left on the target: ${l.resource}/${l.name} (${l.reason})`)}`),
  ]);
  if (problems.length) lines.push('## Problems', '', ...problems, '');
  const grouped = merged.columns.filter((c) => c.groups.length > 0);
  if (grouped.length > 0) {
    lines.push('## Deviation groups', '');
    for (const c of grouped) {
      lines.push(`### ${code(c.key)}`, '', ...c.groups.slice(0, GROUPS_SHOWN).map((g) => `- ${cell(groupLine(g))}`));
      if (c.groups.length > GROUPS_SHOWN) lines.push(`- and ${c.groups.length - GROUPS_SHOWN} more groups (merged.json has them all)`);
      lines.push('');
    }
  }
  for (const { operation, rows } of operationMatrices(merged)) {
    if (rows.length === 0) continue;
    lines.push(
      `## Conformance matrix: ${code(operation)}`,
      '',
      `| member | rule | ${heads.join(' | ')} |`,
      `| --- | --- | ${heads.map(() => ':---:').join(' | ')} |`,
    );
    for (const row of rows)
      lines.push(`| ${code(row.member)} | ${cell(row.kind)} | ${merged.columns.map((c) => matrixCellText(row.cells[c.key])).join(' | ')} |`);
    lines.push('');
  }
  lines.push(
    "A matrix cell shows passed/total of that operation's cases and the mark of its worst case (✅ passed, ❌ failed, 💥 errored, ⏭ skipped, 🟡 expected failure, ❗ unexpected pass).",
    '',
    '## Cases',
    '',
    `| case | ${heads.join(' | ')} |`,
    `| --- | ${heads.map(() => '---').join(' | ')} |`,
  );
  for (const c of merged.cases) {
    const row = merged.matrix[c.id] ?? {};
    const cells = merged.columns.map((col) => {
      const o = row[col.key];
      return o ? cell(`${STATUS_MARK[o.status]} (${answersLine(o)})`) : '–';
    });
    lines.push(`| ${code(c.id)}${differs(merged, c.id) ? ' ≠' : ''} | ${cells.join(' | ')} |`);
  }
  lines.push('', '≠ marks a case whose outcome differs between targets.', '');
  return lines.join('\n');
}

function htmlCell(o: CaseOutcome | undefined): string {
  if (!o) return '<td class="none">–</td>';
  const message = o.steps.find((s) => s.message)?.message;
  return `<td class="${STATUS_CLASS[o.status]}" title="${html(message ?? '')}"><b>${html(o.status)}</b><br><code>${html(answersLine(o))}</code></td>`;
}

function sideBySideHtml(merged: MergedReport, rows: SideBySideRow[], statusOf: (key: string) => (id: string) => CaseStatus | undefined): string {
  const head = merged.columns.map((c) => `<th>${html(c.key)}</th>`).join('');
  const body = rows.map((row) => {
    const cells = merged.columns.map((column) => {
      const c = row.cells[column.key];
      if (!c) return '<td class="empty"></td>';
      const target = `#${caseAnchor(worstCase(c, statusOf(column.key)))}`;
      return `<td class="cell ${STATUS_CLASS[c.worst]}" data-target="${html(column.key)}" data-member="${html(row.member)}" data-kind="${html(row.kind)}" data-worst="${c.worst}"><a href="${html(target)}" title="${html(c.ids.join(', '))}">${c.passed}/${c.total}</a></td>`;
    });
    return `<tr><th class="member">${html(row.member)}</th><th class="member">${html(row.kind)}</th>${cells.join('')}</tr>`;
  });
  return `<table class="matrix side-by-side"><tr><th>member</th><th>rule</th>${head}</tr>\n${body.join('\n')}</table>`;
}

/** One self-contained page with the same contents, messages on hover. */
export function renderMergedHtml(merged: MergedReport): string {
  const head = merged.columns.map((c) => `<th>${html(c.key)}<div class="note">${html(`${c.label}; ${columnNote(c)}`)}</div></th>`).join('');
  const scores = `<table class="matrix operations"><tr><th>operation</th>${merged.columns.map((c) => `<th>${html(c.key)}</th>`).join('')}</tr>${mergedOperations(
    merged,
  )
    .map((op) => `<tr><th class="member">${html(op)}</th>${merged.columns.map((c) => `<td>${html(scoreCell(c.operations[op]))}</td>`).join('')}</tr>`)
    .join('')}</table><p class="note">${html(INDEX_NOTE)}</p>`;
  const groups = merged.columns
    .filter((c) => c.groups.length > 0)
    .map((c) => `<h3>${html(c.key)}</h3><ul>${c.groups.map((g) => `<li>${html(groupLine(g))}</li>`).join('')}</ul>`)
    .join('\n');
  const matrices = operationMatrices(merged)
    .filter(({ rows }) => rows.length > 0)
    .map(({ operation, rows, statusOf }) => `<h2>Conformance matrix: ${html(operation)}</h2>${sideBySideHtml(merged, rows, statusOf)}`)
    .join('\n');
  const rows = merged.cases
    .map(
      (c) =>
        `<tr id="${caseAnchor(c.id)}"${differs(merged, c.id) ? ' class="differs"' : ''}><th><code>${html(c.id)}</code><div class="note">${html(c.title)}</div></th>${merged.columns.map((col) => htmlCell(merged.matrix[c.id]?.[col.key])).join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Conformance side by side: ${html(mergedOperations(merged).join(', '))}</title><style>${STYLE}
main{margin:0}table.cases{background:#fff}table.cases th,table.cases td{border:1px solid #e5e7eb;padding:4px 8px}
.note{font-weight:400;color:#6b7280;font-size:12px}td.pass{background:#e3f6ea}td.fail{background:#fde8e8}td.error{background:#f5e6f8}td.skip{background:#f0f1f3}td.xfail{background:#fff1dc}td.upass{background:#ffe3d9}
tr.differs>th{border-left:4px solid #f0a020}</style></head>
<body><header><h1>Conformance side by side: ${html(mergedOperations(merged).join(', '))}</h1>
<p>${html(merged.suite.name)} ${html(merged.suite.versions.join(', '))} · merged ${html(merged.mergedAt)} · ${merged.columns.length} target(s) · ${merged.cases.length} cases${merged.complete ? '' : ' · <b>incomplete</b>'}</p></header><main>
<h2>Score by operation</h2>${scores}
${groups ? `<h2>Deviation groups</h2>${groups}\n` : ''}${matrices}${matrices ? matrixLegend() : ''}
<h2>Cases</h2>
<table class="cases"><tr><th>case</th>${head}</tr>
${rows}
</table><p class="note">A marked row differs between targets. Hover a cell for the target's message.</p></main></body></html>
`;
}
