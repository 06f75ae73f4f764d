import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

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
  const sts = new STSClient({ region: options.region, credentials: options.credentials, endpoint: options.endpoint, maxAttempts: 3 });
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(options.timeoutMs ?? 15000) });
    if (!out.Account || !out.Arn) throw new Error('STS answered without an account or ARN');
    return { account: out.Account, arn: out.Arn };
  } finally {
    sts.destroy();
  }
}
