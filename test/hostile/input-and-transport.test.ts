import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { runConformance } from '../../src/runner/run';
import { captureIo } from '../helpers/io';
import { ordinary, startHostileTarget } from '../helpers/hostile-target';
import { startCli } from '../helpers/cli-child';
import { removeReportDir, runCliInProcess } from '../helpers/cli-in-process';

describe('a connection the target closes', () => {
  it('is named a reset, not a timeout', async () => {
    // Reads the request, then closes the connection without a byte of answer.
    const server: Server = createServer((socket) => socket.once('data', () => socket.destroy()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const started = Date.now();
      const { report } = await runConformance({ target: { kind: 'url', url }, only: ['CreateEndpointConfig.baseline'], maxAttempts: 1 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(report.problem).toMatch(/connection closed or reset by the target \((ECONNRESET|EPIPE)/);
      expect(report.problem).not.toContain('no answer within');
    } finally {
      server.close();
    }
  });
});

describe('bad input is one line and exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-hostile-input-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const oneLine = async (argv: string[]) => {
    const io = captureIo({});
    const started = Date.now();
    const code = await main(argv, io);
    // No wait on a network or a timer: loading the command's modules is all the time it takes (9.5 s was seen for a
    // first load beside two other test runs, so the bound is loose; a hang still fails it).
    expect(Date.now() - started).toBeLessThan(30000);
    expect(io.err()).not.toMatch(/\n\s+at /); // no stack trace
    expect(io.err()).not.toContain('unexpected error');
    return { code, err: io.err() };
  };
  const step = { operation: 'CreateEndpointConfig', actual: { status: 200 } };
  const report = (steps: unknown[]) =>
    JSON.stringify({
      suite: { name: 'sagemaker-conformance', version: '0', spec: { name: 'CreateEndpointConfig', profile: 'model' } },
      runId: 'r1',
      target: { kind: 'mock', url: null, region: 'us-east-1', label: 'mock' },
      complete: true,
      summary: {},
      cleanup: { leftovers: [] },
      cases: [{ id: 'CreateEndpointConfig.baseline', title: 't', group: 'g', kind: 'baseline', status: 'passed', steps }],
    });

  it.each([
    ['--timeout 25d', ['run', '--timeout', '25d'], '--timeout must be at most 24d'],
    ["--report-dir ''", ['run', '--report-dir', ''], '--report-dir must name a folder'],
    ["--only ''", ['run', '--only', ''], '--only must give at least one'],
    ['--report-dir /proc/x', ['run', '--report-dir', '/proc/sc-conformance/x'], 'cannot write reports to /proc/sc-conformance/x'],
  ])('%s', async (_name, argv, text) => {
    const { code, err } = await oneLine(argv);
    expect(code).toBe(2);
    expect(err).toContain(text);
  });

  it.each([
    ['null', 'null', 'no "interactions" list'],
    ['a null interaction', '{"interactions":[null]}', 'interactions[0] is not an object'],
    ['a string providerStates', '{"interactions":[{"description":"d","providerStates":"a model exists"}]}', 'interactions[0].providerStates must be a list'],
    ['a nameless state', '{"interactions":[{"description":"d","providerStates":[{"params":{}}]}]}', 'interactions[0].providerStates[0] has no name'],
    ['no interactions', '{"interactions":[]}', 'has no interactions'],
  ])('a pact file holding %s', async (name, text, message) => {
    const pact = file(`${name.replace(/\W/g, '-')}.json`, text);
    const { code, err } = await oneLine(['verify', '--pact', pact, '--report-dir', join(dir, 'verify')]);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it.each([
    ['diff', (f: string) => ['diff', f, f]],
    ['merge', (f: string) => ['merge', '--out', join(dir, 'merged'), f]],
  ])('%s of a report with a null step', async (_name, argv) => {
    const bad = file('null-step.json', report([step, null]));
    const { code, err } = await oneLine(argv(bad));
    expect(code).toBe(2);
    expect(err).toContain('cases[0].steps[1] is not a step');
  });
});

describe('a report folder replaced by a file mid-run', () => {
  it('ends with one line and exit 2, not a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-folder-gone-'));
    const reports = join(dir, 'reports');
    let swapped = false;
    const target = await startHostileTarget((call, res) => {
      if (call.operation === 'CreateEndpointConfig' && !swapped) {
        swapped = true;
        rmSync(reports, { recursive: true, force: true });
        writeFileSync(reports, 'not a folder');
      }
      ordinary(call, res);
    });
    mkdirSync(reports);
    const cli = startCli(['run', '--target', target.url, '--report-dir', reports, '--only', 'CreateEndpointConfig.baseline']);
    try {
      expect((await cli.exited).code).toBe(2);
      expect(cli.stderr()).toContain(`could not write the reports to ${reports}`);
      expect(cli.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      await cli.kill();
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one plan per run', () => {
  it('prints the run id the report and the created names carry', async () => {
    const run = await runCliInProcess(['run', '--only', 'CreateEndpointConfig.baseline']);
    try {
      expect(run.code).toBe(0);
      const printed = /, run ([a-z0-9]+)\n/.exec(run.stderr)?.[1];
      expect(printed).toBe(run.report!.runId);
      expect(run.report!.cases[0]!.steps[0]!.request.EndpointConfigName).toMatch(new RegExp(`^sc-${printed}-`));
    } finally {
      removeReportDir(run);
    }
  });
});
