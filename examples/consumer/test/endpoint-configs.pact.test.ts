import { resolve } from 'node:path';
import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
// The one helper from sagemaker-conformance: it makes the SDK's application/x-amz-json-1.1 requests work with Pact.
import { forPact } from 'sagemaker-conformance/pact';
import { createEndpointConfig, endpointConfigModel } from '../src/endpoint-configs';

const { regex, like } = MatchersV3;

const pact = new PactV4({
  consumer: 'team-a',
  provider: 'sagemaker',
  dir: process.env.PACT_DIR ?? resolve(__dirname, '../pacts'),
  spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
  logLevel: 'error',
});

/** The SDK's content type, or application/json (what the SDK sends to Pact's mock server through `forPact`). */
const CONTENT_TYPE = regex('^(application/x-amz-json-1\\.1|application/json)(;.*)?$', 'application/x-amz-json-1.1');
const target = (operation: string) => ({ 'Content-Type': CONTENT_TYPE, 'X-Amz-Target': `SageMaker.${operation}` });
const ARN = (type: string, name: string) =>
  regex(`^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:[0-9]{12}:${type}/${name}$`, `arn:aws:sagemaker:us-east-1:123456789012:${type}/${name}`);

function client(url: string): SageMakerClient {
  return forPact(
    new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' }, maxAttempts: 1 }),
  );
}

describe('team A on SageMaker', () => {
  it('creates an endpoint config with one variant for an existing model', async () => {
    await pact
      .addInteraction()
      .given('a model named "team-a-model" exists')
      .uponReceiving('a create with one variant')
      .withRequest('POST', '/', (b) =>
        b.headers(target('CreateEndpointConfig')).jsonBody({
          EndpointConfigName: regex('^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$', 'team-a-config'),
          ProductionVariants: [{ VariantName: 'primary', ModelName: 'team-a-model', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
        }),
      )
      .willRespondWith(200, (b) => b.headers({ 'Content-Type': CONTENT_TYPE }).jsonBody({ EndpointConfigArn: ARN('endpoint-config', 'team-a-config') }))
      .executeTest(async (server) => {
        expect(await createEndpointConfig(client(server.url), 'team-a-config', 'team-a-model')).toMatch(/:endpoint-config\/team-a-config$/);
      });
  });

  it('describes an endpoint config to find its model', async () => {
    await pact
      .addInteraction()
      .given('a model named team-a-model exists')
      .given('an endpoint config exists', { name: 'team-a-described', model: 'team-a-model' })
      .uponReceiving('a describe of an existing endpoint config')
      .withRequest('POST', '/', (b) => b.headers(target('DescribeEndpointConfig')).jsonBody({ EndpointConfigName: 'team-a-described' }))
      .willRespondWith(200, (b) =>
        b.headers({ 'Content-Type': CONTENT_TYPE }).jsonBody({
          EndpointConfigName: 'team-a-described',
          EndpointConfigArn: ARN('endpoint-config', 'team-a-described'),
          ProductionVariants: [{ VariantName: like('primary'), ModelName: 'team-a-model' }],
        }),
      )
      .executeTest(async (server) => {
        expect(await endpointConfigModel(client(server.url), 'team-a-described')).toBe('team-a-model');
      });
  });

  it('is told with a ValidationException when the model does not exist', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a create naming a missing model')
      .withRequest('POST', '/', (b) =>
        b.headers(target('CreateEndpointConfig')).jsonBody({
          EndpointConfigName: 'team-a-orphan',
          ProductionVariants: [{ VariantName: 'primary', ModelName: 'team-a-no-such-model', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
        }),
      )
      .willRespondWith(400, (b) =>
        b.headers({ 'Content-Type': CONTENT_TYPE }).jsonBody({ __type: regex('^([A-Za-z0-9.]+#)?ValidationException(:.*)?$', 'ValidationException') }),
      )
      .executeTest(async (server) => {
        await expect(createEndpointConfig(client(server.url), 'team-a-orphan', 'team-a-no-such-model')).rejects.toMatchObject({
          name: 'ValidationException',
          $metadata: { httpStatusCode: 400 },
        });
      });
  });
});
