import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startCli } from '../helpers/cli-child';
import { removeReportDir, runCliInProcess, type CliRun } from '../helpers/cli-in-process';
import { errorAnswer, ordinary, startHostileTarget, type HostileTarget } from '../helpers/hostile-target';
import { startLoggingProxy, type LoggingProxy } from '../helpers/logging-proxy';
import { startReferenceMock } from '../../src/mock/reference';
import type { RunningMock } from '../../src/mock/server';
import type { ConformanceReport } from '../../src/report/model';
import { LOCK_FILE } from '../../src/report/lock';

const MiB = 1024 * 1024;

/** A raw loopback server that reads each request and then misbehaves as `mode` says; stopped by the test. */
async function startStallingServer(mode: 'dribble-body' | 'dribble-headers' | 'silent'): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => {});
    sock.on('close', () => sockets.delete(sock));
    let seen = '';
    sock.on('data', (d: Buffer) => {
      seen += d.toString('latin1');
      const end = seen.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(seen)?.[1] ?? 0);
      if (seen.length < end + 4 + length) return;
      seen = '';
      if (mode === 'silent') return;
      const head =
        mode === 'dribble-body'
          ? 'HTTP/1.1 400 Bad Request\r\nx-amzn-RequestId: r1\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 1000\r\n\r\n{"__type":"ValidationException","message":"'
          : '';
      sock.write(head);
      const drip = mode === 'dribble-body' ? 'x' : 'HTTP/1.1 200 OK\r\nx-amzn-RequestId: r1\r\n';
      let i = 0;
      // One byte every 200 ms: never idle for long, never done.
      const timer = setInterval(() => sock.write(drip[i++ % drip.length]!), 200);
      timers.add(timer);
      sock.on('close', () => clearInterval(timer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const t of timers) clearInterval(t);
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('--timeout bounds each whole request', () => {
  let server: Awaited<ReturnType<typeof startStallingServer>> | undefined;
  let run: CliRun | undefined;
  afterEach(async () => {
    await server?.close();
    removeReportDir(run);
  });

  it.each([
    ['a body fed one byte at a time', 'dribble-body', /no answer within 2000 ms .*HTTP 400 and \d+ bytes of the body arrived \("\{\\"__type/],
    ['headers fed one byte at a time', 'dribble-headers', /no answer within 2000 ms .*nothing arrived/],
    ['a target that never answers', 'silent', /no answer within 2000 ms .*nothing arrived/],
  ] as const)('errors every case (SDK and raw) against %s, says what arrived, and ends', async (_, mode, says) => {
    server = await startStallingServer(mode);
    const started = Date.now();
    run = await runCliInProcess([
      'run',
      '--target',
      server.url,
      '--model-name',
      'existing-model',
      '--only',
      'EndpointConfigName.length.*,protocol.unsigned,protocol.empty-body',
      '--timeout',
      '2s',
    ]);
    const took = Date.now() - started;
    expect(run.code).toBe(1);
    const cases = run.report!.cases;
    expect(cases.map((c) => c.id)).toEqual(expect.arrayContaining(['protocol.unsigned', 'EndpointConfigName.length.64']));
    expect(cases.filter((c) => c.status !== 'errored')).toEqual([]);
    // Every case is cut by the deadline; what arrived is said (on a loaded machine a case may see its deadline pass
    // before even the headers came, so the body's bytes are required of most cases, not all).
    for (const c of cases) expect(c.failures[0]).toMatchObject({ kind: 'error', reason: expect.stringMatching(/no answer within 2000 ms/) });
    const saying = cases.filter((c) => says.test(c.failures[0]?.kind === 'error' ? c.failures[0].reason : ''));
    expect(saying.length).toBeGreaterThan(cases.length / 2);
    expect(saying.map((c) => c.id)).toEqual(expect.arrayContaining(mode === 'dribble-body' ? [] : ['protocol.unsigned']));
    // Each call is cut at 2 s: cases, the listing and the deletes of clean-up, one round each, not minutes.
    expect(took).toBeLessThan(60000);
  });

  it('exits 2 when set-up stalls, within the deadline', async () => {
    server = await startStallingServer('dribble-body');
    run = await runCliInProcess(['run', '--target', server.url, '--only', 'EndpointConfigName.length.*', '--timeout', '2s']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/could not set up: CreateModel .*no answer within 2000 ms/);
  });
});

describe('clean-up deletes only what the run named', () => {
  let target: HostileTarget;
  let run: CliRun | undefined;
  afterEach(async () => {
    await target.close();
    removeReportDir(run);
  });

  it("never deletes or tags a resource a forged ARN names, and fails the case's EndpointConfigArn.name", async () => {
    target = await startHostileTarget((call, res) => {
      const answer = (body: Record<string, unknown>) => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r' });
        res.end(JSON.stringify(body));
      };
      if (call.operation === 'CreateEndpointConfig')
        return answer({ EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/team-prod-config' });
      if (call.operation === 'CreateModel') return answer({ ModelArn: 'arn:aws:sagemaker:us-east-1:123456789012:model/team-prod-model' });
      return ordinary(call, res);
    });
    run = await runCliInProcess(['run', '--target', target.url, '--only', 'EndpointConfigName.length.63,CreateEndpointConfig.baseline']);
    expect(run.code).toBe(1);
    const touched = target.seen.filter((c) => /^(Delete|AddTags)/.test(c.operation) && c.body.includes('team-prod'));
    expect(touched).toEqual([]);
    expect(target.seen.filter((c) => c.operation.startsWith('Delete')).length).toBeGreaterThan(0);
    expect(run.report!.cleanup.deleted.join(' ')).not.toContain('team-prod');
    for (const c of run.report!.cases)
      expect(c.failures).toContainEqual(expect.objectContaining({ check: 'EndpointConfigArn.name', actual: 'team-prod-config' }));
  });
});

const ESC = '\u001b';
const HEX64 = '0123456789abcdef'.repeat(4);
const FORGED_COUNTS = '0 passed, 0 failed, 0 errored, 0 skipped, 0 expected failures, 0 unexpected passes (90 cases)';
const EVIL = `\n::error file=x::pwned\n::add-mask::x ${ESC}[2K${ESC}]52;c;cHduZWQ=\u0007${ESC}]0;title\u0007 <img src=x onerror=alert(1)> | **b** [l](http://e) ${HEX64}\n${FORGED_COUNTS}\n##[error]old form`;

describe('target text is neutralised in every output', () => {
  let target: HostileTarget;
  let dir: string;
  let evil = false;
  beforeAll(async () => {
    target = await startHostileTarget((call, res) => {
      if (call.operation !== 'CreateEndpointConfig') return ordinary(call, res);
      if (!evil) return errorAnswer(res, 400, 'ValidationException', "Value at 'endpointConfigName' failed");
      // The error code (which drift lines print) carries a forged counts line; `:` would end the code, so none.
      return errorAnswer(res, 400, `ValidationException\n${FORGED_COUNTS}\n${ESC}]0;title\u0007`, EVIL);
    });
    dir = mkdtempSync(join(tmpdir(), 'sc-inject-'));
  });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('no escape, no workflow command, one counts line (with --baseline drift lines), escaped Markdown, well-formed JUnit', async () => {
    const only = ['--only', 'EndpointConfigName.*'];
    const first = startCli(['run', '--target', target.url, '--report-dir', join(dir, 'before'), ...only]);
    await first.exited;
    evil = true;
    // --per-case: the per-case lines print the target's whole text, which must be shown, not obeyed.
    const cli = startCli([
      'run',
      '--target',
      target.url,
      '--report-dir',
      join(dir, 'after'),
      ...only,
      '--per-case',
      '--baseline',
      join(dir, 'before', 'conformance.json'),
    ]);
    const { code } = await cli.exited;
    expect(code).toBe(1);
    const stdout = cli.stdout();
    const stderr = cli.stderr();
    expect(stdout).toMatch(/drift against .*: \d+ changed/);
    expect(stdout.split('\n').filter((l) => /^\d+ passed, /.test(l))).toHaveLength(1);
    expect(stdout).toContain(`ValidationException\\n${FORGED_COUNTS}\\n\\e]0;title\\x07`); // in a drift line, shown
    const md = readFileSync(join(dir, 'after', 'conformance.md'), 'utf8');
    const drift = readFileSync(join(dir, 'after', 'drift.md'), 'utf8');
    for (const text of [stdout, stderr]) {
      expect(text).not.toContain(ESC);
      expect(text).not.toContain('\u0007');
      expect(text.split('\n').filter((l) => /^\s*(::|##\[)/.test(l))).toEqual([]);
    }
    expect(stderr).toContain('\\e[2K'); // shown, not obeyed
    for (const text of [md, drift]) {
      expect(text).not.toContain('<img');
      expect(text).not.toContain(ESC);
      expect(text.split('\n').filter((l) => /^\s*(::|##\[)|^\d+ passed, /.test(l))).toEqual([]);
    }
    expect(md).toContain('&lt;img');
    // The 64-hex value is redacted in an escaped document: the JUnit stays XML, the HTML shows the placeholder.
    const junit = join(dir, 'after', 'junit.xml');
    execFileSync('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])', junit]);
    expect(readFileSync(junit, 'utf8')).not.toMatch(/<redacted>/);
    const html = readFileSync(join(dir, 'after', 'conformance.html'), 'utf8');
    expect(html).not.toMatch(/<redacted>/);
    // The page is escaped HTML, and the target's text in it is one printable line too (a copied message carries no escape).
    expect(html).not.toContain(ESC);
    expect(html).not.toContain('\u0007');
    expect(html).not.toContain('<img');
  });
});

describe('deeply nested answers', () => {
  it.each([3000, 10000])('%i levels: whole reports under 5 MB in under 300 MB of memory, the cut said', async (depth) => {
    const deep = '['.repeat(depth) + ']'.repeat(depth);
    const target = await startHostileTarget((call, res) => {
      if (call.operation !== 'CreateEndpointConfig') return ordinary(call, res);
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'r' });
      res.end(`{"__type":${deep},"message":${deep}}`);
    });
    const dir = mkdtempSync(join(tmpdir(), 'sc-nested-'));
    const rssFile = join(dir, 'max-rss');
    const cli = startCli(
      ['run', '--target', target.url, '--report-dir', join(dir, 'r'), '--only', 'EndpointConfigName.*,Tags.*'],
      { SC_MAX_RSS_FILE: rssFile },
      ['-r', resolve(__dirname, '../helpers/max-rss.cjs')],
    );
    try {
      expect((await cli.exited).code).toBe(1);
      const files = readdirSync(join(dir, 'r')).map((f) => statSync(join(dir, 'r', f)).size);
      const maxRss = Number(readFileSync(rssFile, 'utf8'));
      process.stdout.write(
        `nested ${depth} deep: reports ${files.map((s) => (s / 1024).toFixed(0)).join('/')} KiB, peak RSS ${(maxRss / MiB).toFixed(0)} MiB\n`,
      );
      expect(files).toHaveLength(4);
      for (const size of files) expect(size).toBeLessThan(5 * MiB);
      expect(maxRss).toBeLessThan(300 * MiB);
      const report = JSON.parse(readFileSync(join(dir, 'r', 'conformance.json'), 'utf8')) as ConformanceReport;
      expect(report.complete).toBe(true);
      const c = report.cases.find((x) => x.status === 'errored')!;
      expect(c.failures[0]).toMatchObject({ reason: expect.stringContaining(`nests arrays and objects ${depth + 1} levels deep; it is kept cut at 32`) });
    } finally {
      await cli.kill();
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a password in the target URL', () => {
  let target: HostileTarget;
  beforeEach(async () => {
    target = await startHostileTarget(ordinary);
  });
  afterEach(() => target.close());

  it.each(['--target', 'AWS_ENDPOINT_URL_SAGEMAKER'])('is refused from %s: exit 2, never printed, nothing sent', async (how) => {
    const url = target.url.replace('http://', 'http://ci-user:hunter2-Pa55word@');
    const run = await runCliInProcess(how === '--target' ? ['run', '--target', url] : ['run'], how === '--target' ? {} : { AWS_ENDPOINT_URL_SAGEMAKER: url });
    try {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/holds a user name or password/);
      expect(`${run.stdout}${run.stderr}${run.report ? JSON.stringify(run.report) : ''}`).not.toMatch(/hunter2|Pa55word/);
      expect(target.seen).toEqual([]);
    } finally {
      removeReportDir(run);
    }
  });
});

describe('input files that never end or block', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sc-inputs-'));
  const fifo = join(dir, 'fifo');
  beforeAll(() => execFileSync('mkfifo', [fifo]));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['--expectations /dev/zero', ['run', '--expectations', '/dev/zero'], /a device, not a regular file/],
    ['--expectations FIFO', ['run', '--expectations', fifo], /a FIFO, not a regular file/],
    ['verify --pact /dev/zero', ['verify', '--pact', '/dev/zero'], /a device, not a regular file/],
    ['verify --pact FIFO', ['verify', '--pact', fifo], /a FIFO, not a regular file/],
    ['--baseline FIFO', ['run', '--baseline', fifo], /a FIFO, not a regular file/],
  ])('%s: exit 2 within seconds', async (_, args, says) => {
    const cli = startCli([...args, '--report-dir', join(dir, 'r')]);
    try {
      const started = Date.now();
      const { code, at } = await cli.exited;
      expect({ code, stderr: cli.stderr() }).toEqual({ code: 2, stderr: expect.stringMatching(says) });
      expect(at - started).toBeLessThan(10000);
    } finally {
      await cli.kill();
    }
  });
});

describe('the report folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sc-folder-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is refused to a second run while the first one's process lives (exit 2), taken over from a dead one", async () => {
    const reports = join(dir, 'r');
    mkdirSync(reports);
    writeFileSync(join(reports, 'conformance.json'), '{"first": true}');
    writeFileSync(join(reports, LOCK_FILE), JSON.stringify({ pid: process.pid, what: 'run first1', since: 'now' }));
    const refused = await runCliInProcess(['run', '--report-dir', reports, '--only', 'EndpointConfigName.length.*']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is in use by run first1 \(process \d+/);
    expect(readFileSync(join(reports, 'conformance.json'), 'utf8')).toBe('{"first": true}');
    // A lock whose process is gone (killed) is stale.
    const dead = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(reports, LOCK_FILE), JSON.stringify({ pid: Number(dead), what: 'run crashed' }));
    const taken = await runCliInProcess(['run', '--report-dir', reports, '--only', 'EndpointConfigName.length.*']);
    expect(taken.code).toBe(0);
    expect(existsSync(join(reports, LOCK_FILE))).toBe(false);
  });

  it("is refused to explore as to run while another's process lives (exit 2), and given back when explore ends", async () => {
    const reports = join(dir, 'r');
    mkdirSync(reports);
    writeFileSync(join(reports, 'conformance.json'), '{"first": true}');
    writeFileSync(join(reports, LOCK_FILE), JSON.stringify({ pid: process.pid, what: 'run first1', since: 'now' }));
    const refused = await runCliInProcess(['explore', '--report-dir', reports, '--seed', '1', '--max-requests', '3']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is in use by run first1 \(process \d+/);
    expect(readFileSync(join(reports, 'conformance.json'), 'utf8')).toBe('{"first": true}');
    // Explore holds the folder while it runs, as run does, and releases it at the end.
    rmSync(join(reports, LOCK_FILE));
    const explored = await runCliInProcess(['explore', '--report-dir', reports, '--seed', '1', '--max-requests', '3']);
    expect(explored.code).toBe(0);
    expect(existsSync(join(reports, LOCK_FILE))).toBe(false);
    expect((JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport).explore).toBeDefined();
  });

  it('never follows a planted link: the file it names is untouched, no temporary is left', async () => {
    const reports = join(dir, 'r');
    mkdirSync(reports);
    const outside = join(dir, 'precious.txt');
    writeFileSync(outside, 'keep me');
    symlinkSync(outside, join(reports, 'conformance.json'));
    symlinkSync(outside, join(reports, `conformance.json.${process.pid}.tmp`));
    const run = await runCliInProcess(['run', '--report-dir', reports, '--only', 'EndpointConfigName.length.*']);
    expect(run.code).toBe(0);
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    expect(lstatSync(join(reports, 'conformance.json')).isFile()).toBe(true);
    expect(readdirSync(reports).filter((f) => f.endsWith('.tmp') && !f.startsWith('conformance.json.'))).toEqual([]);
  });
});

describe('one agent policy: HTTP_PROXY, HTTPS_PROXY and NO_PROXY', () => {
  let proxy: LoggingProxy;
  let mock: RunningMock;
  let dir: string;
  const pacts = mkdtempSync(join(tmpdir(), 'sc-proxy-pacts-'));
  beforeAll(async () => {
    mock = await startReferenceMock();
    const pact = startCli(['pact', '--dir', pacts]);
    expect((await pact.exited).code).toBe(0);
  });
  afterAll(async () => {
    await mock.close();
    rmSync(pacts, { recursive: true, force: true });
  });
  beforeEach(async () => {
    proxy = await startLoggingProxy();
    dir = mkdtempSync(join(tmpdir(), 'sc-proxy-'));
    mock.store.clear();
  });
  afterEach(async () => {
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (args: string[], env: NodeJS.ProcessEnv) => {
    const child = startCli([...args, '--report-dir', join(dir, 'r')], {
      HTTP_PROXY: '',
      HTTPS_PROXY: '',
      NO_PROXY: '',
      http_proxy: '',
      https_proxy: '',
      no_proxy: '',
      ...env,
    });
    const { code } = await child.exited;
    return { code, stderr: child.stderr() };
  };

  it('run goes through HTTP_PROXY to a URL target, as curl would', async () => {
    const { code } = await cli(['run', '--target', mock.url, '--only', 'EndpointConfigName.length.*,protocol.unsigned'], { HTTP_PROXY: proxy.url });
    expect(code).toBe(0);
    const host = new URL(mock.url).host;
    expect(proxy.log.length).toBeGreaterThan(3);
    expect(proxy.log.every((r) => r.method === 'POST' && r.target.startsWith(`http://${host}/`))).toBe(true);
  });

  it('run sends nothing through a proxy NO_PROXY excludes, nor for a mock it started', async () => {
    expect(
      (
        await cli(['run', '--target', mock.url, '--only', 'EndpointConfigName.length.*'], {
          HTTPS_PROXY: proxy.url,
          HTTP_PROXY: proxy.url,
          NO_PROXY: '127.0.0.1,localhost',
        })
      ).code,
    ).toBe(0);
    expect((await cli(['run', '--target', 'mock', '--only', 'EndpointConfigName.length.*'], { HTTP_PROXY: proxy.url })).code).toBe(0);
    expect(proxy.log).toEqual([]);
  });

  it('verify sends nothing through a proxy NO_PROXY excludes (no Authorization through it)', async () => {
    const { code, stderr } = await cli(['verify', '--target', mock.url, '--pact', pacts], { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1,localhost' });
    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(proxy.log).toEqual([]);
  });

  it("verify with HTTP_PROXY alone sends only the target's requests through it, never Pact's own loopback servers", async () => {
    const { code, stderr } = await cli(['verify', '--target', mock.url, '--pact', pacts], { HTTP_PROXY: proxy.url });
    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const host = new URL(mock.url).host;
    expect(proxy.log.length).toBeGreaterThan(0);
    expect(proxy.log.filter((r) => !r.target.includes(host))).toEqual([]);
  });
});
