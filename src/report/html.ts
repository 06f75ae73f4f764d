import type { CaseResult, CaseStatus } from './results';
import type { ConformanceReport } from './model';
import {
  actualLine,
  COUNTS,
  countsLine,
  expectedLine,
  failureLines,
  groupByOperationAndMember,
  groupByOperation,
  needingAttention,
  summarize,
  INDEX_NOTE,
  reportSubject,
  scoreText,
  summarizeOperations,
} from './model';
import { contractsHtml } from './contracts';
import { buildMatrix, worstCase, type ConformanceMatrix } from './matrix';
import { clauseUrl } from './links';
import { exploreHtml } from './explore';
import { htmlText, printable } from '../io/neutral';
import { brief, groupsOf } from './model';
import { membersPhrase, type DeviationGroup } from './groups';
import { reproSteps, MAX_REPRO_STEPS, type ReproTarget } from './repro';
import { shownScript } from './markdown';

/** Text as HTML: one printable line (a case id or title from a cases file may hold NUL, OSC 52 or a bell), markup as entities. */
export const escape = htmlText;

/** The CSS class of each case status. */
export const STATUS_CLASS: Record<CaseStatus, string> = {
  passed: 'pass',
  failed: 'fail',
  errored: 'error',
  skipped: 'skip',
  'expected-failure': 'xfail',
  'unexpected-pass': 'upass',
};

/** The anchor of a case's row. */
export const caseAnchor = (id: string) => `case-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

/** Colours and layout shared by the run report and the merged report. No element may be wider than the page. */
export const STYLE = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d2330;background:#f6f7f9;overflow-wrap:anywhere}
header{background:#1d2330;color:#fff;padding:20px 32px}
header h1{margin:0 0 4px;font-size:20px}header p{margin:0;color:#c5cad3}
main{padding:20px 32px;max-width:1200px}
h2{font-size:16px;margin:22px 0 8px}
.tiles{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:12px}
.tile{background:#fff;border-radius:8px;padding:10px 16px;min-width:110px;box-shadow:0 1px 2px #0002}
.tile b{display:block;font-size:24px}
.bar{display:flex;height:10px;border-radius:5px;overflow:hidden;margin-bottom:6px;background:#e5e7eb}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:#4b5563;margin-bottom:18px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.pass>b,.badge.pass{color:#17803d}.fail>b,.badge.fail{color:#c62828}.error>b,.badge.error{color:#8e24aa}.skip>b,.badge.skip{color:#6b7280}.xfail>b,.badge.xfail{color:#b26a00}.upass>b,.badge.upass{color:#b3261e}
.bar .pass,.legend .pass,.cell.pass{background:#22a559}.bar .fail,.legend .fail,.cell.fail{background:#e53935}.bar .error,.legend .error,.cell.error{background:#ab47bc}
.bar .skip,.legend .skip,.cell.skip{background:#9ca3af}.bar .xfail,.legend .xfail,.cell.xfail{background:#f0a020}.bar .upass,.legend .upass,.cell.upass{background:#ff7043}
.notice{background:#fff4e5;border-left:4px solid #f0a020;padding:10px 14px;margin-bottom:16px}
.attention{background:#fff;border-radius:8px;box-shadow:0 1px 2px #0002;padding:8px 14px;margin:0;max-height:420px;overflow-y:auto}
.attention li{list-style:none;padding:3px 0}.attention a{color:inherit}
.none{color:#6b7280}
details{background:#fff;border-radius:8px;margin-bottom:10px;box-shadow:0 1px 2px #0002}
summary{cursor:pointer;padding:10px 14px;font-weight:600}summary .counts{font-weight:400;color:#6b7280;margin-left:8px}
table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{text-align:left;padding:6px 14px;border-top:1px solid #eef0f3;vertical-align:top}
th{font-size:12px;color:#6b7280;font-weight:600}
col.status{width:130px}col.wire{width:190px}col.ms{width:60px}
td.wire{font:12px ui-monospace,Menlo,monospace}
code{font:12px ui-monospace,Menlo,monospace}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;background:#f0f1f3}
.why{margin:4px 0 0;padding-left:18px;color:#c62828}.clause{color:#4b5563;font-size:12px;margin-top:4px}.dev{color:#b26a00;font-size:12px}
.more summary{display:inline;padding:0;font-weight:400;color:#2563eb;font-size:12px}.more{display:inline;box-shadow:none;background:none;margin:0}
tr:target{outline:2px solid #2563eb}
.matrix{width:auto;max-width:100%;background:#fff;border-radius:8px;box-shadow:0 1px 2px #0002;table-layout:auto}
.matrix th,.matrix td{padding:4px 8px;border:1px solid #eef0f3;text-align:center;overflow-wrap:normal}.matrix th{white-space:nowrap}.matrix th.member{text-align:left;font:12px ui-monospace,Menlo,monospace;color:#1d2330;white-space:normal;overflow-wrap:anywhere}
.repro{margin-top:6px;font-size:12px}.repro pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f7f9;border-radius:4px;padding:4px 8px;margin:2px 0 6px;font:12px ui-monospace,Menlo,monospace;max-height:12em;overflow-y:auto}
.groups{background:#fff;border-radius:8px;box-shadow:0 1px 2px #0002}.groups td{font-size:13px}.groups td.n,.groups th.n{text-align:right;width:60px}
.matrix .cell a{display:block;color:#fff;font-weight:600;text-decoration:none;font-size:12px;min-width:44px}.matrix td.empty{background:#fafafa}
`;

/** A long text shortened, with the whole of it one click away. */
function shortened(text: string, max: number): string {
  if (text.length <= max) return escape(text);
  return `${escape(text.slice(0, max))}… <details class="more"><summary>whole value (${text.length} chars)</summary>${escape(text)}</details>`;
}

function clauseHtml(c: CaseResult, sources: Record<string, string>, operation: string): string {
  const url = clauseUrl(c.clause, sources, operation);
  const source = url ? `<a href="${escape(url)}">${escape(c.clause.source)}</a>` : escape(c.clause.source);
  return `<div class="clause">${source} · ${escape(c.clause.member)}: “${shortened(c.clause.text, 300)}”</div>`;
}

/** A failing case's repro: each step's request and the lines that send it again, then the deciding answer. */
function reproHtml(c: CaseResult, target: ReproTarget): string {
  if (c.status === 'passed' || c.steps.length === 0) return '';
  const steps = reproSteps(c.steps, c.kind, target).map(
    (step, i) =>
      `<div>step ${i + 1}, ${escape(step.operation)}${step.wire ? ` (${escape(step.wire)})` : ''}:</div><pre class="lines">${shownScript(step).split('\n').map(escape).join('\n')}</pre>`,
  );
  const more = c.steps.length > MAX_REPRO_STEPS ? `<div>(${c.steps.length - MAX_REPRO_STEPS} more steps in conformance.json)</div>` : '';
  const a = c.actual;
  const answer = a
    ? `<div>answer: ${escape(actualLine(a))}${a.message !== undefined ? ` · ${escape(brief(a.message, 300))}` : ''}${a.body !== undefined ? `<pre class="answer">${escape(brief(a.body, 300))}</pre>` : ''}</div>`
    : '';
  return `<div class="repro">${steps.join('')}${more}${answer}</div>`;
}

/** The deviation groups, largest first, each linking to its example case. */
function groupsHtml(groups: readonly DeviationGroup[]): string {
  if (groups.length === 0) return '';
  const rows = groups.map(
    (g, i) =>
      `<tr data-group="${escape(g.id)}"><td class="n">${i + 1}</td><td class="n"><b>${g.count}</b></td><td>${escape(g.title)}${g.covered ? ' <span class="badge xfail">all known deviations</span>' : ''}<div class="clause"><code>${escape(g.id)}</code> · ${escape(membersPhrase(g.members))}</div></td><td><a href="#${caseAnchor(g.representative)}"><code>${escape(g.representative)}</code></a></td></tr>`,
  );
  const total = groups.reduce((n, g) => n + g.count, 0);
  return `<h2>Deviation groups (${groups.length})</h2><p>${total} failing or errored cases (expected failures included) by cause, largest first.</p><table class="groups"><tr><th class="n">#</th><th class="n">cases</th><th>cause: operation, kind of case, shape of the answer</th><th>example</th></tr>${rows.join('\n')}</table>`;
}

function caseRow(c: CaseResult, sources: Record<string, string>, operation: string, target: ReproTarget = { url: null, region: 'us-east-1' }): string {
  const cls = STATUS_CLASS[c.status];
  const failures = c.failures.length
    ? `<ul class="why">${failureLines(c)
        .map((l) => `<li>${shortened(l, 240)}</li>`)
        .join('')}</ul>`
    : '';
  const deviation = c.deviation ? `<div class="dev">known deviation: ${escape(c.deviation)}</div>` : '';
  const message = c.actual?.message;
  return `<tr id="${caseAnchor(c.id)}"><td><code>${escape(c.id)}</code><div>${escape(c.title)}</div>${failures}${deviation}
${clauseHtml(c, sources, operation)}${reproHtml(c, target)}</td>
<td><span class="badge ${cls}">${escape(c.status)}</span></td><td class="wire">${escape(expectedLine(c.expected))}</td>
<td class="wire">${shortened(actualLine(c.actual), 120)}${message ? `<div class="clause">${shortened(printable(message), 160)}</div>` : ''}</td><td>${c.durationMs}</td></tr>`;
}

/** Counts by status as tiles, a bar in the same colours, and the bar's legend. */
export function countsHtml(s: ConformanceReport['summary']): string {
  const tiles = COUNTS.map((c) => `<div class="tile ${STATUS_CLASS[c.status]}"><b>${s[c.key]}</b>${c.label}</div>`).join('');
  const bar = COUNTS.filter((c) => s[c.key] > 0)
    .map(
      (c) =>
        `<span class="${STATUS_CLASS[c.status]}" title="${s[c.key]} ${c.label}" style="width:${((s[c.key] / Math.max(1, s.total)) * 100).toFixed(2)}%"></span>`,
    )
    .join('');
  const legend = COUNTS.map((c) => `<span><i class="${STATUS_CLASS[c.status]}"></i>${c.label} ${s[c.key]}</span>`).join('');
  return `<div class="tiles">${tiles}<div class="tile"><b>${s.total}</b>cases</div></div>
<div class="bar" aria-label="${escape(countsLine(s))}">${bar}</div><div class="legend">${legend}</div>`;
}

/** Members down, kinds of rule across; each cell coloured by its worst case, labelled passed/total, linking to that case. */
export function matrixHtml(matrix: ConformanceMatrix, statusOf: (id: string) => CaseStatus | undefined, anchorPrefix = ''): string {
  const head = matrix.kinds.map((k) => `<th>${escape(k)}</th>`).join('');
  const rows = matrix.members.map((member) => {
    const cells = matrix.kinds.map((kind) => {
      const cell = matrix.cells[member]?.[kind];
      if (!cell) return '<td class="empty"></td>';
      const counts = Object.entries(cell.counts)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ');
      const target = `#${anchorPrefix}${caseAnchor(worstCase(cell, statusOf))}`;
      return `<td class="cell ${STATUS_CLASS[cell.worst]}" data-member="${escape(member)}" data-kind="${escape(kind)}" data-worst="${cell.worst}"><a href="${escape(target)}" title="${escape(`${counts}: ${cell.ids.join(', ')}`)}">${cell.passed}/${cell.total}</a></td>`;
    });
    return `<tr><th class="member">${escape(member)}</th>${cells.join('')}</tr>`;
  });
  return `<table class="matrix"><tr><th>member</th>${head}</tr>
${rows.join('\n')}</table>`;
}

/** The legend of the matrix's colours: each cell takes the colour of its worst case. */
export function matrixLegend(): string {
  return `<div class="legend">${COUNTS.map((c) => `<span><i class="${STATUS_CLASS[c.status]}"></i>${c.label}</span>`).join('')}<span>a cell shows passed/total and takes the colour of its worst case</span></div>`;
}

/** Why a case is in the needs-attention list, in one line. */
function attentionNote(c: CaseResult): string {
  if (c.status === 'unexpected-pass') return `passed, but listed as a known deviation: ${c.deviation ?? ''}`;
  if (c.status === 'expected-failure') return `known deviation: ${c.deviation ?? ''}`;
  return failureLines(c)[0] ?? c.title;
}

function attentionHtml(report: ConformanceReport): string {
  const list = needingAttention(report.cases);
  if (list.length === 0) return '<h2>Needs attention</h2><p class="attention none">Nothing: every case passed.</p>';
  const items = list.map(
    (c) =>
      `<li><span class="badge ${STATUS_CLASS[c.status]}">${escape(c.status)}</span> <a href="#${caseAnchor(c.id)}"><code>${escape(c.id)}</code></a> ${shortened(attentionNote(c), 160)}</li>`,
  );
  return `<h2>Needs attention (${list.length})</h2><ul class="attention">${items.join('\n')}</ul>`;
}

function groupCounts(cases: CaseResult[]): string {
  const passed = cases.filter((c) => c.status === 'passed').length;
  const others = COUNTS.filter((k) => k.status !== 'passed')
    .map((k) => [k.label, cases.filter((c) => c.status === k.status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${n} ${label}`);
  return `${passed}/${cases.length} passed${others.length ? `, ${others.join(', ')}` : ''}`;
}

/** The score of each operation: a row of its six counts. */
export function operationsHtml(cases: readonly CaseResult[], fallback: string): string {
  const head = COUNTS.map((c) => `<th>${escape(c.label)}</th>`).join('');
  const rows = Object.entries(summarizeOperations(cases, fallback)).map(
    ([op, s]) =>
      `<tr><th class="member">${escape(op)}</th><td>${escape(scoreText(s))}</td>${COUNTS.map((c) => `<td>${s[c.key]}</td>`).join('')}<td>${s.total}</td></tr>`,
  );
  return `<table class="matrix operations"><tr><th>operation</th><th>score</th>${head}<th>cases</th></tr>${rows.join('')}</table><p class="note">${escape(INDEX_NOTE)}</p>`;
}

/** One self-contained page: counts, what needs attention, the matrix, then every case grouped by member. */
export function renderHtml(report: ConformanceReport): string {
  const s = report.summary;
  const notice = !report.complete
    ? `<div class="notice"><b>Incomplete run.</b> ${escape(report.problem ?? 'Not every case ran.')}</div>`
    : report.problem
      ? `<div class="notice">${escape(report.problem)}</div>`
      : '';
  const leftovers = report.cleanup.leftovers.length
    ? `<div class="notice"><b>Left on the target:</b> ${report.cleanup.leftovers.map((l) => escape(`${l.resource}/${l.name} (${l.reason})`)).join(', ')}</div>`
    : '';
  const statusOf = new Map(report.cases.map((c) => [c.id, c.status]));
  const primary = report.suite.spec.name;
  const byOperation = groupByOperation(report.cases, primary);
  // One block per operation: its score, then its matrix.
  const blocks = [...byOperation]
    .map(([op, cases]) => {
      const heading =
        byOperation.size > 1 ? `<h3 id="operation-${escape(op)}">${escape(op)} <span class="counts">${escape(countsLine(summarize(cases)))}</span></h3>` : '';
      return `${heading}${matrixHtml(buildMatrix(cases), (id) => statusOf.get(id))}`;
    })
    .join('\n');
  const matrix = report.cases.length ? `<h2>Conformance matrix</h2>${blocks}${matrixLegend()}` : '';
  const scores = report.cases.length ? `<h2>Score by operation</h2>${operationsHtml(report.cases, primary)}` : '';
  const target: ReproTarget = { url: report.target.url, region: report.target.region };
  const groups = groupByOperationAndMember(report.cases, report.suite.spec.name)
    .map(([group, cases]) => {
      const open = cases.some((c) => c.status !== 'passed') ? ' open' : '';
      return `<details${open}><summary>${escape(group)}<span class="counts">${groupCounts(cases)}</span></summary>
<table><colgroup><col><col class="status"><col class="wire"><col class="wire"><col class="ms"></colgroup><tr><th>case and clause</th><th>status</th><th>expected</th><th>actual</th><th>ms</th></tr>${cases.map((c) => caseRow(c, report.suite.spec.sources ?? {}, report.suite.spec.name, target)).join('\n')}</table></details>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Conformance: ${escape(reportSubject(report))} against ${escape(report.target.label)}</title><style>${STYLE}</style></head>
<body><header><h1>${escape(reportSubject(report))} conformance against ${escape(report.target.label)}</h1>
<p>${escape(report.suite.name)} ${escape(report.suite.version)} · edition ${escape(report.suite.spec.profile)}${report.suite.spec.source ? ` (${escape(report.suite.spec.title ?? '')}: ${escape(report.suite.spec.source)})` : ''} · region ${escape(report.target.region)} · run ${escape(report.runId)} · ${escape(report.startedAt)}</p></header>
<main>${notice}${leftovers}
${countsHtml(s)}
${scores}
${groupsHtml(groupsOf(report))}
${report.explore ? exploreHtml(report.explore) : ''}
${attentionHtml(report)}
${matrix}
<h2>Cases by member</h2>
${groups}
${report.contracts ? contractsHtml(report.contracts) : ''}
</main></body></html>
`;
}
