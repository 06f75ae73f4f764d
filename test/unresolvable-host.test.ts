/**
 * A target whose host name does not resolve. The lookup is answered by nock inside this process, so no DNS query
 * leaves the machine (the resolver here is not on loopback), and nothing but 127.0.0.1 may be reached meanwhile.
 */
import nock from 'nock';
import { removeReportDir, runCliInProcess, type CliRun } from './helpers/cli-in-process';

const HOST = 'http://sagemaker-conformance.invalid:8080';

describe('a run against a host name that does not resolve', () => {
  let run: CliRun | undefined;
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock(HOST)
      .persist()
      .post(/.*/)
      .replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND sagemaker-conformance.invalid'), { code: 'ENOTFOUND' }));
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
    removeReportDir(run);
  });

  it('exits 2, says the name does not resolve, and reports every case skipped', async () => {
    // A name that is not loopback gets the standard credential chain, which reads the process's environment.
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test-secret' });
    try {
      run = await runCliInProcess(['run', '--target', HOST, '--only', 'EndpointConfigName.length.*']);
    } finally {
      process.env = saved;
    }
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/host name does not resolve .*check the --target URL/) });
    expect(run.report!.complete).toBe(false);
    expect(run.report!.cases.every((c) => c.status === 'skipped')).toBe(true);
    expect(run.report!.cleanup.leftovers).toEqual([]);
  });
});
