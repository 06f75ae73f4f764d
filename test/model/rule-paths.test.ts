/**
 * A documented rule belongs to the shape whose documentation states it, and applies at every path where that shape
 * occurs, as a Smithy trait does: the importer gives an overlay's rule to each such path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathsOfShape } from '../../src/model/import';
import { importOperation } from '../../src/model/import';
import { readSmithyModel, operationId, shapeOf } from '../../src/model/smithy';
import type { Overlay } from '../../src/model/overlay';
import { loadOperation } from '../../src/spec/load';
import { editionDir } from '../../src/spec/editions';
import { validateInput } from '../../src/spec/validate';
import { ruleViolations } from '../../src/spec/rules';

const MODEL_DIR = editionDir('model');
const model = readSmithyModel(join(MODEL_DIR, 'smithy', 'sagemaker-2017-07-24.json'));
const inputId = shapeOf(model, operationId(model, 'CreateEndpointConfig')).input!.target;
const overlay = JSON.parse(readFileSync(join(MODEL_DIR, 'overlays', 'CreateEndpointConfig.json'), 'utf8')) as Overlay;

/** Each rule of the imported spec, by id, with the paths it reaches (documented and observed). */
function pathsByRule(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rule of loadOperation('CreateEndpointConfig', MODEL_DIR).rules ?? []) (out[rule.id] ??= []).push(rule.path);
  return out;
}

describe("the model edition's documented rules", () => {
  it('reach these paths', () => {
    expect(pathsByRule()).toEqual({
      'memory-1gb-increments': ['ProductionVariants[].ServerlessConfig.MemorySizeInMB', 'ShadowProductionVariants[].ServerlessConfig.MemorySizeInMB'],
      'at-most-max-concurrency': [
        'ProductionVariants[].ServerlessConfig.ProvisionedConcurrency',
        'ShadowProductionVariants[].ServerlessConfig.ProvisionedConcurrency',
      ],
      'one-each-with-shadow': ['ProductionVariants'],
      'one-shadow': ['ShadowProductionVariants'],
      'no-elastic-inference': ['ProductionVariants[].AcceleratorType', 'ShadowProductionVariants[].AcceleratorType'],
      'unique-keys': ['Tags'],
      'baseline-or-uri': ['ExplainerConfig.ClarifyExplainerConfig.ShapConfig.ShapBaselineConfig'],
      'needs-text': ['ExplainerConfig.ClarifyExplainerConfig.InferenceConfig.FeatureTypes'],
      // Seen on real accounts (observed/), at the paths where it was seen.
      'inference-components-only': ['ProductionVariants[].ManagedInstanceScaling', 'ShadowProductionVariants[].ManagedInstanceScaling'],
    });
  });

  it.each((overlay.rules ?? []).map((r) => [r.id, r.shape ?? r.clause.shape] as const))('%s reaches every path where %s occurs', (id, shape) => {
    const reached = (loadOperation('CreateEndpointConfig', MODEL_DIR).rules ?? []).filter((r) => r.id === id).map((r) => r.path);
    expect(reached).toEqual(pathsOfShape(model, inputId, shape));
    expect(reached.length).toBeGreaterThan(0);
  });

  it('hold a shadow variant to its serverless memory in 1 GB increments, as a production variant', () => {
    const op = loadOperation('CreateEndpointConfig', MODEL_DIR);
    const serverless = { VariantName: 'v', ModelName: 'm', ServerlessConfig: { MemorySizeInMB: 1025, MaxConcurrency: 5 } };
    const request = {
      EndpointConfigName: 'c',
      ProductionVariants: [{ ...serverless, ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }],
      ShadowProductionVariants: [serverless],
    };
    expect(validateInput(op.input, request).kind).toBe('ok');
    expect(ruleViolations(op.rules ?? [], request).map((v) => [v.rule, v.at])).toEqual([
      ['memory-1gb-increments', 'shadowProductionVariants.1.member.serverlessConfig.memorySizeInMB'],
    ]);
  });

  it('refuses an overlay rule attached to a path instead of a shape', () => {
    const old = { ...overlay, rules: [{ ...overlay.rules![0]!, path: 'ProductionVariants[].ServerlessConfig.MemorySizeInMB' }] };
    const provenance = { repository: 'r', path: 'p', commit: 'c', sha256: 's', retrieved: 'd' } as never;
    expect(() => importOperation(model, { operation: 'CreateEndpointConfig', overlay: old, provenance, edition: 'model' })).toThrow(
      /rules attach to shapes, not paths/,
    );
  });
});
