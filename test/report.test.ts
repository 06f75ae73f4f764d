import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseResult } from '../src/report/results';
import { renderHtml } from '../src/report/html';
import { renderJunit } from '../src/report/junit';
import { renderMarkdown } from '../src/report/markdown';
import { summarize, type ConformanceReport } from '../src/report/model';
import { redact } from '../src/client/redact';
import { REPORT_FILES, writeReports } from '../src/report/write';

const clause = { source: 'spec#API_CreateEndpointConfig_RequestParameters', member: 'EndpointConfigName', text: 'Length Constraints: Maximum length of 63.' };

function result(id: string, status: CaseResult['status'], extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    title: `${id} <title> & "quotes"`,
    group: id.split('.')[0]!,
    kind: 'length',
    clause,
    facts: { member: id.split('.')[0]! },
    expected: { outcome: 'reject', status: 400, errorCodes: ['ValidationException'] },
    actual: { operation: 'CreateEndpointConfig', status: 200 },
    steps: [],
    status,
    failures:
      status === 'failed'
        ? [{ kind: 'mismatch', step: 0, check: 'status', expected: 400, actual: 200 }]
        : status === 'errored'
          ? [{ kind: 'error', step: 0, reason: 'target answered HTTP 502' }]
          : [],
    durationMs: 3,
    ...extra,
  };
}

const cases = [
  result('EndpointConfigName.length.63', 'passed'),
  result('EndpointConfigName.length.64', 'failed'),
  result('Tags.count.51', 'errored'),
  result('Tags.count.50', 'expected-failure', { deviation: 'moto ignores it' }),
  result('KmsKeyId.length.2049', 'skipped', { failures: [{ kind: 'skipped', reason: 'interrupted (SIGINT)' }] }),
];
const report: ConformanceReport = {
  suite: {
    name: 'sagemaker-conformance',
    version: '0.1.0',
    spec: { name: 'CreateEndpointConfig', profile: 'seed', sources: { spec: 'CreateEndpointConfig.md' } },
  },
  target: { kind: 'mock', url: 'http://127.0.0.1:1', region: 'us-east-1', label: 'reference mock' },
  runId: 'k3x9q2',
  startedAt: '2026-11-26T20:00:00.000Z',
  finishedAt: '2026-11-26T20:00:01.000Z',
  complete: false,
  problem: 'interrupted (SIGINT)',
  summary: summarize(cases),
  cleanup: { deleted: ['endpoint-config/x'], leftovers: [] },
  cases,
};

/** The documented shape of conformance.json (docs/reports.md, "The four files"). */
const reportSchema = {
  type: 'object',
  required: ['suite', 'target', 'runId', 'startedAt', 'finishedAt', 'summary', 'cases'],
  properties: {
    suite: { type: 'object', required: ['name', 'version', 'spec'] },
    target: { type: 'object', required: ['kind', 'url', 'region'] },
    summary: { type: 'object', required: ['total', 'passed', 'failed', 'errored', 'skipped'], additionalProperties: { type: 'integer' } },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'clause', 'expected', 'actual', 'status', 'durationMs'],
        properties: {
          expected: { type: 'object', required: ['outcome'] },
          actual: { type: ['object', 'null'] },
          status: { enum: ['passed', 'failed', 'errored', 'skipped', 'expected-failure', 'unexpected-pass'] },
        },
      },
    },
  },
};

describe('the report writers', () => {
  it('write four files whose JSON has the documented shape, leaving no temporary files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reports-'));
    writeReports(report, dir);
    expect(readdirSync(dir).sort()).toEqual(Object.values(REPORT_FILES).sort());
    const json = JSON.parse(readFileSync(join(dir, REPORT_FILES.json), 'utf8'));
    expect(json).toMatchSchema(reportSchema);
    expect(json.summary).toEqual({ total: 5, passed: 1, failed: 1, errored: 1, skipped: 1, expectedFailures: 1, unexpectedPasses: 0 });
  });

  it('count JUnit failures, errors and skips, with the clause in the details', () => {
    const xml = renderJunit(report);
    // The case that did not run is an error to CI, not a green skip.
    expect(xml).toMatch(/<testsuites name="sagemaker-conformance CreateEndpointConfig \(mock\)" tests="5" failures="1" errors="2" skipped="0" time="1.000">/);
    expect(xml).toContain('<error message="not run: interrupted (SIGINT)" type="not-run">');
    expect(xml).toContain('Length Constraints: Maximum length of 63.');
    expect(xml.match(/moto ignores it/g)).toHaveLength(1);
    expect(xml).toContain('group: CreateEndpointConfig.length.accepted (1 case: CreateEndpointConfig, length limits: accepted where it should reject)');
    expect(xml).toContain('<property name="summary" value="1 passed, 1 failed, 1 errored, 1 skipped, 1 expected failures, 0 unexpected passes (5 cases)"/>');
  });

  it('put failures first in Markdown with expected against actual and the clause', () => {
    const md = renderMarkdown(report);
    expect(md.indexOf('## Needs attention')).toBeGreaterThan(0);
    expect(md.indexOf('## Needs attention')).toBeLessThan(md.indexOf('## Cases by member'));
    expect(md).toContain('step 1 status: expected 400, got 200');
    expect(md).toContain('"Length Constraints: Maximum length of 63."');
    expect(md).toContain('**Incomplete run:** interrupted (SIGINT)');
  });

  it('escape everything in the HTML page and group cases by member', () => {
    const html = renderHtml(report);
    expect(html).not.toContain('<title> & "quotes"');
    expect(html).toContain('&#60;title&#62; &#38; &#34;quotes&#34;');
    expect(html.match(/<details(?! class="more")/g)).toHaveLength(3);
    expect(html).toContain('Incomplete run.');
    // No script, and no address but the clauses' public pages.
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1|docs\.aws\.amazon\.com\/)/);
  });
});

// AWS's documented example key id, assembled so that no committed file holds a key-shaped string.
const EXAMPLE_KEY_ID = ['AKIA', 'IOSFODNN7EXAMPLE'].join('');

describe('redaction', () => {
  it('removes access keys, signatures, credential scopes and the run secrets', () => {
    const echoed = `Authorization: AWS4-HMAC-SHA256 Credential=${EXAMPLE_KEY_ID}/20261126/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=${'a'.repeat(64)} token s3cr3t-session-token`;
    const clean = redact(echoed, ['s3cr3t-session-token']);
    expect(clean).not.toContain(EXAMPLE_KEY_ID);
    expect(clean).not.toMatch(/aaaaaaaa|s3cr3t/);
    expect(redact(EXAMPLE_KEY_ID)).toBe('<redacted>');
  });

  it('applies to every file written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reports-'));
    const leaky = {
      ...report,
      cases: [
        result('EndpointConfigName.length.64', 'failed', {
          actual: { operation: 'CreateEndpointConfig', status: 400, message: `echo ${EXAMPLE_KEY_ID} my-secret-value` },
        }),
      ],
    };
    writeReports(leaky, dir, ['my-secret-value']);
    for (const file of Object.values(REPORT_FILES)) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).not.toContain(EXAMPLE_KEY_ID);
      expect(text).not.toContain('my-secret-value');
    }
    expect(existsSync(join(dir, `${REPORT_FILES.json}.${process.pid}.tmp`))).toBe(false);
  });
});
