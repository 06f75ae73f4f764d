import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { nodeLineWarning, olderThan } from '../bin/node-line.cjs';

/** What a newcomer meets in the first hour, tried as they would: the command as a process, in a pipe. */
const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin/sagemaker-conformance.cjs');
const run = promisify(execFile);
const SYSTEM_NODE = ['/usr/bin/node', '/bin/node'].find((p) => existsSync(p));

function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return env;
}

describe('verify in a pipe', () => {
  it.each([
    ['a pipe', {}],
    ['NO_COLOR', { NO_COLOR: '1' }],
    ['TERM=dumb', { TERM: 'dumb' }],
  ])(
    'writes no escape sequence and no deprecation warning (%s)',
    async (_, extra) => {
      const dir = mkdtempSync(join(tmpdir(), 'sc-verify-pipe-'));
      await run(process.execPath, [BIN, 'pact', '--dir', join(dir, 'pacts')], { cwd: ROOT });
      const result = await run(process.execPath, [BIN, 'verify', '--pact', join(dir, 'pacts'), '--report-dir', join(dir, 'reports')], {
        cwd: ROOT,
        env: cleanEnv(extra),
        maxBuffer: 16 * 1024 * 1024,
      });
      expect(result.stdout).toContain('passed, 0 failed');
      expect(result.stdout + result.stderr).not.toContain('\u001b');
      expect(result.stderr).not.toMatch(/DEP0060|DeprecationWarning/);
    },
    120_000,
  );
});

describe('mock --port', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => busy.close(() => r())));

  it('on a busy port says so in one line and exits 2, without a stack trace', () => {
    const result = spawnSync(process.execPath, [BIN, 'mock', '--port', String(port)], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `sagemaker-conformance: --port ${port}: 127.0.0.1:${port} is in use (another process listens on it); pick another, or leave --port out for a free one`,
    ]);
  });
});

describe("a Node older than the package's lines", () => {
  it('is told apart from the lines package.json names', () => {
    const range = '^22.12.0 || ^24.0.0 || ^26.0.0';
    expect(olderThan('v20.20.2', range)).toBe(true);
    expect(olderThan('v22.11.0', range)).toBe(true);
    expect(olderThan('v22.12.0', range)).toBe(false);
    expect(olderThan('v28.0.0', range)).toBe(false);
    expect(nodeLineWarning('v24.1.0', range)).toBeUndefined();
  });

  (SYSTEM_NODE ? it : it.skip)("warns once, in one line on stderr, when the machine's Node 20 runs the command", () => {
    const version = spawnSync(SYSTEM_NODE!, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (!version.startsWith('v20.')) return; // the machines' system Node is 20; elsewhere this probe has nothing to say
    const result = spawnSync(SYSTEM_NODE!, [BIN, 'list', '--only', 'Tags.count.50'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('older than the lines this package supports'))).toHaveLength(1);
    expect(lines[0]).toMatch(/^sagemaker-conformance: warning: Node 20\.\d+\.\d+ is older than the lines this package supports \(\^22\.12\.0/);
    expect(result.stdout).toContain('Tags.count.50');
  });
});

describe('scripts/setup.sh', () => {
  const dry = { ...process.env, SC_SETUP_DRY_RUN: '1' };

  it('works when sourced by dash from the clone, as far as what it would run', () => {
    const result = spawnSync('dash', ['-c', '. scripts/setup.sh'], { cwd: ROOT, env: dry, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain('Bad substitution');
    expect(result.stderr).toContain(`setup: would run npm ci --no-audit --no-fund in ${ROOT}`);
  });

  it('says clearly what it needs when dash sources it from elsewhere, and runs nothing', () => {
    const result = spawnSync('dash', ['-c', `. ${join(ROOT, 'scripts/setup.sh')}`], { cwd: tmpdir(), env: dry, encoding: 'utf8' });
    expect(result.stderr).toContain("run it from the clone's folder");
    expect(result.stderr).not.toContain('npm ci');
  });

  it('finds its clone from anywhere under bash', () => {
    const result = spawnSync('bash', ['-c', `source ${join(ROOT, 'scripts/setup.sh')}`], { cwd: tmpdir(), env: dry, encoding: 'utf8' });
    expect(result.stderr).toContain(`would run npm ci --no-audit --no-fund in ${ROOT}`);
  });
});

describe('what a newcomer generates', () => {
  it.each([
    'sagemaker-conformance-0.1.0.tgz',
    'examples/consumer/reports/conformance.json',
    'examples/consumer/pacts/a-b.json',
    'examples/consumer/package-lock.json',
  ])('keeps %s out of git', (path) => {
    const result = spawnSync('git', ['check-ignore', '--no-index', '-q', path], { cwd: ROOT });
    expect(result.status).toBe(0);
  });
});
