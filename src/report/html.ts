import type { CaseResult, CaseStatus } from '../engine/results';
import type { ConformanceReport } from './model';
import { actualLine, brief, expectedLine, failureLines, groupByMember } from './model';
import { contractsHtml } from './contracts';

/** Text made safe for HTML. */
export const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The CSS class of each case status. */
export const STATUS_CLASS: Record<CaseStatus, string> = {
  passed: 'pass',
  failed: 'fail',
  errored: 'error',
  skipped: 'skip',
  'expected-failure': 'xfail',
  'unexpected-pass': 'fail',
};

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:20px 32px}
header h1{margin:0 0 4px;font-size:20px}header p{margin:0;color:#c5cad3}
main{padding:20px 32px;max-width:1200px}
.tiles{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:16px}
.tile{background:#fff;border-radius:8px;padding:10px 16px;min-width:110px;box-shadow:0 1px 2px #0002}
.tile b{display:block;font-size:24px}.tile.pass b{color:#17803d}.tile.fail b{color:#c62828}.tile.error b{color:#8e24aa}.tile.skip b{color:#6b7280}.tile.xfail b{color:#b26a00}
.bar{display:flex;height:10px;border-radius:5px;overflow:hidden;margin-bottom:20px;background:#e5e7eb}
.bar span.pass{background:#22a559}.bar span.fail{background:#e53935}.bar span.error{background:#ab47bc}.bar span.skip{background:#9ca3af}.bar span.xfail{background:#f0a020}
.notice{background:#fff4e5;border-left:4px solid #f0a020;padding:10px 14px;margin-bottom:16px}
details{background:#fff;border-radius:8px;margin-bottom:10px;box-shadow:0 1px 2px #0002}
summary{cursor:pointer;padding:10px 14px;font-weight:600}summary .counts{font-weight:400;color:#6b7280;margin-left:8px}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 14px;border-top:1px solid #eef0f3;vertical-align:top}
th{font-size:12px;color:#6b7280;font-weight:600}
td.wire{white-space:nowrap;font:12px ui-monospace,Menlo,monospace}td.wire .clause{white-space:normal;font-family:system-ui,sans-serif;max-width:320px}
code{font:12px ui-monospace,Menlo,monospace}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;white-space:nowrap}
.badge.pass{background:#e3f6ea;color:#17803d}.badge.fail{background:#fde8e8;color:#c62828}.badge.error{background:#f5e6f8;color:#8e24aa}.badge.skip{background:#f0f1f3;color:#6b7280}.badge.xfail{background:#fff1dc;color:#b26a00}
.why{margin:4px 0 0;padding-left:18px;color:#c62828}.clause{color:#4b5563;font-size:12px;margin-top:4px}.dev{color:#b26a00;font-size:12px}
`;

function caseRow(c: CaseResult): string {
  const cls = STATUS_CLASS[c.status];
  const expected = expectedLine(c.expected);
  const actual = actualLine(c.actual);
  const failures = c.failures.length
    ? `<ul class="why">${failureLines(c)
        .map((l) => `<li>${escape(l)}</li>`)
        .join('')}</ul>`
    : '';
  const deviation = c.deviation ? `<div class="dev">known deviation: ${escape(c.deviation)}</div>` : '';
  const message = c.actual?.message;
  return `<tr><td><code>${escape(c.id)}</code><div>${escape(c.title)}</div>${failures}${deviation}
<div class="clause">${escape(c.clause.source)} · ${escape(c.clause.member)}: “${escape(c.clause.text)}”</div></td>
<td><span class="badge ${cls}">${escape(c.status)}</span></td><td class="wire">${escape(expected)}</td>
<td class="wire">${escape(actual)}${message ? `<div class="clause">${escape(brief(message, 200))}</div>` : ''}</td><td>${c.durationMs}</td></tr>`;
}

/** One self-contained page: summary at the top, failures first, every case grouped by member. */
export function renderHtml(report: ConformanceReport): string {
  const s = report.summary;
  const tiles: [string, string, number][] = [
    ['pass', 'passed', s.passed],
    ['fail', 'failed', s.failed + s.unexpectedPasses],
    ['error', 'errored', s.errored],
    ['xfail', 'expected failures', s.expectedFailures],
    ['skip', 'skipped', s.skipped],
  ];
  const bar = tiles
    .filter(([, , n]) => n > 0)
    .map(([cls, , n]) => `<span class="${cls}" style="width:${((n / Math.max(1, s.total)) * 100).toFixed(2)}%"></span>`)
    .join('');
  const notice = !report.complete
    ? `<div class="notice"><b>Incomplete run.</b> ${escape(report.problem ?? 'Not every case ran.')}</div>`
    : report.problem
      ? `<div class="notice">${escape(report.problem)}</div>`
      : '';
  const leftovers = report.cleanup.leftovers.length
    ? `<div class="notice"><b>Left on the target:</b> ${report.cleanup.leftovers.map((l) => escape(`${l.resource}/${l.name} (${l.reason})`)).join(', ')}</div>`
    : '';
  const groups = [...groupByMember(report.cases)]
    .map(([group, cases]) => {
      const bad = cases.filter((c) => STATUS_CLASS[c.status] === 'fail' || c.status === 'errored').length;
      const open = bad > 0 ? ' open' : '';
      const counts = `${cases.length} cases${bad ? `, ${bad} not passing` : ''}`;
      return `<details${open}><summary>${escape(group)}<span class="counts">${counts}</span></summary>
<table><tr><th>case and clause</th><th>status</th><th>expected</th><th>actual</th><th>ms</th></tr>${cases.map(caseRow).join('\n')}</table></details>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Conformance: ${escape(report.suite.spec.name)} against ${escape(report.target.label)}</title><style>${STYLE}</style></head>
<body><header><h1>${escape(report.suite.spec.name)} conformance against ${escape(report.target.label)}</h1>
<p>${escape(report.suite.name)} ${escape(report.suite.version)} · spec profile ${escape(report.suite.spec.profile)}${report.suite.spec.source ? ` (${escape(report.suite.spec.title ?? '')}: ${escape(report.suite.spec.source)})` : ''} · region ${escape(report.target.region)} · run ${escape(report.runId)} · ${escape(report.startedAt)}</p></header>
<main>${notice}${leftovers}
<div class="tiles">${tiles.map(([cls, label, n]) => `<div class="tile ${cls}"><b>${n}</b>${label}</div>`).join('')}<div class="tile"><b>${s.total}</b>cases</div></div>
<div class="bar">${bar}</div>
${groups}
${report.contracts ? contractsHtml(report.contracts) : ''}
</main></body></html>
`;
}
