import { RawSageMakerClient } from '../../src/client/client';
import { main } from '../../src/cli/main';
import { deletionOrder, sweep, type SweepFinding } from '../../src/engine/sweep';
import { planRun } from '../../src/engine/session';
import { openSession } from '../../src/runner/open-session';
import { RUN_ID_TAG } from '../../src/client/tags';
import type { RunningMock } from '../../src/mock/server';
import { loadService } from '../../src/spec/load';
import { captureIo } from './helpers';
import { startReferenceMock } from '../../src/mock/reference';
import { directClient } from '../helpers/target';

const HOUR = 3600000;
const service = loadService();
const order = deletionOrder(service, ['model']);

async function seed(client: RawSageMakerClient): Promise<void> {
  const model = (name: string, tags: { Key: string; Value: string }[]) =>
    client.send('CreateModel', { ModelName: name, ExecutionRoleArn: 'arn:aws:iam::123456789012:role/r', PrimaryContainer: { Image: 'i' }, Tags: tags });
  const config = async (name: string, tags: { Key: string; Value: string }[]) => {
    const created = await client.send('CreateEndpointConfig', {
      EndpointConfigName: name,
      ProductionVariants: [{ VariantName: 'v', ModelName: 'sc-old1-model', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
    });
    expect(created.response?.status).toBe(200);
    const arn = (JSON.parse(created.response!.body) as { EndpointConfigArn: string }).EndpointConfigArn;
    if (tags.length) await client.send('AddTags', { ResourceArn: arn, Tags: tags });
  };
  await model('sc-old1-model', [{ Key: RUN_ID_TAG, Value: 'old1' }]);
  await config('sc-old1-001', [{ Key: RUN_ID_TAG, Value: 'old1' }]);
  await config('Sc-OLD1-002', [{ Key: RUN_ID_TAG, Value: 'old1' }]); // the suite's mixed-case names are ours too
  await config('sc-old1-003', []); // untagged: a name is not proof
  await config('sc-prod-config', [{ Key: 'team', Value: 'prod' }]);
  await config('sc-old2-004', [{ Key: RUN_ID_TAG, Value: 'old1' }]); // tag of another run than its name says
  await config('misc-config', [{ Key: RUN_ID_TAG, Value: 'old1' }]); // contains the prefix, does not start with it
  await config('prod-config', []);
}

const byName = (findings: SweepFinding[]) => Object.fromEntries(findings.map((f) => [f.name, f.action]));

describe('the sweeper', () => {
  let mock: RunningMock;
  let client: RawSageMakerClient;
  beforeEach(async () => {
    mock = await startReferenceMock();
    client = directClient(mock.url);
    await seed(client);
  });
  afterEach(async () => {
    client.destroy();
    await mock.close();
  });

  it('deletes only old resources with our name prefix and our run-id tag, dependents first', async () => {
    const findings = await sweep((op, body) => client.send(op, body), {
      service,
      order,
      prefix: 'sc-',
      olderThanMs: 6 * HOUR,
      dryRun: false,
      now: Date.now() + 7 * HOUR,
    });
    expect(byName(findings)).toEqual({
      'sc-old1-001': 'deleted',
      'Sc-OLD1-002': 'deleted',
      'sc-old1-003': 'kept',
      'sc-prod-config': 'kept',
      'sc-old2-004': 'kept',
      'sc-old1-model': 'deleted',
    });
    expect(findings.find((f) => f.name === 'sc-old1-003')!.reason).toContain('not proven to be ours');
    expect(findings.map((f) => f.resource)).toEqual([...Array(5).fill('endpoint-config'), 'model']);
    expect(
      mock.store
        .list('endpoint-config')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['misc-config', 'prod-config', 'sc-old1-003', 'sc-old2-004', 'sc-prod-config']);
    expect(mock.store.list('model')).toEqual([]);
  });

  it('keeps resources younger than --older-than', async () => {
    const findings = await sweep((op, body) => client.send(op, body), {
      service,
      order,
      prefix: 'sc-',
      olderThanMs: 6 * HOUR,
      dryRun: false,
      now: Date.now() + HOUR,
    });
    expect(findings.every((f) => f.action === 'kept')).toBe(true);
    expect(mock.store.count()).toBe(8);
  });

  it('lists without deleting on --dry-run, from the command line', async () => {
    await new Promise((r) => setTimeout(r, 5));
    const io = captureIo({});
    expect(await main(['sweep', '--target', mock.url, '--older-than', '1ms', '--dry-run'], io)).toBe(0);
    expect(io.out()).toMatch(/would-delete +endpoint-config\/sc-old1-001/);
    expect(io.out()).toMatch(/kept +endpoint-config\/sc-old1-003/);
    expect(io.err()).toContain('3 would be deleted');
    expect(mock.store.count()).toBe(8);
  });
});

describe('a crashed run', () => {
  it('leaves only resources the sweeper recognises and removes', async () => {
    const mock = await startReferenceMock();
    try {
      const plan = planRun({ runId: 'crash1', region: 'us-east-1' });
      const session = await openSession(plan, { target: { kind: 'url', url: mock.url } });
      await session.setup();
      for (const c of plan.cases.filter((c) => c.id.startsWith('EndpointConfigName.length'))) await session.runCase(c);
      session.client.destroy(); // the process dies: no clean-up
      const left = mock.store.count();
      expect(left).toBeGreaterThan(1);
      await new Promise((r) => setTimeout(r, 5));
      const io = captureIo({});
      expect(await main(['sweep', '--target', mock.url, '--older-than', '1ms'], io)).toBe(0);
      expect(io.err()).toContain(`${left} deleted`);
      expect(mock.store.count()).toBe(0);
    } finally {
      await mock.close();
    }
  });
});
