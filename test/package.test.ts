import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..');
const exec = promisify(execFile);
const VERSION = (require('../package.json') as { version: string }).version;

let work: string;
let app: string;
let files: string[];

/** Runs a command in the installed app's folder, as a user's shell would (npx finds the installed bin). */
async function inApp(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd: app, env: { ...process.env, npm_config_update_notifier: 'false' }, timeout: 120000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error("no dist/: run 'npm run build' (npm test does) before this test");
  work = mkdtempSync(join(tmpdir(), 'sc-package-'));
  // The build is already in dist/ (npm test builds first): pack it as npm publish would, without building again.
  const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  files = packed!.files.map((f) => f.path);
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "name": "an-emulator-project", "private": true }\n');
  // Dependencies come from npm's cache (npm ci filled it), the registry only for what is missing.
  await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error', join(work, packed!.filename)], {
    cwd: app,
    timeout: 180000,
  });
}, 240000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds the compiled JavaScript, the contracts and the expectations, and no sources or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/sagemaker-conformance.cjs',
        'dist/cli/main.js',
        'contracts/model/operations/CreateEndpointConfig.json',
        'contracts/seed/operations/CreateEndpointConfig.json',
        'fixtures/expectations/moto.json',
      ]),
    );
    expect(files.filter((f) => /^(src|test|suites|scripts)\/|\.ts$/.test(f))).toEqual([]);
  });

  it('installs into an empty folder without TypeScript or tsx', () => {
    const installed = readdirSync(join(app, 'node_modules'));
    expect(installed).toContain('sagemaker-conformance');
    expect(installed).not.toEqual(expect.arrayContaining(['typescript']));
    expect(installed.filter((n) => ['typescript', 'tsx', 'jest', 'esbuild'].includes(n))).toEqual([]);
  });

  it('answers --version', async () => {
    const r = await inApp('npx', ['sagemaker-conformance', '--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
  });

  it('runs against the reference mock', async () => {
    const r = await inApp('npx', ['sagemaker-conformance', 'run', '--target', 'mock', '--report-dir', 'mock-reports']);
    expect(r.stderr).not.toMatch(/warn|error/i);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^\d+ passed, 0 failed, 0 errored, 0 skipped, 0 expected failures, 0 unexpected passes \(\d+ cases\)$/m);
    expect(readdirSync(join(app, 'mock-reports')).sort()).toEqual(['conformance.html', 'conformance.json', 'conformance.md', 'junit.xml']);
  }, 60000);

  it("runs against moto with the package's own moto expectations", async () => {
    const expectations = 'node_modules/sagemaker-conformance/fixtures/expectations/moto.json';
    const r = await inApp('npx', ['sagemaker-conformance', 'run', '--target', 'moto', '--expectations', expectations, '--report-dir', 'moto-reports']);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/ 0 failed, 0 errored, 0 skipped, \d+ expected failures, 0 unexpected passes/);
  }, 60000);
});
