import { RawSageMakerClient } from '../src/client/client';
import { type RequestLogEntry, type RunningMock } from '../src/mock/server';
import { behaviourWithFaults } from '../src/mock/faults';
import { specBehaviour, type MockBehaviour } from '../src/mock/behaviour';
import { validateInput, validationMessage } from '../src/spec/validate';
import { loadOperation } from '../src/spec/load';
import { editionDir } from '../src/spec/editions';
import { startReferenceMock } from '../src/mock/reference';
import { directClient } from './helpers/target';

const op = loadOperation('CreateEndpointConfig', editionDir('seed'));
const variant = { VariantName: 'AllTraffic', ModelName: 'm1', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' };

describe('the mock validator', () => {
  it('writes AWS-style messages with camelCase, 1-based member paths', () => {
    const result = validateInput(op.input, { EndpointConfigName: 'x'.repeat(64), ProductionVariants: [{ ...variant, ModelName: undefined }] });
    expect(result.kind).toBe('invalid');
    if (result.kind !== 'invalid') return;
    expect(validationMessage(result.violations)).toBe(
      `2 validation errors detected: Value '${'x'.repeat(64)}' at 'endpointConfigName' failed to satisfy constraint: Member must have length less than or equal to 63; ` +
        "Value null at 'productionVariants.1.member.modelName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports a wrong JSON type before any constraint', () => {
    expect(validateInput(op.input, { EndpointConfigName: 12345, ProductionVariants: [] })).toEqual({
      kind: 'type-error',
      message: 'NUMBER_VALUE can not be converted to String',
    });
  });

  it('matches the whole value against the pattern', () => {
    expect(validateInput(op.input, { EndpointConfigName: 'a_b', ProductionVariants: [variant] }).kind).toBe('invalid');
    expect(validateInput(op.input, { EndpointConfigName: 'a--b', ProductionVariants: [variant] }).kind).toBe('ok');
  });

  it('counts tag lengths in code points', () => {
    const tags = (key: string) => ({ EndpointConfigName: 'a', ProductionVariants: [variant], Tags: [{ Key: key, Value: '' }] });
    expect(validateInput(op.input, tags('𝐊'.repeat(128))).kind).toBe('ok');
    expect(validateInput(op.input, tags('𝐊'.repeat(129))).kind).toBe('invalid');
  });
});

describe('the reference mock server', () => {
  let mock: RunningMock;
  let client: RawSageMakerClient;
  beforeAll(async () => {
    mock = await startReferenceMock({ region: 'eu-west-1' });
    client = directClient(mock.url, { region: 'eu-west-1' });
  });
  afterAll(async () => {
    client.destroy();
    await mock.close();
  });
  beforeEach(() => mock.store.clear());

  it('answers as the endpoint of its region, with a request id', async () => {
    await client.send('CreateModel', { ModelName: 'm1' });
    const ex = await client.send('CreateEndpointConfig', { EndpointConfigName: 'Cfg', ProductionVariants: [variant] });
    expect(ex.response?.status).toBe(200);
    expect(JSON.parse(ex.response!.body)).toEqual({ EndpointConfigArn: 'arn:aws:sagemaker:eu-west-1:123456789012:endpoint-config/cfg' });
    expect(ex.response?.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(ex.response?.headers['content-type']).toBe('application/x-amz-json-1.1');
  });

  it('rejects an unknown model and a duplicate name with the documented messages', async () => {
    const missing = await client.send('CreateEndpointConfig', { EndpointConfigName: 'c', ProductionVariants: [variant] });
    expect(JSON.parse(missing.response!.body)).toEqual({
      __type: 'ValidationException',
      message: 'Could not find model "arn:aws:sagemaker:eu-west-1:123456789012:model/m1".',
    });
    await client.send('CreateModel', { ModelName: 'm1' });
    await client.send('CreateEndpointConfig', { EndpointConfigName: 'c', ProductionVariants: [variant] });
    const duplicate = await client.send('CreateEndpointConfig', { EndpointConfigName: 'c', ProductionVariants: [variant] });
    expect(duplicate.response?.status).toBe(400);
    expect(JSON.parse(duplicate.response!.body).message).toBe(
      'Cannot create already existing endpoint configuration "arn:aws:sagemaker:eu-west-1:123456789012:endpoint-config/c".',
    );
  });

  it('describes, lists by name and deletes what it stores', async () => {
    await client.send('CreateModel', { ModelName: 'm1' });
    await client.send('CreateEndpointConfig', { EndpointConfigName: 'keep-abc', ProductionVariants: [variant], KmsKeyId: 'k' });
    const described = JSON.parse((await client.send('DescribeEndpointConfig', { EndpointConfigName: 'keep-abc' })).response!.body);
    expect(described).toMatchObject({ EndpointConfigName: 'keep-abc', KmsKeyId: 'k', ProductionVariants: [variant] });
    const listed = JSON.parse((await client.send('ListEndpointConfigs', { NameContains: 'ABC' })).response!.body);
    expect(listed.EndpointConfigs.map((c: { EndpointConfigName: string }) => c.EndpointConfigName)).toEqual(['keep-abc']);
    expect((await client.send('DeleteEndpointConfig', { EndpointConfigName: 'keep-abc' })).response?.status).toBe(200);
    expect((await client.send('DeleteEndpointConfig', { EndpointConfigName: 'keep-abc' })).response?.status).toBe(400);
  });

  it("refuses a model operation sent without its name as AWS words a missing member, at 'modelName'", async () => {
    // DescribeModel has no spec of its own here: the mock still refuses it through the validator's records.
    const ex = await client.send('DescribeModel', {});
    expect(ex.response?.status).toBe(400);
    expect(JSON.parse(ex.response!.body)).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'modelName' failed to satisfy constraint: Member must not be null",
    });
  });

  it('refuses unsigned requests and unknown operations', async () => {
    const unsigned = await fetch(mock.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'SageMaker.ListModels', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
    const unknown = await client.send('ListEndpoints', {});
    expect(JSON.parse(unknown.response!.body).__type).toBe('UnknownOperationException');
  });
});

describe("the reference mock's wire", () => {
  const started: RunningMock[] = [];
  const start = async (options: Parameters<typeof startReferenceMock>[0] = {}) => {
    const mock = await startReferenceMock({ region: 'us-east-1', ...options });
    started.push(mock);
    return mock;
  };
  afterAll(async () => {
    for (const mock of started) await mock.close();
  });
  const create = async (mock: RunningMock, request: Record<string, unknown>) => {
    const client = directClient(mock.url);
    try {
      await client.send('CreateModel', { ModelName: 'm1' });
      return (await client.send('CreateEndpointConfig', request)).response!;
    } finally {
      client.destroy();
    }
  };

  it("names only a member's last path step under the member-paths-last-segment fault", async () => {
    const mock = await start({ behaviour: behaviourWithFaults(['member-paths-last-segment']) });
    const response = await create(mock, { EndpointConfigName: 'c', ProductionVariants: [variant, { ...variant, VariantName: 'b', InstanceType: 'ml.bogus' }] });
    expect(JSON.parse(response.body).message).toMatch(/^1 validation error detected: Value 'ml\.bogus' at 'instanceType' failed to satisfy constraint: /);
  });

  it('names the error type in a header too when asked, and answers a failure of its own as InternalFailure', async () => {
    const failing: MockBehaviour = {
      ...specBehaviour,
      stored: (request, operation) => {
        if (operation === 'CreateEndpointConfig') throw new Error('the store is broken');
        return request;
      },
    };
    const mock = await start({ behaviour: failing, errorTypeHeader: true });
    const response = await create(mock, { EndpointConfigName: 'c', ProductionVariants: [variant] });
    expect(response.status).toBe(500);
    expect(response.headers['x-amzn-errortype']).toBe('InternalFailure:http://internal.amazon.com/coral/com.amazonaws.sagemaker/');
    expect(JSON.parse(response.body)).toEqual({ __type: 'InternalFailure', message: 'the store is broken' });
  });

  it('answers an unknown operation with an HTML page under the unknown-operation-html-500 fault', async () => {
    const mock = await start({ behaviour: behaviourWithFaults(['unknown-operation-html-500']) });
    const response = await fetch(mock.url, { method: 'POST', headers: { 'x-amz-target': 'SageMaker.Nope' }, body: '{}' });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n');
  });

  it('counts, clears and logs what it is sent, and refuses anything but POST /', async () => {
    const log: RequestLogEntry[] = [];
    const mock = await start({ onRequest: (entry) => log.push(entry) });
    await create(mock, { EndpointConfigName: 'c', ProductionVariants: [variant] });
    expect(await (await fetch(`${mock.url}/mock-api/state`)).json()).toEqual({ resources: 2 });
    expect((await fetch(`${mock.url}/mock-api/reset`, { method: 'POST' })).status).toBe(200);
    expect(await (await fetch(`${mock.url}/mock-api/state`)).json()).toEqual({ resources: 0 });
    const get = await fetch(mock.url, { headers: { 'x-amz-target': 'SageMaker.ListModels' } });
    expect([get.status, await get.json()]).toEqual([404, { __type: 'UnknownOperationException', message: 'GET is not supported; send POST /' }]);
    expect(log.map(({ ms, ...entry }) => [entry, typeof ms])).toEqual([
      [{ method: 'POST', path: '/', operation: 'CreateModel', status: 200 }, 'number'],
      [{ method: 'POST', path: '/', operation: 'CreateEndpointConfig', status: 200 }, 'number'],
      [{ method: 'GET', path: '/mock-api/state', operation: '', status: 200 }, 'number'],
      [{ method: 'POST', path: '/mock-api/reset', operation: '', status: 200 }, 'number'],
      [{ method: 'GET', path: '/mock-api/state', operation: '', status: 200 }, 'number'],
      [{ method: 'GET', path: '/', operation: 'ListModels', status: 404 }, 'number'],
    ]);
  });
});
