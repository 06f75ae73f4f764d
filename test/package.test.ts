import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(files.filter((f) => /^(src|test|suites|scripts)\/|(?<!\.d)\.ts$/.test(f))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/index.d.ts', 'dist/pact.d.ts']));
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
  });

  it('exports the Pact helper and the run API by name to require, and nothing else by path', async () => {
    const script = [
      "const { forPact } = require('sagemaker-conformance/pact');",
      "const api = require('sagemaker-conformance');",
      "const cases = api.planRun({ edition: 'seed', runId: 'pkg001' }).cases;",
      'console.log(typeof forPact, api.forPact === forPact, typeof api.runConformance, cases.length > 50, cases[0].id);',
      "try { require('sagemaker-conformance/src/pact/content-type'); } catch (e) { console.log(e.code); }",
      "try { require('sagemaker-conformance/dist/pact/content-type'); } catch (e) { console.log(e.code); }",
    ].join('\n');
    const r = await inApp('node', ['-e', script]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n')).toEqual([
      'function true function true CreateEndpointConfig.baseline',
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      'ERR_PACKAGE_PATH_NOT_EXPORTED',
      '',
    ]);
  });

  it('exports them to ESM import too', async () => {
    const script =
      "import { forPact } from 'sagemaker-conformance/pact'; import { planRun } from 'sagemaker-conformance'; console.log(typeof forPact, typeof planRun);";
    const r = await inApp('node', ['--input-type=module', '-e', script]);
    expect(r).toMatchObject({ code: 0, stdout: 'function function\n' });
  });

  // TypeScript in the consumer project: the example team's own Pact test, as docs/pact.md tells teams to write it, type-checks
  // against the installed package, under the module resolutions TypeScript users have; a name the package does not
  // export is an error (so the check can fail).
  describe('in TypeScript', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const typeCheck = (moduleResolution: string, files: string[]) => {
      const module = moduleResolution === 'node10' ? 'commonjs' : moduleResolution;
      writeFileSync(
        join(app, `tsconfig.${moduleResolution}.json`),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'es2022',
            module,
            moduleResolution,
            skipLibCheck: true,
            esModuleInterop: true,
            typeRoots: [join(ROOT, 'node_modules/@types')],
            types: ['node', 'jest'],
          },
          files,
        }),
      );
      return inApp('node', [tsc, '-p', `tsconfig.${moduleResolution}.json`]);
    };
    beforeAll(() => {
      cpSync(join(ROOT, 'examples/consumer/src'), join(app, 'src'), { recursive: true });
      cpSync(join(ROOT, 'examples/consumer/test'), join(app, 'test'), { recursive: true });
      writeFileSync(
        join(app, 'api.ts'),
        [
          "import { planRun, runConformance, type ConformanceCase, type RunOutcome } from 'sagemaker-conformance';",
          "// `spec`, the edition's first name, still type-checks (deprecated): a consumer's code keeps compiling.",
          "const cases: ConformanceCase[] = planRun({ spec: 'seed' }).cases;",
          "export const outcome: Promise<RunOutcome> = runConformance({ target: { kind: 'mock' }, only: [cases[0]!.id] });",
          '',
        ].join('\n'),
      );
      writeFileSync(join(app, 'wrong.ts'), "import { forPactt } from 'sagemaker-conformance/pact';\nexport const x = forPactt;\n");
    });

    it.each(['node16', 'node10'])(
      'type-checks the example and the run API with moduleResolution %s',
      async (moduleResolution) => {
        const r = await typeCheck(moduleResolution, ['test/endpoint-configs.pact.test.ts', 'api.ts']);
        expect({ code: r.code, out: r.stdout + r.stderr }).toEqual({ code: 0, out: '' });
      },
      120000,
    );

    it('rejects a name the package does not export', async () => {
      const r = await typeCheck('node16', ['wrong.ts']);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toMatch(/wrong\.ts.*error TS\d+: .*forPactt/);
    }, 120000);
  });

  it("runs against moto with the package's own moto expectations", async () => {
    const expectations = 'node_modules/sagemaker-conformance/fixtures/expectations/moto.json';
    const r = await inApp('npx', ['sagemaker-conformance', 'run', '--target', 'moto', '--expectations', expectations, '--report-dir', 'moto-reports']);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/ 0 failed, 0 errored, 0 skipped, \d+ expected failures, 0 unexpected passes/);
  });
});
