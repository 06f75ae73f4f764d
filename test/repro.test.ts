/**
 * From the outside, against moto 5.2.1 without expectations: the terminal output of a run on a pipe is short and names
 * the top causes; conformance.md starts with counts, scores and groups and gives every failing case its lines;
 * an aws line from the report reproduces moto's answer; `--export-repro` writes pytest tests that pass on the
 * reference mock (started as `sagemaker-conformance mock`) and fail on moto, one per group.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, startMoto, type StartedTarget } from '../src/target/targets';
import { startCli, type CliChild } from './helpers/cli-child';
import { shellQuote } from '../src/io/shell';
import type { ConformanceReport } from '../src/report/model';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'repro-'));
const reports = join(dir, 'reports');
const pytestFile = join(dir, 'test_moto_repro.py');
// The aws CLI checks members itself unless the profile says not to: the report says so, and the test does so.
const awsConfig = join(dir, 'aws-config');
writeFileSync(awsConfig, '[default]\nparameter_validation = false\n');
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIDCONFORMANCE', AWS_SECRET_ACCESS_KEY: 'conformance-dummy-secret', AWS_DEFAULT_REGION: 'us-east-1' };

/** Runs a command to its end; its exit code, stdout and stderr (a failing exit is an answer here, not an error). */
async function sh(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 240000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}

let moto: StartedTarget;
let mock: CliChild;
let mockUrl: string;
let terminal: string;
let stdout: string;
let exitCode: number | null;
let report: ConformanceReport;

beforeAll(async () => {
  moto = await startMoto();
  const port = await freePort();
  mock = startCli(['mock', '--port', String(port)]);
  await mock.waitFor('listening on');
  mockUrl = `http://127.0.0.1:${port}`;
  const cli = startCli(['run', '--target', moto.url!, '--report-dir', reports, '--export-repro', pytestFile], { NO_COLOR: '1' });
  exitCode = (await cli.exited).code;
  stdout = cli.stdout();
  terminal = cli.stdout() + cli.stderr();
  report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
}, 120000);

afterAll(async () => {
  await mock?.kill();
  await moto?.stop();
});

describe('a run against moto on a pipe', () => {
  it('prints under 80 lines naming the top causes with their counts, and keeps the one counts line on stdout', () => {
    expect(exitCode).toBe(1);
    const lines = terminal.trimEnd().split('\n');
    expect(lines.length).toBeLessThan(80);
    const groups = report.groups!;
    expect(groups.length).toBeGreaterThan(10);
    for (const g of groups.slice(0, 5)) expect(terminal).toContain(`${String(g.count).padStart(4)} × ${g.title}  [${g.id}]`);
    expect(groups[0]!.count).toBeGreaterThanOrEqual(groups[1]!.count);
    expect(stdout.trimEnd().split('\n').pop()).toMatch(
      /^\d+ passed, \d+ failed, \d+ errored, 0 skipped, 0 expected failures, 0 unexpected passes \(\d+ cases\)$/,
    );
    // The noise of the old output: a 200 has no message to name a member in.
    expect(terminal).not.toContain('got names no member');
  });

  it('writes conformance.md that starts with counts, scores and groups, and gives every failing case its lines', () => {
    const md = readFileSync(join(reports, 'conformance.md'), 'utf8');
    const order = ['passed, ', '## Score by operation', '## Deviation groups', '## Needs attention', '## Conformance matrix', '## Cases by member'].map((h) =>
      md.indexOf(h),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[2]).toBeLessThan(6000); // the groups are above the fold of a job summary, not after the matrix
    const failing = report.cases.filter((c) => c.status === 'failed' || c.status === 'errored');
    const sections = md.split(/^### /m).filter((s) => failing.some((c) => s.startsWith(`\`${c.id}\`:`)));
    expect(sections).toHaveLength(failing.length);
    for (const section of sections) {
      expect(section).toMatch(/^body='/m);
      expect(section).toMatch(/^(aws sagemaker [a-z-]+ --cli-input-json "\$body" |# no aws line: )/m);
      expect(section).toMatch(/^curl -sS -i .*--data-binary "\$body" 'http:\/\/127\.0\.0\.1:\d+'$/m);
    }
    const html = readFileSync(join(reports, 'conformance.html'), 'utf8');
    expect(html.match(/<pre class="lines">/g)?.length).toBeGreaterThanOrEqual(failing.length);
  });

  it("gives aws and curl lines that, pasted into a shell, get moto's answer again", async () => {
    const md = readFileSync(join(reports, 'conformance.md'), 'utf8');
    const section = md.split(/^### /m).find((s) => s.startsWith('`EndpointConfigName.length.64`:'))!;
    const [body, aws, curl] = /^(body=.*)\n(aws .*)\n(curl .*)$/m.exec(section)!.slice(1) as [string, string, string];
    const env = { ...CREDENTIALS, AWS_CONFIG_FILE: awsConfig };
    // The case's model was the run's own, and went with it: create it again as the report says, then send.
    const setup = /^(aws sagemaker create-model .*)$/m.exec(md)![1]!;
    expect((await sh('bash', ['-c', setup], env)).code).toBe(0);
    const byAws = await sh('bash', ['-c', `${body}\n${aws}`], env);
    expect(byAws).toMatchObject({ code: 0 });
    expect(byAws.out).toContain('EndpointConfigArn'); // accepted, as in the run: moto does not check the length
    const byCurl = await sh('bash', ['-c', `${body}\n${curl}`], env);
    expect(byCurl.out).toMatch(/^HTTP\/1\.[01] 200/); // accepted again (moto takes a duplicate name too)
    // Against the reference mock the same aws line is refused, naming the member.
    const onMock = await sh('bash', ['-c', `${body}\n${aws.replace(/--endpoint-url '[^']+'/, `--endpoint-url '${mockUrl}'`)}`], env);
    expect(onMock.code).not.toBe(0);
    expect(onMock.err).toMatch(/ValidationException.*endpointConfigName/);
  });

  it('quotes any body so that the shell passes it on as written', async () => {
    const hostile = `{"a":"it's \`x\` $(false) \\"q\\" ${'\u007f'} \\n"}`;
    expect((await sh('bash', ['-c', `body=${shellQuote(hostile)}; printf %s "$body"`])).out).toBe(hostile);
  });
});

describe('run --export-repro', () => {
  it('writes one pytest test per group, each naming its group', () => {
    const text = readFileSync(pytestFile, 'utf8');
    const tests = [...text.matchAll(/^def (test_\w+)\(replay\):\n {4}"([^\n]*)"$/gm)];
    expect(tests).toHaveLength(report.groups!.length);
    for (const g of report.groups!) expect(tests.some(([, , doc]) => doc!.includes(`Group ${g.id}:`))).toBe(true);
  });

  it('passes every test on the reference mock and fails every test on moto', async () => {
    const pytest = (url: string) =>
      sh('python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', pytestFile], { ...CREDENTIALS, AWS_ENDPOINT_URL_SAGEMAKER: url });
    const n = report.groups!.length;
    const onMock = await pytest(mockUrl);
    expect(onMock.out).toMatch(new RegExp(`^${n} passed`, 'm'));
    expect(onMock.code).toBe(0);
    const onMoto = await pytest(moto.url!);
    expect(onMoto.out).toMatch(new RegExp(`^${n} failed`, 'm'));
    expect(onMoto.code).toBe(1);
    // Each test deleted what it created: the mock holds nothing.
    expect(await (await fetch(`${mockUrl}/mock-api/state`)).json()).toEqual({ resources: 0 });
  }, 240000);
});
