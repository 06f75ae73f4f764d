import { pyLiteral, pyString, renderPytest, testName } from '../src/report/export-pytest';
import { planRun } from '../src/engine/session';
import { summarize, type ConformanceReport } from '../src/report/model';
import { deviationGroups } from '../src/report/groups';
import type { CaseResult } from '../src/report/results';

describe('Python literals', () => {
  it('writes any text as an ASCII string literal Python reads back as the same characters', () => {
    expect(pyString(`it's "q" \\ \n 😀 \u2028 é`)).toBe(String.raw`"it's \"q\" \\ \n \U0001f600 \u2028 \u00e9"`);
  });

  it('writes JSON values as Python values', () => {
    expect(pyLiteral({ a: [1, 2.5, true, false, null], b: { c: 'd' } })).toBe('{"a": [1, 2.5, True, False, None], "b": {"c": "d"}}');
  });

  it('names a test after its group', () => {
    expect(testName({ id: 'CreateEndpointConfig.type.server-error' })).toBe('test_CreateEndpointConfig_type_server_error');
  });
});

describe('renderPytest', () => {
  const plan = planRun({ runId: 'k3x9q2', region: 'us-east-1' });
  const pick = (id: string) => plan.cases.find((c) => c.id === id)!;
  const failed = (id: string, kind: string): CaseResult => {
    const c = pick(id);
    return {
      id,
      operation: c.operation,
      title: c.title,
      group: c.group,
      kind,
      clause: c.clause,
      facts: c.facts,
      expected: c.steps[0]!.expect,
      actual: { operation: c.operation, status: 200 },
      status: 'failed',
      failures: [{ kind: 'mismatch', step: 0, check: 'status', expected: 400, actual: 200 }],
      durationMs: 1,
      steps: [],
    };
  };
  const cases = [
    failed('EndpointConfigName.pattern.leading-hyphen', 'pattern'),
    failed('EndpointConfigName.type.number', 'type'),
    failed('protocol.unsigned', 'protocol'),
  ];
  const report: ConformanceReport = {
    suite: { name: 'sagemaker-conformance', version: '0.1.0', spec: { name: 'CreateEndpointConfig', profile: 'model', sources: {} } },
    target: { kind: 'moto', url: 'http://127.0.0.1:5000', region: 'us-east-1', label: 'moto' },
    runId: 'k3x9q2',
    startedAt: '2026-12-03T00:00:00.000Z',
    finishedAt: '2026-12-03T00:00:01.000Z',
    complete: true,
    summary: summarize(cases),
    groups: deviationGroups(cases, 'CreateEndpointConfig'),
    cleanup: { deleted: [], leftovers: [] },
    cases,
  };
  const text = renderPytest({ report, cases: plan.cases, service: plan.service, operations: plan.operations });

  it('writes one test per group, naming the group in its docstring', () => {
    const tests = [...text.matchAll(/^def (test_\w+)\(replay\):\n {4}"(.*)"$/gm)].map((m) => [m[1], /Group (\S+):/.exec(m[2]!)?.[1]]);
    expect(tests).toEqual(report.groups!.map((g) => [testName(g), g.id]));
  });

  it('sends a wrong JSON type as the exact body, a protocol case raw, and switches client-side validation off', () => {
    // The type case's own step (not the raw body of the protocol case, which is JSON text too).
    expect(text).toMatch(/\{"operation": "CreateEndpointConfig", "request": \{"EndpointConfigName": 12345, [^\n]*"body": "\{\\"EndpointConfigName\\":12345,/);
    expect(text).toContain('"raw": {"target": "SageMaker.CreateEndpointConfig"');
    expect(text).toContain('"signing": "none"');
    expect(text).toContain('Config(parameter_validation=False');
    expect(text).not.toMatch(/endpoint_url\s*=/);
  });
});
