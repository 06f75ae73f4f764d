import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConformanceReport } from '../../src/report/model';
import { startMoto, type StartedTarget } from '../../src/target/targets';
import { startReferenceMock } from '../../src/mock/reference';
import type { RunningMock } from '../../src/mock/server';
import { startProxy, type Proxy } from '../nightly/helpers';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/sagemaker-conformance.cjs');

describe('explore --target aws (the reference mock, and moto for STS, behind the SDK endpoint variables, through a recording proxy)', () => {
  let moto: StartedTarget;
  let mock: RunningMock;
  let proxy: Proxy;
  let dir: string;
  beforeAll(async () => {
    moto = await startMoto();
    mock = await startReferenceMock({ region: 'eu-west-1' });
    proxy = await startProxy(mock.url);
    dir = mkdtempSync(join(tmpdir(), 'sc-explore-aws-'));
  });
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
    await mock?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('confirms the account, holds to the rate, tags what it creates and deletes it all', async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ENDPOINT_URL_SAGEMAKER: proxy.url,
      AWS_ENDPOINT_URL_STS: moto.url!,
      AWS_ACCESS_KEY_ID: 'AKIDEXPLOREAWSTEST',
      AWS_SECRET_ACCESS_KEY: 'explore-aws-test-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const args = [
      'explore',
      '--target',
      'aws',
      '--allow-aws',
      '--region',
      'eu-west-1',
      '--seed',
      '8',
      '--max-requests',
      '40',
      '--rate',
      '20',
      '--max-attempts',
      '1',
    ];
    args.push('--execution-role-arn', 'arn:aws:iam::123456789012:role/sagemaker-conformance-execution', '--report-dir', dir);
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(stderr).toContain('account 123456789012 (arn:aws:sts::123456789012:user/moto), region eu-west-1');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(report.target).toMatchObject({ kind: 'aws', account: '123456789012' });
    expect(report.explore!.counts.sent).toBe(40);
    expect(report.explore!.requestsPerSecond).toBeLessThanOrEqual(21);
    const creates = proxy.seen.filter((r) => r.operation === 'CreateEndpointConfig').length;
    const tagged = proxy.seen.filter((r) => r.operation === 'AddTags' && r.body.includes('endpoint-config/')).length;
    expect(creates).toBe(40);
    expect(tagged).toBeGreaterThan(0);
    // Every configuration a valid request created is labelled with the run's tags, as run labels its own on AWS.
    expect(tagged).toBe(report.explore!.counts.answeredAccept);
    expect(report.cleanup.leftovers).toEqual([]);
    expect(report.explore!.findings).toEqual([]);
    expect(mock.store.count()).toBe(0);
  }, 60000);
});
