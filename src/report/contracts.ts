import { element, xmlText } from './xml';
import type { ContractsReport, InteractionResult, InteractionStatus } from './model';

/** Rendering of the `contracts` section (Pact verification) for the Markdown, HTML and JUnit writers. */

const MARK: Record<InteractionStatus, string> = { verified: '✅ verified', failed: '❌ failed', 'pending-failed': '🟡 failed (pending)' };

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function contractsSummaryLine(c: ContractsReport): string {
  return `${c.summary.verified} verified, ${c.summary.failed} failed, ${c.summary.pendingFailed} pending failed (${c.summary.total} interactions in ${c.pacts.length} pact${c.pacts.length === 1 ? '' : 's'})`;
}

/** One line per failed interaction, naming it: what the CLI prints and what each report leads with. */
export function failedInteractionLines(c: ContractsReport): string[] {
  return c.interactions.filter((i) => i.status === 'failed').map((i) => `${i.consumer} → ${i.provider}: ${i.description}: ${i.failures.join('; ')}`);
}

export function contractsMarkdown(c: ContractsReport): string[] {
  const lines = ['## Contracts', '', `**${contractsSummaryLine(c)}**`, ''];
  if (c.published)
    lines.push(
      `Results published to ${c.published.broker} as provider version \`${c.published.providerVersion}\`${c.published.branch ? ` on branch \`${c.published.branch}\`` : ''}.`,
      '',
    );
  for (const p of c.pacts) lines.push(`- \`${p.source}\`: ${p.consumer} → ${p.provider}, ${p.interactions} interactions`);
  lines.push('', '| interaction | provider states | status | failures |', '| --- | --- | --- | --- |');
  for (const i of c.interactions) lines.push(`| ${cell(i.description)} | ${cell(i.states.join('; '))} | ${MARK[i.status]} | ${cell(i.failures.join('; '))} |`);
  lines.push('');
  return lines;
}

function htmlRow(i: InteractionResult): string {
  const cls = i.status === 'verified' ? 'pass' : i.status === 'failed' ? 'fail' : 'xfail';
  const why = i.failures.length ? `<ul class="why">${i.failures.map((f) => `<li>${escape(f)}</li>`).join('')}</ul>` : '';
  return `<tr><td>${escape(i.description)}${why}<div class="clause">${escape(i.consumer)} → ${escape(i.provider)}</div></td><td>${i.states.map(escape).join('<br>')}</td><td><span class="badge ${cls}">${escape(i.status)}</span></td></tr>`;
}

export function contractsHtml(c: ContractsReport): string {
  const open = c.summary.failed > 0 ? ' open' : '';
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
      if (i.status === 'pending-failed')
        return element(
          'testcase',
          attrs,
          element('system-out', {}, xmlText(`pending interaction failed (does not fail the verification):\n${i.failures.join('\n')}`)),
        );
      return element('testcase', attrs);
    });
    const failures = interactions.filter((i) => i.status === 'failed').length;
    return element(
      'testsuite',
      { name: `pact ${pact.consumer} → ${pact.provider} (${target})`, tests: interactions.length, failures, errors: 0, skipped: 0, time: '0.000', timestamp },
      cases,
    );
  });
  return { suites, tests: c.interactions.length, failures: c.interactions.filter((i) => i.status === 'failed').length };
}
