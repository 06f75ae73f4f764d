/**
 * `sagemaker-conformance/pact`: what a consumer team's Pact tests import. Re-exports only, and nothing heavier than
 * the helper itself, so a Pact test does not load the suite's engine, the SDK or the reference mock.
 *
 * @example
 * import { SageMakerClient } from '@aws-sdk/client-sagemaker';
 * import { forPact } from 'sagemaker-conformance/pact';
 * const client = forPact(new SageMakerClient({ endpoint: mockServer.url, region: 'us-east-1', credentials }));
 */
export { forPact } from './pact/content-type';
