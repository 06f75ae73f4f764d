import junit from 'junit-report-builder';
import type { ConformanceReport } from './model';
import { clauseLine, failureLines } from './model';
import { addContractsJunit } from './contracts';

/** JUnit XML for CI: one testsuite per member, one testcase per case; expected failures count as passed. */
export function renderJunit(report: ConformanceReport): string {
  const builder = junit.newBuilder();
  const suites = new Map<string, ReturnType<typeof builder.testSuite>>();
  for (const c of report.cases) {
    let suite = suites.get(c.group);
    if (!suite) {
      suite = builder.testSuite().name(`${report.suite.name} ${c.group} (${report.target.label})`).timestamp(report.startedAt);
      suites.set(c.group, suite);
    }
    const test = suite
      .testCase()
      .className(`${report.suite.name}.${c.group}`)
      .name(`${c.id}: ${c.title}`)
      .time(c.durationMs / 1000);
    const detail = [...failureLines(c), `clause: ${clauseLine(c)}`, ...(c.deviation ? [`known deviation: ${c.deviation}`] : [])].join('\n');
    switch (c.status) {
      case 'failed':
        test.failure(failureLines(c)[0] ?? 'failed', 'mismatch').stacktrace(detail);
        break;
      case 'unexpected-pass':
        test.failure(`passed, but the expectations file lists it as a known deviation: ${c.deviation ?? ''}`, 'unexpected-pass').stacktrace(detail);
        break;
      case 'errored':
        test.error(failureLines(c)[0] ?? 'errored', 'error', detail);
        break;
      case 'skipped':
        test.skipped().standardOutput(detail);
        break;
      case 'expected-failure':
        test.standardOutput(`expected failure (known deviation): ${c.deviation ?? ''}\n${detail}`);
        break;
      case 'passed':
        break;
    }
  }
  if (report.contracts) addContractsJunit(builder, report.contracts, report.target.label, report.startedAt);
  return builder.build();
}
