import { fromEnv, fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { addSecrets } from './redact';
import { checkAwsFiles } from './aws-files';
import { boundCredentialProcesses } from './credential-process';

/** Fixed credentials for loopback targets, which accept any signature. Not a secret. */
export const DUMMY_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'AKIDCONFORMANCE', secretAccessKey: 'conformance-dummy-secret' };

/**
 * Credentials the standard way: for a real endpoint the whole AWS chain (environment, profiles, SSO, web identity,
 * container and instance roles); for a loopback target the environment or `AWS_PROFILE` if set, else dummy ones,
 * so a local run needs no set-up and never waits on an instance-metadata lookup.
 */
export function resolveCredentials(local: boolean, profile?: string, env: NodeJS.ProcessEnv = process.env): AwsCredentialIdentityProvider {
  // Before the SDK reads anything: its files are checked (regular, at most 1 MiB) and its credential_process bounded.
  checkAwsFiles(env);
  boundCredentialProcesses(env);
  return registering(chosenProvider(local, profile, env));
}

function chosenProvider(local: boolean, profile: string | undefined, env: NodeJS.ProcessEnv): AwsCredentialIdentityProvider {
  // A container or web-identity source set up on purpose is used on loopback targets too (a CI job's emulator).
  const configuredSource = env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_WEB_IDENTITY_TOKEN_FILE;
  if (!local || (configuredSource && !profile && !env.AWS_ACCESS_KEY_ID)) return fromNodeProviderChain(profile ? { profile } : {});
  if (profile ?? env.AWS_PROFILE) return fromIni({ profile: profile ?? env.AWS_PROFILE });
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return fromEnv();
  return async () => DUMMY_CREDENTIALS;
}

/**
 * Whatever the chain resolves (and each refresh of it) is registered with the redaction filter before the SDK
 * signs anything with it, so a target that echoes a header cannot put a key, secret or token in any output.
 */
function registering(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  return async (...args: Parameters<AwsCredentialIdentityProvider>) => {
    const credentials = await provider(...args);
    addSecrets(credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken);
    return credentials;
  };
}

/** The region from the flag, then AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1. */
export function resolveRegion(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}
