import { element } from './xml';
import type { ExploreSection, Finding } from './explore-types';
import { brief } from './model';
import { htmlText, markdownText, printable } from '../io/neutral';

/** Rendering of the `explore` section (generated requests and their findings) for the terminal and every report format. */

const escape = htmlText;

function byKind(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  // Error codes come from the target: one printable line each.
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${printable(k)} ${n}`).join(', ');
}

/** What was sent and what came back, in one line. */
export function exploreCountsLine(e: ExploreSection): string {
  const c = e.counts;
  return `${c.sent} requests (${c.shrinking} shrinking) in ${(e.durationMs / 1000).toFixed(1)} s, ${e.requestsPerSecond}/s; the oracle expected ${c.expectedAccept} accepted and ${c.expectedReject} rejected (${byKind(c.rejectedByKind)}); the target accepted ${c.answeredAccept} and rejected ${c.answeredReject} (${byKind(c.answeredByCode)}); ${c.errors} without an answer in the protocol; ${c.repeats} repeats of a finding${c.confirming ? `; ${c.confirming} sent again to confirm findings` : ''}`;
}

/** How often a finding's smallest request recurred when sent again (`recurred 1 of 3`), or why it was not confirmed. */
export function recurredWords(f: Finding): string {
  const c = f.confirmation;
  if (!c) return 'not sent again';
  if (c.sent === 0) return 'not sent again (the request budget or an interrupt left no room)';
  return `recurred ${c.recurred} of ${c.sent} when sent again`;
}

/** Findings that did not recur every time (reports written before confirming have none). */
const flakyOf = (e: ExploreSection): Finding[] => e.flaky ?? [];

/** How much of the spec the requests touched, in one line. */
export function coverageLine(e: ExploreSection): string {
  const { constraints: k, rules: r } = e.coverage;
  return `constraints: ${k.kept}/${k.total} kept and ${k.broken}/${k.total} broken by some request; documented rules: ${r.kept}/${r.total} kept and ${r.broken}/${r.total} broken`;
}

/** The expectation in a few words, with the oracle's reasons. */
export function expectedWords(f: Finding): string {
  if (f.expected.outcome === 'accept') return 'HTTP 200 (the request keeps every constraint and rule of the spec)';
  return `HTTP ${f.expected.status} ${f.expected.errorCodes.join(' or ')}, naming ${f.why.map((w) => w.at).join(' or ') || 'the member at fault'}`;
}

/** What the target answered, as one printable line (its code and message are the target's text). */
function answeredWords(f: Finding): string {
  const a = f.actual;
  if (a.transportError) return printable(a.transportError);
  return printable(`HTTP ${a.status ?? '?'}${a.errorCode ? ` ${a.errorCode}` : ''}${a.message ? `: ${brief(a.message, 2000)}` : ''}`);
}

/** A fence longer than any run of backticks in the text, so the block cannot be closed from inside. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** What the terminal prints at the end (stdout): counts, coverage, findings, the replay line. */
export function exploreSummaryLines(e: ExploreSection): string[] {
  return [
    `explored: ${exploreCountsLine(e)}`,
    `coverage: ${coverageLine(e)}`,
    `findings: ${e.findings.length}${e.findings.length ? `: ${e.findings.map((f) => f.id).join(', ')}` : ''} (seed ${e.seed}, stopped by ${e.stoppedBy})`,
    ...(flakyOf(e).length
      ? [
          `flaky (not deviations, not in the exit code): ${flakyOf(e).length}: ${flakyOf(e)
            .map((f) => `${f.id} (${recurredWords(f)})`)
            .join(', ')}`,
        ]
      : []),
    `replay: ${e.replay}`,
  ];
}

function findingMarkdown(f: Finding): string[] {
  const json = JSON.stringify(f.request, null, 2);
  return [
    `### \`${f.id}\``,
    '',
    markdownText(f.title),
    '',
    `- seed ${f.seed}, path \`${f.path}\`; shrunk in ${f.shrink.steps} steps (${f.shrink.requests} requests, ${f.shrink.ms} ms) from ${f.shrink.fromBytes} to ${f.shrink.toBytes} bytes`,
    `- ${f.flaky ? 'flaky: ' : ''}${recurredWords(f)}`,
    `- the oracle expected: ${markdownText(expectedWords(f))}`,
    ...f.why.map((w) => `  - ${markdownText(`${w.member} (${w.rule ?? w.kind}): ${brief(w.message, 300)}`)}`),
    `- the target answered: ${markdownText(answeredWords(f))}`,
    ...f.disagreements.map((d) => `- disagrees: ${markdownText(brief(d, 2000))}`),
    `- clause: ${markdownText(`${f.clause.source} (${f.clause.member}): "${f.clause.text}"`)}`,
    '',
    'The smallest request (names and the model are filled per run):',
    '',
    `${fence(json)}json`,
    json,
    fence(json),
    '',
  ];
}

export function exploreMarkdown(e: ExploreSection): string[] {
  const k = e.coverage;
  return [
    '## Exploration',
    '',
    `Seed **${e.seed}**, budget ${e.budget.ms / 1000} s${e.budget.requests ? ` or ${e.budget.requests} requests` : ''} (shrinking ${e.budget.shrinkMs / 1000} s a finding), stopped by ${e.stoppedBy}. Replay: \`${e.replay}\`${e.saved ? `; findings saved to \`${e.saved}\`` : ''}.`,
    '',
    `- ${exploreCountsLine(e)}`,
    `- ${coverageLine(e)}`,
    ...(k.neverBroken.length
      ? [
          `- never broken (${k.neverBroken.length}): ${k.neverBroken
            .slice(0, 12)
            .map((n) => `\`${n}\``)
            .join(', ')}${k.neverBroken.length > 12 ? `, and ${k.neverBroken.length - 12} more (conformance.json)` : ''}`,
        ]
      : []),
    '',
    `### Findings: ${e.findings.length}`,
    '',
    ...(e.findings.length === 0 ? ['None: every answer agreed with the reference validator.', ''] : e.findings.flatMap(findingMarkdown)),
    ...(flakyOf(e).length
      ? [
          `### Flaky: ${flakyOf(e).length}`,
          '',
          'Disagreements that did not recur every time their smallest request was sent again: not deviations, not in the exit code, not saved as cases.',
          '',
          ...flakyOf(e).flatMap(findingMarkdown),
        ]
      : []),
  ];
}

function findingHtml(f: Finding): string {
  const why = f.why.map((w) => `<li>${escape(`${w.member} (${w.rule ?? w.kind}): ${brief(w.message, 300)}`)}</li>`).join('');
  return `<div class="finding" id="finding-${escape(f.id.replace(/[^A-Za-z0-9_.-]/g, '_'))}"><h3><code>${escape(f.id)}</code></h3><p>${escape(f.title)}</p>
<ul><li>seed ${f.seed}, path <code>${escape(f.path)}</code>; shrunk in ${f.shrink.steps} steps (${f.shrink.requests} requests, ${f.shrink.ms} ms) from ${f.shrink.fromBytes} to ${f.shrink.toBytes} bytes</li>
<li class="recurred">${f.flaky ? 'flaky: ' : ''}${escape(recurredWords(f))}</li>
<li>the oracle expected: ${escape(expectedWords(f))}${why ? `<ul>${why}</ul>` : ''}</li>
<li>the target answered: ${escape(answeredWords(f))}</li>
${f.disagreements.map((d) => `<li class="why">disagrees: ${escape(brief(d, 2000))}</li>`).join('\n')}
<li class="clause">${escape(f.clause.source)} · ${escape(f.clause.member)}: “${escape(f.clause.text)}”</li></ul>
<pre><code>${JSON.stringify(f.request, null, 2).split('\n').map(escape).join('\n')}</code></pre></div>`;
}

export function exploreHtml(e: ExploreSection): string {
  const findings =
    e.findings.length === 0 ? '<p class="none">None: every answer agreed with the reference validator.</p>' : e.findings.map(findingHtml).join('\n');
  return `<h2>Exploration</h2><div class="attention"><p>Seed <b>${e.seed}</b>, stopped by ${escape(e.stoppedBy)}. Replay: <code>${escape(e.replay)}</code>${e.saved ? `; findings saved to <code>${escape(e.saved)}</code>` : ''}</p>
<p>${escape(exploreCountsLine(e))}</p><p>${escape(coverageLine(e))}</p></div>
<h2>Findings (${e.findings.length})</h2>${findings}${
    flakyOf(e).length
      ? `\n<h2>Flaky (${flakyOf(e).length})</h2><p>Disagreements that did not recur every time their smallest request was sent again: not deviations, not in the exit code, not saved as cases.</p>\n${flakyOf(e).map(findingHtml).join('\n')}`
      : ''
  }`;
}

/** JUnit: the exploration's numbers as properties; each finding is a failed testcase (its case), whose text this adds to. */
export function exploreJunitProperties(e: ExploreSection): string[] {
  const c = e.counts;
  return [
    element('property', { name: 'explore.seed', value: e.seed }),
    element('property', { name: 'explore.replay', value: e.replay }),
    element('property', { name: 'explore.requests', value: c.sent }),
    element('property', { name: 'explore.expectedAccept', value: c.expectedAccept }),
    element('property', { name: 'explore.expectedReject', value: c.expectedReject }),
    element('property', { name: 'explore.findings', value: e.findings.length }),
    element('property', { name: 'explore.flaky', value: flakyOf(e).length }),
    ...flakyOf(e).map((f) =>
      element('property', { name: `explore.flaky.${f.id}`, value: `${recurredWords(f)}: ${printable(brief(f.disagreements[0] ?? 'disagrees', 300))}` }),
    ),
    element('property', { name: 'explore.counts', value: exploreCountsLine(e) }),
    element('property', { name: 'explore.coverage', value: coverageLine(e) }),
  ];
}

/** The lines a finding's JUnit failure adds: the seed, what the oracle expected and why, the smallest request. */
export function findingJunitLines(f: Finding): string[] {
  return [
    `seed ${f.seed}, path ${f.path}`,
    recurredWords(f),
    `the oracle expected: ${expectedWords(f)}`,
    ...f.why.map((w) => `  ${w.member} (${w.rule ?? w.kind}): ${brief(w.message, 300)}`),
    `the target answered: ${answeredWords(f)}`,
    ...f.disagreements.map((d) => `disagrees: ${printable(brief(d, 2000))}`),
    `smallest request: ${JSON.stringify(f.request)}`,
  ];
}
