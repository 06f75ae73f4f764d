/**
 * Every check the judge makes can fail: for each kind of check, a response that violates what its case asserts
 * is failed by exactly that check. The last test collects every check name a whole run of both editions emits and
 * requires a failing example here for each (declared with `covers`), so a new kind of check cannot arrive without one.
 */
import { judgeStep, memberPathsIn, type JudgeContext, type PriorStep } from '../src/engine/judge';
import { judgePages, MAX_CASE_PAGES } from '../src/engine/pages';
import type { CaseStep } from '../src/cases/types';
import { planRun } from '../src/engine/session';
import { runConformance } from '../src/runner/run';
import { loadService } from '../src/spec/load';
import { EDITIONS } from '../src/spec/editions';
import { exchange, response } from './fixtures';

const plan = planRun({ runId: 'k3x9q2', region: 'us-east-1' });
const ctx: JudgeContext = { service: loadService(), operations: plan.operations, region: 'us-east-1' };
const caseById = (id: string) => {
  const found = plan.cases.find((c) => c.id === id);
  if (!found) throw new Error(`no case ${id}`);
  return found;
};
const stepOf = (id: string, n = 0) => caseById(id).steps[n]!;
const failed = (step: CaseStep, raw: ReturnType<typeof response>, prior: PriorStep[] = []) =>
  judgeStep(ctx, step, exchange(step.operation, raw), prior)
    .checks.filter((c) => !c.pass)
    .map((c) => c.name);
const invalid = (path: string, value = 'x') => ({
  __type: 'ValidationException',
  message: `1 validation error detected: Value '${value}' at '${path}' failed to satisfy constraint: Member must have length less than or equal to 256`,
});
const arn = (name: string) => `arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/${name.toLowerCase()}`;

/**
 * The checks this file has a failing example for, declared beside the examples when the file is read (not when they
 * run), so the last test holds whichever tests run, and in whatever order.
 */
const covered = new Set<string>();
function covers(...checks: string[]): void {
  for (const check of checks) covered.add(check);
}

/** A response that must fail `check` (and only it); the check must be declared above its examples. */
function failsOnly(check: string, names: string[]): void {
  expect(covered.has(check)).toBe(true);
  expect(names).toEqual([check]);
}

describe('error.member: the rejection names the member at fault by its path', () => {
  covers('error.member', 'error.code');

  it('passes a message naming tags.1.member.value for a Tags[].Value case', () => {
    expect(failed(stepOf('Tags[].Value.length.257'), response(400, invalid('tags.1.member.value')))).toEqual([]);
  });

  it('fails a Tags[].Value case whose message names another member, though every such message starts with "Value"', () => {
    failsOnly('error.member', failed(stepOf('Tags[].Value.length.257'), response(400, invalid('endpointConfigName'))));
  });

  it('fails a Tags[].Key case whose message names kmsKeyId, which contains "key"', () => {
    failsOnly('error.member', failed(stepOf('Tags[].Key.length.129'), response(400, invalid('kmsKeyId'))));
  });

  it('fails a message that names only the last segment of a nested path (productionVariants.1.member.instanceType written instanceType)', () => {
    failsOnly('error.member', failed(stepOf('ProductionVariants[].InstanceType.enum.invalid'), response(400, invalid('instanceType'))));
  });

  it('fails a wrong-type case rejected with "Could not find model": a ValidationException for another reason', () => {
    const body = { __type: 'ValidationException', message: "Could not find model 'arn:aws:sagemaker:us-east-1:123456789012:model/12345'." };
    failsOnly('error.member', failed(stepOf('ProductionVariants[].ModelName.type.number'), response(400, body)));
  });

  it("passes a wrong-type case answered with the JSON protocol's SerializationException, which names no member", () => {
    const body = { __type: 'SerializationException', message: 'NUMBER_VALUE can not be converted to String' };
    expect(failed(stepOf('ProductionVariants[].ModelName.type.number'), response(400, body))).toEqual([]);
  });

  it('fails a wrong-type case answered with any other code', () => {
    const body = { __type: 'InvalidParameterValue', message: 'bad value' };
    expect(failed(stepOf('ProductionVariants[].ModelName.type.number'), response(400, body))).toEqual(['error.code']);
  });

  it('reads whole quoted paths only', () => {
    expect(memberPathsIn("2 validation errors detected: Value 'a at b' at 'tags.1.member.key' failed; Value null at 'kmsKeyId' failed")).toEqual([
      'tags.1.member.key',
      'kmsKeyId',
    ]);
  });

  it('does not ask an accepted answer (a 200 has no message) to name the member: status and code say what is wrong', () => {
    const step = stepOf('EndpointConfigName.length.64');
    expect(failed(step, response(200, { EndpointConfigArn: arn(String(step.request.EndpointConfigName)) }))).toEqual(['status', 'error.code']);
  });

  it("accepts a documented rule's message that names no member, and fails one that names another member", () => {
    const rule = stepOf('ProductionVariants[].ServerlessConfig.MemorySizeInMB.memory-1gb-increments.1111');
    expect(failed(rule, response(400, { __type: 'ValidationException', message: 'Memory size must be a multiple of 1024.' }))).toEqual([]);
    failsOnly('error.member', failed(rule, response(400, invalid('endpointConfigName'))));
  });
});

describe('every other kind of check fails on a response that breaks it', () => {
  const baseline = stepOf('CreateEndpointConfig.baseline');
  const name = String(baseline.request.EndpointConfigName);
  const ok = { EndpointConfigArn: arn(name) };

  covers('status', 'error.code', 'error.body', 'error.message', 'round-trip', 'same.EndpointConfigArn', 'includes');

  it('passes the baseline answered as the protocol says', () => {
    expect(failed(baseline, response(200, ok))).toEqual([]);
  });

  const responseChecks: [string, ReturnType<typeof response>][] = [
    ['protocol.request-id', response(200, ok, { 'x-amzn-requestid': '' })],
    ['protocol.content-type', response(200, ok, { 'content-type': 'text/html' })],
    ['response.schema', response(200, { EndpointConfigArn: 12345 })],
    ['EndpointConfigArn.format', response(200, { EndpointConfigArn: `${arn(name).replace(/^arn:/, 'urn:')}` })],
    ['EndpointConfigArn.region', response(200, { EndpointConfigArn: arn(name).replace('us-east-1', 'eu-west-1') })],
    ['EndpointConfigArn.resource-type', response(200, { EndpointConfigArn: arn(name).replace('endpoint-config/', 'model/') })],
    ['EndpointConfigArn.name', response(200, { EndpointConfigArn: arn(`${name}-other`) })],
  ];
  covers(...responseChecks.map(([check]) => check));

  it.each(responseChecks)('%s', (check, raw) => {
    expect(failed(baseline, raw)).toEqual([check]);
  });

  it('status (an acceptance answered with an error)', () => {
    expect(failed(baseline, response(400, invalid('endpointConfigName')))).toContain('status');
  });

  it('status, error.code, error.body and error.message of a rejection', () => {
    const dup = stepOf('behaviour.duplicate-name', 1);
    expect(failed(dup, response(400, { __type: 'ValidationException', message: 'Cannot create already existing endpoint configuration "x".' }))).toEqual([]);
    failsOnly('status', failed(dup, response(409, { __type: 'ValidationException', message: 'Cannot create already existing endpoint configuration "x".' })));
    failsOnly('error.code', failed(dup, response(400, { __type: 'ResourceInUse', message: 'Cannot create already existing endpoint configuration "x".' })));
    expect(failed(dup, response(400, { __type: 'ValidationException', message: '' }))).toContain('error.body');
    expect(failed(dup, response(400, { message: 'Cannot create already existing endpoint configuration "x".' }))).toContain('error.body');
    failsOnly('error.message', failed(dup, response(400, { __type: 'ValidationException', message: 'Something else went wrong' })));
  });

  it('round-trip, same.EndpointConfigArn and includes of a read-back', () => {
    const created = stepOf('behaviour.round-trip', 0);
    const describe = stepOf('behaviour.round-trip', 1);
    const prior: PriorStep[] = [{ request: created.request, body: { EndpointConfigArn: arn(String(created.request.EndpointConfigName)) } }];
    // DescribeEndpointConfig's output shape requires its creation time beside what the create was given.
    const echoed = { ...created.request, EndpointConfigArn: arn(String(created.request.EndpointConfigName)), CreationTime: 1767225600 };
    expect(failed(describe, response(200, echoed), prior)).toEqual([]);
    failsOnly('round-trip', failed(describe, response(200, { ...echoed, KmsKeyId: 'alias/other' }), prior));
    // Another account's ARN of the same name: well-formed, so only the comparison with the create's answer fails.
    const otherAccount = arn(String(created.request.EndpointConfigName)).replace('123456789012', '999999999999');
    failsOnly('same.EndpointConfigArn', failed(describe, response(200, { ...echoed, EndpointConfigArn: otherAccount }), prior));

    const weight = stepOf('behaviour.variant-weight-default', 1);
    const variant = { VariantName: 'AllTraffic', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' };
    const name = String(weight.request.EndpointConfigName);
    const described = { EndpointConfigName: name, EndpointConfigArn: arn(name), CreationTime: 1767225600 };
    expect(failed(weight, response(200, { ...described, ProductionVariants: [{ ...variant, InitialVariantWeight: 1 }] }))).toEqual([]);
    failsOnly('includes', failed(weight, response(200, { ...described, ProductionVariants: [variant] })));
  });
});

describe('a walked listing: every page, and the pages together', () => {
  covers('page.size', 'listed.once', 'listed.names', 'listed.filter', 'pages.end');
  const listCase = caseById('ListEndpointConfigs.behaviour.pages-of-two');
  const step = listCase.steps.at(-1)!;
  const names = (step.expect.outcome === 'accept' ? step.expect.listed!.names : []) as string[];
  const item = (name: string) => ({ EndpointConfigName: name, EndpointConfigArn: arn(name), CreationTime: 1767225600 });
  /** Pages whose bodies carry the token of the next one. */
  const walked = (pages: string[][]) =>
    pages.map((items, i) => ({
      request: i === 0 ? step.request : { ...step.request, NextToken: `t${i}` },
      exchange: exchange(step.operation, response(200, { EndpointConfigs: items.map(item), ...(i < pages.length - 1 ? { NextToken: `t${i + 1}` } : {}) })),
    }));
  const failedPages = (pages: { request: Record<string, unknown>; exchange: ReturnType<typeof exchange> }[]) =>
    judgePages(ctx, step, pages, []).flatMap((v) => v.checks.filter((c) => !c.pass).map((c) => c.name));
  const [a, b, c] = names as [string, string, string];

  it('passes a, b on one page and c on the next', () => {
    expect(failedPages(walked([[a, b], [c]]))).toEqual([]);
  });
  it('page.size: three items on a page of MaxResults 2', () => failsOnly('page.size', failedPages(walked([[a, b, c]]))));
  it("listed.once: the first page's last item again on the next", () =>
    failsOnly(
      'listed.once',
      failedPages(
        walked([
          [a, b],
          [b, c],
        ]),
      ),
    ));
  it('listed.names: an item lost between the pages', () => failsOnly('listed.names', failedPages(walked([[a, b], []]))));
  it('listed.names: the wrong order', () => failsOnly('listed.names', failedPages(walked([[b, a], [c]]))));
  it('listed.filter: a name the filter does not match', () =>
    failsOnly(
      'listed.filter',
      failedPages(
        walked([
          [a, b],
          [c, 'someone-elses-config'],
        ]),
      ),
    ));
  it(`pages.end: still a token after ${MAX_CASE_PAGES} pages`, () => {
    const endless = Array.from({ length: MAX_CASE_PAGES }, (_, i) => ({
      request: step.request,
      exchange: exchange(step.operation, response(200, { EndpointConfigs: i === 0 ? [a, b].map(item) : i === 1 ? [c].map(item) : [], NextToken: 'again' })),
    }));
    failsOnly('pages.end', failedPages(endless));
  });
});

describe('the judge', () => {
  it('has a failing example above for every check a run of either edition makes', async () => {
    const names = new Set<string>();
    for (const spec of EDITIONS) {
      const { report } = await runConformance({ target: { kind: 'mock' }, edition: spec });
      for (const c of report.cases) for (const s of c.steps) for (const check of s.checks) names.add(check.name);
    }
    expect([...names].filter((n) => !covered.has(n)).sort()).toEqual([]);
  });
});
