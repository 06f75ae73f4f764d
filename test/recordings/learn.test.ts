import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliProcess } from '../helpers/cli-process';
import { CONTRACTS_DIR } from '../../src/spec/contracts-dir';
import { mergeObserved, type LearnedProposal } from '../../src/runner/learn';
import { runConformance } from '../../src/runner/run';

/**
 * `learn` on a recording of a mock with a behaviour fault proposes exactly that behaviour, citing the recording; with
 * the proposal merged into a copy of contracts/, the faulty target passes and the sound mock still does.
 */
describe('learn', () => {
  const work = mkdtempSync(join(tmpdir(), 'learn-'));

  async function learnFrom(name: string, target: string, only: string): Promise<{ proposal: LearnedProposal; code: number | null }> {
    const rec = join(work, name, 'rec');
    await runCliProcess(['run', '--target', target, '--only', only, '--record', rec, '--report-dir', join(work, name, 'rep')]);
    const out = join(work, name, 'proposal.json');
    const learned = await runCliProcess(['learn', rec, '--out', out]);
    expect(learned.stderr).toMatch(/^learn: \d+ case\(s\) confirmed by the recording/m);
    return { proposal: JSON.parse(readFileSync(out, 'utf8')) as LearnedProposal, code: learned.code };
  }

  it("proposes the fault's behaviour with its source, and with it applied the faulty target passes and the sound mock still does", async () => {
    const { proposal, code } = await learnFrom('unsigned', 'mock:unsigned-status-401', 'protocol.*');
    expect(code).toBe(1);
    expect(proposal.notExpressible).toEqual([]);
    expect(Object.keys(proposal.observed)).toEqual(['CreateEndpointConfig']);
    const entries = proposal.observed.CreateEndpointConfig!.protocol;
    expect(Object.keys(entries)).toEqual(['protocol.unsigned']);
    expect(entries['protocol.unsigned']).toMatchObject({
      alsoStatus: [401],
      source: {
        quote: expect.stringMatching(/^HTTP 401 MissingAuthenticationTokenException/),
        recording: {
          target: expect.stringContaining('unsigned-status-401'),
          region: 'us-east-1',
          recordedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          case: 'protocol.unsigned',
        },
      },
    });
    expect(proposal.confirmed.total).toBeGreaterThan(10);
    expect(proposal.confirmed.cases).not.toContain('protocol.unsigned');

    // The proposal merged by hand, in a copy of the contracts: the suite is pointed at the copy.
    const contracts = join(work, 'contracts');
    cpSync(CONTRACTS_DIR, contracts, { recursive: true });
    const file = join(contracts, 'model', 'observed', 'CreateEndpointConfig.json');
    writeFileSync(file, JSON.stringify(mergeObserved(JSON.parse(readFileSync(file, 'utf8')), proposal.observed.CreateEndpointConfig!), null, 2));
    const failing = (r: Awaited<ReturnType<typeof runConformance>>) => r.report.cases.filter((c) => c.status !== 'passed').map((c) => c.id);
    const only = ['protocol.*'];
    expect(failing(await runConformance({ target: { kind: 'mock', faults: ['unsigned-status-401'] }, only }))).toEqual(['protocol.unsigned']);
    const contractsDir = join(contracts, 'model');
    expect(failing(await runConformance({ target: { kind: 'mock', faults: ['unsigned-status-401'] }, only, contractsDir }))).toEqual([]);
    expect(failing(await runConformance({ target: { kind: 'mock' }, only, contractsDir }))).toEqual([]);
  }, 120000);

  it('says a difference no observed entry can express, rather than inventing one', async () => {
    const { proposal } = await learnFrom('code', 'mock:error-code-wrong', 'EndpointConfigName.*');
    expect(proposal.observed).toEqual({});
    expect(proposal.notExpressible.length).toBeGreaterThan(0);
    expect(proposal.notExpressible[0]).toMatchObject({ check: 'error.code', recorded: 'InvalidParameterException' });
  }, 120000);

  it('confirms every case of a recording of the sound mock and proposes nothing', async () => {
    const { proposal, code } = await learnFrom('sound', 'mock', 'protocol.*');
    expect(code).toBe(0);
    expect(proposal.observed).toEqual({});
    expect(proposal.notExpressible).toEqual([]);
  }, 120000);
});
