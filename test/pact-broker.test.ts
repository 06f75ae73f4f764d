import { brokerFromEnv, versionAndBranch, BrokerConfigError } from '../src/pact/broker';
import { runCliProcess } from './helpers/cli-process';
import { startFakeBroker, type FakeBroker } from './helpers/fake-broker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('brokerFromEnv', () => {
  it('reads PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN', () => {
    expect(brokerFromEnv({ PACT_BROKER_BASE_URL: 'https://broker.example', PACT_BROKER_TOKEN: 't' })).toEqual({ url: 'https://broker.example', token: 't' });
  });

  it.each([[{}], [{ PACT_BROKER_BASE_URL: 'ftp://broker' }], [{ PACT_BROKER_BASE_URL: 'not a url' }]])('refuses %j', (env) => {
    expect(() => brokerFromEnv(env)).toThrow(BrokerConfigError);
  });
});

describe('versionAndBranch', () => {
  it('prefers the flags over git', () => {
    expect(versionAndBranch({ version: '1.2.3', branch: 'feature' }, 'consumer')).toEqual({ version: '1.2.3', branch: 'feature' });
  });
});

describe('--publish', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pact-publish-'));
  let broker: FakeBroker;
  beforeAll(async () => {
    broker = await startFakeBroker();
  });
  afterAll(async () => {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("publishes the written pact with version and branch through Pact's own pact-broker CLI", async () => {
    const { code, stdout, stderr } = await runCliProcess(['pact', '--dir', dir, '--publish', '--version', '0.1.0-test', '--branch', 'issue-pact'], {
      PACT_BROKER_BASE_URL: broker.url,
      PACT_BROKER_TOKEN: 'broker-token-1',
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(stdout).toContain(`published to ${broker.url} as version 0.1.0-test on branch issue-pact`);
    const post = broker.requests.find((r) => r.method === 'POST');
    expect(post?.authorization).toBe('Bearer broker-token-1');
    const body = JSON.parse(post!.body) as { pacticipantName: string; pacticipantVersionNumber: string; branch: string; contracts: { providerName: string }[] };
    expect(body).toMatchObject({ pacticipantName: 'sagemaker-conformance', pacticipantVersionNumber: '0.1.0-test', branch: 'issue-pact' });
    expect(body.contracts.map((c) => c.providerName)).toEqual(['sagemaker']);
  });

  it.each([
    ['pact without PACT_BROKER_BASE_URL', ['pact', '--dir', dir, '--publish', '--version', '1'], 'PACT_BROKER_BASE_URL'],
    ['verify without PACT_BROKER_BASE_URL', ['verify', '--publish', '--version', '1'], 'PACT_BROKER_BASE_URL'],
    ['verify with both --publish and --pact', ['verify', '--publish', '--pact', dir], 'drop one'],
    ['verify with --version but no --publish', ['verify', '--version', '1'], 'only go with --publish'],
  ])('exits 2 for %s', async (_, args, message) => {
    const { code, stderr } = await runCliProcess(args, { PACT_BROKER_BASE_URL: '', PACT_BROKER_TOKEN: '' });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
