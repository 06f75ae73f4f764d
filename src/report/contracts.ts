import { htmlText, markdownText } from '../io/neutral';
import { element, xmlText } from './xml';
import type { ContractsReport, InteractionResult, InteractionStatus } from './model';

/** Rendering of the `contracts` section (Pact verification) for the Markdown, HTML and JUnit writers. */

const MARK: Record<InteractionStatus, string> = {
  verified: '✅ verified',
  failed: '❌ failed',
  'pending-failed': '🟡 failed (pending)',
  'not-run': '❌ not run',
  skipped: '⏭️ skipped',
};

const cell = (text: string) => markdownText(text);
const escape = htmlText;

export function contractsSummaryLine(c: ContractsReport): string {
  const extra = `${c.summary.notRun ? `, ${c.summary.notRun} not run` : ''}${c.summary.skipped ? `, ${c.summary.skipped} skipped` : ''}`;
  return `${c.summary.verified} verified, ${c.summary.failed} failed, ${c.summary.pendingFailed} pending failed${extra} (${c.summary.total} interactions in ${c.pacts.length} pact${c.pacts.length === 1 ? '' : 's'})`;
}

/** One line per failed interaction, naming it: what the CLI prints and what each report leads with. */
export function failedInteractionLines(c: ContractsReport): string[] {
  return c.interactions
    .filter((i) => i.status === 'failed' || i.status === 'not-run')
    .map((i) => `${i.consumer} → ${i.provider}: ${i.description}: ${i.failures.join('; ')}`);
}

export function contractsMarkdown(c: ContractsReport): string[] {
  const lines = ['## Contracts', '', `**${contractsSummaryLine(c)}**`, ''];
  if (c.published)
    lines.push(
      `Results ${c.published.ok ? 'published' : '**not published**'} to ${c.published.broker} as provider version \`${c.published.providerVersion}\`${c.published.branch ? ` on branch \`${c.published.branch}\`` : ''}${c.published.failures ? `: ${c.published.failures.join('; ')}` : ''}.`,
      '',
    );
  for (const p of c.pacts) lines.push(`- \`${p.source}\`: ${p.consumer} → ${p.provider}, ${p.interactions} interactions`);
  lines.push('', '| interaction | provider states | status | failures |', '| --- | --- | --- | --- |');
  for (const i of c.interactions) lines.push(`| ${cell(i.description)} | ${cell(i.states.join('; '))} | ${MARK[i.status]} | ${cell(i.failures.join('; '))} |`);
  lines.push('');
  return lines;
}

function htmlRow(i: InteractionResult): string {
  const cls = i.status === 'verified' ? 'pass' : i.status === 'failed' || i.status === 'not-run' ? 'fail' : 'xfail';
  const why = i.failures.length ? `<ul class="why">${i.failures.map((f) => `<li>${escape(f)}</li>`).join('')}</ul>` : '';
  return `<tr><td>${escape(i.description)}${why}<div class="clause">${escape(i.consumer)} → ${escape(i.provider)}</div></td><td>${i.states.map(escape).join('<br>')}</td><td><span class="badge ${cls}">${escape(i.status)}</span></td></tr>`;
}

export function contractsHtml(c: ContractsReport): string {
  const open = c.summary.failed + c.summary.notRun > 0 ? ' open' : '';
  return `<details${open}><summary>Contracts<span class="counts">${escape(contractsSummaryLine(c))}</span></summary>
<table><tr><th>interaction</th><th>provider states</th><th>status</th></tr>${c.interactions.map(htmlRow).join('\n')}</table></details>`;
}

/** One testsuite per pact, one testcase per interaction; a pending interaction that failed is not a failure. */
export function contractsJunit(c: ContractsReport, target: string, timestamp: string): { suites: string[]; tests: number; failures: number } {
  const suites = c.pacts.map((pact) => {
    const interactions = c.interactions.filter((x) => x.pact === pact.source);
    const cases = interactions.map((i) => {
      const attrs = { classname: `pact.${pact.consumer}.${pact.provider}`, name: i.description, time: '0.000' };
      if (i.status === 'failed')
        return element('testcase', attrs, element('failure', { message: i.failures[0] ?? 'failed', type: 'pact-mismatch' }, xmlText(i.failures.join('\n'))));
      if (i.status === 'not-run')
        return element('testcase', attrs, element('failure', { message: i.failures[0] ?? 'not run', type: 'pact-not-run' }, xmlText(i.failures.join('\n'))));
      if (i.status === 'skipped') return element('testcase', attrs, element('skipped', { message: i.failures[0] ?? 'skipped by --only' }));
      if (i.status === 'pending-failed')
        return element(
          'testcase',
          attrs,
          element('system-out', {}, xmlText(`pending interaction failed (does not fail the verification):\n${i.failures.join('\n')}`)),
        );
      return element('testcase', attrs);
    });
    const failures = interactions.filter((i) => i.status === 'failed' || i.status === 'not-run').length;
    const skipped = interactions.filter((i) => i.status === 'skipped').length;
    return element(
      'testsuite',
      { name: `pact ${pact.consumer} → ${pact.provider} (${target})`, tests: interactions.length, failures, errors: 0, skipped, time: '0.000', timestamp },
      cases,
    );
  });
  return { suites, tests: c.interactions.length, failures: c.interactions.filter((i) => i.status === 'failed' || i.status === 'not-run').length };
}
