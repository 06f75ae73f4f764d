import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningMock } from '../src/mock/server';
import { freePort } from '../src/target/targets';
import { removeReportDir, runCliInProcess, type CliRun } from './helpers/cli-in-process';
import { startFaultyProxy, type ProxyCall, type RunningProxy } from './helpers/faulty-proxy';
import { startReferenceMock } from '../src/mock/reference';

// A slice of the table with accept and reject cases and both multi-step behaviour cases: enough to show that every
// case gets a status, small enough that retries against a broken target stay quick.
const ONLY = 'CreateEndpointConfig.baseline,EndpointConfigName.length.*,EndpointConfigName.required,behaviour.*';
const UNDER_TEST = 'CreateEndpointConfig';

const html502 = (call: ProxyCall) => {
  call.res.writeHead(502, { 'content-type': 'text/html' }).end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>');
};

/** Forwards the call (so the target may create something), then answers 200 with only part of the body before `end`. */
async function partialBody(call: ProxyCall, end: (call: ProxyCall) => void): Promise<void> {
  const answer = await call.forward();
  call.res.writeHead(200, { ...answer.headers, 'content-length': String(answer.body.length + 100) });
  call.res.write(answer.body.subarray(0, Math.ceil(answer.body.length / 2)));
  setTimeout(() => end(call), 20);
}

interface Scenario {
  name: string;
  /** Breaks calls of the operation under test; everything else goes through. */
  breakCall: (call: ProxyCall) => Promise<void> | void;
  flags?: string[];
  exitCode: number;
  /** The line a person can act on, somewhere in the output. */
  says: RegExp;
  /** What every selected case must end as. */
  status: string;
}

const scenarios: Scenario[] = [
  { name: 'an HTML error page (502)', breakCall: html502, exitCode: 1, says: /target answered HTTP 502: <html>/, status: 'errored' },
  {
    name: 'JSON that is not an object',
    breakCall: async (call) => {
      await call.forward();
      call.res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r' }).end('["not", "an", "object"]');
    },
    exitCode: 1,
    says: /body is JSON but not an object/,
    status: 'errored',
  },
  {
    name: 'a truncated body',
    breakCall: (call) => partialBody(call, (c) => c.res.socket?.end()),
    exitCode: 1,
    says: /closed or reset before the whole response arrived/,
    status: 'errored',
  },
  {
    name: 'a connection reset mid-body',
    breakCall: (call) => partialBody(call, (c) => c.res.socket?.resetAndDestroy()),
    exitCode: 1,
    says: /closed or reset before the whole response arrived/,
    status: 'errored',
  },
  {
    name: 'a response slower than --timeout',
    // Forwarded at once, answered never: the target has created the config, the client gives up.
    breakCall: async (call) => {
      await call.forward();
    },
    flags: ['--timeout', '250ms'],
    exitCode: 1,
    says: /no answer within 250 ms/,
    status: 'errored',
  },
  {
    name: 'a body fed one byte at a time, never idle for long, never done',
    // Node's and the SDK's idle timers never fire on this; the one deadline per request does.
    breakCall: async (call) => {
      await call.forward();
      call.res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r', 'content-length': '1000' });
      call.res.write('{"__type":"ValidationException","message":"');
      const drip = setInterval(() => call.res.write('x'), 50);
      call.res.on('close', () => clearInterval(drip));
    },
    flags: ['--timeout', '250ms'],
    exitCode: 1,
    says: /no answer within 250 ms .*HTTP 400 and \d+ bytes of the body arrived/,
    status: 'errored',
  },
];

describe('a run against a broken target', () => {
  let mock: RunningMock;
  let proxy: RunningProxy | undefined;
  let run: CliRun | undefined;

  beforeAll(async () => {
    mock = await startReferenceMock();
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    removeReportDir(run);
    run = undefined;
    mock.store.clear();
  });
  afterAll(() => mock.close());

  it.each(scenarios.map((s) => [s.name, s] as const))('survives %s: every case gets a status, the report is written, nothing is left', async (_, s) => {
    proxy = await startFaultyProxy(mock.url, (call) => (call.operation === UNDER_TEST ? s.breakCall(call) : call.pass()));
    run = await runCliInProcess(['run', '--target', proxy.url, '--only', ONLY, ...(s.flags ?? [])]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: s.exitCode, stderr: expect.stringMatching(s.says) });
    expect(run.report?.cases.length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(new RegExp(`note: ${run.report!.cases.length} of ${run.report!.cases.length} cases errored; the first: .*${s.says.source}`));
    expect(run.report!.cases.map((c) => c.status).filter((st) => st !== s.status)).toEqual([]);
    expect(run.report!.cleanup.leftovers).toEqual([]);
    expect(mock.store.count()).toBe(0);
  });

  it('ends with every case passing when a third of all calls are throttled', async () => {
    let throttled = 0;
    proxy = await startFaultyProxy(mock.url, (call) => {
      if (call.n % 3 !== 0) return call.pass();
      throttled += 1;
      call.res
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 't' })
        .end('{"__type":"ThrottlingException","message":"Rate exceeded"}');
    });
    run = await runCliInProcess(['run', '--target', proxy.url, '--only', ONLY, '--concurrency', '8']);
    expect(run.stderr).not.toMatch(/errored|failed \(|left on the target/);
    expect(run.code).toBe(0);
    expect(run.report!.summary.passed).toBe(run.report!.summary.total);
    expect(throttled).toBe(Math.floor(proxy.calls() / 3));
    expect(run.report!.cases.some((c) => c.steps.some((s) => (s.actual.attempts ?? 1) > 1))).toBe(true);
    expect(mock.store.count()).toBe(0);
  });

  it('exits 2 with the reason when set-up itself gets an HTML 502, and leaves nothing', async () => {
    proxy = await startFaultyProxy(mock.url, html502);
    run = await runCliInProcess(['run', '--target', proxy.url, '--only', ONLY]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/could not set up: CreateModel for the run's model answered HTTP 502: <html>/);
    expect(run.report!.cases.every((c) => c.status === 'skipped')).toBe(true);
    expect(mock.store.count()).toBe(0);
  });
});

describe('a run against a target it cannot reach', () => {
  let server: Server | undefined;
  let run: CliRun | undefined;
  let requests = 0;
  const tlsDir = mkdtempSync(join(tmpdir(), 'sc-tls-'));

  const listen = async (s: Server): Promise<number> => {
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return (s.address() as AddressInfo).port;
  };
  const counting = () => {
    requests += 1;
  };

  afterEach(async () => {
    if (server)
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        server!.closeAllConnections();
      });
    server = undefined;
    removeReportDir(run);
    run = undefined;
    requests = 0;
  });
  afterAll(() => rmSync(tlsDir, { recursive: true, force: true }));

  const expectNothingRan = (r: CliRun, says: RegExp) => {
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(says) });
    expect(r.report!.complete).toBe(false);
    expect(r.report!.cases.every((c) => c.status === 'skipped')).toBe(true);
    expect(r.report!.cleanup.leftovers).toEqual([]);
    expect(r.stderr).not.toMatch(/left on the target/);
  };

  it('exits 2 saying the connection was refused', async () => {
    run = await runCliInProcess(['run', '--target', `http://127.0.0.1:${await freePort()}`, '--only', ONLY]);
    expectNothingRan(run, /connection refused .*is the target running\?/);
  });

  it('exits 2 with a TLS error when a plain-HTTP server is addressed with https://', async () => {
    const port = await listen(createHttpServer(counting));
    run = await runCliInProcess(['run', '--target', `https://127.0.0.1:${port}`, '--only', ONLY]);
    expectNothingRan(run, /TLS error/);
    expect(requests).toBe(0);
  });

  it('exits 2 with a TLS error when the certificate is self-signed', async () => {
    const key = join(tlsDir, 'key.pem');
    const cert = join(tlsDir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const port = await listen(createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, counting) as unknown as Server);
    run = await runCliInProcess(['run', '--target', `https://127.0.0.1:${port}`, '--only', ONLY]);
    expectNothingRan(run, /TLS error.*certificate/i);
    expect(requests).toBe(0);
  });
});
