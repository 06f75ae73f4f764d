import { execFileSync, spawn } from 'node:child_process';
import { BadInputError } from '../errors';
import type { TargetChoice } from '../target/targets';

/** A Pact Broker as the environment names it. */
export interface Broker {
  url: string;
  token?: string;
}

export class BrokerConfigError extends BadInputError {
  override name = 'BrokerConfigError';
}

/** PACT_BROKER_BASE_URL (required) and PACT_BROKER_TOKEN (optional), the names Pact's own tools read. */
export function brokerFromEnv(env: NodeJS.ProcessEnv): Broker {
  const url = env.PACT_BROKER_BASE_URL?.trim();
  if (!url) throw new BrokerConfigError('--publish needs PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN for a broker that wants a token)');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new BrokerConfigError(`PACT_BROKER_BASE_URL ${JSON.stringify(url)} is not an http(s) URL`);
  }
  return { url, ...(env.PACT_BROKER_TOKEN ? { token: env.PACT_BROKER_TOKEN } : {}) };
}

function git(args: string[]): string | undefined {
  try {
    const out = execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out && out !== 'HEAD' ? out : undefined;
  } catch {
    return undefined;
  }
}

/** The version and branch to publish under: the flags, else the git commit and branch (Pact's recommendation). */
export function versionAndBranch(flags: { version?: string; branch?: string }, what: string): { version: string; branch?: string } {
  const version = flags.version ?? git(['rev-parse', 'HEAD']);
  if (!version) throw new BrokerConfigError(`--publish needs a ${what} version: pass --version (no git commit found)`);
  const branch = flags.branch ?? git(['rev-parse', '--abbrev-ref', 'HEAD']);
  return { version, ...(branch ? { branch } : {}) };
}

/** The `pact-broker` command of @pact-foundation/pact-cli (Pact's own broker client, a native binary in the package). */
export function pactBrokerCli(): string {
  return require.resolve('@pact-foundation/pact-cli/bin/pact-broker.js');
}

export interface PublishResult {
  exitCode: number;
  output: string;
}

/**
 * Publishes pact files with Pact's own `pact-broker publish`. The token goes through the environment, never the
 * command line, so it does not show in a process list.
 *
 * @example
 * await publishPacts(['contracts/pacts'], { version: 'abc123', branch: 'main' }, brokerFromEnv(process.env));
 */
export function publishPacts(
  paths: readonly string[],
  version: { version: string; branch?: string },
  broker: Broker,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PublishResult> {
  const args = ['publish', ...paths, '--consumer-app-version', version.version, ...(version.branch ? ['--branch', version.branch] : [])];
  return pactBroker(args, broker, env);
}

/** The target as semver build metadata: `mock`, `mock.Tags-count-max-1`, `moto`, `url.127-0-0-1-4566`, `aws.eu-west-1`. */
export function targetTag(target: TargetChoice, region: string | undefined): string {
  const clean = (text: string) => text.replace(/[^0-9A-Za-z-]+/g, '-').replace(/^-+|-+$/g, '');
  switch (target.kind) {
    case 'mock':
      return ['mock', ...(target.faults ?? []).map(clean)].join('.');
    case 'moto':
      return 'moto';
    case 'aws':
      return `aws.${clean(region ?? 'us-east-1')}`;
    default:
      return `url.${clean(new URL(target.url ?? 'http://unknown').host)}`;
  }
}

/**
 * The provider version results are published as: the commit, with the target as build metadata
 * (`1324679a+aws.eu-west-1`), as Pact's "Versioning in the Pact Broker" recommends for a version that must contain
 * the commit; each target's results then stand side by side, and `record-deployment` names the one in an environment.
 */
export function providerVersion(commit: string, target: TargetChoice, region: string | undefined): string {
  return `${commit}+${targetTag(target, region)}`;
}

/** Runs Pact's own `pact-broker` CLI (can-i-deploy, record-deployment), the token through the environment. */
export function pactBroker(args: readonly string[], broker: Broker, env: NodeJS.ProcessEnv = process.env): Promise<PublishResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [pactBrokerCli(), ...args, '--broker-base-url', broker.url], {
      env: { ...env, PACT_BROKER_BASE_URL: broker.url, ...(broker.token ? { PACT_BROKER_TOKEN: broker.token } : {}), PACT_DO_NOT_TRACK: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-20000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code) => resolve({ exitCode: code ?? 1, output }));
  });
}
