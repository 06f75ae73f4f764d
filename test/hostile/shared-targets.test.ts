import { errorAnswer, ordinary, startHostileTarget, type HostileTarget, type SeenCall } from '../helpers/hostile-target';
import { removeReportDir, runCliInProcess, type CliRun } from '../helpers/cli-in-process';
import type { ServerResponse } from 'node:http';

/**
 * Round three, targets shared with someone else (issue 23): what is on a target and was not made by this process is
 * never deleted. In-process CLI runs against loopback targets the tests write.
 */

const JSON_TYPE = 'application/x-amz-json-1.1';
const RUN_ID = 'abc123';
const MODEL = `sc-${RUN_ID}-model-`.padEnd(63, 'x');
/** Run B's configurations, made before run A starts with the same run id. */
const B_CONFIGS = ['sc-abc123-b1', 'sc-abc123-b2', 'sc-abc123-b3'];
const ENV = { AWS_ACCESS_KEY_ID: 'AKIDSHARED', AWS_SECRET_ACCESS_KEY: 'shared-secret' };

function listing(call: SeenCall, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': JSON_TYPE });
  res.end(
    JSON.stringify(
      call.operation === 'ListModels'
        ? { Models: [{ ModelName: MODEL }] }
        : { EndpointConfigs: B_CONFIGS.map((EndpointConfigName) => ({ EndpointConfigName, CreationTime: 1 })) },
    ),
  );
}

function described(res: ServerResponse, arnType: string, name: string): void {
  res.writeHead(200, { 'content-type': JSON_TYPE });
  res.end(JSON.stringify({ ModelName: name, EndpointConfigName: name, ModelArn: `arn:aws:sagemaker:us-east-1:123456789012:${arnType}/${name}` }));
}

describe('two runs given one --run-id', () => {
  let target: HostileTarget | undefined;
  let run: CliRun | undefined;
  afterEach(async () => {
    await target?.close();
    removeReportDir(run);
    target = undefined;
    run = undefined;
  });

  const deletes = () => target!.seen.filter((c) => c.operation.startsWith('Delete'));

  it('stops with exit 2 ("run id in use") and deletes nothing when its set-up model is already on the target', async () => {
    // Run B made the model and three configurations; a target (moto) that would take a second CreateModel of it.
    target = await startHostileTarget((call, res) => {
      if (call.operation === 'DescribeModel') return described(res, 'model', MODEL);
      if (call.operation.startsWith('List')) return listing(call, res);
      ordinary(call, res);
    });
    run = await runCliInProcess(['run', '--target', target.url, '--run-id', RUN_ID, '--only', 'EndpointConfigName.length*'], ENV);
    expect(run.code).toBe(2);
    expect(run.report?.problem).toMatch(/^could not set up: run id in use: the model sc-abc123-model-x+ is already on the target/);
    expect(target.seen.map((c) => c.operation)).not.toContain('CreateModel');
    expect(deletes()).toEqual([]);
    expect(run.report?.cleanup).toEqual({ deleted: [], leftovers: [] });
  });

  it('stops with exit 2 when the set-up create answers "already exists", and deletes nothing', async () => {
    // A target that cannot describe the model (or a race between the two runs) but refuses the create.
    target = await startHostileTarget((call, res) => {
      if (call.operation === 'DescribeModel') return errorAnswer(res, 400, 'ValidationException', `Could not find model "${MODEL}".`);
      if (call.operation === 'CreateModel')
        return errorAnswer(res, 400, 'ValidationException', `Cannot create already existing model "arn:aws:sagemaker:us-east-1:123456789012:model/${MODEL}".`);
      if (call.operation.startsWith('List')) return listing(call, res);
      ordinary(call, res);
    });
    run = await runCliInProcess(['run', '--target', target.url, '--run-id', RUN_ID, '--only', 'EndpointConfigName.length*'], ENV);
    expect(run.code).toBe(2);
    expect(run.report?.problem).toMatch(/run id in use/);
    expect(deletes()).toEqual([]);
  });

  it('deletes only what its own creates made, never other names under its prefix that the target lists', async () => {
    target = await startHostileTarget((call, res) => {
      if (call.operation === 'DescribeModel') return errorAnswer(res, 400, 'ValidationException', 'Could not find model.');
      if (call.operation.startsWith('List')) return listing(call, res);
      ordinary(call, res);
    });
    run = await runCliInProcess(['run', '--target', target.url, '--run-id', RUN_ID, '--only', 'EndpointConfigName.length.63'], ENV);
    const deleted = deletes().map(
      (c) => (JSON.parse(c.body) as Record<string, string>).EndpointConfigName ?? (JSON.parse(c.body) as Record<string, string>).ModelName,
    );
    expect(deleted).toContain(MODEL);
    for (const name of B_CONFIGS) expect(deleted).not.toContain(name);
    expect(run.report?.cleanup.deleted.some((d) => d.includes('-b'))).toBe(false);
  });
});
