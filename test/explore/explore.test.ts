import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exploreTarget } from '../../src/explore/explore';
import { RequestArbitraries } from '../../src/explore/arbitraries';
import { oracle } from '../../src/explore/oracle';
import { planRun } from '../../src/engine/plan';
import { caseNames, expand } from '../../src/spec/values';
import { startReferenceMock } from '../../src/mock/reference';
import { errorAnswer, startProxy } from '../nightly/helpers';
import { runCliInProcess, removeReportDir } from '../helpers/cli-in-process';
import { startMock } from '../../src/mock/server';
import { loadOperation, loadService } from '../../src/spec/load';
import type { MemberConstraints } from '../../src/spec/types';
import { errorAnswer as hostileError, ordinary, startHostileTarget } from '../helpers/hostile-target';

const plan = planRun({ runId: 'xpl001' });
const op = plan.operation;
const known = new Map([['model', new Set([plan.ctx.modelName.toLowerCase()])]]);

function concrete(template: Record<string, unknown>, n: number): Record<string, unknown> {
  return expand(template, { ...caseNames(plan.ctx, n), model: plan.ctx.modelName, region: plan.region });
}

describe('the request arbitraries', () => {
  const requests = fc.sample(new RequestArbitraries(op, plan.service, { region: plan.region }).request(), { seed: 11, numRuns: 400 }).map(concrete);
  const verdicts = requests.map((r) => oracle(op, r, known));

  it('send only members the operation has, at the top level and in every variant', () => {
    const top = new Set(Object.keys(op.input.members ?? {}));
    const variant = new Set(Object.keys(op.input.members!.ProductionVariants!.item!.members ?? {}));
    for (const r of requests) {
      expect(Object.keys(r).filter((k) => !top.has(k))).toEqual([]);
      for (const v of (r.ProductionVariants as Record<string, unknown>[] | undefined) ?? []) {
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) expect(Object.keys(v).filter((k) => !variant.has(k))).toEqual([]);
      }
    }
  });

  it('mix valid requests with requests breaking one rule and several, of every kind', () => {
    const accepted = verdicts.filter((v) => v.outcome === 'accept').length;
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(300);
    const kinds = new Set(verdicts.flatMap((v) => (v.outcome === 'reject' ? v.faults.map((f) => f.kind) : [])));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['count', 'enum', 'length', 'pattern', 'range', 'required', 'rule', 'type']));
    expect(verdicts.some((v) => v.outcome === 'reject' && new Set(v.faults.map((f) => f.member)).size >= 2)).toBe(true);
    const rules = new Set(verdicts.flatMap((v) => (v.outcome === 'reject' ? v.faults.flatMap((f) => (f.rule ? [f.rule] : [])) : [])));
    expect(rules.size).toBeGreaterThanOrEqual(6);
  });

  it('vary list sizes, and leave optional members out or put them in', () => {
    const sizes = new Set(requests.map((r) => (Array.isArray(r.ProductionVariants) ? r.ProductionVariants.length : -1)));
    expect(sizes.size).toBeGreaterThanOrEqual(5);
    expect(requests.some((r) => Array.isArray(r.Tags) && r.Tags.length > 3)).toBe(true);
    expect(requests.some((r) => r.AsyncInferenceConfig !== undefined)).toBe(true);
    expect(requests.some((r) => r.AsyncInferenceConfig === undefined)).toBe(true);
  });

  it('name every rejection by members the validator says are at fault', () => {
    for (const v of verdicts) {
      if (v.outcome !== 'reject' || v.faults.some((f) => f.kind === 'rule' || f.kind === 'reference')) continue;
      const naming = v.expect.outcome === 'reject' ? v.expect.member : undefined;
      expect(naming?.paths.length).toBeGreaterThan(0);
    }
  });
});

/** A mock behind a proxy that records every CreateEndpointConfig body, in order. */
async function recordedTarget(intercept?: (n: number) => ReturnType<typeof errorAnswer> | undefined) {
  const mock = await startReferenceMock();
  const bodies: string[] = [];
  const proxy = await startProxy(mock.url, {
    intercept: (req) => {
      if (req.operation !== 'CreateEndpointConfig') return undefined;
      bodies.push(req.body);
      return intercept?.(bodies.length);
    },
  });
  return { mock, proxy, bodies, close: async () => (await proxy.close(), await mock.close()) };
}

describe('explore', () => {
  it('sends byte-identical bodies for the same seed and run id, and others for another seed', async () => {
    const runs: string[][] = [];
    for (const seed of [5, 5, 6]) {
      const target = await recordedTarget();
      try {
        const { report } = await exploreTarget({ target: { kind: 'url', url: target.proxy.url }, seed, runId: 'same01', maxRequests: 40 });
        expect(report.explore!.counts.sent).toBe(40);
        runs.push(target.bodies);
      } finally {
        await target.close();
      }
    }
    expect(runs[0]!.length).toBeGreaterThanOrEqual(40);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
  });

  it('finds nothing against the sound mock, across 20 seeds', async () => {
    const findings: string[] = [];
    let sent = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { report, exitCode } = await exploreTarget({ target: { kind: 'mock' }, seed, runId: 'sound01', maxRequests: 60 });
      sent += report.explore!.counts.sent;
      findings.push(...report.explore!.findings.map((f) => `seed ${seed}: ${f.id}: ${f.disagreements.join('; ')}`));
      expect({ seed, exitCode, leftovers: report.cleanup.leftovers }).toEqual({ seed, exitCode: 0, leftovers: [] });
    }
    expect(findings).toEqual([]);
    expect(sent).toBe(1200);
  }, 120000);

  it('finds nothing against a target that applies every documented rule wherever its shape occurs', async () => {
    // The served spec is built from the contract's own shapes, not by the importer: each rule is copied to every
    // path whose holder has the same shape and member (a shadow variant's ServerlessConfig as a variant's).
    const served = structuredClone(op);
    const holders: { path: string; shape?: string }[] = [];
    const visit = (spec: MemberConstraints, path: string) => {
      if (spec.type === 'structure') holders.push({ path, shape: spec.shape });
      if (spec.item) visit(spec.item, `${path}[]`);
      for (const [name, child] of Object.entries(spec.members ?? {})) visit(child, path ? `${path}.${name}` : name);
    };
    visit(op.input, '');
    const shapeAt = (path: string) => holders.find((h) => h.path === path)?.shape;
    for (const rule of op.rules ?? []) {
      const parent = rule.path.includes('.') ? rule.path.slice(0, rule.path.lastIndexOf('.')) : '';
      const member = rule.path.slice(parent ? parent.length + 1 : 0);
      for (const h of holders) {
        const path = h.path ? `${h.path}.${member}` : member;
        if (h.shape === undefined || h.shape !== shapeAt(parent) || served.rules!.some((r) => r.id === rule.id && r.path === path)) continue;
        served.rules!.push({ ...rule, path });
      }
    }
    expect(served.rules!.length).toBe(op.rules!.length);
    const mock = await startMock({ service: loadService(), operations: new Map([[op.operation, served]]) });
    try {
      const { report } = await exploreTarget({ target: { kind: 'url', url: mock.url }, seed: 7, runId: 'shape01', maxRequests: 200 });
      expect(report.explore!.findings.map((f) => `${f.id}: ${f.disagreements.join('; ')}`)).toEqual([]);
    } finally {
      await mock.close();
    }
  }, 120000);

  it('finds nothing against a mock that throttles every third create, and gets every answer in the end', async () => {
    const target = await recordedTarget((n) => (n % 3 === 0 ? errorAnswer(400, 'ThrottlingException', 'Rate exceeded') : undefined));
    try {
      const { report, exitCode } = await exploreTarget({
        target: { kind: 'url', url: target.proxy.url },
        seed: 3,
        maxRequests: 60,
        maxAttempts: 1,
        throttle: { rounds: 3, baseMs: 5 },
      });
      expect(report.explore!.findings).toEqual([]);
      expect(report.explore!.counts.errors).toBe(0);
      expect(exitCode).toBe(0);
      expect(target.mock.store.count()).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('holds to --rate: at most that many requests a second', async () => {
    const { report } = await exploreTarget({ target: { kind: 'mock' }, seed: 2, maxRequests: 10, ratePerSecond: 20 });
    expect(report.explore!.counts.sent).toBe(10);
    // Ten requests at 20 a second are nine gaps of 50 ms.
    expect(report.explore!.requestsPerSecond).toBeLessThanOrEqual((20 * 10) / 9);
  });

  it('stops at once when aborted, cleans up and reports the exploration as incomplete', async () => {
    const mock = await startReferenceMock();
    const controller = new AbortController();
    setTimeout(() => controller.abort('SIGINT'), 800);
    try {
      const started = Date.now();
      const { report, exitCode } = await exploreTarget({ target: { kind: 'url', url: mock.url }, seed: 9, signal: controller.signal });
      expect(Date.now() - started).toBeLessThan(10000);
      expect(report.complete).toBe(false);
      expect(report.explore!.stoppedBy).toBe('interrupted');
      expect(report.explore!.counts.sent).toBeGreaterThan(0);
      expect(exitCode).toBe(1);
      expect(mock.store.count()).toBe(0);
    } finally {
      await mock.close();
    }
  });

  it('holds response bodies to --max-body as run does: a longer answer is no finding but a request without an answer', async () => {
    // The mock's message for a broken InstanceType lists the enum's 224 values: past 1 KiB.
    const { report } = await exploreTarget({ target: { kind: 'mock' }, seed: 4, maxRequests: 150, maxBodyBytes: 1024 });
    expect(report.explore!.findings).toEqual([]);
    expect(report.explore!.counts.errors).toBeGreaterThan(0);
    expect(report.problem).toMatch(/requests got no answer in the protocol/);
  });
});

describe('explore on a second operation given only as spec files', () => {
  const contractsDir = join(__dirname, '..', 'fixtures', 'second-operation');
  const createModel = loadOperation('CreateModel', contractsDir);

  it.each([
    ['as its spec says', createModel, []],
    [
      'accepting a 64-character name',
      (() => {
        const loose = structuredClone(createModel);
        loose.input.members!.ModelName!.length!.max = 64;
        return loose;
      })(),
      ['ModelName length'],
    ],
  ])('finds exactly what a mock serving it %s gets wrong', async (_, served, expected) => {
    const mock = await startMock({ service: loadService(), operations: new Map([['CreateModel', served]]) });
    try {
      const { report } = await exploreTarget({
        operation: 'CreateModel',
        contractsDir,
        target: { kind: 'url', url: mock.url },
        seed: 13,
        maxRequests: 300,
        maxFindings: 1,
      });
      expect(report.explore!.findings.flatMap((f) => f.why.map((w) => `${w.member} ${w.kind}`))).toEqual(expected);
      expect(mock.store.count()).toBe(0);
    } finally {
      await mock.close();
    }
  });
});

describe('sagemaker-conformance explore', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sc-explore-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its seed, counts and coverage, and writes the exploration into all four reports', async () => {
    const run = await runCliInProcess(['explore', '--seed', '21', '--max-requests', '50']);
    try {
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/seed 21 \(budget 60 s, at most 50 requests\)/);
      expect(run.stdout).toMatch(/^explored: 50 requests \(0 shrinking\)/m);
      expect(run.stdout).toMatch(/^coverage: constraints: \d+\/(\d+) kept and \d+\/\1 broken by some request; documented rules: \d+\/13 kept/m);
      expect(run.stdout).toMatch(/^findings: 0 \(seed 21, stopped by requests\)/m);
      expect(run.stdout).toMatch(/^replay: sagemaker-conformance explore --target mock --seed 21 --run-id [a-z0-9]+ --max-requests 50$/m);
      expect(run.report!.explore).toMatchObject({ seed: 21, stoppedBy: 'requests', counts: { sent: 50 }, findings: [] });
      expect(readFileSync(join(run.reportDir, 'conformance.md'), 'utf8')).toMatch(/## Exploration[\s\S]*Seed \*\*21\*\*[\s\S]*### Findings: 0/);
      expect(readFileSync(join(run.reportDir, 'conformance.html'), 'utf8')).toMatch(/<h2>Exploration<\/h2>[\s\S]*Seed <b>21<\/b>[\s\S]*Findings \(0\)/);
      expect(readFileSync(join(run.reportDir, 'junit.xml'), 'utf8')).toMatch(/<property name="explore.seed" value="21"\/>/);
    } finally {
      removeReportDir(run);
    }
  });

  it("shows a hostile target's message as text: no escape sequence, workflow command or HTML reaches a report or the terminal", async () => {
    const hostile = '`|<img src=x onerror=alert(1)>\u001b]52;c;ZXZpbA==\u0007\n::error::forged [link](http://x)';
    const target = await startHostileTarget((call, res) =>
      call.operation === 'CreateEndpointConfig' ? hostileError(res, 400, 'ValidationException', hostile) : ordinary(call, res),
    );
    const run = await runCliInProcess(['explore', '--target', target.url, '--seed', '5', '--max-requests', '30', '--max-findings', '1']);
    try {
      expect(run.code).toBe(1);
      expect(run.report!.explore!.findings.length).toBe(1);
      const md = readFileSync(join(run.reportDir, 'conformance.md'), 'utf8');
      const html = readFileSync(join(run.reportDir, 'conformance.html'), 'utf8');
      const junit = readFileSync(join(run.reportDir, 'junit.xml'), 'utf8');
      // Terminal, CI log and Markdown get one printable line; HTML escapes it (a control character there is inert text).
      for (const text of [md, junit, run.stdout, run.stderr]) {
        expect(text).not.toContain('\u001b');
        expect(text).not.toContain('\u0007');
        expect(text).not.toMatch(/^\s*::error/m);
      }
      for (const text of [md, html, junit]) expect(text).not.toContain('<img');
      expect(md).toContain(
        'the target answered: HTTP 400 ValidationException: \\`\\|&lt;img src=x onerror=alert(1)&gt;\\\\e\\]52;c;ZXZpbA==\\\\x07\\\\n::error::forged \\[link\\](http://x)',
      );
    } finally {
      removeReportDir(run);
      await target.close();
    }
  });

  it.each([
    [['--seed', 'x'], /--seed must be a whole number/],
    [['--budget', 'soon'], /--budget must be a duration/],
    [['--max-requests', '0'], /--max-requests must be a positive whole number/],
    [['--rate', '0'], /--rate must be a number of requests a second above 0/],
    [['--target', 'aws'], /--allow-aws/],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const run = await runCliInProcess(['explore', ...args]);
    try {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.report).toBeUndefined();
    } finally {
      removeReportDir(run);
    }
  });

  it('refuses to --save into a file of another operation before sending anything', async () => {
    const file = join(dir, 'other.json');
    writeFileSync(file, JSON.stringify({ operation: 'CreateModel', cases: [] }));
    const run = await runCliInProcess(['explore', '--save', file, '--max-requests', '5']);
    try {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/its cases are for CreateModel, not CreateEndpointConfig/);
    } finally {
      removeReportDir(run);
    }
  });

  it('refuses a --cases file that is not a cases file, in one line', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"operation": "CreateEndpointConfig", "cases": [{"id": "x"}]}');
    const run = await runCliInProcess(['run', '--cases', file]);
    try {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--cases .*broken.json: cases\[0\]: missing "member"/);
    } finally {
      removeReportDir(run);
    }
  });
});
