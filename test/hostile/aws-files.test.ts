import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, type CliChild } from '../helpers/cli-child';
import { ordinary, startHostileTarget, type HostileTarget } from '../helpers/hostile-target';

/**
 * The AWS config files are someone else's (issue 23, point 11): checked before the SDK reads them, and a
 * credential_process that prints and hangs is killed at a deadline, with nothing it printed relayed anywhere.
 */

const work = mkdtempSync(join(tmpdir(), 'aws-files-'));
const SECRET = 'SECRET-FROM-STDERR-wJalrXUtnFEMI';
let cli: CliChild | undefined;
let target: HostileTarget;

beforeAll(async () => {
  target = await startHostileTarget(ordinary);
});
afterAll(async () => {
  await target?.close();
  rmSync(work, { recursive: true, force: true });
});
afterEach(async () => {
  await cli?.kill();
  cli = undefined;
});

function run(env: NodeJS.ProcessEnv, reports: string): CliChild {
  return startCli(['run', '--target', target.url, '--only', 'EndpointConfigName.length.63', '--report-dir', reports], { HOME: work, ...env });
}

describe('AWS config files', () => {
  it.each([
    ['a FIFO', () => (execFileSync('mkfifo', [join(work, 'fifo')]), join(work, 'fifo')), /AWS_CONFIG_FILE .*fifo is a FIFO, not a regular file: refused/],
    ['/dev/zero', () => '/dev/zero', /AWS_CONFIG_FILE \/dev\/zero is a character device, not a regular file: refused/],
    ['a 2 MiB file', () => (writeFileSync(join(work, 'big'), '#'.repeat(2 * 1024 * 1024)), join(work, 'big')), /is 2097152 bytes, over the 1048576-byte limit/],
  ])('refuses %s in one line and exits 2 at once', async (_name, make, message) => {
    cli = run({ AWS_CONFIG_FILE: make() }, join(work, 'r-file'));
    const { code, at } = await cli.exited;
    const started = at;
    expect(code).toBe(2);
    expect(cli.stderr().trim().split('\n')).toHaveLength(1);
    expect(cli.stderr()).toMatch(message);
    expect(started).toBeGreaterThan(0);
  });
});

describe('a credential_process that prints a secret and hangs', () => {
  function hangingProcess(): NodeJS.ProcessEnv {
    const script = join(work, 'cred.sh');
    writeFileSync(script, `#!/bin/sh\necho "${SECRET}" >&2\nprintf '{"Version": 1, "AccessKeyId": '\nexec sleep 600\n`);
    chmodSync(script, 0o755);
    writeFileSync(join(work, 'config'), `[profile hang]\ncredential_process = ${script}\n`);
    return { AWS_CONFIG_FILE: join(work, 'config'), AWS_PROFILE: 'hang' };
  }
  const sleepers = () =>
    execFileSync('ps', ['-eo', 'args'])
      .toString()
      .split('\n')
      .filter((l) => l.startsWith('sleep 600'));
  const everything = (reports: string, c: CliChild) =>
    [c.stdout(), c.stderr(), ...(existsSync(reports) ? readdirSync(reports).map((f) => readFileSync(join(reports, f), 'utf8')) : [])].join('\n');

  it('is killed at the deadline (SAGEMAKER_CONFORMANCE_CREDENTIALS_TIMEOUT) and nothing it printed reaches output or reports', async () => {
    const before = sleepers().length;
    const reports = join(work, 'r-deadline');
    const started = Date.now();
    cli = run({ ...hangingProcess(), SAGEMAKER_CONFORMANCE_CREDENTIALS_TIMEOUT: '2' }, reports);
    const { code, at } = await cli.exited;
    expect(code).toBe(2);
    expect(at - started).toBeLessThan(30000);
    expect(cli.stderr()).toMatch(/credential_process gave no credentials within 2 s: killed/);
    expect(everything(reports, cli)).not.toContain(SECRET);
    expect(sleepers().length).toBe(before);
  });

  it('on SIGTERM ends it, and nothing it printed reaches output or reports', async () => {
    const before = sleepers().length;
    const reports = join(work, 'r-term');
    cli = run(hangingProcess(), reports);
    const deadline = Date.now() + 30000;
    while (sleepers().length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    cli.child.kill('SIGTERM');
    const { code } = await cli.exited;
    expect(code).toBe(143);
    expect(everything(reports, cli)).not.toContain(SECRET);
    expect(sleepers().length).toBe(before);
  });
});
