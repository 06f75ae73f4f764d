import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliProcess } from '../helpers/cli-process';
import { differingVerdicts, verdicts } from './verdicts';

/**
 * Record a run, replay the recording as a target: the same table gives the same verdicts, case by case, against the
 * sound mock and against one with a fault; a request the recording lacks makes its case "not recorded".
 */
describe('run --record, then --target replay:', () => {
  const work = mkdtempSync(join(tmpdir(), 'replay-'));

  async function recordAndReplay(
    name: string,
    target: string,
    only: string[],
  ): Promise<{ recorded: Map<string, string>; replayed: Map<string, string>; dir: string }> {
    const dir = join(work, name);
    const first = await runCliProcess(['run', '--target', target, ...only, '--record', join(dir, 'rec'), '--report-dir', join(dir, 'a')]);
    expect(first.stderr).toMatch(/recording: \d+ exchanges in \d+ operation file\(s\)/);
    const second = await runCliProcess(['run', '--target', `replay:${join(dir, 'rec')}`, ...only, '--report-dir', join(dir, 'b')]);
    expect(second.code).toBe(first.code);
    return { recorded: verdicts(join(dir, 'a')), replayed: verdicts(join(dir, 'b')), dir };
  }

  it('gives the same verdicts as the recorded run, over the whole table of the sound mock', async () => {
    const { recorded, replayed, dir } = await recordAndReplay('sound', 'mock', []);
    expect(recorded.size).toBeGreaterThan(700);
    expect(differingVerdicts(recorded, replayed)).toEqual([]);
    const header = JSON.parse(readFileSync(join(dir, 'rec', 'recording.json'), 'utf8'));
    expect(header).toMatchObject({ format: 'sagemaker-conformance-recording', formatVersion: 1, region: 'us-east-1', edition: 'model' });
    expect(Object.keys(header.operations)).toEqual(
      expect.arrayContaining(['CreateEndpointConfig', 'DescribeEndpointConfig', 'ListEndpointConfigs', 'DeleteEndpointConfig']),
    );
    // The run's own id appears nowhere: names read sc-<run-id>-NNN.
    const runId = JSON.parse(readFileSync(join(dir, 'a', 'conformance.json'), 'utf8')).runId as string;
    for (const file of readdirSync(join(dir, 'rec'))) expect(readFileSync(join(dir, 'rec', file), 'utf8')).not.toContain(runId);
  }, 120000);

  it('gives the same verdicts, failures included, against a mock with a fault switched on', async () => {
    const only = ['--operation', 'DeleteEndpointConfig,DescribeEndpointConfig,ListEndpointConfigs'];
    for (const fault of ['delete-keeps-resource', 'list-page-repeats-item']) {
      const { recorded, replayed } = await recordAndReplay(fault, `mock:${fault}`, only);
      expect([...recorded.values()].filter((v) => v.startsWith('failed')).length).toBeGreaterThan(0);
      expect(differingVerdicts(recorded, replayed)).toEqual([]);
    }
  }, 120000);

  it('reports a case whose request the recording lacks as not recorded, and says how many', async () => {
    const only = ['--only', 'EndpointConfigName.*'];
    const { dir } = await recordAndReplay('lacking', 'mock', only);
    const cut = join(dir, 'cut');
    cpSync(join(dir, 'rec'), cut, { recursive: true });
    const file = join(cut, 'CreateEndpointConfig.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines.filter((l) => !l.includes('"case":"EndpointConfigName.length.63"')).join('\n'));
    const run = await runCliProcess(['run', '--target', `replay:${cut}`, ...only, '--report-dir', join(dir, 'c')]);
    expect(run.stderr).toContain('1 case(s) not recorded in the replayed recording');
    const report = JSON.parse(readFileSync(join(dir, 'c', 'conformance.json'), 'utf8'));
    const lacking = report.cases.find((c: { id: string }) => c.id === 'EndpointConfigName.length.63');
    expect(lacking.status).toBe('skipped');
    expect(lacking.failures[0].reason).toMatch(/^not recorded: /);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.skipped).toBe(1);
    expect(run.stdout).toMatch(/ 0 failed, 0 errored, 1 skipped/);
  }, 120000);
});
