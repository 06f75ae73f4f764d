import { markdownText, neutraliseOutput, printable } from '../src/io/neutral';
import { addSecrets, ESCAPED_PLACEHOLDER, redact, redactValue } from '../src/client/redact';
import { brief } from '../src/report/model';
import { cutDepth, nestingDepth, parseBoundedJson } from '../src/io/bounded-json';
import { pactEnvironment } from '../src/client/agents';
import { parseTarget } from '../src/target/targets';
import { renderMarkdown } from '../src/report/markdown';
import { renderHtml } from '../src/report/html';
import { summarize, type ConformanceReport } from '../src/report/model';
import type { CaseResult } from '../src/report/results';
import { contractsHtml } from '../src/report/contracts';
import { exploreHtml } from '../src/report/explore';
import type { Finding } from '../src/report/explore-types';

const ESC = '\u001b';

describe('printable and neutraliseOutput', () => {
  it('shows control characters, line breaks and bidi overrides as visible escapes', () => {
    expect(printable(`a\nb\r${ESC}[2K${ESC}]52;c;eA==\u0007\u202e\u2028\u0085`)).toBe('a\\nb\\r\\e[2K\\e]52;c;eA==\\x07\\u202e\\u2028\\x85');
  });

  it("keeps the suite's own colours and newlines, and no line starts a workflow command", () => {
    const out = neutraliseOutput(`\u001b[32m✓ ok\u001b[0m\n::error::x\n  ::add-mask::y\n##[error]z\nfine ##vso[task.setvariable]w\n${ESC}]0;t\u0007`);
    expect(out.split('\n')).toEqual([
      '\u001b[32m✓ ok\u001b[0m',
      '\\x3a:error::x',
      '  \\x3a:add-mask::y',
      '\\x23#[error]z',
      'fine \\x23#vso[task.setvariable]w',
      '\\e]0;t\\x07',
    ]);
  });

  it('escapes Markdown and HTML in target text', () => {
    expect(markdownText('<img src=x> | **b** [l](u) `c` &amp;\n::x')).toBe('&lt;img src=x&gt; \\| \\*\\*b\\*\\* \\[l\\](u) \\`c\\` &amp;amp;\\\\n::x');
  });
});

describe('redaction', () => {
  const TOKEN = 'FwoGZXIvYXdzEJr0123TOKENvalueQwErTy98765';
  // Put together at run time, as test/report.test.ts does: a whole key id in the source trips secret scanners.
  beforeAll(() => addSecrets(TOKEN, ['AKIA', 'ZZZZ0123456789QQ'].join('')));

  it('removes any 12-character run of a known secret, but not word-like runs', () => {
    expect(redact(`cut: ${TOKEN.slice(3, 20)}… and ${TOKEN.slice(-12)}`)).toBe('cut: <redacted>… and <redacted>');
    expect(redact(`${TOKEN.slice(0, 11)}`)).toBe(TOKEN.slice(0, 11));
  });

  it('redacts first, then shortens: no piece of a secret survives a cut', () => {
    const text = `${'x'.repeat(150)}${TOKEN}${'y'.repeat(100)}`;
    expect(brief(text)).not.toContain(TOKEN.slice(0, 8));
  });

  it('uses the escaped placeholder for escaped documents and redacts values as data', () => {
    expect(redact(`<m>${'ab'.repeat(32)}</m>`, [], ESCAPED_PLACEHOLDER)).toBe('<m>&lt;redacted&gt;</m>');
    const shared = { body: `token ${TOKEN}` };
    const value = redactValue({ a: shared, b: shared, [TOKEN]: 1 });
    expect(value).toEqual({ a: { body: 'token <redacted>' }, b: { body: 'token <redacted>' }, '<redacted>': 1 });
    expect(value.a).toBe(value.b);
  });
});

describe('bounded JSON', () => {
  it('counts nesting without parsing, and cuts at the budget', () => {
    expect(nestingDepth('{"a":"[[[[","b":[[1]]}')).toBe(3);
    const deep = `${'['.repeat(50)}${']'.repeat(50)}`;
    const { value, cut } = parseBoundedJson(`{"x":${deep}}`, 4);
    expect(cut).toBe(true);
    expect(JSON.stringify(value)).toBe('{"x":[[["<cut: nested deeper than 4 levels>"]]]}');
    expect(cutDepth({ a: [1] }, 4)).toEqual({ value: { a: [1] }, cut: false });
  });
});

describe('the agent policy for Pact', () => {
  it("replaces the proxy variables: the target's proxy with loopback excluded, or none; metrics off", () => {
    const set = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '127.0.0.1' };
    const original = { ...process.env };
    Object.assign(process.env, set, { HTTP_PROXY: '', http_proxy: '', https_proxy: '', no_proxy: '', all_proxy: '', ALL_PROXY: '' });
    try {
      expect(pactEnvironment('http://127.0.0.1:4566', {})).toMatchObject({
        HTTPS_PROXY: undefined,
        HTTP_PROXY: undefined,
        NO_PROXY: undefined,
        PACT_DO_NOT_TRACK: 'true',
      });
      expect(pactEnvironment('https://api.sagemaker.eu-west-1.amazonaws.com', {})).toMatchObject({
        HTTPS_PROXY: 'http://proxy:3128',
        NO_PROXY: 'localhost,127.0.0.1,::1,[::1]',
      });
      expect(pactEnvironment('https://api.sagemaker.eu-west-1.amazonaws.com', {}, true).HTTPS_PROXY).toBeUndefined();
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in original)) delete process.env[k];
      Object.assign(process.env, original);
    }
  });
});

describe('a target URL with userinfo', () => {
  it('is refused without printing the password', () => {
    expect(() => parseTarget('https://me:s3cr3t-pw@emulator.example:4566')).toThrow(/"https:\/\/emulator.example:4566" holds a user name or password/);
    try {
      parseTarget('http://me:s3cr3t-pw@[bad');
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cr3t');
    }
  });
});

describe("a failing case's repro in Markdown and HTML", () => {
  // What the case sent and what the target answered, both hostile: a quote, a command substitution, backticks that
  // would close a fence, markup, a line break and an escape sequence.
  const request = { EndpointConfigName: "it's $(rm -rf ~) ````` <script>alert(1)</script>", Tags: [{ Key: 'k', Value: `a\nb${ESC}[2K` }] };
  const message = `Value at 'endpointConfigName' <img src=x onerror=alert(1)> \`\`\`\n::error::forged ${ESC}]52;c;eA==\u0007`;
  const actual = { operation: 'CreateEndpointConfig', status: 400, errorCode: 'Validation<b>', message, body: { __type: 'ValidationException', message } };
  const failing: CaseResult = {
    id: 'EndpointConfigName.pattern.space',
    operation: 'CreateEndpointConfig',
    title: 'a pattern case',
    group: 'EndpointConfigName',
    kind: 'pattern',
    clause: { source: 'spec', member: 'EndpointConfigName', text: 'the pattern' },
    facts: { member: 'EndpointConfigName' },
    expected: { outcome: 'reject', status: 400, errorCodes: ['ValidationException'] },
    actual,
    status: 'failed',
    failures: [{ kind: 'mismatch', step: 0, check: 'error.code', expected: 'ValidationException', actual: 'Validation<b>' }],
    durationMs: 1,
    steps: [
      { operation: 'CreateEndpointConfig', request, expected: { outcome: 'reject', status: 400, errorCodes: ['ValidationException'] }, actual, checks: [] },
    ],
  };
  const report: ConformanceReport = {
    suite: { name: 'sagemaker-conformance', version: '0.1.0', spec: { name: 'CreateEndpointConfig', profile: 'model', sources: {} } },
    target: { kind: 'url', url: 'http://127.0.0.1:4566', region: 'us-east-1', label: 'http://127.0.0.1:4566' },
    runId: 'k3x9q2',
    startedAt: '2026-12-03T00:00:00.000Z',
    finishedAt: '2026-12-03T00:00:01.000Z',
    complete: true,
    summary: summarize([failing]),
    cleanup: { deleted: [], leftovers: [] },
    cases: [failing],
  };
  const body = JSON.stringify(request);
  const bodyLine = `body='${body.replace(/'/g, `'\\''`)}'`;

  it('shows the request, the aws and curl lines and the answer in Markdown, and nothing breaks out of its fence', () => {
    const md = renderMarkdown(report);
    const lines = md.split('\n');
    const at = lines.indexOf(bodyLine);
    expect(at).toBeGreaterThan(0);
    // The fence around it is longer than any run of backticks inside, and closes only after the curl line.
    const fence = lines[at - 1]!;
    expect(fence).toMatch(/^`{6,}sh$/);
    expect(lines[at + 1]).toBe(`aws sagemaker create-endpoint-config --cli-input-json "$body" --endpoint-url 'http://127.0.0.1:4566' --region 'us-east-1'`);
    expect(lines[at + 2]).toMatch(
      /^curl -sS -i --aws-sigv4 'aws:amz:us-east-1:sagemaker' --user "\$AWS_ACCESS_KEY_ID:\$AWS_SECRET_ACCESS_KEY" .* --data-binary "\$body" 'http:\/\/127\.0\.0\.1:4566'$/,
    );
    expect(lines[at + 3]).toBe(fence.replace(/sh$/, ''));
    expect(md).toContain('- group: `CreateEndpointConfig.pattern.other-code` (1 case)');
    // The answer is target text: escaped, one line, no markup, no workflow command at a line's start.
    // Inside a fence text is shown as written (the request is ours, markup included); outside it nothing is markup.
    const outside = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
    expect(outside).not.toMatch(/<img|<script|Validation<b>/);
    expect(md).not.toContain(ESC);
    expect(md).not.toContain('\u0007');
    expect(md).not.toMatch(/^::error/m);
    expect(md.indexOf('## Deviation groups')).toBeLessThan(md.indexOf('## Needs attention'));
  });

  it('shows the same lines in HTML, escaped', () => {
    const html = renderHtml(report);
    const pre = /<pre class="lines">([^<]*)<\/pre>/.exec(html)?.[1];
    const unescaped = pre?.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
    expect(unescaped?.split('\n')[0]).toBe(bodyLine);
    expect(unescaped).toContain('aws sagemaker create-endpoint-config --cli-input-json "$body"');
    expect(html).not.toMatch(/<img|<script|Validation<b>/);
    expect(html).not.toContain(ESC);
    expect(html).not.toContain('\u0007');
    expect(html).toContain('CreateEndpointConfig.pattern.other-code');
  });
});

// eslint-disable-next-line no-control-regex
const CONTROL_OR_BIDI = /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/;

describe('target text in the HTML of the contracts and explore sections', () => {
  const hostile = `x${ESC}]52;c;eA==\u0007${ESC}[2K<img src=y>\u202e`;

  it('is one printable line with markup as entities, in the contracts table', () => {
    const html = contractsHtml({
      pacts: [{ source: 'p.json', consumer: hostile, provider: 'SageMaker', interactions: 1 }],
      summary: { total: 1, verified: 0, failed: 1, pendingFailed: 0, notRun: 0, skipped: 0 },
      interactions: [
        { pact: 'p.json', consumer: hostile, provider: 'SageMaker', description: hostile, states: [hostile], status: 'failed', failures: [hostile] },
      ],
    });
    expect(html).not.toMatch(CONTROL_OR_BIDI);
    expect(html).not.toContain('<img');
    expect(html).toContain('\\e]52;c;eA==\\x07\\e[2K&#60;img src=y&#62;\\u202e');
  });

  it('is one printable line with markup as entities, in a finding', () => {
    const finding = {
      id: 'EndpointConfigName.pattern.explore-s1-1',
      title: hostile,
      kind: 'pattern',
      seed: 1,
      path: '0:0',
      request: { EndpointConfigName: hostile },
      sent: {},
      expected: { outcome: 'reject', status: 400, errorCodes: ['ValidationException'] },
      why: [{ at: 'EndpointConfigName', member: 'EndpointConfigName', kind: 'pattern', message: hostile }],
      clause: { source: 'model', member: 'EndpointConfigName', text: hostile },
      actual: { operation: 'CreateEndpointConfig', status: 200, message: hostile },
      disagreements: [hostile],
      shrink: { steps: 1, requests: 1, ms: 1, fromBytes: 2, toBytes: 1 },
    } as unknown as Finding;
    const html = exploreHtml({
      seed: 1,
      budget: { ms: 1, requests: 0, shrinkMs: 1 },
      stoppedBy: 'time',
      durationMs: 1,
      requestsPerSecond: 1,
      counts: {
        sent: 1,
        shrinking: 0,
        expectedAccept: 0,
        expectedReject: 1,
        rejectedByKind: {},
        answeredAccept: 1,
        answeredReject: 0,
        answeredByCode: {},
        errors: 0,
        repeats: 0,
        confirming: 0,
      },
      coverage: { constraints: { total: 0, kept: 0, broken: 0, both: 0 }, rules: { total: 0, kept: 0, broken: 0, both: 0 }, neverBroken: [], untouched: [] },
      findings: [finding],
      flaky: [],
      replay: 'sagemaker-conformance explore --seed 1',
    });
    expect(html).not.toMatch(CONTROL_OR_BIDI);
    expect(html).not.toContain('<img');
    expect(html).toContain('\\e]52;c;eA==\\x07\\e[2K&#60;img src=y&#62;\\u202e');
  });
});
