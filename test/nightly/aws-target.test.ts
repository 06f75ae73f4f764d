import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConformanceReport } from '../../src/report/model';
import { freePort, startMoto, type StartedTarget } from '../../src/target/targets';
import { resourcesOn } from '../helpers/target';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/sagemaker-conformance.cjs');

/** The CLI with `--target aws`, its SageMaker and STS endpoints sent to loopback by the SDK's own variables. */
function runAws(args: string[], endpoints: { sagemaker: string; sts: string }): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: mkdtempSync(join(tmpdir(), 'sc-home-')), // no shared config or credentials files of the machine
    AWS_ENDPOINT_URL_SAGEMAKER: endpoints.sagemaker,
    AWS_ENDPOINT_URL_STS: endpoints.sts,
    AWS_ACCESS_KEY_ID: 'AKIDAWSTARGETTEST',
    AWS_SECRET_ACCESS_KEY: 'aws-target-test-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const child = spawn(process.execPath, [BIN, 'run', '--target', 'aws', ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((r) => child.once('exit', (code) => r({ code, stderr })));
}

describe('--target aws', () => {
  let moto: StartedTarget;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(() => moto?.stop());

  const modelsOnMoto = async () => (await resourcesOn(moto.url!, 'eu-west-1')).length;

  it('prints the account and region from STS before creating anything, and records the account', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-aws-'));
    const { code, stderr } = await runAws(
      [
        '--allow-aws',
        '--region',
        'eu-west-1',
        '--execution-role-arn',
        'arn:aws:iam::123456789012:role/sagemaker-conformance-execution',
        '--expectations',
        'fixtures/expectations/moto.json',
        '--only',
        'CreateEndpointConfig.baseline,EndpointConfigName.length.*',
        '--report-dir',
        dir,
      ],
      { sagemaker: moto.url!, sts: moto.url! },
    );
    expect(stderr).toContain('account 123456789012 (arn:aws:sts::123456789012:user/moto), region eu-west-1');
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(report.target).toMatchObject({ kind: 'aws', region: 'eu-west-1', account: '123456789012' });
    expect(await modelsOnMoto()).toBe(0);
  });

  it('stops with exit 2 and creates nothing when the account cannot be confirmed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-aws-'));
    const closed = `http://127.0.0.1:${await freePort()}`;
    const { code, stderr } = await runAws(['--allow-aws', '--execution-role-arn', 'arn:aws:iam::123456789012:role/r', '--report-dir', dir], {
      sagemaker: moto.url!,
      sts: closed,
    });
    expect(code).toBe(2);
    expect(stderr).toContain('cannot confirm the account with STS GetCallerIdentity (nothing was created)');
    expect(await modelsOnMoto()).toBe(0);
  });
});
