import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { readBounded } from '../../src/client/client';
import type { ConformanceReport } from '../../src/report/model';
import { startCli } from '../helpers/cli-child';
import { ordinary, startHostileTarget } from '../helpers/hostile-target';
import { cappedText, STORED_TEXT } from '../../src/io/capped';

const MiB = 1024 * 1024;

describe('readBounded', () => {
  it('keeps the first bytes up to the limit and counts the rest', async () => {
    const read = await readBounded(Readable.from([Buffer.alloc(600, 'a'), Buffer.alloc(600, 'b')]), 1000);
    expect(read).toMatchObject({ bytes: 1200, truncated: true, abandoned: false });
    expect(read.raw.length).toBe(1000);
  });

  it('stops reading a body far past the limit', async () => {
    const endless = Readable.from(
      (function* () {
        for (;;) yield Buffer.alloc(4096);
      })(),
    );
    const read = await readBounded(endless, 16);
    expect(read.abandoned).toBe(true);
    expect(read.raw.length).toBe(16);
  });
});

describe('a target answering 50 MB on every create', () => {
  it('ends in a whole report under 5 MB, in under 300 MB of memory', async () => {
    // JSON-looking, so nothing but the limit stops it from being kept whole.
    const huge = Buffer.concat([Buffer.from('{"EndpointConfigArn":"x","pad":"'), Buffer.alloc(50 * MiB, 'x'), Buffer.from('"}')]);
    const target = await startHostileTarget((call, res) => {
      if (call.operation !== 'CreateEndpointConfig') return ordinary(call, res);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1', 'content-length': huge.length });
      res.end(huge);
    });
    const dir = mkdtempSync(join(tmpdir(), 'sc-bodies-'));
    writeFileSync(join(dir, 'conformance.json'), '{"old": true}');
    const rssFile = join(dir, 'max-rss');
    // V8's young generation pinned at Node 20's 16 MB: from Node 22 on it is sized larger, and the dropped socket
    // chunks waiting for a scavenge moved the peak from 180 to 260-340 MiB with load (garbage, not bodies kept). The
    // bound is on what the run holds, on every Node line.
    const cli = startCli(['run', '--target', target.url, '--report-dir', dir], { SC_MAX_RSS_FILE: rssFile }, [
      '--max-semi-space-size=16',
      '-r',
      resolve(__dirname, '../helpers/max-rss.cjs'),
    ]);
    try {
      const { code } = await cli.exited;
      expect(code).toBe(1);
      const creates = target.seen.filter((c) => c.operation === 'CreateEndpointConfig').length;
      expect(creates).toBeGreaterThan(40);
      const size = statSync(join(dir, 'conformance.json')).size;
      const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
      const maxRss = Number(readFileSync(rssFile, 'utf8'));
      // The measured figures: docs/speed.md states only the bounds, and says this line prints them.
      process.stdout.write(`50 MB bodies: ${creates} creates, report ${(size / MiB).toFixed(2)} MiB, peak RSS ${(maxRss / MiB).toFixed(0)} MiB\n`);
      expect(size).toBeLessThan(5 * MiB);
      expect(maxRss).toBeLessThan(300 * MiB);
      expect(report.cases).toHaveLength(report.summary.total);
      const errored = report.cases.find((c) => c.status === 'errored')!;
      expect(errored.failures[0]).toMatchObject({ kind: 'error', reason: expect.stringContaining(`past --max-body ${MiB}`) });
      expect(errored.actual).toMatchObject({ bodyBytes: huge.length, body: { $step: 0 } });
      expect(cli.stderr()).toContain('past --max-body');
    } finally {
      await cli.kill();
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a body up to --max-body and counts the rest', async () => {
    const body = JSON.stringify({ EndpointConfigArn: 'x', pad: 'y'.repeat(5000) });
    const target = await startHostileTarget((call, res) => {
      if (call.operation !== 'CreateEndpointConfig') return ordinary(call, res);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' });
      res.end(body);
    });
    const dir = mkdtempSync(join(tmpdir(), 'sc-bodies-'));
    const cli = startCli(['run', '--target', target.url, '--report-dir', dir, '--only', 'CreateEndpointConfig.baseline', '--max-body', '1KiB']);
    try {
      expect((await cli.exited).code).toBe(1);
      const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
      expect(report.cases[0]!.failures[0]).toMatchObject({ reason: expect.stringContaining(`a body of ${body.length} bytes, past --max-body 1024`) });
    } finally {
      await cli.kill();
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores a body once, capped, in the report: the case refers to its step, checks keep a short form', async () => {
    const message = `ValidationException: ${'z'.repeat(200 * 1024)}`;
    const target = await startHostileTarget((call, res) => {
      if (call.operation !== 'CreateEndpointConfig') return ordinary(call, res);
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' });
      res.end(JSON.stringify({ __type: 'ValidationException', message }));
    });
    const dir = mkdtempSync(join(tmpdir(), 'sc-bodies-'));
    const cli = startCli(['run', '--target', target.url, '--report-dir', dir, '--only', 'CreateEndpointConfig.baseline']);
    try {
      expect((await cli.exited).code).toBe(1);
      const text = readFileSync(join(dir, 'conformance.json'), 'utf8');
      // Every form the message is kept in is bounded (the body's strings by src/io/capped.ts, the case's message and
      // the checks' values shorter still), and the body is stored in its step alone.
      const longestRun = Math.max(...[...text.matchAll(/z+/g)].map((m) => m[0].length));
      expect(longestRun).toBeGreaterThanOrEqual(STORED_TEXT - 100);
      expect(longestRun).toBeLessThanOrEqual(4000);
      expect(text.length).toBeLessThan(message.length / 4);
      const report = JSON.parse(text) as ConformanceReport;
      expect(report.cases[0]!.actual!.body).toEqual({ $step: 0 });
      expect((report.cases[0]!.steps[0]!.actual.body as { message: string }).message).toBe(cappedText(message));
      expect(cappedText(message)).toMatch(new RegExp(`… \\(${message.length} chars\\)$`));
    } finally {
      await cli.kill();
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
