import { UsageError } from '../errors';
import type { TargetChoice } from '../target/targets';
import { brokerFromEnv, providerVersion, versionAndBranch } from './broker';
import { DEFAULT_PACT_DIR } from './consumer';
import { participants } from './contract';
import type { PactSource, PublishOptions } from './verify';

/** What a verification was asked for, flag by flag, as `verify`'s flags give it (already parsed). */
export interface PactSourceRequest {
  /** Local pact files and folders (`--pact`). */
  pacts: string[];
  /** One pact's URL (`--pact-url`, else PACT_URL). */
  pactUrl?: string;
  /** Consumer version selectors, each a JSON object (`--consumer-version-selector`). */
  selectors: Record<string, unknown>[];
  enablePending?: boolean;
  includeWipPactsSince?: string;
  publish?: boolean;
  /** Only part of the pacts is verified (`--only`). */
  only?: boolean;
  provider?: string;
  version?: string;
  branch?: string;
  region?: string;
}

/**
 * Where a verification's pacts come from and where its results go: one pact's URL, a broker's pacts for
 * verification, or local files (the suite's own pacts by default); a publication needs a broker, and a version made
 * of the commit with the target as build metadata. Conflicting asks are bad input, refused before anything starts.
 */
export function choosePactSource(request: PactSourceRequest, target: TargetChoice, env: NodeJS.ProcessEnv): { source: PactSource; publish?: PublishOptions } {
  const since = request.includeWipPactsSince;
  const fromBroker = request.publish || request.selectors.length > 0 || request.enablePending || since !== undefined;
  if (!request.publish && (request.version !== undefined || request.branch !== undefined))
    throw new UsageError('--version and --branch only go with --publish');
  if (request.pacts.length > 0 && (fromBroker || request.pactUrl))
    throw new UsageError('--pact verifies local files; the broker flags (--publish, --pact-url, selectors, pending, WIP) fetch pacts from a broker: drop one');
  if (request.publish && request.only)
    throw new UsageError('--only verifies part of a pact: its result must not be published, so --only does not go with --publish');
  const source = sourceOf(request, fromBroker, env);
  if (!request.publish) return { source };
  if (source.kind === 'files') throw new UsageError('--publish publishes to the broker the pacts came from: set PACT_BROKER_BASE_URL or PACT_URL');
  const { version, branch } = versionAndBranch({ version: request.version, branch: request.branch }, 'provider');
  // Pact: the version is (or contains) the commit; the target rides along as build metadata, so a mock's, a moto's
  // and each region's results are separate provider versions of the same commit and stand side by side.
  const publish = {
    providerVersion: request.version ?? providerVersion(version, target, request.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION),
    ...(branch ? { branch } : {}),
  };
  return { source, publish };
}

function sourceOf(request: PactSourceRequest, fromBroker: boolean | undefined, env: NodeJS.ProcessEnv): PactSource {
  if (request.pactUrl) return { kind: 'url', url: request.pactUrl, ...(env.PACT_BROKER_TOKEN ? { token: env.PACT_BROKER_TOKEN } : {}) };
  if (!fromBroker) return { kind: 'files', paths: request.pacts.length > 0 ? request.pacts : [DEFAULT_PACT_DIR] };
  const broker = brokerFromEnv(env);
  return {
    kind: 'broker',
    url: broker.url,
    ...(broker.token ? { token: broker.token } : {}),
    provider: participants({ provider: request.provider }, env).provider,
    ...(request.selectors.length > 0 ? { selectors: request.selectors } : {}),
    ...(request.enablePending ? { enablePending: true } : {}),
    ...(request.includeWipPactsSince ? { includeWipPactsSince: request.includeWipPactsSince } : {}),
  };
}

/** The pacts a verification reads, in words: `contracts/pacts`, a URL, or `the pacts of P in BROKER`. */
export function sourceDescription(source: PactSource): string {
  return source.kind === 'files' ? source.paths.join(', ') : source.kind === 'url' ? source.url : `the pacts of ${source.provider} in ${source.url}`;
}
