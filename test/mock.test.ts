import { RawSageMakerClient } from '../src/client/client';
import { type RunningMock } from '../src/mock/server';
import { validateInput, validationMessage } from '../src/spec/validate';
import { loadOperation } from '../src/spec/load';
import { profileDir } from '../src/spec/profiles';
import { startReferenceMock } from '../src/mock/reference';
import { directClient } from './helpers/target';

const op = loadOperation('CreateEndpointConfig', profileDir('seed'));
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
