/**
 * What real accounts do beyond the model (contracts/model/observed/): a strict loopback target that answers as the
 * public evidence shows (an unsigned request refused with 400, SerializationException with `__type` alone, no
 * x-amzn-ErrorType header, ManagedInstanceScaling refused beside a ModelName) gets no failure from the default
 * profile; and the reference mock answers as the captures do.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main';
import { specBehaviour, specProtocol } from '../src/mock/behaviour';
import { startReferenceMock } from '../src/mock/reference';
import { startFaultyProxy } from './helpers/faulty-proxy';
import { directClient } from './helpers/target';
import { captureIo } from './helpers/io';

interface ReportCase {
  id: string;
  status: string;
  actual: { status?: number; message?: string } | null;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-observed-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a strict target that answers as real accounts are seen to', () => {
  it('gets no failure from the default edition', async () => {
    const strict = await startReferenceMock({ behaviour: { ...specBehaviour, protocol: { ...specProtocol, unsignedStatus: 400 } } });
    // SerializationException with nothing but its type, as a Coral service has answered (pplu/aws-sdk-perl#237).
    const proxy = await startFaultyProxy(strict.url, async (call) => {
      const answer = await call.forward();
      const text = answer.body.toString('utf8');
      const bare = text.includes('"__type":"SerializationException"') ? JSON.stringify({ __type: 'SerializationException' }) : text;
      call.res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(bare) }).end(bare);
    });
    try {
      const io = captureIo({});
      const code = await main(['run', '--target', proxy.url, '--report-dir', dir], io);
      const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as { cases: ReportCase[] };
      const notPassing = report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.status}`);
      expect(notPassing).toEqual([]);
      expect(code).toBe(0);
      expect(report.cases.find((c) => c.id === 'protocol.unsigned')?.actual?.status).toBe(400);
      const typeCase = report.cases.find((c) => c.id === 'EndpointConfigName.type.number');
      expect(typeCase).toMatchObject({ status: 'passed', actual: { status: 400 } });
      expect(typeCase?.actual?.message).toBeUndefined();
    } finally {
      await proxy.close();
      await strict.close();
    }
  }, 120000);
});

describe('the reference mock, as the captures show', () => {
  const baseline = (variant: Record<string, unknown>) => ({
    EndpointConfigName: 'sc-observed-000',
    ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.g5.12xlarge', InitialInstanceCount: 1, ...variant }],
  });

  it('refuses ManagedInstanceScaling beside a ModelName with the captured message, and names no x-amzn-ErrorType header', async () => {
    const mock = await startReferenceMock();
    const client = directClient(mock.url);
    try {
      const scaling = { ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 1, MaxInstanceCount: 2 } };
      const refused = (await client.send('CreateEndpointConfig', baseline({ ModelName: 'm', ...scaling }))).response!;
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.body)).toEqual({
        __type: 'ValidationException',
        message: 'ManagedInstanceScaling is only supported for inference component endpoints.',
      });
      expect(refused.headers['x-amzn-errortype']).toBeUndefined();
      const shadowEi = (
        await client.send('CreateEndpointConfig', {
          ...baseline({}),
          EndpointConfigName: 'sc-observed-001',
          ShadowProductionVariants: [{ VariantName: 'shadow-0', InstanceType: 'ml.g5.12xlarge', InitialInstanceCount: 1, AcceleratorType: 'ml.eia1.medium' }],
        })
      ).response!;
      expect(shadowEi.status).toBe(400);
      expect(JSON.parse(shadowEi.body)).toMatchObject({ __type: 'ValidationException' });
    } finally {
      client.destroy();
      await mock.close();
    }
  });

  it('names the code in an x-amzn-ErrorType header too when asked (mock --error-type-header)', async () => {
    const mock = await startReferenceMock({ errorTypeHeader: true });
    const client = directClient(mock.url);
    try {
      const refused = (await client.send('CreateEndpointConfig', { ProductionVariants: [] })).response!;
      expect(refused.headers['x-amzn-errortype']).toMatch(/^ValidationException:/);
      expect(JSON.parse(refused.body)).toMatchObject({ __type: 'ValidationException' });
    } finally {
      client.destroy();
      await mock.close();
    }
  });
});
