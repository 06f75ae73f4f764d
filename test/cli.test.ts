import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { main } from '../src/cli/main';
import { captureIo } from './helpers/io';
import { type RunningMock } from '../src/mock/server';
import { startReferenceMock } from '../src/mock/reference';

describe('the sagemaker-conformance command', () => {
  let mock: RunningMock;
  let reportDir: string;
  beforeAll(async () => {
    mock = await startReferenceMock();
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    reportDir = mkdtempSync(join(tmpdir(), 'cli-'));
  });

  it('prints help and exits 0', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/Commands:\n {2}run .*\n {2}list /);
    const runHelp = captureIo();
    expect(await main(['run', '--help'], runHelp)).toBe(0);
    expect(runHelp.out()).toContain('--expectations FILE');
  });

  it('runs against a target, writes the four reports and exits 0', async () => {
    const io = captureIo();
    expect(await main(['run', '--target', mock.url, '--report-dir', reportDir, '--only', 'EndpointConfigName.*'], io)).toBe(0);
    expect(io.out()).toMatch(/^\d+ passed, 0 failed, 0 errored, 0 skipped, 0 expected failures, 0 unexpected passes \(\d+ cases\)$/m);
    for (const file of ['conformance.json', 'conformance.md', 'conformance.html', 'junit.xml']) expect(existsSync(join(reportDir, file))).toBe(true);
    expect(JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')).target.url).toBe(mock.url);
    expect(mock.store.count()).toBe(0);
  });

  it('exits 1 and names the failing case against a faulty target', async () => {
    const io = captureIo();
    expect(await main(['run', '--target', 'mock:Tags.count.max+1', '--report-dir', reportDir, '--only', 'Tags.count.*'], io)).toBe(1);
    expect(io.err()).toContain('✗ Tags.count.51');
    expect(io.err()).toContain('step 1 status: expected 400, got 200');
  });

  it('uses AWS_ENDPOINT_URL_SAGEMAKER when no --target is given', async () => {
    const io = captureIo({ AWS_ENDPOINT_URL_SAGEMAKER: mock.url });
    expect(await main(['run', '--report-dir', reportDir, '--only', 'Tags.count.0'], io)).toBe(0);
    expect(io.err()).toContain(`against ${mock.url}`);
  });

  it.each([
    ['an unknown flag', ['run', '--nope'], /unknown flag --nope/],
    ['a malformed URL', ['run', '--target', 'htp:/x'], /--target URL must be http or https/],
    ['a target that is not one', ['run', '--target', 'localstack'], /is not mock, mock:FAULT, moto, aws, replay:DIR or an http\(s\) URL/],
    ['an unknown fault', ['run', '--target', 'mock:no-such-fault'], /unknown fault "no-such-fault"/],
    ['an --only that matches nothing', ['run', '--only', 'Nothing.*'], /matches no case/],
    ['a missing expectations file', ['run', '--expectations', '/nonexistent/moto.json'], /cannot read expectations file/],
    ['aws without --allow-aws', ['run', '--target', 'aws'], /--allow-aws/],
    ['a concurrency of zero', ['run', '--concurrency', '0'], /--concurrency must be a positive whole number/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
  ])('exits 2 for %s with a clear message', async (_, argv, message) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(message);
  });

  it('exits 2 for an expectations file naming a case that does not exist, before touching the target', async () => {
    const file = join(reportDir, 'stale.json');
    writeFileSync(file, JSON.stringify({ 'EndpointConfigName.length.65': 'old' }));
    const before = mock.store.count();
    const io = captureIo();
    expect(await main(['run', '--target', mock.url, '--expectations', file], io)).toBe(2);
    expect(io.err()).toMatch(/"EndpointConfigName.length.65" is not a case id/);
    expect(mock.store.count()).toBe(before);
  });

  it('lists the case table without a target', async () => {
    const io = captureIo();
    expect(await main(['list', '--only', 'KmsKeyId.*'], io)).toBe(0);
    expect(io.out()).toMatch(/KmsKeyId\.length\.2048\s+accept/);
    expect(io.out()).toMatch(/KmsKeyId\.length\.2049\s+reject 400/);
  });

  it('runs as an npx binary', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/sagemaker-conformance.cjs', 'list', '--only', 'Tags.count.*'], {
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(stdout).toContain('Tags.count.51');
  });

  it('serves the reference mock alone until it is stopped', async () => {
    const child = spawn(process.execPath, ['bin/sagemaker-conformance.cjs', 'mock'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(d.toString());
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`mock exited with ${code}`)));
      });
      const io = captureIo();
      expect(await main(['run', '--target', url, '--report-dir', reportDir, '--only', 'Tags.count.5*'], io)).toBe(0);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
