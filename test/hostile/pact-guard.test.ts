import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli, type CliChild } from '../helpers/cli-child';
import { directClient, resourcesOn } from '../helpers/target';
import { startMoto, type StartedTarget } from '../../src/target/targets';
import type { ConformanceReport } from '../../src/report/model';

/**
 * A consumer's pact is someone else's text (issue 23, point 1): verifying it on a shared target never deletes or
 * changes what its own provider states did not create, never calls operations outside the contracts' resources, and
 * an interrupted verification cleans up what its states made and writes a report marked incomplete.
 */

const work = mkdtempSync(join(tmpdir(), 'pact-guard-'));
let moto: StartedTarget;
let cli: CliChild | undefined;

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(async () => {
  await fetch(`${moto.url!}/moto-api/reset`, { method: 'POST' });
});
afterEach(async () => {
  await cli?.kill();
  cli = undefined;
});

type State = { name: string; params: { name: string } };
const model = (name: string): State => ({ name: `a model named ${name} exists`, params: { name } });
const config = (name: string): State => ({ name: `an endpoint config named ${name} exists`, params: { name } });

/** One V4 interaction: a SageMaker call answered 200 with an empty object. */
function interaction(description: string, providerStates: State[], operation: string, body: Record<string, unknown>) {
  return {
    type: 'Synchronous/HTTP',
    description,
    providerStates,
    request: {
      method: 'POST',
      path: '/',
      headers: { 'Content-Type': ['application/x-amz-json-1.1'], 'X-Amz-Target': [`SageMaker.${operation}`] },
      body: { content: body, contentType: 'application/json', encoded: false },
    },
    response: { status: 200 },
  };
}

function writePact(name: string, interactions: unknown[]): string {
  const file = join(work, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ consumer: { name: 'team' }, provider: { name: 'sagemaker' }, interactions, metadata: { pactSpecification: { version: '4.0' } } }),
  );
  return file;
}

async function seedShared(): Promise<void> {
  const client = directClient(moto.url!);
  try {
    const made = await client.send('CreateModel', {
      ModelName: 'shared-model',
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/shared',
      PrimaryContainer: { Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shared:1' },
    });
    expect(made.response?.status).toBe(200);
    const configured = await client.send('CreateEndpointConfig', {
      EndpointConfigName: 'shared-config',
      ProductionVariants: [{ VariantName: 'v', ModelName: 'shared-model', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
    });
    expect(configured.response?.status).toBe(200);
  } finally {
    client.destroy();
  }
}

function reportIn(dir: string): ConformanceReport {
  return JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
}

describe("verifying someone else's pact on a shared target", () => {
  it('deletes nothing its states did not create and calls nothing outside the contracts: those interactions are not run, with why', async () => {
    await seedShared();
    const pact = writePact('hostile', [
      interaction('delete the shared config', [model('shared-model'), config('shared-config')], 'DeleteEndpointConfig', {
        EndpointConfigName: 'shared-config',
      }),
      interaction('delete the shared model', [model('shared-model')], 'DeleteModel', { ModelName: 'shared-model' }),
      interaction('create an endpoint', [], 'CreateEndpoint', { EndpointName: 'team-endpoint', EndpointConfigName: 'shared-config' }),
    ]);
    const reports = join(work, 'hostile-reports');
    cli = startCli(['verify', '--target', moto.url!, '--pact', pact, '--report-dir', reports]);
    const { code } = await cli.exited;
    expect(code).toBe(1);
    expect((await resourcesOn(moto.url!)).sort()).toEqual(['endpoint-config/shared-config', 'model/shared-model']);
    const report = reportIn(reports);
    expect(report.contracts!.summary).toMatchObject({ total: 3, verified: 0, notRun: 3 });
    const why = Object.fromEntries(report.contracts!.interactions.map((i) => [i.description, i.failures.join('; ')]));
    expect(why['delete the shared config']).toMatch(
      /not sent: it would delete the endpoint configuration shared-config, which its provider states did not create/,
    );
    expect(why['delete the shared model']).toMatch(/not sent: it would delete the model shared-model, which its provider states did not create/);
    expect(why['create an endpoint']).toMatch(/not sent: it calls CreateEndpoint, which is not an operation of the resources the contracts describe/);
    expect(cli.stderr()).toMatch(/✗ team → sagemaker: delete the shared config: not sent: it would delete/);
  });

  it('still replays a delete of what its own state created', async () => {
    const pact = writePact('own', [
      interaction('delete our config', [model('team-model'), config('team-config')], 'DeleteEndpointConfig', { EndpointConfigName: 'team-config' }),
    ]);
    const reports = join(work, 'own-reports');
    cli = startCli(['verify', '--target', moto.url!, '--pact', pact, '--report-dir', reports]);
    expect((await cli.exited).code).toBe(0);
    expect(reportIn(reports).contracts!.summary).toMatchObject({ total: 1, verified: 1 });
    expect(await resourcesOn(moto.url!)).toEqual([]);
  });
});

/** A loopback proxy to `upstream` that holds every request `delayMs`: "Ctrl-C while a request is in flight" is easy to hit. */
async function startSlowProxy(upstream: string, delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      setTimeout(() => {
        const out = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.on('error', () => res.destroy());
        out.end(Buffer.concat(chunks));
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('an interrupted verification', () => {
  it('on SIGINT cleans up what its states created and writes a report marked incomplete, then exits 130', async () => {
    const interactions = Array.from({ length: 10000 }, (_, k) =>
      interaction(`delete config ${k}`, [model('team-model'), config(`team-cfg-${k}`)], 'DeleteEndpointConfig', { EndpointConfigName: `team-cfg-${k}` }),
    );
    const pact = writePact('many', interactions);
    const proxy = await startSlowProxy(moto.url!, 300);
    const reports = join(work, 'many-reports');
    try {
      cli = startCli(['verify', '--target', proxy.url, '--pact', pact, '--report-dir', reports]);
      // The 4th interaction's states are on the target: its model and configuration exist now.
      const deadline = Date.now() + 90000;
      while (!(await resourcesOn(moto.url!)).includes('endpoint-config/team-cfg-3')) {
        if (Date.now() > deadline || cli.child.exitCode !== null) throw new Error(`team-cfg-3 never made:\n${cli.stderr()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const sent = Date.now();
      cli.child.kill('SIGINT');
      const { code, at } = await cli.exited;
      expect(code).toBe(130);
      expect(at - sent).toBeLessThan(20000);
      expect(await resourcesOn(moto.url!)).toEqual([]);
      const report = reportIn(reports);
      expect(report.complete).toBe(false);
      expect(report.problem).toMatch(
        /^interrupted \(SIGINT\): 10000 of 10000 interaction\(s\) not run or not finished; what the provider states created was deleted$/,
      );
      expect(report.cleanup.leftovers).toEqual([]);
      expect(report.contracts!.summary).toMatchObject({ total: 10000, verified: 0 });
    } finally {
      await proxy.close();
    }
  });
});
