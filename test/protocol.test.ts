/**
 * The protocol group: raw requests exactly as the cases write them, signed over exactly those bytes, judged on the
 * wire's own answer; the reference mock reads the wire as the awsJson1.1 protocol says.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RawHttpSender, otherRegion } from '../src/client/raw';
import { DUMMY_CREDENTIALS } from '../src/client/credentials';
import { parseAuthorization, signatureMatches } from '../src/mock/auth';
import { startReferenceMock } from '../src/mock/reference';
import type { RunningMock } from '../src/mock/server';
import { planRun } from '../src/engine/session';
import { runConformance } from '../src/runner/run';
import { EDITIONS } from '../src/spec/editions';
import type { RawRequest } from '../src/cases/types';

const raw = (fields: Partial<RawRequest>): RawRequest => ({
  target: 'SageMaker.ListModels',
  contentType: 'application/x-amz-json-1.1',
  body: '{}',
  signing: 'valid',
  ...fields,
});

describe.each(EDITIONS)('the protocol cases of the %s edition', (spec) => {
  const cases = planRun({ edition: spec, runId: 'k3x9q2' }).cases.filter((c) => c.kind === 'protocol');

  it('cover every wire rule the awsJson1.1 protocol and AWS state for a request', () => {
    expect(cases.map((c) => c.id)).toEqual([
      'protocol.unknown-operation',
      'protocol.target-missing',
      'protocol.target-wrong-case',
      'protocol.target-operation-wrong-case',
      'protocol.body-empty',
      'protocol.body-not-json',
      'protocol.body-array',
      'protocol.body-number',
      'protocol.body-null',
      'protocol.member-null-required',
      'protocol.member-null-optional',
      'protocol.member-unknown',
      'protocol.content-type-charset',
      'protocol.unsigned',
      'protocol.wrong-secret',
      'protocol.other-region',
      'protocol.integer-fraction',
      'protocol.integer-boolean',
      'protocol.integer-overflow',
    ]);
  });

  it('cite the protocol documentation, the SigV4 guide or the Common Errors page', () => {
    for (const c of cases) {
      expect(c.clause.source).toMatch(
        /^https:\/\/(smithy\.io\/2\.0\/aws\/protocols\/aws-json-1_1-protocol\.html|docs\.aws\.amazon\.com\/(sagemaker\/latest\/APIReference\/CommonErrors|IAM\/latest\/UserGuide\/reference_sigv-troubleshooting)\.html)/,
      );
    }
  });

  it('send the bodies exactly as written', () => {
    const body = (id: string) => cases.find((c) => c.id === id)!.steps[0]!.raw!.body;
    expect(body('protocol.body-array')).toBe('[]');
    expect(body('protocol.body-empty')).toBe('');
    expect(body('protocol.body-not-json')).toMatch(/^\{"EndpointConfigName": "sc-k3x9q2-\d{3}", "ProductionVariants": \[$/);
    expect(JSON.parse(body('protocol.member-null-required'))).toMatchObject({ EndpointConfigName: null });
    expect(body('protocol.integer-overflow')).toContain('"InitialInstanceCount":2147483648');
    expect(cases.find((c) => c.id === 'protocol.target-wrong-case')!.steps[0]!.raw!.target).toBe('sagemaker.CreateEndpointConfig');
    expect(cases.find((c) => c.id === 'protocol.target-operation-wrong-case')!.steps[0]!.raw!.target).toBe('SageMaker.createendpointconfig');
    expect(cases.find((c) => c.id === 'protocol.target-missing')!.steps[0]!.raw!.target).toBeNull();
  });
});

describe('the raw sender', () => {
  it('signs exactly the bytes it sends, and only the headers the case gives', async () => {
    let seen: { headers: IncomingMessage['headers']; body: string; url: string } | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), url: req.url ?? '/' };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const sender = new RawHttpSender({ endpoint: url, region: 'eu-west-1', signingName: 'sagemaker', credentials: DUMMY_CREDENTIALS, timeoutMs: 2000 });
      const body = '{ "odd" :  [1,2] ,"spacing":true }';
      const exchange = await sender.send('CreateEndpointConfig', raw({ body, target: null, contentType: 'application/x-amz-json-1.1; charset=utf-8' }));
      expect(exchange.response?.status).toBe(200);
      expect(seen!.body).toBe(body);
      expect(seen!.headers['x-amz-target']).toBeUndefined();
      expect(seen!.headers['content-type']).toBe('application/x-amz-json-1.1; charset=utf-8');
      const auth = parseAuthorization(seen!.headers.authorization)!;
      expect(auth).toMatchObject({ accessKeyId: DUMMY_CREDENTIALS.accessKeyId, region: 'eu-west-1', service: 'sagemaker' });
      expect(await signatureMatches(auth, DUMMY_CREDENTIALS, { method: 'POST', path: seen!.url, headers: seen!.headers, body: seen!.body })).toBe(true);
      expect(await signatureMatches(auth, DUMMY_CREDENTIALS, { method: 'POST', path: seen!.url, headers: seen!.headers, body: `${seen!.body} ` })).toBe(false);

      await sender.send('CreateEndpointConfig', raw({ signing: 'other-region' }));
      expect(parseAuthorization(seen!.headers.authorization)!.region).toBe(otherRegion('eu-west-1'));
      await sender.send('CreateEndpointConfig', raw({ signing: 'none' }));
      expect(seen!.headers.authorization).toBeUndefined();
      await sender.send('CreateEndpointConfig', raw({ signing: 'wrong-secret' }));
      const wrong = parseAuthorization(seen!.headers.authorization)!;
      expect(wrong.accessKeyId).toBe(DUMMY_CREDENTIALS.accessKeyId);
      expect(await signatureMatches(wrong, DUMMY_CREDENTIALS, { method: 'POST', path: seen!.url, headers: seen!.headers, body: seen!.body })).toBe(false);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('the reference mock on the wire', () => {
  let mock: RunningMock;
  let sender: RawHttpSender;
  beforeAll(async () => {
    mock = await startReferenceMock({ region: 'us-east-1' });
    sender = new RawHttpSender({ endpoint: mock.url, region: 'us-east-1', signingName: 'sagemaker', credentials: DUMMY_CREDENTIALS, timeoutMs: 2000 });
  });
  afterAll(() => mock.close());

  const answer = async (fields: Partial<RawRequest>) => {
    const r = (await sender.send('ListModels', raw(fields))).response!;
    return { status: r.status, code: (JSON.parse(r.body) as { __type?: string }).__type };
  };

  it.each<[string, Partial<RawRequest>, { status: number; code?: string }]>([
    ['a request signed with its key', {}, { status: 200 }],
    ['an unsigned request', { signing: 'none' }, { status: 403, code: 'MissingAuthenticationTokenException' }],
    ['a wrong secret', { signing: 'wrong-secret' }, { status: 403, code: 'InvalidSignatureException' }],
    ['another region', { signing: 'other-region' }, { status: 403, code: 'InvalidSignatureException' }],
    ['a lower-case service name', { target: 'sagemaker.ListModels' }, { status: 400, code: 'UnknownOperationException' }],
    ['a lower-case operation name', { target: 'SageMaker.listmodels' }, { status: 400, code: 'UnknownOperationException' }],
    ['a body that is an array', { body: '[]' }, { status: 400, code: 'SerializationException' }],
  ])('answers %s as the protocol says', async (_, fields, expected) => {
    expect(await answer(fields)).toMatchObject(expected);
  });
});

describe('a run against a mock that reads the wire wrongly', () => {
  it.each([
    ['unknown-operation-html-500', 'protocol.unknown-operation', 'errored'],
    ['target-case-insensitive', 'protocol.target-wrong-case', 'failed'],
    ['null-stored-as-none', 'protocol.member-null-required', 'failed'],
    ['signatures-not-checked', 'protocol.wrong-secret', 'failed'],
    ['integers-unbounded', 'protocol.integer-overflow', 'failed'],
  ])('with %s fails %s', async (fault, id, status) => {
    const { report } = await runConformance({ target: { kind: 'mock', faults: [fault] }, only: ['protocol.*'] });
    expect(report.cases.find((c) => c.id === id)?.status).toBe(status);
    expect(report.cleanup.leftovers).toEqual([]);
  });
});
