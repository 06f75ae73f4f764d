import { CreateAccessKeyCommand, AttachUserPolicyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { runConformance } from '../../src/runner/run';
import { planRun } from '../../src/engine/session';
import { openSession } from '../../src/runner/open-session';
import { startMoto, type StartedTarget } from '../../src/target/targets';
import { captureIo, startProxy, type Proxy } from './helpers';
import { directClient } from '../helpers/target';

interface Statement {
  Sid: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}
const POLICY_FILE = resolve(__dirname, '../../fixtures/iam/conformance-policy.json');
const policy = JSON.parse(readFileSync(POLICY_FILE, 'utf8')) as { Version: string; Statement: Statement[] };
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/**
 * moto 5.2.1 authorizes SageMaker (and STS) actions against the resource "*" only, and evaluates no conditions,
 * so a statement scoped to `model/sc-*` would deny everything there. The moto copy of the policy keeps every
 * action and widens only those resources; the name scoping is checked by the resource test below instead.
 */
function motoCopy(): string {
  return JSON.stringify({
    ...policy,
    Statement: policy.Statement.map(({ Condition: _ignored, ...s }) =>
      actions(s).some((a) => a.startsWith('sagemaker:') || a.startsWith('sts:')) ? { ...s, Resource: '*' } : s,
    ),
  });
}

/** IAM's wildcard match of one resource pattern. */
function matches(pattern: string, arn: string): boolean {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(arn);
}

const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];

describe('the least-privilege IAM policy', () => {
  let moto: StartedTarget;
  let proxy: Proxy;
  let key: { accessKeyId: string; secretAccessKey: string };
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startProxy(moto.url!);
    // Enforcement starts after the next 4 actions, which set up the user that holds only the policy.
    await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: '4' });
    const root = new IAMClient({ region: 'us-east-1', endpoint: moto.url, credentials: { accessKeyId: 'AKIDBOOTSTRAP', secretAccessKey: 'bootstrap-secret' } });
    try {
      await root.send(new CreateUserCommand({ UserName: 'conformance-nightly' }));
      const created = await root.send(new CreatePolicyCommand({ PolicyName: 'sagemaker-conformance', PolicyDocument: motoCopy() }));
      await root.send(new AttachUserPolicyCommand({ UserName: 'conformance-nightly', PolicyArn: created.Policy!.Arn! }));
      const made = await root.send(new CreateAccessKeyCommand({ UserName: 'conformance-nightly' }));
      key = { accessKeyId: made.AccessKey!.AccessKeyId!, secretAccessKey: made.AccessKey!.SecretAccessKey! };
    } finally {
      root.destroy();
    }
    for (const k of ENV_KEYS) saved[k] = process.env[k];
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    process.env.AWS_ACCESS_KEY_ID = key.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = key.secretAccessKey;
  });
  afterAll(async () => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await proxy?.close();
    await moto?.stop();
  });

  it('is enough for a sweep and a whole run as a user holding only it, with IAM enforced', async () => {
    // A crashed run's leftovers, then the sweep that removes them (moto answers 500 to a filtered list once a
    // run has left its nameless configuration behind, so the sweep goes first).
    const plan = planRun({ runId: 'crash9' });
    const crashed = await openSession(plan, { target: { kind: 'url', url: proxy.url } });
    await crashed.setup();
    for (const c of plan.cases.filter((c) => c.id.startsWith('EndpointConfigName.length'))) await crashed.runCase(c);
    crashed.client.destroy();
    await new Promise((r) => setTimeout(r, 5));
    const io = captureIo({ AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey });
    const swept = await main(['sweep', '--target', proxy.url, '--older-than', '1ms'], io);
    expect(io.err()).toMatch(/sweep: [1-9]\d* deleted, 0 would be deleted, 0 kept, 0 failed/);
    expect(swept).toBe(0);

    // The seed edition's table: it calls every action the model edition's does (the same create, describe, tag,
    // list and delete calls), in a sixth of the requests.
    const { report, exitCode } = await runConformance({
      target: { kind: 'url', url: proxy.url },
      edition: 'seed',
      expectationsFile: resolve(__dirname, '../../fixtures/expectations/moto.seed.json'),
      confirmIdentity: true,
      concurrency: 2,
    });
    expect(report.problem).toBeUndefined();
    expect(exitCode).toBe(0);
    expect(report.target.account).toBe('123456789012');
    expect(report.cases.flatMap((c) => c.steps.map((s) => s.actual)).filter((a) => a.errorCode === 'AccessDeniedException')).toEqual([]);
    // Every SageMaker action the policy grants was used, so none can be dropped.
    const used = new Set(proxy.seen.map((r) => `sagemaker:${r.operation}`));
    expect(policy.Statement.flatMap(actions).filter((a) => a.startsWith('sagemaker:') && !used.has(a))).toEqual([]);
  });

  it('denies a call outside the policy: creating an endpoint, which costs money', async () => {
    const client = directClient(moto.url!, { credentials: key });
    try {
      const exchange = await client.send('CreateEndpoint', { EndpointName: 'sc-denied', EndpointConfigName: 'sc-denied' });
      expect([400, 403]).toContain(exchange.response?.status); // AWS answers 400, moto 403
      expect(exchange.response?.body).toContain('AccessDenied');
    } finally {
      client.destroy();
    }
  });

  it("rejects a key that is not the user's: enforcement is really on", async () => {
    const client = directClient(moto.url!, { credentials: { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'nobody-secret' } });
    try {
      const exchange = await client.send('ListModels', {});
      expect(exchange.response?.status).toBe(403);
    } finally {
      client.destroy();
    }
  });
});

describe("the policy's name scoping", () => {
  const scoped = policy.Statement.find((s) => actions(s).includes('sagemaker:CreateEndpointConfig'))!;
  const resources = Array.isArray(scoped.Resource) ? scoped.Resource : [scoped.Resource];
  const allowed = (arn: string) => resources.some((p) => matches(p, arn));
  const listed = Object.keys(JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/expectations/aws-least-privilege.json'), 'utf8')) as object).filter(
    (k) => !k.startsWith('$'),
  );

  it('covers every name a run creates, but for the cases the least-privilege expectations list', async () => {
    const { prepareRun } = await import('../../src/runner/run');
    const { plan } = prepareRun({ target: { kind: 'mock' }, runId: 'abc123', region: 'eu-west-1' });
    const arn = (type: string, name: string) => `arn:aws:sagemaker:eu-west-1:111122223333:${type}/${name.toLowerCase()}`;
    expect(allowed(arn('model', plan.ctx.modelName))).toBe(true);
    const denied = plan.cases
      .filter((c) =>
        c.steps.some(
          (s) =>
            s.operation === 'CreateEndpointConfig' && s.expect.outcome === 'accept' && !allowed(arn('endpoint-config', String(s.request.EndpointConfigName))),
        ),
      )
      .map((c) => c.id);
    expect(denied).toEqual(listed);
  });

  it('does not reach resources of anyone else', () => {
    expect(allowed('arn:aws:sagemaker:eu-west-1:111122223333:endpoint-config/prod-config')).toBe(false);
    expect(allowed('arn:aws:sagemaker:eu-west-1:111122223333:endpoint/sc-abc123-000')).toBe(false);
  });
});
