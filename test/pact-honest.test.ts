import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeContracts } from '../src/pact/consumer';
import type { ConformanceReport, InteractionResult } from '../src/report/model';
import { startCliWorker, type CliWorker } from './helpers/cli-worker';
import { startFakeBroker, type FakeBroker } from './helpers/fake-broker';

// Each test here is a way `verify` once reported a pass where nothing was verified (issue 9).
// Every command runs through the real CLI's main() in one worker process (its cold start paid once, Pact's native
// report kept out of the test output); bin/'s exit codes are proven by pact-verify.test.ts's real processes.
const work = mkdtempSync(join(tmpdir(), 'pact-honest-'));
let pact: { consumer: { name: string }; provider: { name: string }; interactions: Record<string, unknown>[] };
let pactPath = '';
let cli: CliWorker;

beforeAll(async () => {
  cli = await startCliWorker();
  pactPath = (await writeContracts({ dir: join(work, 'pacts'), env: {} })).file;
  pact = JSON.parse(readFileSync(pactPath, 'utf8')) as typeof pact;
});
afterAll(async () => {
  await cli?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A pact file holding only the interactions whose case id matches. */
function pactWith(name: string, ids: RegExp, edit: (i: Record<string, unknown>) => void = () => undefined): string {
  const copy = structuredClone(pact);
  copy.interactions = copy.interactions.filter((i) => ids.test(String(i.description)));
  copy.interactions.forEach(edit);
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(copy));
  return file;
}

async function verify(args: string[], env: NodeJS.ProcessEnv = {}) {
  const reports = mkdtempSync(join(work, 'r-'));
  const result = await cli.run(['verify', ...args, '--report-dir', reports], env);
  const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
  return { ...result, report, byId: (id: string) => report.contracts!.interactions.find((i) => i.description.startsWith(`${id}:`))! };
}

const statuses = (list: InteractionResult[]) => Object.fromEntries(list.map((i) => [i.description.split(':')[0], i.status]));

describe('verify reports only what was verified', () => {
  it('fails an interaction whose provider state could not be set up, with the state error', async () => {
    // The fault makes the mock refuse the one-variant endpoint config the state creates (it wants two).
    const dup = pactWith('dup', /^behaviour\.duplicate-name/);
    const { code, byId } = await verify(['--target', 'mock:ProductionVariants.count.min+1', '--pact', dup]);
    expect(code).toBe(1);
    const result = byId('behaviour.duplicate-name');
    expect(result.status).toBe('failed');
    expect(result.failures.join('\n')).toMatch(
      /provider state "an endpoint config named sc-pact01-\d+ exists" could not be set up: CreateEndpointConfig answered HTTP 400/,
    );
  });

  it('reports interactions Pact did not run (PACT_DESCRIPTION set) as not run, and exits 1', async () => {
    const description = String(pact.interactions.find((i) => String(i.description).startsWith('Tags.count.50'))!.description);
    const { code, report, stderr } = await verify(['--target', 'mock', '--pact', pactPath], {
      PACT_DESCRIPTION: `^${description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
    });
    expect(code).toBe(1);
    expect(report.contracts!.summary).toMatchObject({ total: 13, verified: 1, notRun: 12, skipped: 0 });
    expect(stderr).toContain('PACT_DESCRIPTION');
  });

  it('skips, and says so, the interactions --only leaves out, and exits 0', async () => {
    const { code, report, stdout } = await verify(['--target', 'mock', '--pact', pactPath, '--only', 'Tags.count.*']);
    expect(code).toBe(0);
    expect(report.contracts!.summary).toMatchObject({ total: 13, verified: 2, failed: 0, notRun: 0, skipped: 11 });
    expect(stdout).toContain('2 passed, 0 failed, 11 skipped');
  });

  it('reads a state name in quotes without the quotes, and lets params.name take precedence over the text', async () => {
    const file = pactWith('quoted', /^CreateEndpointConfig\.baseline/, (i) => {
      const states = i.providerStates as { name: string; params?: Record<string, unknown> }[];
      const model = states[0]!.params!.name as string;
      states[0] = { name: `a model named "${model}" exists` };
    });
    const { code, byId } = await verify(['--target', 'mock', '--pact', file]);
    expect({ code, status: byId('CreateEndpointConfig.baseline').status }).toEqual({ code: 0, status: 'verified' });
  });

  it('verifies a foreign pact that states the response Content-Type exactly as application/x-amz-json-1.1', async () => {
    const file = pactWith('exact-type', /^(EndpointConfigName\.length\.64|CreateEndpointConfig\.baseline)/, (i) => {
      const response = i.response as { headers: Record<string, unknown>; matchingRules: { header: Record<string, unknown> } };
      response.headers['Content-Type'] = 'application/x-amz-json-1.1';
      delete response.matchingRules.header['Content-Type'];
      (response as unknown as { body: { contentType: string } }).body.contentType = 'application/x-amz-json-1.1';
    });
    const { code, report } = await verify(['--target', 'mock', '--pact', file]);
    expect({ code, statuses: statuses(report.contracts!.interactions) }).toEqual({
      code: 0,
      statuses: { 'CreateEndpointConfig.baseline': 'verified', 'EndpointConfigName.length.64': 'verified' },
    });
  });

  it('runs a team state handler from --states: its values reach the request through fromProviderState, its teardown runs', async () => {
    const marker = join(work, 'teardown-ran');
    const module = join(work, 'states.js');
    writeFileSync(
      module,
      `exports.stateHandlers = { 'a team tag': { setup: async (_p, ctx) => ({ tagValue: 'team-' + ctx.region }), teardown: async () => require('fs').writeFileSync(${JSON.stringify(marker)}, 'yes') } };`,
    );
    const file = pactWith('custom', /^Tags\.count\.50/, (i) => {
      (i.providerStates as unknown[]).push({ name: 'a team tag' });
      const request = i.request as { body: { content: { Tags: { Key: string; Value: string }[] } }; generators?: Record<string, unknown> };
      request.generators = { body: { '$.Tags[0].Value': { type: 'ProviderState', expression: '${tagValue}', dataType: 'STRING' } } };
    });
    const { code, byId } = await verify(['--target', 'mock', '--pact', file, '--states', module, '--region', 'eu-west-1']);
    expect({ code, status: byId('Tags.count.50').status }).toEqual({ code: 0, status: 'verified' });
    expect(readFileSync(marker, 'utf8')).toBe('yes');
  });
});

describe('verify with a Pact Broker (loopback HAL fake)', () => {
  let broker: FakeBroker;
  beforeEach(async () => {
    broker = await startFakeBroker();
    broker.addPact({ consumer: pact.consumer.name, provider: pact.provider.name, consumerVersion: 'c1', branch: 'main', content: pact });
  });
  afterEach(() => broker.close());

  it('gives the same per-interaction results as the same pact from a file, and publishes them as <commit>+<target>', async () => {
    const fromFile = await verify(['--target', 'mock:Tags.count.max+1', '--pact', pactPath]);
    const fromBroker = await verify(['--target', 'mock:Tags.count.max+1', '--publish', '--version', 'abc123+mock', '--branch', 'main'], {
      PACT_BROKER_BASE_URL: broker.url,
    });
    expect(fromBroker.code).toBe(1);
    expect(statuses(fromBroker.report.contracts!.interactions)).toEqual(statuses(fromFile.report.contracts!.interactions));
    expect(fromBroker.report.contracts!.summary).toMatchObject({ total: 13, verified: 12, failed: 1 });
    expect(fromBroker.report.contracts!.published).toMatchObject({ ok: true, providerVersion: 'abc123+mock', branch: 'main' });
    expect(broker.verifications.map((v) => [v.providerVersion, v.branch, v.success])).toEqual([['abc123+mock', 'main', false]]);
  });

  it('exits 1 and says so when the broker refuses the results', async () => {
    broker.fail.publishResults = true;
    const { code, report, stderr } = await verify(['--target', 'mock', '--publish', '--version', 'v1'], { PACT_BROKER_BASE_URL: broker.url });
    expect(code).toBe(1);
    expect(report.contracts!.summary).toMatchObject({ verified: 13, failed: 0 });
    expect(report.contracts!.published).toMatchObject({ ok: false, failures: [expect.stringContaining('HTTP 400')] });
    expect(stderr).toContain('publishing results failed');
  });

  it('verifies the one pact a webhook names (PACT_URL), publishes its result, and can-i-deploy then says yes', async () => {
    const url = broker.pactUrl(broker.pacts[0]!);
    const { code } = await verify(['--target', 'mock', '--publish', '--version', 'p1+mock', '--branch', 'main'], {
      PACT_URL: url,
      PACT_BROKER_BASE_URL: broker.url,
    });
    expect(code).toBe(0);
    expect(broker.verifications.map((v) => v.success)).toEqual([true]);
    const env = { PACT_BROKER_BASE_URL: broker.url };
    const record = await cli.run(['pact', 'record-deployment', '--pacticipant', 'sagemaker', '--version', 'p1+mock', '--environment', 'test'], env);
    expect(record.code).toBe(0);
    expect(broker.deployments).toEqual([{ pacticipant: 'sagemaker', version: 'p1+mock', environment: 'test' }]);
    const yes = await cli.run(['pact', 'can-i-deploy', '--pacticipant', pact.consumer.name, '--version', 'c1', '--to-environment', 'test'], env);
    expect(yes.code).toBe(0);
    const no = await cli.run(['pact', 'can-i-deploy', '--pacticipant', pact.consumer.name, '--version', 'c1', '--to-environment', 'production'], env);
    expect(no.code).toBe(1);
  });

  it('passes pending and WIP to the broker as flags (Pact default: off), and a failing pending pact does not fail the verification', async () => {
    const { code, report } = await verify(['--target', 'mock:Tags.count.max+1', '--enable-pending', '--include-wip-pacts-since', '2020-01-01'], {
      PACT_BROKER_BASE_URL: broker.url,
    });
    const post = broker.requests.find((r) => r.method === 'POST' && r.path.endsWith('/for-verification'))!;
    expect(JSON.parse(post.body)).toMatchObject({ includePendingStatus: true, includeWipPactsSince: '2020-01-01' });
    expect(report.contracts!.summary).toMatchObject({ failed: 0, pendingFailed: 1 });
    expect(code).toBe(0);
  });
});
