/**
 * `npm run bench`: how long a whole conformance run takes against moto and the mock, beside a bare script that
 * sends the same SDK requests one after another to the same target. Prints medians over several rounds and the
 * ratio suite / bare (goal: at most 1.5). The last row starts the CLI as a process, start-up included. Then `explore`:
 * its requests a second against the mock beside a bare SDK loop, and the time to shrink a finding
 * (BENCH_EXPLORE_ONLY=1 for that part alone).
 */
import * as sagemaker from '@aws-sdk/client-sagemaker';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { runConformance } from '../src/runner/run';
import { planRun, runVars } from '../src/engine/session';
import { expand } from '../src/spec/values';
import { planTags } from '../src/client/tags';
import { DUMMY_CREDENTIALS } from '../src/client/credentials';
import { loadService } from '../src/spec/load';
import { startMoto } from '../src/target/targets';
import { writeReports } from '../src/report/write';
import { startReferenceMock } from '../src/mock/reference';
import fc from 'fast-check';
import { exploreTarget } from '../src/explore/explore';
import { RequestArbitraries } from '../src/explore/arbitraries';
import { caseNames } from '../src/spec/values';
import { knownFaults } from '../src/mock/faults';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

type Send = (operation: string, input: Record<string, unknown>) => Promise<unknown>;

function plainSender(url: string): { send: Send; destroy: () => void } {
  // The SDK's defaults (standard retry mode, 3 attempts), as the suite uses them.
  const client = new SageMakerClient({ endpoint: url, region: 'us-east-1', credentials: DUMMY_CREDENTIALS });
  const send: Send = (operation, input) => {
    const Command = (sagemaker as unknown as Record<string, new (i: object) => never>)[`${operation}Command`]!;
    return client.send(new Command(input));
  };
  return { send, destroy: () => client.destroy() };
}

/** The bare script: the run's requests, one after another, with plain SDK commands and no judging or reports. */
async function bare(url: string, spec?: string): Promise<number> {
  const plan = planRun(spec ? { edition: spec } : {});
  const service = loadService();
  const { send, destroy } = plainSender(url);
  const started = performance.now();
  const model = service.resources.model!;
  const tags = planTags(plan);
  await send(model.create, {
    ...expand(model.setup!, runVars(plan)),
    Tags: tags,
  });
  const created: string[] = [];
  for (const c of plan.cases) {
    for (const step of c.steps) {
      try {
        const output = (await send(step.operation, step.request)) as { EndpointConfigArn?: string; NextToken?: string };
        // A listing case walks its pages, as the suite does.
        for (let token = step.pages ? output.NextToken : undefined, n = 1; token && n < 20; n++)
          token = ((await send(step.operation, { ...step.request, NextToken: token })) as { NextToken?: string }).NextToken;
        if (step.operation === 'CreateEndpointConfig' && typeof step.request.EndpointConfigName === 'string') created.push(step.request.EndpointConfigName);
        // The suite labels what it creates (see Nightly on AWS, Safety): the same calls here.
        if (output.EndpointConfigArn) await send('AddTags', { ResourceArn: output.EndpointConfigArn, Tags: tags }).catch(() => undefined);
      } catch {
        // a rejection is an answer like any other here
      }
    }
  }
  for (const name of new Set(created)) await send('DeleteEndpointConfig', { EndpointConfigName: name }).catch(() => undefined);
  await send('DeleteModel', { ModelName: plan.ctx.modelName }).catch(() => undefined);
  const elapsed = performance.now() - started;
  destroy();
  return elapsed;
}

const reportDir = mkdtempSync(join(tmpdir(), 'bench-reports-'));

/** The whole run as the CLI does it, reports included, in this process. */
async function suite(url: string, concurrency: number, spec?: string): Promise<number> {
  const started = performance.now();
  const { report, exitCode } = await runConformance({ target: { kind: 'url', url }, concurrency, ...(spec ? { edition: spec } : {}) });
  writeReports(report, reportDir);
  const elapsed = performance.now() - started;
  if (exitCode === 2) throw new Error(`the suite could not run against ${url}`);
  return elapsed;
}

/** The CLI as a user starts it: process start-up and the SDK's import included. */
async function cli(url: string, spec?: string): Promise<number> {
  const started = performance.now();
  await promisify(execFile)(process.execPath, [
    'bin/sagemaker-conformance.cjs',
    'run',
    '--target',
    url,
    '--report-dir',
    reportDir,
    ...(spec ? ['--edition', spec] : []),
  ]).catch((e: { code?: number }) => {
    if (e.code === 2) throw new Error('the CLI could not run');
  });
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(label: string, url: string, reset: () => Promise<void>, spec?: string) {
  const rows: [string, number][] = [];
  for (const [name, fn] of [
    ['bare script (sequential)', () => bare(url, spec)],
    ['suite --concurrency 1', () => suite(url, 1, spec)],
    ['suite (default, --concurrency 4)', () => suite(url, 4, spec)],
    ['npx sagemaker-conformance run', () => cli(url, spec)],
  ] as const) {
    const times: number[] = [];
    await fn(); // warm-up: connection set-up and module loading are not what is measured
    await reset();
    for (let i = 0; i < ROUNDS; i++) {
      times.push(await fn());
      await reset();
    }
    rows.push([name, median(times)]);
  }
  const bareMs = rows[0]![1];
  const table = planRun(spec ? { edition: spec } : {});
  const operations = [...new Set(table.cases.map((c) => c.operation))];
  console.log(`\n${label} (${table.cases.length} cases of ${operations.length} operation(s): ${operations.join(', ')}; median of ${ROUNDS} rounds)`);
  for (const [name, ms] of rows) console.log(`  ${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms   ratio to bare ${(ms / bareMs).toFixed(2)}`);
}

/** CPU (user + system) and wall time of one whole process, from /usr/bin/time. */
async function processCost(args: string[]): Promise<{ cpu: number; wall: number }> {
  const out = join(reportDir, 'time.txt');
  await promisify(execFile)('/usr/bin/time', ['-o', out, '-f', '%U %S %e', process.execPath, ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  }).catch((e: { code?: number }) => {
    if (e.code === 2) throw new Error(`could not run: node ${args.join(' ')}`);
  });
  const [user, sys, wall] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { cpu: user! + sys!, wall: wall! };
}

/**
 * Cold start of the command as whole processes (median of ROUNDS, /usr/bin/time), beside bare processes: `node`
 * alone, and `node` loading only the SDK client and the credential chain. Goals: `run --target mock` at most
 * 2.5 × the bare SDK process's CPU; `--help` under 0.08 s.
 */
async function coldStart() {
  const sdk = "require('@aws-sdk/client-sagemaker'); require('@aws-sdk/credential-providers')";
  const rows: [string, string[]][] = [
    ['bare node (node -e 0)', ['-e', '0']],
    ['bare node + SDK + credential chain', ['-e', sdk]],
    ['sagemaker-conformance --help', ['bin/sagemaker-conformance.cjs', '--help']],
    ['sagemaker-conformance --version', ['bin/sagemaker-conformance.cjs', '--version']],
    ['run --target mock --edition seed', ['bin/sagemaker-conformance.cjs', 'run', '--target', 'mock', '--edition', 'seed', '--report-dir', reportDir]],
    [`run --target mock (model, ${planRun().cases.length} cases)`, ['bin/sagemaker-conformance.cjs', 'run', '--target', 'mock', '--report-dir', reportDir]],
  ];
  const results: { name: string; cpu: number; wall: number }[] = [];
  for (const [name, args] of rows) {
    await processCost(args); // warm the file cache
    const runs: { cpu: number; wall: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) runs.push(await processCost(args));
    results.push({ name, cpu: median(runs.map((r) => r.cpu)), wall: median(runs.map((r) => r.wall)) });
  }
  const sdkCpu = results[1]!.cpu;
  console.log(`\ncold start, whole processes (median of ${ROUNDS}; CPU = user + system)`);
  for (const r of results)
    console.log(
      `  ${r.name.padEnd(42)} CPU ${r.cpu.toFixed(2)} s   wall ${r.wall.toFixed(2)} s   CPU ratio to bare SDK ${(r.cpu / Math.max(0.01, sdkCpu)).toFixed(2)}`,
    );
  const run = results[4]!;
  const help = results[2]!;
  console.log(
    `  goals: run --target mock ≤ 2.5 × bare SDK CPU: ${(run.cpu / sdkCpu).toFixed(2)}; --help < 0.08 s: ${help.wall.toFixed(2)} s wall, ${help.cpu.toFixed(2)} s CPU`,
  );
}

/**
 * The same comparison in instructions (valgrind's callgrind, every thread counted): the same figure however loaded
 * the machine is, where CPU seconds move by tens of per cent. About four minutes; BENCH_INSTRUCTIONS=1 turns it on.
 */
async function instructions() {
  const sdk = "require('@aws-sdk/client-sagemaker'); require('@aws-sdk/credential-providers')";
  const rows: [string, string[]][] = [
    ['bare node (node -e 0)', ['-e', '0']],
    ['bare node + SDK + credential chain', ['-e', sdk]],
    ['sagemaker-conformance --help', ['bin/sagemaker-conformance.cjs', '--help']],
    ['run --target mock --edition seed', ['bin/sagemaker-conformance.cjs', 'run', '--target', 'mock', '--edition', 'seed', '--report-dir', reportDir]],
  ];
  const counts: number[] = [];
  for (const [, args] of rows) {
    const out = join(reportDir, 'callgrind.out');
    const { stderr } = await promisify(execFile)('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, ...args], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      maxBuffer: 1 << 24,
    }).catch((e: { stderr: string }) => ({ stderr: e.stderr }));
    counts.push(Number(/Collected : (\d+)/.exec(stderr)?.[1] ?? NaN));
  }
  console.log('\ncold start in instructions (callgrind, one run each)');
  rows.forEach(([name], i) =>
    console.log(`  ${name.padEnd(42)} ${(counts[i]! / 1e9).toFixed(2)} G   ratio to bare SDK ${(counts[i]! / counts[1]!).toFixed(2)}`),
  );
}

/** BENCH_ONLY=cold,seed,model,moto measures only those parts (default: all). */
const only = (part: string) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(part);

const EXPLORE_REQUESTS = 1000;

/**
 * `explore` against the mock: requests a second over a fixed number of requests (generation, the oracle, the judge
 * and the ledger included), beside a bare loop that sends the same number of generated requests with plain SDK
 * commands; then the time to shrink a finding, for each fault only a combination reveals (seed 1).
 */
async function exploreBench() {
  const rates: { suite: number; bare: number }[] = [];
  // Round 0 warms both sides up (module loading, the JIT, the first connections) and is not counted, as in `measure`.
  for (let round = -1; round < Math.max(1, Math.min(ROUNDS, 3)); round++) {
    const mock = await startReferenceMock();
    try {
      const { report } = await exploreTarget({ target: { kind: 'url', url: mock.url }, seed: 42, maxRequests: EXPLORE_REQUESTS });
      const e = report.explore!;
      if (e.findings.length > 0) throw new Error(`explore found something on the sound mock: ${e.findings[0]!.id}`);
      mock.store.clear();
      const plan = planRun();
      const arbitrary = new RequestArbitraries(plan.operation, plan.service, { region: plan.region }).request();
      const requests = fc
        .sample(arbitrary, { seed: 42, numRuns: EXPLORE_REQUESTS })
        .map((t, i) => expand(t, { ...caseNames(plan.ctx, i), model: plan.ctx.modelName, region: plan.region }));
      const { send, destroy } = plainSender(mock.url);
      await send('CreateModel', expand(loadService().resources.model!.setup!, runVars(plan)));
      const tags = planTags(plan);
      const started = performance.now();
      for (const request of requests) {
        const output = (await send('CreateEndpointConfig', request).catch(() => undefined)) as { EndpointConfigArn?: string } | undefined;
        // explore labels what it creates on a target it did not start (see Safety), as run does: the same calls here.
        if (output?.EndpointConfigArn) await send('AddTags', { ResourceArn: output.EndpointConfigArn, Tags: tags }).catch(() => undefined);
      }
      const bareMs = performance.now() - started;
      destroy();
      if (round >= 0) rates.push({ suite: e.requestsPerSecond, bare: EXPLORE_REQUESTS / (bareMs / 1000) });
    } finally {
      await mock.close();
    }
  }
  const suite = median(rates.map((r) => r.suite));
  const bareRate = median(rates.map((r) => r.bare));
  // Each round's own ratio (explore and bare measured back to back), then their median: a shared machine's load moves both.
  const share = median(rates.map((r) => r.suite / r.bare));
  console.log(`\nexplore against the reference mock (${EXPLORE_REQUESTS} requests, seed 42, median of ${rates.length} rounds)`);
  // Both rates count the generated creates only; each accepted create is then labelled by AddTags on both sides.
  console.log(`  bare SDK loop (pre-generated requests, AddTags after each accepted create, as explore does) ${bareRate.toFixed(0).padStart(6)} requests/s`);
  console.log(
    `  explore (generate, oracle, judge, ledger, AddTags)                                          ${suite.toFixed(0).padStart(6)} requests/s   ${(100 * share).toFixed(0)}% of bare (median of each round's ratio; goal: at least 80%)`,
  );
  console.log('\nshrinking a finding (explore --seed 1 --max-findings 1 against mock:FAULT)');
  for (const [fault] of Object.entries(knownFaults()).filter(([, f]) => f.combination)) {
    const { report } = await exploreTarget({ target: { kind: 'mock', faults: [fault] }, seed: 1, maxFindings: 1 });
    const f = report.explore!.findings[0];
    const found = report.explore!.counts.sent - report.explore!.counts.shrinking;
    console.log(
      f
        ? `  ${fault.padEnd(100)} found after ${found} requests; shrunk in ${f.shrink.ms} ms (${f.shrink.requests} requests, ${f.shrink.steps} steps), ${f.shrink.fromBytes} → ${f.shrink.toBytes} bytes`
        : `  ${fault.padEnd(100)} NOT FOUND`,
    );
  }
}

async function main() {
  if (process.env.BENCH_EXPLORE_ONLY) return exploreBench();
  if (only('cold')) await coldStart();
  if (process.env.BENCH_INSTRUCTIONS) await instructions();
  if (process.env.BENCH_COLD_ONLY) return;
  for (const spec of ['seed', 'model'].filter(only)) {
    const mock = await startReferenceMock({ edition: spec });
    try {
      await measure(`reference mock, ${spec} edition`, mock.url, async () => mock.store.clear(), spec);
    } finally {
      await mock.close();
    }
  }
  if (!only('moto')) return;
  const moto = await startMoto();
  try {
    await measure('moto 5.2.1', moto.url!, async () => {
      await fetch(`${moto.url}/moto-api/reset`, { method: 'POST' });
    });
  } finally {
    await moto.stop();
  }
  await exploreBench();
}

void main();
