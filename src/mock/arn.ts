import type { ResourceSpec } from '../spec/types';

/** The one account the mock is. */
const ACCOUNT = '123456789012';

/** A resource's ARN as SageMaker writes it: the name in lower case. */
export function arnOf(region: string, resource: ResourceSpec, name: string): string {
  return `arn:aws:sagemaker:${region}:${ACCOUNT}:${resource.arnType}/${name.toLowerCase()}`;
}
