import { CreateEndpointConfigCommand, DescribeEndpointConfigCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';

/** Team A's real use of SageMaker: one endpoint config per model, one variant each. */
export async function createEndpointConfig(client: SageMakerClient, name: string, model: string): Promise<string> {
  const out = await client.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: [{ VariantName: 'primary', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
    }),
  );
  return out.EndpointConfigArn!;
}

export async function endpointConfigModel(client: SageMakerClient, name: string): Promise<string | undefined> {
  const out = await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }));
  return out.ProductionVariants?.[0]?.ModelName;
}
