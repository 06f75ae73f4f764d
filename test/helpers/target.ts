import type { AwsCredentialIdentity } from '@smithy/types';
import { RawSageMakerClient } from '../../src/client/client';
import { DUMMY_CREDENTIALS } from '../../src/client/credentials';
import { loadService } from '../../src/spec/load';

/** A client for looking at a loopback target directly: one attempt, a short timeout, dummy credentials by default. */
export function directClient(url: string, options: { region?: string; credentials?: AwsCredentialIdentity } = {}): RawSageMakerClient {
  return new RawSageMakerClient({
    endpoint: url,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? DUMMY_CREDENTIALS,
    timeoutMs: 5000,
    maxAttempts: 1,
    retryMode: 'standard',
  });
}

/** Every resource of every type in contracts/service.json that the target still lists, as `type/name` (or the raw item). */
export async function resourcesOn(url: string, region = 'us-east-1'): Promise<string[]> {
  const client = directClient(url, { region });
  try {
    const found: string[] = [];
    for (const [type, resource] of Object.entries(loadService().resources)) {
      const body = JSON.parse((await client.send(resource.list.operation, {})).response!.body) as Record<string, Record<string, unknown>[]>;
      for (const item of body[resource.list.member] ?? []) found.push(`${type}/${String(item[resource.nameMember] ?? JSON.stringify(item))}`);
    }
    return found;
  } finally {
    client.destroy();
  }
}
