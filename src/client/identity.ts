import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { sdkAgents } from './agents';
import { DeadlineHttpHandler } from './deadline';

/** Who the run acts as: what it prints before it creates anything on a real account. */
export interface CallerIdentity {
  account: string;
  arn: string;
}

/**
 * STS GetCallerIdentity with the run's own credentials and region (it needs no IAM permission on AWS).
 * `endpoint` is for emulators; on AWS the SDK picks the regional endpoint, or `AWS_ENDPOINT_URL_STS`.
 */
export async function callerIdentity(options: {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  endpoint?: string;
  timeoutMs?: number;
}): Promise<CallerIdentity> {
  const timeoutMs = options.timeoutMs ?? 15000;
  const url = options.endpoint ?? process.env.AWS_ENDPOINT_URL_STS ?? process.env.AWS_ENDPOINT_URL ?? `https://sts.${options.region}.amazonaws.com`;
  const sts = new STSClient({
    region: options.region,
    credentials: options.credentials,
    endpoint: options.endpoint,
    maxAttempts: 3,
    // The same agent policy (proxy variables) and per-request deadline as every other request of the run.
    requestHandler: new DeadlineHttpHandler(new NodeHttpHandler(sdkAgents(url) as never), timeoutMs) as never,
  });
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(timeoutMs * 3) });
    if (!out.Account || !out.Arn) throw new Error('STS answered without an account or ARN');
    return { account: out.Account, arn: out.Arn };
  } finally {
    sts.destroy();
  }
}
