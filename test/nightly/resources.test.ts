/**
 * `--target aws` and the account resources accept cases name (contracts/resources.json), against a loopback that
 * pretends to be AWS: the reference mock as SageMaker's endpoint and a fake STS, reached through the SDK's own
 * endpoint variables. Without a resource, a case that needs it is not run and every report says what it needs;
 * with it, the case runs with the real value in place of the placeholder (a length case keeping its length).
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DUMMY_CREDENTIALS } from '../../src/client/credentials';
import { startReferenceMock } from '../../src/mock/reference';
import type { RunningMock } from '../../src/mock/server';
import type { ConformanceReport } from '../../src/report/model';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/sagemaker-conformance.cjs');
const REGION = 'eu-west-1';
const KMS = 'arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666';

/** STS's GetCallerIdentity as AWS answers it (query protocol, XML). */
async function startFakeSts(): Promise<{ url: string; server: Server }> {
  const xml =
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
    '<Arn>arn:aws:iam::111122223333:user/loopback</Arn><UserId>AIDALOOPBACK</UserId><Account>111122223333</Account>' +
    '</GetCallerIdentityResult><ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml' }).end(xml));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function runAws(args: string[], sagemaker: string, sts: string): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ENDPOINT_URL_SAGEMAKER: sagemaker,
    AWS_ENDPOINT_URL_STS: sts,
    // The mock checks signatures with its one account's key: the run signs as that account.
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const child = spawn(process.execPath, [BIN, 'run', '--target', 'aws', '--allow-aws', '--region', REGION, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((r) => child.once('exit', (code) => r({ code, stderr })));
}

let dir: string;
let home: string;
let mock: RunningMock;
let sts: { url: string; server: Server };
const ONLY = ['--only', 'CreateEndpointConfig.baseline,KmsKeyId.length.*,VpcConfig.Subnets.count.*,behaviour.round-trip'];
const ROLE = ['--execution-role-arn', 'arn:aws:iam::111122223333:role/sagemaker-conformance-execution'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sc-resources-'));
  home = mkdtempSync(join(tmpdir(), 'sc-home-'));
  mock = await startReferenceMock({ region: REGION });
  sts = await startFakeSts();
});

afterAll(async () => {
  await mock.close();
  await new Promise<void>((r) => sts.server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

const report = (d: string) => JSON.parse(readFileSync(join(d, 'conformance.json'), 'utf8')) as ConformanceReport;

describe('--target aws without the resources its accept cases name', () => {
  it('runs no case that needs one, and lists each in every report with what it needs: not passed, not failed', async () => {
    const out = join(dir, 'none');
    const { code, stderr } = await runAws([...ROLE, ...ONLY, '--report-dir', out], mock.url, sts.url);
    expect(stderr).toMatch(/\d+ case\(s\) name resources this run was not given \([a-z-, ]*kms-key[a-z-, ]*\): listed in the report as not run/);
    expect(code).toBe(0);
    const r = report(out);
    const byId = new Map(r.cases.map((c) => [c.id, c]));
    expect(byId.get('KmsKeyId.length.2048')).toMatchObject({ status: 'skipped', needs: ['kms-key'], steps: [] });
    expect(byId.get('KmsKeyId.length.2048')!.failures[0]).toMatchObject({
      kind: 'skipped',
      reason: expect.stringContaining('not run against AWS: needs kms-key'),
    });
    expect(byId.get('VpcConfig.Subnets.count.1')?.needs).toEqual(['security-group', 'subnet']);
    // A rejection does not depend on the resources beside the broken member: it runs.
    expect(byId.get('KmsKeyId.length.2049')?.status).toBe('passed');
    expect(byId.get('CreateEndpointConfig.baseline')?.status).toBe('passed');
    expect(r.complete).toBe(true);
    const skipped = r.cases.filter((c) => c.status === 'skipped');
    expect(r.summary.skipped).toBe(skipped.length);
    expect(skipped.every((c) => (c.needs ?? []).length > 0)).toBe(true);
    const markdown = readFileSync(join(out, 'conformance.md'), 'utf8');
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    const html = readFileSync(join(out, 'conformance.html'), 'utf8');
    for (const c of skipped) {
      expect(markdown).toContain(c.id);
      expect(html).toContain(c.id);
    }
    expect(markdown).toContain('not run against AWS: needs kms-key');
    expect(html).toContain('not run against AWS: needs kms-key');
    expect(junit).toMatch(/<skipped message="not run against AWS: needs kms-key/);
  }, 120000);
});

describe('--target aws given the resources', () => {
  it('runs those cases with the real values in place of the placeholders, a length case keeping its length', async () => {
    const out = join(dir, 'given');
    const file = join(dir, 'resources.json');
    writeFileSync(file, JSON.stringify({ subnet: 'subnet-0a1b2c3d4e5f67890', 'security-group': 'sg-0a1b2c3d4e5f67890' }));
    const { code } = await runAws([...ROLE, ...ONLY, '--resources', file, '--resource', `kms-key=${KMS}`, '--report-dir', out], mock.url, sts.url);
    expect(code).toBe(0);
    const r = report(out);
    expect(r.cases.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual([]);
    const kms = r.cases.find((c) => c.id === 'KmsKeyId.length.2048')!.steps[0]!.request.KmsKeyId as string;
    expect(kms.startsWith(KMS)).toBe(true);
    expect([...kms]).toHaveLength(2048);
    const vpc = r.cases.find((c) => c.id === 'VpcConfig.Subnets.count.1')!.steps[0]!.request.VpcConfig;
    expect(vpc).toEqual({ SecurityGroupIds: ['sg-0a1b2c3d4e5f67890'], Subnets: ['subnet-0a1b2c3d4e5f67890'] });
    expect(JSON.stringify(r.cases.find((c) => c.id === 'behaviour.round-trip')!.steps[0]!.request)).toContain(KMS);
  }, 120000);

  it('refuses an unknown resource name before anything is sent', async () => {
    const { code, stderr } = await runAws([...ROLE, '--resource', 'kms-kee=x', '--report-dir', join(dir, 'bad')], mock.url, sts.url);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown resource "kms-kee"');
  });
});
