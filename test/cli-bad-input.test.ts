import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningMock } from '../src/mock/server';
import { removeReportDir, runCliInProcess, type CliRun } from './helpers/cli-in-process';
import { startFaultyProxy, type RunningProxy } from './helpers/faulty-proxy';
import { startReferenceMock } from '../src/mock/reference';

describe('the CLI given bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-bad-input-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const notAnObject = file('array.json', '["EndpointConfigName.length.64"]');
  const notJson = file('broken.json', '{ "EndpointConfigName.length.64": ');
  const staleId = file('stale.json', '{ "EndpointConfigName.length.65": "no such case" }');
  const noReason = file('no-reason.json', '{ "EndpointConfigName.length.64": "" }');
  const aFile = file('a-file', '');

  let mock: RunningMock;
  let proxy: RunningProxy;
  let run: CliRun | undefined;

  beforeAll(async () => {
    mock = await startReferenceMock();
    // Every call that reaches the target passes through here, so "nothing was sent" is a count of zero.
    proxy = await startFaultyProxy(mock.url, (call) => call.pass());
  });
  afterEach(() => removeReportDir(run));
  afterAll(async () => {
    await proxy.close();
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['--bogus'], /unknown flag --bogus/],
    ['a flag without its value', ['--only'], /Option '--only <value>' argument missing/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['a target that is not a URL', ['--target', 'not a url'], /--target "not a url" is not mock, mock:FAULT, moto, aws, replay:DIR or an http\(s\) URL/],
    ['a URL without a host', ['--target', 'http://'], /--target "http:\/\/" is not/],
    ['a URL of another scheme', ['--target', 'ftp://127.0.0.1:21'], /--target URL must be http or https, not ftp:/],
    ['an unknown fault', ['--target', 'mock:no-such-fault'], /unknown fault "no-such-fault"/],
    ['an expectations file that does not exist', ['--expectations', join(dir, 'missing.json')], /cannot read expectations file .*missing\.json: ENOENT/],
    ['an expectations file that is not JSON', ['--expectations', notJson], /cannot read expectations file .*broken\.json/],
    ['an expectations file that is not an object', ['--expectations', notAnObject], /array\.json: expected a JSON object of case id → reason/],
    ['an expectations file naming no case', ['--expectations', staleId], /"EndpointConfigName\.length\.65" is not a case id/],
    ['an expectations entry without a reason', ['--expectations', noReason], /"EndpointConfigName\.length\.64" needs a reason/],
    ['an --only that matches nothing', ['--only', 'NoSuchMember.*'], /--only NoSuchMember\.\* matches no case/],
    ['a report folder that cannot be written', ['--report-dir', join(aFile, 'reports')], /cannot write reports to .*a-file\/reports/],
    ['a timeout that is not a duration', ['--timeout', 'soon'], /--timeout must be a duration/],
    ['a concurrency of zero', ['--concurrency', '0'], /--concurrency must be a positive whole number/],
  ];

  it.each(cases)('exits 2 with a one-line reason for %s, before sending anything', async (_, given, says) => {
    const args = [...given];
    const command = args[0]!.startsWith('-') ? ['run'] : [args.shift()!];
    run = await runCliInProcess([...command, ...(args.includes('--target') ? [] : ['--target', proxy.url]), ...args]);
    const [first, ...rest] = run.stderr.trimEnd().split('\n');
    expect({ code: run.code, first }).toEqual({ code: 2, first: expect.stringMatching(says) });
    expect(first).toMatch(/^sagemaker-conformance: /);
    expect(rest).toEqual(["Run 'sagemaker-conformance --help' for usage."]);
    expect(proxy.calls()).toBe(0);
    expect(mock.store.count()).toBe(0);
  });
});
