/**
 * An operation that acts on an existing resource is data too: DeleteEndpointConfig and DescribeEndpointConfig,
 * imported from the model with no overlay, say what each case needs first (an endpoint configuration, and so the
 * run's model), and pass against the reference mock, which serves every operation of a declared resource.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importChecked, REPOSITORY_ROOT, writeImported } from '../../src/model/refresh';
import { planRun } from '../../src/engine/session';
import { runConformance } from '../../src/runner/run';
import { loadOperation, loadOperations, loadService } from '../../src/spec/load';
import { loadEdition } from '../../src/spec/editions';
import { startMock } from '../../src/mock/server';
import type { OperationSpec } from '../../src/spec/types';

const MODEL_FILE = join(REPOSITORY_ROOT, 'contracts/model/smithy/sagemaker-2017-07-24.json');
const out = mkdtempSync(join(tmpdir(), 'sc-preconditions-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Imports `operation` as `import-model --operation <operation> --out <tmp>` does. */
function imported(operation: string): OperationSpec {
  const options = { model: MODEL_FILE, operation, overlay: join(out, 'overlays', `${operation}.json`) };
  writeImported(importChecked(options), options, out);
  return loadOperation(operation, out);
}

/** A whole run of `operation` against a mock that serves the model edition and the imported operation. */
async function runAgainstMock(operation: string, served: OperationSpec) {
  const operations = new Map([...loadOperations(loadEdition('model').dir), [operation, served]]);
  const mock = await startMock({ service: loadService(), operations, region: 'us-east-1' });
  try {
    const { report, exitCode } = await runConformance({ operation, contractsDir: out, region: 'us-east-1', target: { kind: 'url', url: mock.url } });
    return { exitCode, notPassing: report.cases.filter((c) => c.status !== 'passed').map((c) => [c.id, c.status]), left: mock.store.count(), report };
  } finally {
    await mock.close();
  }
}

describe.each(['DeleteEndpointConfig', 'DescribeEndpointConfig'])('%s imported from the model', (operation) => {
  const spec = imported(operation);

  it('says, as data, that each case needs an endpoint configuration first', () => {
    expect(spec.given).toEqual(['endpoint-config']);
    const plan = planRun({ operation, contractsDir: out, runId: 'pre123' });
    expect(plan.requires).toEqual(['model']);
    const accepted = plan.cases.find((c) => c.id === `${operation}.baseline`)!;
    expect(accepted.steps.map((s) => s.operation)).toEqual(['CreateEndpointConfig', operation]);
    // The configuration it makes is the one the case's request names.
    expect(accepted.steps[0]!.request.EndpointConfigName).toBe(accepted.steps[1]!.request.EndpointConfigName);
  });

  it('passes every case against the reference mock, and leaves nothing behind', async () => {
    const { exitCode, notPassing, left, report } = await runAgainstMock(operation, spec);
    expect({ exitCode, notPassing, left }).toEqual({ exitCode: 0, notPassing: [], left: 0 });
    expect(report.cases.length).toBeGreaterThanOrEqual(4);
  });

  it('fails the 64-character case against a mock that accepts 64 characters in the name', async () => {
    const loose = structuredClone(spec);
    loose.input.members!.EndpointConfigName!.length!.max = 64;
    delete loose.input.members!.EndpointConfigName!.pattern;
    const { notPassing } = await runAgainstMock(operation, loose);
    expect(notPassing).toContainEqual(['EndpointConfigName.length.64', 'failed']);
  });
});
