import type { CaseResult } from './results';
import type { ConformanceReport } from './model';
import { clauseLine, COUNTS, countsLine, failureLines, groupByMember, groupByOperation, groupsOf, summarizeOperations } from './model';
import { contractsJunit } from './contracts';
import { element, seconds, xmlText } from './xml';
import { exploreJunitProperties, findingJunitLines } from './explore';

/**
 * A stable name for the target in suite names: its kind and, for AWS, the region; never a port or a run id,
 * so CI keeps each case's history from run to run.
 */
export function stableTargetName(report: Pick<ConformanceReport, 'target'>): string {
  return report.target.kind === 'aws' ? `aws ${report.target.region}` : report.target.kind;
}

function testCase(c: CaseResult, className: string, extra: string[] = []): string {
  const lines = [...failureLines(c), ...extra];
  const clause = `clause: ${clauseLine(c)}`;
  const attrs = { classname: className, name: `${c.id}: ${c.title}`, time: seconds(c.durationMs) };
  switch (c.status) {
    case 'failed':
      // The first line is the message; the body holds the rest once, so no text appears twice.
      return element(
        'testcase',
        attrs,
        element('failure', { message: lines[0] ?? 'failed', type: 'mismatch' }, xmlText([...lines.slice(1), clause].join('\n'))),
      );
    case 'unexpected-pass':
      return element(
        'testcase',
        attrs,
        element(
          'failure',
          { message: 'passed, but the expectations file lists it as a known deviation', type: 'unexpected-pass' },
          xmlText(`deviation listed: ${c.deviation ?? ''}\n${clause}`),
        ),
      );
    case 'errored':
      return element('testcase', attrs, element('error', { message: lines[0] ?? 'errored', type: 'error' }, xmlText([...lines.slice(1), clause].join('\n'))));
    case 'skipped': {
      // Left out on purpose, for want of a resource the run was not given: neither passed nor an error of the run.
      if (c.needs) return element('testcase', attrs, element('skipped', { message: c.failures.find((f) => f.kind === 'skipped')?.reason ?? 'not run' }));
      // A case that did not run (the target could not be reached, set-up failed, the run was interrupted) is an
      // error to CI: JUnit's <skipped/> shows green in most views.
      const reason = c.failures.find((f) => f.kind === 'skipped')?.reason ?? 'not run';
      return element('testcase', attrs, element('error', { message: `not run: ${reason}`, type: 'not-run' }, xmlText(clause)));
    }
    case 'expected-failure':
      return element(
        'testcase',
        attrs,
        element('system-out', {}, xmlText([`expected failure (known deviation): ${c.deviation ?? ''}`, ...lines, clause].join('\n'))),
      );
    case 'passed':
      return element('testcase', attrs);
  }
}

/**
 * JUnit XML for CI: one testsuite per member, one testcase per case. Expected failures count as passed; cases
 * that did not run count as errors. Suite and case names carry no port and no run id.
 */
export function renderJunit(report: ConformanceReport): string {
  const target = stableTargetName(report);
  const s = report.summary;
  // A finding of `explore` is a failed case; its testcase also says the seed, why the oracle expected what it did, and the request.
  const findingLines = new Map((report.explore?.findings ?? []).map((f) => [f.id, findingJunitLines(f)]));
  // Each failure names its deviation group: CI's list of failures then sorts into the causes behind them.
  const groupLine = new Map(
    groupsOf(report).flatMap((g) => g.cases.map((id): [string, string] => [id, `group: ${g.id} (${g.count} case${g.count === 1 ? '' : 's'}: ${g.title})`])),
  );
  const primary = report.suite.spec.name;
  // One suite per operation and member, named by both: tables of several operations share member names.
  const grouped = [...groupByOperation(report.cases, primary)].flatMap(([op, own]) =>
    [...groupByMember(own)].map(([group, cases]) => [op, group, cases] as const),
  );
  const suites = grouped.map(([op, group, cases]) => {
    const failures = cases.filter((c) => c.status === 'failed' || c.status === 'unexpected-pass').length;
    const errors = cases.filter((c) => c.status === 'errored' || c.status === 'skipped').length;
    const time = cases.reduce((t, c) => t + c.durationMs, 0);
    return element(
      'testsuite',
      {
        name: `${report.suite.name} ${op} ${group} (${target})`,
        tests: cases.length,
        failures,
        errors,
        skipped: 0,
        time: seconds(time),
        timestamp: report.startedAt,
      },
      cases.map((c) =>
        testCase(c, `${report.suite.name}.${op}.${group}`, [...(groupLine.has(c.id) ? [groupLine.get(c.id)!] : []), ...(findingLines.get(c.id) ?? [])]),
      ),
    );
  });
  const contracts = report.contracts ? contractsJunit(report.contracts, target, report.startedAt) : { suites: [], tests: 0, failures: 0 };
  const properties = element('properties', {}, [
    ...COUNTS.map((c) => element('property', { name: c.key, value: s[c.key] })),
    element('property', { name: 'summary', value: countsLine(s) }),
    ...Object.entries(summarizeOperations(report.cases, primary)).map(([op, own]) => element('property', { name: `operation.${op}`, value: countsLine(own) })),
    ...(report.explore ? exploreJunitProperties(report.explore) : []),
  ]);
  const elapsed = Math.max(0, Date.parse(report.finishedAt) - Date.parse(report.startedAt)) || report.cases.reduce((t, c) => t + c.durationMs, 0);
  const root = element(
    'testsuites',
    {
      name: `${report.suite.name} ${report.suite.spec.name} (${target})`,
      tests: s.total + contracts.tests,
      failures: s.failed + s.unexpectedPasses + contracts.failures,
      errors: s.errored + s.skipped,
      skipped: 0,
      time: seconds(elapsed),
    },
    [properties, ...suites, ...contracts.suites],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}
