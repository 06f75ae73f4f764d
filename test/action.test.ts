import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { startReferenceMock } from '../src/mock/reference';

const ROOT = resolve(__dirname, '..');

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

interface StepRun {
  step: ActionStep;
  code: number | 'skipped';
  stdout: string;
}

/**
 * Runs the Action's steps as a runner does: `${{ }}` expressions from the inputs and earlier steps' outputs,
 * GITHUB_* files and variables, each `run` through `bash --noprofile --norc -eo pipefail`, `if: always()` after a
 * failure. `uses` steps are not run: setup-node's Node is this one, and upload-artifact's path is returned to check.
 */
async function runAction(inputs: Record<string, string>, workspace: string) {
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) values[name] = inputs[name] ?? spec.default ?? '';
  const outputs: Record<string, Record<string, string>> = {};
  const summary = join(workspace, '..', 'step-summary.md');
  writeFileSync(summary, '');
  const expression = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, e: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(e);
      if (input) return values[input[1]!] ?? '';
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
      if (output) return outputs[output[1]!]?.[output[2]!] ?? '';
      throw new Error(`the test does not know the expression ${e}`);
    });
  const runs: StepRun[] = [];
  const uploads: string[] = [];
  let failed = false;
  for (const [i, step] of action.runs.steps.entries()) {
    if (failed && step.if !== 'always()') {
      runs.push({ step, code: 'skipped', stdout: '' });
      continue;
    }
    if (step.uses) {
      if (step.uses.startsWith('actions/upload-artifact@')) uploads.push(expression(step.with!.path!));
      runs.push({ step, code: 0, stdout: '' });
      continue;
    }
    const script = join(workspace, '..', `step-${i}.sh`);
    const outputFile = join(workspace, '..', `output-${i}`);
    writeFileSync(script, expression(step.run!));
    writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expression(v)])),
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: workspace,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: outputFile,
      RUNNER_TEMP: join(workspace, '..'),
    };
    const code = await new Promise<{ code: number; stdout: string }>((done) => {
      execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, timeout: 120000 }, (error, stdout) =>
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout }),
      );
    });
    if (step.id)
      outputs[step.id] = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    runs.push({ step, ...code });
    if (code.code !== 0) failed = true;
  }
  return { runs, uploads, summary: readFileSync(summary, 'utf8'), outputs, failed };
}

let work: string;
let mock: Awaited<ReturnType<typeof startReferenceMock>>;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error("no dist/: run 'npm run build' (npm test does) before this test");
  mock = await startReferenceMock();
});

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sc-action-'));
  mkdirSync(join(work, 'workspace'));
});

afterEach(() => rmSync(work, { recursive: true, force: true }));
afterAll(() => mock.close());

describe('the GitHub Action', () => {
  it('is a composite action with the documented inputs, an upload that always runs, and a last step failing by the exit code', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['target', 'edition', 'spec', 'expectations', 'report-dir']));
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload).toMatchObject({ if: 'always()', with: { path: '${{ inputs.report-dir }}' } });
    const last = action.runs.steps[action.runs.steps.length - 1]!;
    expect(last).toMatchObject({ if: 'always()', env: { EXIT_CODE: '${{ steps.run.outputs.exit-code }}' } });
  });

  it('runs the suite against an emulator URL, writes conformance.md to the job summary and passes', async () => {
    const result = await runAction({ target: mock.url }, join(work, 'workspace'));
    expect(result.runs.map((r) => r.code)).toEqual(action.runs.steps.map(() => 0));
    expect(result.outputs.run).toMatchObject({ 'exit-code': '0', summary: expect.stringMatching(/^\d+ passed, 0 failed, 0 errored, 0 skipped/) });
    expect(result.summary).toMatch(
      /^# Conformance: CreateEndpointConfig, DeleteEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs against |^# Conformance: [A-Za-z, ]+EndpointConfigs? against /,
    );
    expect(result.summary).toContain('## Conformance matrix');
    expect(result.uploads).toEqual(['conformance-reports']);
    expect(readdirSync(join(work, 'workspace', 'conformance-reports')).sort()).toEqual(['conformance.html', 'conformance.json', 'conformance.md', 'junit.xml']);
  });

  it('fails the last step with exit code 1 when cases pass that the expectations file lists, after summary and upload', async () => {
    copyFileSync(join(ROOT, 'fixtures/expectations/moto.json'), join(work, 'workspace', 'moto.json'));
    const result = await runAction({ target: mock.url, expectations: 'moto.json', 'report-dir': 'out/reports' }, join(work, 'workspace'));
    const codes = result.runs.map((r) => r.code);
    expect(codes[codes.length - 1]).toBe(1);
    expect(codes.slice(0, -1).every((c) => c === 0)).toBe(true);
    expect(result.outputs.run!['exit-code']).toBe('1');
    expect(result.summary).toContain('unexpected pass');
    // Every expected deviation carries its repro: this report is past the 1 MiB GitHub takes as a job summary, which
    // keeps its head (counts, scores, groups, what needs attention) and says where the rest is.
    const whole = readFileSync(join(work, 'workspace', 'out/reports/conformance.md'));
    expect(whole.length).toBeGreaterThan(1024 * 1024);
    expect(Buffer.byteLength(result.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(result.summary).toContain('## Needs attention');
    expect(result.summary).toMatch(/_This summary stops here: a job summary may hold 1 MiB\. The whole conformance\.md is in the uploaded reports\._\n$/);
    expect(result.uploads).toEqual(['out/reports']);
    expect(existsSync(join(work, 'workspace', 'out/reports/junit.xml'))).toBe(true);
  });

  it("passes args as shell words, quotes honoured: README's own example runs as written", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = /args: (--only '[^']+')/.exec(readme)?.[1];
    expect(example).toBe("--only 'EndpointConfigName.*'");
    const result = await runAction({ target: mock.url, args: example! }, join(work, 'workspace'));
    expect(result.outputs.run!['exit-code']).toBe('0');
    const report = JSON.parse(readFileSync(join(work, 'workspace', 'conformance-reports', 'conformance.json'), 'utf8')) as { cases: { id: string }[] };
    expect(report.cases.length).toBeGreaterThan(0);
    expect(report.cases.every((c) => c.id.startsWith('EndpointConfigName.'))).toBe(true);
  });

  it('takes the edition (and its old name, spec, which must agree with it)', async () => {
    const only = "--only 'EndpointConfigName.length.*'";
    const seed = await runAction({ target: mock.url, edition: 'seed', args: only }, join(work, 'workspace'));
    expect(seed.outputs.run!['exit-code']).toBe('0');
    const report = JSON.parse(readFileSync(join(work, 'workspace', 'conformance-reports', 'conformance.json'), 'utf8')) as {
      suite: { spec: { profile: string } };
    };
    expect(report.suite.spec.profile).toBe('seed');
    const both = await runAction({ target: mock.url, edition: 'seed', spec: 'model', args: only }, join(work, 'workspace'));
    // Refused before anything runs: the two spellings disagree.
    expect(both.outputs.run!['exit-code']).toBe('2');
  });

  it('refuses args with an unmatched quote with exit code 2, and runs nothing the args name', async () => {
    const result = await runAction({ target: mock.url, args: "--only 'EndpointConfigName.* $(touch pwned)" }, join(work, 'workspace'));
    expect(result.runs[result.runs.length - 1]!.code).toBe(2);
    expect(result.summary).toContain('unmatched quote');
    expect(existsSync(join(work, 'workspace', 'pwned'))).toBe(false);
  });

  it('fails with exit code 2 and says so in the summary when the target cannot be reached', async () => {
    const result = await runAction({ target: 'http://127.0.0.1:9', args: '--timeout 1s' }, join(work, 'workspace'));
    expect(result.runs[result.runs.length - 1]!.code).toBe(2);
    expect(result.summary).toMatch(/Incomplete run|wrote no report/);
  });
});
