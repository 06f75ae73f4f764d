import { answerShape, deviationGroups, membersPhrase, type AnswerShape } from '../src/report/groups';
import type { CaseResult, Failure } from '../src/report/results';
import type { ActualResponse } from '../src/report/verdict';
import type { StepExpectation } from '../src/spec/types';

const REJECT: StepExpectation = { outcome: 'reject', status: 400, errorCodes: ['ValidationException'] };
const ACCEPT: StepExpectation = { outcome: 'accept' };

/** A synthetic result: only what grouping reads (status, kind, facts, operation, expected, actual, failures). */
function result(id: string, over: Partial<CaseResult> & { failures: Failure[] }): CaseResult {
  return {
    id,
    operation: 'CreateEndpointConfig',
    title: id,
    group: 'EndpointConfigName',
    kind: 'pattern',
    clause: { source: 'spec', member: 'EndpointConfigName', text: 'a rule' },
    facts: { member: 'EndpointConfigName' },
    expected: REJECT,
    actual: { operation: 'CreateEndpointConfig', status: 400, errorCode: 'ValidationException' },
    status: 'failed',
    durationMs: 1,
    steps: [],
    ...over,
  };
}

const mismatch = (check: string): Failure => ({ kind: 'mismatch', step: 0, check, expected: 'x', actual: 'y' });
const answer = (status?: number, extra: Partial<ActualResponse> = {}): ActualResponse => ({
  operation: 'CreateEndpointConfig',
  ...(status !== undefined ? { status } : {}),
  ...extra,
});

describe('answerShape', () => {
  it.each<[string, AnswerShape, Partial<CaseResult> & { failures: Failure[] }]>([
    ['a 200 to a request that breaks a rule', 'accepted', { actual: answer(200), failures: [mismatch('status'), mismatch('error.code')] }],
    ['a rejection of a valid request', 'rejected', { expected: ACCEPT, actual: answer(400), failures: [mismatch('status')] }],
    ['a 404 where a 400 is due', 'other-code', { actual: answer(404), failures: [mismatch('status')] }],
    ['a 400 with another error code', 'other-code', { failures: [mismatch('error.code')] }],
    ['a message naming another member', 'other-member', { failures: [mismatch('error.member')] }],
    ['a message without the spec words', 'message', { failures: [mismatch('error.message')] }],
    ['an error body without __type', 'error-body', { failures: [mismatch('error.body')] }],
    [
      'an HTTP 500',
      'server-error',
      { status: 'errored', actual: answer(500), failures: [{ kind: 'error', step: 0, reason: 'target answered HTTP 500: <html>' }] },
    ],
    [
      'a 200 that is not JSON',
      'unusable',
      { status: 'errored', actual: answer(200), failures: [{ kind: 'error', step: 0, reason: 'HTTP 200 with an unusable body' }] },
    ],
    ['no answer at all', 'no-answer', { status: 'errored', actual: answer(), failures: [{ kind: 'error', step: 0, reason: 'connection refused' }] }],
    [
      'a 200 whose output breaks the schema',
      'output-shape',
      { expected: ACCEPT, actual: answer(200), failures: [mismatch('response.schema'), mismatch('includes')] },
    ],
    ['a 200 whose ARN keeps the name mixed-case', 'output-values', { expected: ACCEPT, actual: answer(200), failures: [mismatch('EndpointConfigArn.name')] }],
    ['a 200 that lost a sent value', 'output-values', { expected: ACCEPT, actual: answer(200), failures: [mismatch('round-trip')] }],
    ['a listing in the wrong order', 'listing', { expected: ACCEPT, actual: answer(200), failures: [mismatch('listed.names')] }],
    ['a listing that ignores its filter', 'listing', { expected: ACCEPT, actual: answer(200), failures: [mismatch('listed.filter')] }],
    ['an answer without a request id', 'protocol-headers', { expected: ACCEPT, actual: answer(200), failures: [mismatch('protocol.request-id')] }],
  ])('calls %s "%s"', (_, shape, over) => {
    expect(answerShape(result('x', over))).toBe(shape);
  });

  it('gives no shape to a case that did not fail', () => {
    expect(answerShape(result('x', { status: 'passed', failures: [] }))).toBeUndefined();
  });
});

describe('deviationGroups', () => {
  const accepted = { actual: answer(200), failures: [mismatch('status'), mismatch('error.code')] };
  const cases = [
    result('EndpointConfigName.pattern.space', accepted),
    result('passes', { status: 'passed', failures: [] }),
    result('Tags[].Key.pattern.x', { ...accepted, facts: { member: 'Tags[].Key' } }),
    result('EndpointConfigName.pattern.empty', accepted),
    result('EndpointConfigName.length.64', { ...accepted, kind: 'length' }),
    result('DescribeEndpointConfig.EndpointConfigName.pattern.space', { ...accepted, operation: 'DescribeEndpointConfig' }),
    result('KmsKeyId.type.number', {
      kind: 'type',
      facts: { member: 'KmsKeyId' },
      status: 'expected-failure',
      deviation: 'moto crashes',
      actual: answer(500),
      failures: [{ kind: 'error', step: 0, reason: 'target answered HTTP 500' }],
    }),
    result('skipped', { status: 'skipped', failures: [{ kind: 'skipped', reason: 'interrupted' }] }),
  ];
  const groups = deviationGroups(cases, 'CreateEndpointConfig');

  it('groups by operation, kind of case and shape of answer, largest first', () => {
    expect(groups.map((g) => [g.id, g.count])).toEqual([
      ['CreateEndpointConfig.pattern.accepted', 3],
      ['CreateEndpointConfig.length.accepted', 1],
      ['CreateEndpointConfig.type.server-error', 1],
      ['DescribeEndpointConfig.pattern.accepted', 1],
    ]);
  });

  it('names the members a group spans, its cases and its first case as the representative', () => {
    const [first] = groups;
    expect(first).toMatchObject({
      title: 'CreateEndpointConfig, patterns: accepted where it should reject',
      members: ['EndpointConfigName', 'Tags[].Key'],
      cases: ['EndpointConfigName.pattern.space', 'Tags[].Key.pattern.x', 'EndpointConfigName.pattern.empty'],
      representative: 'EndpointConfigName.pattern.space',
      covered: false,
    });
  });

  it('says when the expectations file covers every case of a group', () => {
    expect(groups.find((g) => g.id === 'CreateEndpointConfig.type.server-error')?.covered).toBe(true);
    expect(groups.filter((g) => g.covered)).toHaveLength(1);
  });

  it('takes the fallback operation for a report written before operations were named', () => {
    const { operation: _op, ...old } = cases[0]!;
    expect(deviationGroups([old as CaseResult], 'CreateEndpointConfig')[0]?.id).toBe('CreateEndpointConfig.pattern.accepted');
  });

  it('shortens a long member list', () => {
    expect(membersPhrase(['a', 'b', 'c', 'd', 'e', 'f'], 3)).toBe('a, b, c and 3 more');
  });
});
