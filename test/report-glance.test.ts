import type { CaseResult } from '../src/report/results';
import { renderHtml } from '../src/report/html';
import { renderJunit } from '../src/report/junit';
import { renderMarkdown } from '../src/report/markdown';
import { buildMatrix, memberOf } from '../src/report/matrix';
import { countsLine, summarize, type ConformanceReport } from '../src/report/model';
import { clauseUrl } from '../src/report/links';
import { summaryLines } from '../src/cli/progress';
import { planRun } from '../src/engine/session';
import { suppressedCases } from '../src/cases/generate';
import { loadBehaviours } from '../src/spec/load';

const clause = { source: 'spec#API_CreateEndpointConfig_RequestParameters', member: 'EndpointConfigName', text: 'Maximum length of 63.' };

function result(id: string, kind: string, status: CaseResult['status'], extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    title: 'a title',
    group: id.split(/[.[]/)[0]!,
    kind: kind as CaseResult['kind'],
    clause,
    facts: {},
    expected: { outcome: 'reject', status: 400, errorCodes: ['ValidationException'] },
    actual: { operation: 'CreateEndpointConfig', status: 200 },
    steps: [],
    status,
    failures: status === 'failed' ? [{ kind: 'mismatch', step: 0, check: 'status', expected: 400, actual: 200 }] : [],
    durationMs: 4,
    ...extra,
  };
}

const cases = [
  ...Array.from({ length: 20 }, (_, i) => result(`EndpointConfigName.pattern.p${i}`, 'pattern', 'passed', { facts: { member: 'EndpointConfigName' } })),
  result('EndpointConfigName.length.64', 'length', 'failed', { facts: { member: 'EndpointConfigName' } }),
  result('Tags.count.51', 'count', 'unexpected-pass', { deviation: 'moto has no limit', facts: { member: 'Tags' } }),
  result('Tags[].Key.length.129', 'length', 'expected-failure', { deviation: 'moto has no limit', facts: { member: 'Tags[].Key' } }),
  result('ProductionVariants[].ServerlessConfig.MemorySizeInMB.range.6145', 'range', 'errored', {
    facts: { member: 'ProductionVariants[].ServerlessConfig.MemorySizeInMB' },
    failures: [{ kind: 'error', step: 0, reason: 'target answered HTTP 502' }],
  }),
  result('ProductionVariants[].ModelName.not-found', 'reference', 'passed', { facts: { member: 'ProductionVariants[].ModelName' } }),
  result('behaviour.duplicate-name', 'behaviour', 'passed', { group: 'EndpointConfigName' }),
  result('Protocol.content-type.missing', 'protocol', 'passed', { group: 'Protocol.content-type' }),
];

function report(port: number, runId: string): ConformanceReport {
  return {
    suite: { name: 'sagemaker-conformance', version: '0.1.0', spec: { name: 'CreateEndpointConfig', profile: 'seed', sources: {} } },
    target: { kind: 'moto', url: `http://127.0.0.1:${port}`, region: 'us-east-1', label: `moto at http://127.0.0.1:${port}` },
    runId,
    startedAt: '2026-11-26T20:00:00.000Z',
    finishedAt: '2026-11-26T20:00:02.500Z',
    complete: true,
    summary: summarize(cases),
    cleanup: { deleted: [], leftovers: [] },
    cases,
  };
}

describe('the counts', () => {
  const r = report(4000, 'aaaaaa');
  const line = '23 passed, 1 failed, 1 errored, 0 skipped, 1 expected failures, 1 unexpected passes (27 cases)';

  it('are one line, the same in the terminal, Markdown and JUnit', () => {
    expect(countsLine(r.summary)).toBe(line);
    expect(summaryLines(r.summary)).toEqual([line]);
    expect(renderMarkdown(r)).toContain(`**${line}**`);
    expect(renderJunit(r)).toContain(`value="${line}"`);
  });

  it('are the same six tiles in the HTML', () => {
    const tiles = [...renderHtml(r).matchAll(/<div class="tile [a-z]+"><b>(\d+)<\/b>([a-z ]+)<\/div>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(tiles.join(', ')).toBe(line.replace(/ \(27 cases\)$/, ''));
  });
});

describe('the conformance matrix', () => {
  it('takes the member path from the case table, nested members and new kinds included (no id is parsed)', () => {
    const plan = planRun({ runId: 'k3x9q2' });
    // The cases the table leaves out on purpose (6145 MB is also not a multiple of 1024) carry their facts too.
    const left = suppressedCases(plan.operation, loadBehaviours(plan.operation.operation, plan.edition.dir), plan.ctx).map((c) => ({ ...c, group: '' }));
    const table = [...plan.cases, ...left];
    const memberOfCase = (id: string) => {
      const c = table.find((x) => x.id === id);
      if (!c) throw new Error(`no case ${id}`);
      return memberOf(c);
    };
    expect(memberOfCase('ProductionVariants[].ServerlessConfig.MemorySizeInMB.range.6145')).toBe('ProductionVariants[].ServerlessConfig.MemorySizeInMB');
    expect(memberOfCase('ProductionVariants[].InitialVariantWeight.range.-0.1')).toBe('ProductionVariants[].InitialVariantWeight');
    expect(memberOfCase('ProductionVariants[].ModelName.not-found')).toBe('ProductionVariants[].ModelName');
    expect(memberOfCase('behaviour.duplicate-name')).toBe('EndpointConfigName');
    expect(memberOfCase('ProductionVariants[].ServerlessConfig.MemorySizeInMB.memory-1gb-increments.1111')).toBe(
      'ProductionVariants[].ServerlessConfig.MemorySizeInMB',
    );
  });

  it('colours each cell by its worst case and counts it', () => {
    const m = buildMatrix(cases);
    expect(m.kinds).toEqual(['length', 'count', 'pattern', 'range', 'reference', 'behaviour', 'protocol']);
    expect(m.cells['EndpointConfigName']!['pattern']).toMatchObject({ passed: 20, total: 20, worst: 'passed' });
    expect(m.cells['EndpointConfigName']!['length']).toMatchObject({ passed: 0, total: 1, worst: 'failed' });
    expect(m.cells['Tags']!['count']!.worst).toBe('unexpected-pass');
    expect(m.cells['Protocol.content-type']!['protocol']!.total).toBe(1);
  });

  it('is a table in Markdown', () => {
    const md = renderMarkdown(report(1, 'a'));
    expect(md).toContain('| member | length | count | pattern | range | reference | behaviour | protocol |');
    expect(md).toContain('| `EndpointConfigName` | ❌ 0/1 |  | ✅ 20/20 |');
  });
});

describe('the HTML page', () => {
  const html = renderHtml(report(4000, 'aaaaaa'));

  it('lists what needs attention first, worst first, each linking to its row', () => {
    const list = html.slice(html.indexOf('Needs attention'), html.indexOf('Conformance matrix'));
    const ids = [...list.matchAll(/<a href="#case-([^"]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'EndpointConfigName.length.64',
      'ProductionVariants__.ServerlessConfig.MemorySizeInMB.range.6145',
      'Tags.count.51',
      'Tags__.Key.length.129',
    ]);
    for (const id of ids) expect(html).toContain(`<tr id="case-${id}">`);
  });

  it('opens every group with a case that did not pass and says passed/total', () => {
    expect(html).toContain('EndpointConfigName<span class="counts">21/22 passed, 1 failed</span>');
    expect(html).toMatch(/<details open><summary>Tags<span class="counts">0\/2 passed, 1 expected failures, 1 unexpected passes/);
  });

  it('links clauses to the public pages they come from', () => {
    expect(html).toContain(
      'href="https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html#API_CreateEndpointConfig_RequestParameters"',
    );
  });
});

describe('clause links', () => {
  it.each([
    [
      { source: 'spec#API_CreateEndpointConfig_RequestSyntax', member: 'Request Syntax' },
      'API_CreateEndpointConfig.html#API_CreateEndpointConfig_RequestSyntax',
    ],
    [{ source: 'spec#API_CreateEndpointConfig', member: 'x' }, 'API_CreateEndpointConfig.html'],
    [
      { source: 'facts#Members the spec links to but does not include', member: 'ProductionVariant.VariantName' },
      'API_ProductionVariant.html#sagemaker-Type-ProductionVariant-VariantName',
    ],
    [{ source: 'facts#ARNs', member: 'EndpointConfigArn' }, 'API_CreateEndpointConfig.html'],
  ])('place %j on the API reference', (c, page) => {
    expect(clauseUrl(c, {}, 'CreateEndpointConfig')).toBe(`https://docs.aws.amazon.com/sagemaker/latest/APIReference/${page}`);
  });

  it('place a Smithy shape id on the published model, at the commit the report names', () => {
    expect(
      clauseUrl({ source: 'com.amazonaws.sagemaker#ProductionVariantList smithy.api#length', member: 'ProductionVariants' }, {}, 'CreateEndpointConfig'),
    ).toMatch(/^https:\/\/github\.com\/aws\/api-models-aws\/.*sagemaker/);
    const sources = { model: 'aws/api-models-aws/sagemaker/service/2017-07-24/sagemaker-2017-07-24.json@56c8953e87aeead95ae5e66a3ca6a355731db6ad' };
    expect(clauseUrl({ source: 'model#com.amazonaws.sagemaker#Tag$Key smithy.api#length', member: 'Tags[].Key' }, sources, 'CreateEndpointConfig')).toBe(
      'https://github.com/aws/api-models-aws/blob/56c8953e87aeead95ae5e66a3ca6a355731db6ad/sagemaker/service/2017-07-24/sagemaker-2017-07-24.json',
    );
  });
});

describe('JUnit', () => {
  it('names suites and cases the same on every run: no port, no run id', () => {
    const names = (xml: string) => [...xml.matchAll(/ name="([^"]*)"/g)].map((m) => m[1]);
    const a = renderJunit(report(4000, 'aaaaaa'));
    const b = renderJunit(report(5111, 'bbbbbb'));
    expect(names(a)).toEqual(names(b));
    expect(a).not.toMatch(/4000|aaaaaa/);
  });

  it('gives every suite and case a time', () => {
    const xml = renderJunit(report(4000, 'aaaaaa'));
    expect(xml.match(/<testsuite /g)!.length).toBe(xml.match(/<testsuite [^>]*time="\d+\.\d{3}"/g)!.length);
    expect(xml.match(/<testcase /g)!.length).toBe(cases.length);
    expect(xml.match(/<testcase [^>]*time="0\.004"/g)!.length).toBe(cases.length);
  });
});

describe('JUnit text', () => {
  it('says each thing once: the message is not repeated in the body', () => {
    const xml = renderJunit(report(4000, 'aaaaaa'));
    const failure = /<failure message="([^"]*)" type="mismatch">([^<]*)<\/failure>/.exec(xml)!;
    expect(failure[2]).not.toContain(failure[1]);
    expect(xml.match(/moto has no limit/g)).toHaveLength(2); // one unexpected pass, one expected failure
  });
});
