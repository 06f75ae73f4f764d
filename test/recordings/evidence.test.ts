import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { captureIo } from '../helpers/io';
import { operationChecksum } from '../../src/model/checksums';
import { readSmithyModel } from '../../src/model/smithy';
import { CONTRACTS_DIR } from '../../src/spec/contracts-dir';
import { confirmations, evidenceSummary, staleRecordings } from '../../src/runner/recording';
import { prepareRun } from '../../src/runner/run';
import { evidenceMarkdown } from '../../src/report/evidence';
import type { Recording } from '../../src/client/recording/read';
import type { RecordedExchange } from '../../src/client/recording/format';

const MODEL = join(CONTRACTS_DIR, 'model', 'smithy', 'sagemaker-2017-07-24.json');

function recording(kind: string, exchanges: RecordedExchange[], checksum = 'sha256:old'): Recording {
  return {
    dir: `recordings/${kind}`,
    header: {
      format: 'sagemaker-conformance-recording',
      formatVersion: 1,
      suite: { name: 'sagemaker-conformance', version: '0' },
      target: { kind, label: kind === 'aws' ? 'AWS' : 'reference mock' },
      region: 'us-east-1',
      edition: 'model',
      recordedOn: '2026-12-01',
      operations: { CreateEndpointConfig: { file: 'CreateEndpointConfig.jsonl', exchanges: exchanges.length, modelChecksum: checksum } },
    },
    exchanges,
  };
}

const refused: RecordedExchange = {
  phase: 'case',
  case: 'EndpointConfigName.required',
  step: 0,
  operation: 'CreateEndpointConfig',
  request: { target: 'SageMaker.CreateEndpointConfig', contentType: 'application/x-amz-json-1.1', signing: 'signed', body: {} },
  answer: { status: 400, headers: {}, body: { __type: 'ValidationException', message: "Value null at 'endpointConfigName' failed" } },
};

describe('the evidence of each case', () => {
  it('list --json says per case what its expectation rests on: no case is AWS-validated without a committed recording', async () => {
    const io = captureIo();
    expect(await main(['list', '--json'], io)).toBe(0);
    const cases = JSON.parse(io.out()) as { id: string; evidence: { level: string; source: string } }[];
    const levels = new Set(cases.map((c) => c.evidence.level));
    expect(levels).toEqual(new Set(['model', 'documentation', 'capture', 'inferred']));
    expect(cases.find((c) => c.id === 'EndpointConfigName.required')!.evidence).toEqual({ level: 'model', source: expect.stringMatching(/^model#/) });
    expect(cases.find((c) => c.id === 'DescribeEndpointConfig.behaviour.not-found')!.evidence).toEqual({
      level: 'capture',
      source: expect.stringMatching(/^https:\/\/github\.com\//),
    });
  });

  it("counts a case AWS-validated when a real account's recording agrees with it, never a mock's", () => {
    const { cases } = prepareRun({ target: { kind: 'mock' }, runId: 'listing' });
    expect(confirmations(cases, 'model', [recording('mock', [refused])]).size).toBe(0);
    const byAws = confirmations(cases, 'model', [recording('aws', [refused])]);
    expect([...byAws.keys()]).toEqual(['EndpointConfigName.required']);
    const disagreeing = { ...refused, answer: { ...refused.answer!, status: 200 } };
    expect(confirmations(cases, 'model', [recording('aws', [disagreeing])]).size).toBe(0);
    const summary = evidenceSummary(cases, 'model', [recording('aws', [refused])]);
    expect(summary.operations.CreateEndpointConfig).toMatchObject({ validated: 1 });
    expect(evidenceSummary(cases, 'model', []).operations.CreateEndpointConfig).toMatchObject({ validated: 0 });
  });

  it('reports AWS-validated per operation, honest about having no recording', () => {
    const { cases } = prepareRun({ target: { kind: 'mock' }, runId: 'listing' });
    const text = evidenceMarkdown({ evidence: evidenceSummary(cases, 'model', []) }).join('\n');
    expect(text).toContain('No recording of a real account is committed');
    expect(text).toMatch(/\| CreateEndpointConfig \| \d+ \| 0 \|/);
  });
});

describe("the model's checksum of each operation", () => {
  const model = readSmithyModel(MODEL);
  it('is kept in contracts/model/checksums.json and matches the vendored model', () => {
    const kept = JSON.parse(readFileSync(join(CONTRACTS_DIR, 'model', 'checksums.json'), 'utf8')).operations as Record<string, string>;
    for (const [op, checksum] of Object.entries(kept)) expect(`${op} ${operationChecksum(model, op)}`).toBe(`${op} ${checksum}`);
  });

  it("changes with a shape the operation reaches, not with another operation's", () => {
    const before = operationChecksum(model, 'DeleteEndpointConfig');
    const changed = structuredClone(model);
    changed.shapes['com.amazonaws.sagemaker#EndpointConfigName']!.traits = { 'smithy.api#length': { max: 64 } };
    expect(operationChecksum(changed, 'DeleteEndpointConfig')).not.toBe(before);
    expect(operationChecksum(changed, 'ListModels')).toBe(operationChecksum(model, 'ListModels'));
  });

  it('names the committed recordings a changed checksum makes stale', () => {
    const current = operationChecksum(model, 'CreateEndpointConfig')!;
    expect(staleRecordings('CreateEndpointConfig', current, [recording('aws', [refused], current)])).toEqual([]);
    expect(staleRecordings('CreateEndpointConfig', current, [recording('aws', [refused], 'sha256:old')])).toEqual(['recordings/aws']);
  });
});
