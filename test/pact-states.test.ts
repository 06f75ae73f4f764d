import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOperations, loadService } from '../src/spec/load';
import { startMock } from '../src/mock/server';
import { specBehaviour } from '../src/mock/behaviour';
import { runCliProcess } from './helpers/cli-process';
import { parseState, stateText, supportedStates } from '../src/pact/states';

const service = loadService();

describe('provider states', () => {
  it.each([
    ['a model named m-1 exists', undefined, { resource: 'model', name: 'm-1' }],
    ['an endpoint config named c-1 exists', undefined, { resource: 'endpoint-config', name: 'c-1' }],
    ['an endpoint configuration named c-2 exists', undefined, { resource: 'endpoint-config', name: 'c-2' }],
    ['a model exists', { name: 'm-2' }, { resource: 'model', name: 'm-2' }],
  ])('reads "%s" (params %j)', (name, params, expected) => {
    expect(parseState(service, { name, params })).toMatchObject(expected);
  });

  it.each(['a unicorn named x exists', 'a model exists', 'the model m is ready'])('does not know "%s"', (name) => {
    expect(parseState(service, { name })).toBeUndefined();
  });

  it('writes states it can read back, for every resource in contracts/service.json', () => {
    for (const resource of Object.keys(service.resources)) {
      expect(parseState(service, stateText(resource, 'x-1'))).toMatchObject({ resource, name: 'x-1' });
    }
    expect(supportedStates(service)).toHaveLength(Object.keys(service.resources).length);
  });
});

describe('a provider state that creates a model', () => {
  it('creates it with the same set-up request as a run: a real execution role and image, not empty placeholders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pact-state-'));
    const created: Record<string, unknown>[] = [];
    const mock = await startMock({
      service,
      operations: loadOperations(),
      behaviour: { ...specBehaviour, stored: (request, operation) => (operation === 'CreateModel' && created.push(request), request) },
    });
    try {
      // Pact's native core runs in child processes only: a second core in a Jest worker warns about tracing.
      const written = await runCliProcess(['pact', '--dir', dir]);
      expect(written.code).toBe(0);
      const file = join(
        dir,
        readdirSync(dir).find((f) => f.endsWith('.json'))!,
      );
      const pact = JSON.parse(readFileSync(file, 'utf8')) as { interactions: { description: string }[] };
      pact.interactions = pact.interactions.filter((i) => i.description.startsWith('CreateEndpointConfig.baseline'));
      writeFileSync(file, JSON.stringify(pact));
      // Pact's verifier also prints its own report to stdout, which Jest cannot capture.
      const outcome = await runCliProcess(['verify', '--target', mock.url, '--pact', file, '--report-dir', join(dir, 'reports')]);
      expect(outcome.code).toBe(0);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({
        ExecutionRoleArn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\/.+/),
        PrimaryContainer: { Image: expect.stringMatching(/^\d{12}\.dkr\.ecr\.us-east-1\.amazonaws\.com\/.+:.+/) },
      });
    } finally {
      await mock.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
