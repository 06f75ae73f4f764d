import { judgeStep, firstDifference, type JudgeContext } from '../src/engine/judge';
import { errorCodeOf } from '../src/client/parse';
import type { CaseStep } from '../src/cases/types';
import { loadOperation, loadService } from '../src/spec/load';
import { exchange, response, validationError } from './fixtures';

const ctx: JudgeContext = {
  service: loadService(),
  operations: new Map([['CreateEndpointConfig', loadOperation('CreateEndpointConfig')]]),
  region: 'us-east-1',
};
const OP = 'CreateEndpointConfig';
const acceptStep: CaseStep = { operation: OP, request: { EndpointConfigName: 'My-Config' }, expect: { outcome: 'accept' } };
const rejectStep: CaseStep = {
  operation: OP,
  request: { EndpointConfigName: 'x'.repeat(64) },
  expect: { outcome: 'reject', status: 400, errorCodes: ['ValidationException'] },
};
const goodArn = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/my-config';

const judge = (step: CaseStep, raw: ReturnType<typeof response> | undefined, transportError?: string) =>
  judgeStep(ctx, step, exchange(step.operation, raw, transportError), []);
const failedChecks = (v: ReturnType<typeof judge>) => v.checks.filter((c) => !c.pass).map((c) => c.name);

describe('reading the error code', () => {
  it.each([
    ['a bare __type', { __type: 'ValidationException', message: 'm' }, {}],
    ['a namespaced __type', { __type: 'com.amazonaws.sagemaker#ValidationException', message: 'm' }, {}],
    ['a __type with a :uri suffix', { __type: 'ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/', message: 'm' }, {}],
    [
      'the x-amzn-ErrorType header',
      { __type: 'ValidationException', message: 'm' },
      { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/' },
    ],
    ['the header without a suffix and Message in the body', { __type: 'ValidationException', Message: 'm' }, { 'x-amzn-errortype': 'ValidationException' }],
    ['a body with __type and no message at all (the protocol makes the message optional)', { __type: 'ValidationException' }, {}],
  ])('finds ValidationException in %s', (_, body, headers) => {
    const raw = response(400, body, headers);
    expect(errorCodeOf(raw, body)).toBe('ValidationException');
    expect(judge(rejectStep, raw).kind).toBe('pass');
  });

  it('reads the code from the x-amzn-ErrorType header, but fails a body without __type (the protocol requires it there)', () => {
    const raw = response(400, { message: 'm' }, { 'x-amzn-errortype': 'ValidationException' });
    expect(errorCodeOf(raw, { message: 'm' })).toBe('ValidationException');
    expect(failedChecks(judge(rejectStep, raw))).toEqual(['error.body']);
  });

  it('fails a rejection with another code', () => {
    const v = judge(rejectStep, response(400, { __type: 'InvalidParameterValue', message: 'm' }));
    expect(v.kind).toBe('mismatch');
    expect(failedChecks(v)).toEqual(['error.code']);
  });

  it('fails a rejection with an empty message: a message is optional, but one that is there must say something', () => {
    expect(failedChecks(judge(rejectStep, response(400, { __type: 'ValidationException', message: '' })))).toEqual(['error.body']);
    expect(failedChecks(judge(rejectStep, response(400, { __type: 'ValidationException', Message: '' })))).toEqual(['error.body']);
  });

  it('fails a rejection answered with the wrong status', () => {
    expect(failedChecks(judge(rejectStep, response(403, validationError)))).toEqual(['status']);
  });

  it('fails an acceptance where a rejection was expected', () => {
    expect(failedChecks(judge(rejectStep, response(200, { EndpointConfigArn: goodArn })))).toEqual(['status', 'error.code']);
  });

  it('checks the stable part of a message when the case names one', () => {
    const step: CaseStep = { ...rejectStep, expect: { ...rejectStep.expect, messageIncludes: ['Could not find model'] } as CaseStep['expect'] };
    expect(
      judge(step, response(400, { __type: 'ValidationException', message: 'Could not find model "arn:aws:sagemaker:us-east-1:123456789012:model/x".' })).kind,
    ).toBe('pass');
    expect(failedChecks(judge(step, response(400, validationError)))).toEqual(['error.message']);
  });
});

describe('judging an acceptance', () => {
  it('passes HTTP 200 with an ARN naming the config in lower case', () => {
    expect(judge(acceptStep, response(200, { EndpointConfigArn: goodArn }))).toMatchObject({ kind: 'pass' });
  });

  it.each([
    ['a missing ARN', {}, 'response.schema'],
    ['an ARN of the wrong type', { EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:123456789012:model/my-config' }, 'EndpointConfigArn.resource-type'],
    ['an ARN in another region', { EndpointConfigArn: 'arn:aws:sagemaker:eu-west-1:123456789012:endpoint-config/my-config' }, 'EndpointConfigArn.region'],
    ['an ARN keeping the name case', { EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/My-Config' }, 'EndpointConfigArn.name'],
    ['an ARN with an 11-digit account', { EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:12345678901:endpoint-config/my-config' }, 'EndpointConfigArn.format'],
    [
      'an ARN in an unknown partition',
      { EndpointConfigArn: 'arn:azure:sagemaker:us-east-1:123456789012:endpoint-config/my-config' },
      'EndpointConfigArn.format',
    ],
    ['an ARN that is a number', { EndpointConfigArn: 42 }, 'response.schema'],
  ])('fails %s', (_, body, check) => {
    const v = judge(acceptStep, response(200, body));
    expect(v.kind).toBe('mismatch');
    expect(failedChecks(v)).toContain(check);
  });

  it('accepts the aws-cn and aws-us-gov partitions', () => {
    for (const partition of ['aws-cn', 'aws-us-gov']) {
      expect(judge(acceptStep, response(200, { EndpointConfigArn: goodArn.replace('arn:aws:', `arn:${partition}:`) })).kind).toBe('pass');
    }
  });

  it('fails a rejection where an acceptance was expected and shows the error', () => {
    const v = judge(acceptStep, response(400, validationError));
    expect(v.kind).toBe('mismatch');
    expect(v.checks.find((c) => c.name === 'status')?.actual).toMatch(/^400 ValidationException: 1 validation error/);
  });
});

describe('protocol facts on every response', () => {
  it('fails a response without x-amzn-RequestId', () => {
    const raw = response(200, { EndpointConfigArn: goodArn });
    delete raw.headers['x-amzn-requestid'];
    expect(failedChecks(judge(acceptStep, raw))).toEqual(['protocol.request-id']);
  });

  it('fails a response that is not labelled as JSON', () => {
    expect(failedChecks(judge(rejectStep, response(400, validationError, { 'content-type': 'text/plain' })))).toEqual(['protocol.content-type']);
  });

  it('accepts application/json as a JSON content type', () => {
    expect(judge(rejectStep, response(400, validationError, { 'content-type': 'application/json; charset=utf-8' })).kind).toBe('pass');
  });
});

describe('responses that cannot be judged', () => {
  it.each([
    ['no response', undefined, 'connection refused (connect ECONNREFUSED 127.0.0.1:1): is the target running?', /connection refused/],
    ['HTTP 502 with an HTML page', response(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' }), undefined, /HTTP 502.*Bad Gateway/],
    ['a body that is not JSON', response(200, '{"EndpointConfigArn": "arn:aws:sa'), undefined, /not JSON: "\{\\"EndpointConfigArn/],
    ['JSON that is not an object', response(200, '["arn"]'), undefined, /not an object/],
    ['an empty body', response(400, ''), undefined, /empty body/],
  ])('errors on %s, with the reason', (_, raw, transportError, reason) => {
    const v = judge(acceptStep, raw, transportError);
    expect(v.kind).toBe('error');
    if (v.kind === 'error') expect(v.reason).toMatch(reason);
  });
});

describe('round-trip comparison', () => {
  it('finds the first member that differs, and allows extra members', () => {
    expect(firstDifference({ a: 1, b: [{ c: 'x' }] }, { a: 1, b: [{ c: 'x', d: 2 }], e: 3 })).toBeUndefined();
    expect(firstDifference({ a: 1, b: [{ c: 'x' }] }, { a: 1, b: [{ c: 'y' }] })).toBe('b[0].c');
    expect(firstDifference({ b: [1, 2] }, { b: [1] })).toBe('b');
    expect(firstDifference({ k: 'v' }, {})).toBe('k');
  });

  it('fails a describe that does not echo a value that was sent', () => {
    const create: CaseStep = { operation: OP, request: { EndpointConfigName: 'rt', KmsKeyId: 'key', Tags: [] }, expect: { outcome: 'accept' } };
    const describe: CaseStep = {
      operation: 'DescribeEndpointConfig',
      request: { EndpointConfigName: 'rt' },
      expect: { outcome: 'accept', contains: { $request: 0, omit: ['Tags'] }, sameAs: { EndpointConfigArn: { $response: 0, member: 'EndpointConfigArn' } } },
    };
    const prior = [{ request: create.request, body: { EndpointConfigArn: 'arn:1' } }];
    const echoed = { EndpointConfigName: 'rt', KmsKeyId: 'key', EndpointConfigArn: 'arn:1', CreationTime: 1 };
    expect(judgeStep(ctx, describe, exchange('DescribeEndpointConfig', response(200, echoed)), prior).kind).toBe('pass');
    const lost = judgeStep(ctx, describe, exchange('DescribeEndpointConfig', response(200, { ...echoed, KmsKeyId: undefined })), prior);
    expect(lost.checks.filter((c) => !c.pass).map((c) => c.name)).toEqual(['round-trip']);
    const otherArn = judgeStep(ctx, describe, exchange('DescribeEndpointConfig', response(200, { ...echoed, EndpointConfigArn: 'arn:2' })), prior);
    expect(otherArn.checks.filter((c) => !c.pass).map((c) => c.name)).toEqual(['same.EndpointConfigArn']);
  });
});
