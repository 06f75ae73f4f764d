import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance } from '../../src/runner/run';
import { startMoto, type StartedTarget } from '../../src/target/targets';
import { startCli } from '../helpers/cli-child';
import { main } from '../../src/cli/main';
import { captureIo } from '../helpers/io';
import { childrenNamed, running, waitUntil } from '../helpers/processes';
import { directClient } from '../helpers/target';
import { errorAnswer, startProxy } from '../nightly/helpers';

describe('moto_server and the CLI', () => {
  it('never outlives a CLI killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-moto-'));
    const cli = startCli(['run', '--target', 'moto', '--report-dir', dir, '--concurrency', '1']);
    let moto: number | undefined;
    try {
      expect(await waitUntil(() => (moto = childrenNamed(cli.child.pid!, 'moto_server')[0]) !== undefined, 20000)).toBe(true);
      cli.child.kill('SIGKILL');
      await cli.exited;
      expect(await waitUntil(() => !running(moto!), 5000)).toBe(true);
    } finally {
      if (moto && running(moto)) process.kill(moto, 'SIGKILL');
      await cli.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sees moto_server killed during start-up at once, not after 20 s', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'sc-fake-moto-'));
    writeFileSync(join(bin, 'moto_server'), '#!/bin/sh\nsleep 0.2\nkill -KILL $$\n');
    chmodSync(join(bin, 'moto_server'), 0o755);
    const started = Date.now();
    const cli = startCli(['run', '--target', 'moto', '--report-dir', join(bin, 'reports')], { PATH: `${bin}:${process.env.PATH}` });
    try {
      expect((await cli.exited).code).toBe(2);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(cli.stderr()).toContain('moto_server was killed by SIGKILL before answering');
    } finally {
      await cli.kill();
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('lists nothing as left on a moto_server that died mid-run: its state went with it', async () => {
    let killed = 0;
    const { report, exitCode } = await runConformance({
      target: { kind: 'moto' },
      concurrency: 1,
      maxAttempts: 1,
      onCase: (_r, done) => {
        if (done !== 5) return;
        for (const pid of childrenNamed(process.pid, 'moto_server')) {
          process.kill(pid, 'SIGKILL');
          killed = pid;
        }
      },
    });
    expect(killed).toBeGreaterThan(0);
    expect(exitCode).toBe(1);
    expect(report.cleanup.leftovers).toEqual([]);
    expect(report.problem).toContain(`moto_server (PID ${killed}) was killed by SIGKILL during the run`);
  });
});

describe('sweep and clean-up on moto', () => {
  let moto: StartedTarget;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto.stop();
  });

  it('sweeps although moto answers HTTP 500 to a filtered listing once a nameless config exists', async () => {
    const client = directClient(moto.url!);
    try {
      await client.send('CreateModel', { ModelName: 'm1', ExecutionRoleArn: 'arn:aws:iam::123456789012:role/r', PrimaryContainer: { Image: 'i' } });
      const nameless = await client.send('CreateEndpointConfig', {
        ProductionVariants: [{ VariantName: 'v', ModelName: 'm1', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
      });
      expect(nameless.response?.status).toBe(200);
      const filtered = await client.send('ListEndpointConfigs', { NameContains: 'sc-' });
      expect(filtered.response?.status).toBe(500); // the moto quirk this works around
    } finally {
      client.destroy();
    }
    const io = captureIo({});
    const code = await main(['sweep', '--target', moto.url!], io);
    expect(io.err()).toContain('sweep: 0 deleted');
    expect(code).toBe(0);
  });
});

describe('two runs on one shared target', () => {
  it("leave each other's un-prefixed names alone: a name tagged by another run is not deleted", async () => {
    const moto = await startMoto();
    // This run's create of the empty name fails with a 500 (was it made?), so clean-up tries to delete that name.
    const proxy = await startProxy(moto.url!, {
      intercept: (req) =>
        req.operation === 'CreateEndpointConfig' && req.body.includes('"EndpointConfigName":""') ? errorAnswer(500, 'InternalFailure', 'oops') : undefined,
    });
    const client = directClient(moto.url!);
    try {
      // Another run's config under a name no run id marks (moto accepts an empty name), tagged by that run.
      await client.send('CreateModel', { ModelName: 'm1', ExecutionRoleArn: 'arn:aws:iam::123456789012:role/r', PrimaryContainer: { Image: 'i' } });
      const v = { ProductionVariants: [{ VariantName: 'v', ModelName: 'm1', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }] };
      const made = await client.send('CreateEndpointConfig', { EndpointConfigName: '', ...v });
      const arn = (JSON.parse(made.response!.body) as { EndpointConfigArn: string }).EndpointConfigArn;
      await client.send('AddTags', { ResourceArn: arn, Tags: [{ Key: 'sagemaker-conformance:run-id', Value: 'other1' }] });
      const { report } = await runConformance({ target: { kind: 'url', url: proxy.url }, only: ['EndpointConfigName.pattern.empty'] });
      expect(report.cleanup.kept).toEqual([expect.objectContaining({ resource: 'endpoint-config', name: '', reason: expect.stringContaining('other1') })]);
      expect((await client.send('DescribeEndpointConfig', { EndpointConfigName: '' })).response?.status).toBe(200);
    } finally {
      client.destroy();
      await proxy.close();
      await moto.stop();
    }
  });
});
