import { judgeStep, type JudgeContext, type SchemaProblem } from '../src/engine/judge';
import type { CaseStep } from '../src/cases/types';
import { loadOperation, loadService } from '../src/spec/load';
import { exchange, response } from './fixtures';

const ctx: JudgeContext = {
  service: loadService(),
  operations: new Map([['CreateEndpointConfig', loadOperation('CreateEndpointConfig')]]),
  region: 'us-east-1',
};
const acceptStep: CaseStep = { operation: 'CreateEndpointConfig', request: { EndpointConfigName: 'my-config' }, expect: { outcome: 'accept' } };

const schemaProblems = (body: unknown): SchemaProblem[] | undefined => {
  const verdict = judgeStep(ctx, acceptStep, exchange('CreateEndpointConfig', response(200, body)), []);
  return verdict.checks.find((c) => c.name === 'response.schema' && !c.pass)?.actual as SchemaProblem[] | undefined;
};

describe('the schema check', () => {
  it('reports each problem as data: where, which keyword, and what ajv says', () => {
    expect(schemaProblems({ EndpointConfigArn: 42 })).toEqual([
      { path: '/EndpointConfigArn', keyword: 'type', message: 'must be string', params: { type: 'string' } },
    ]);
  });

  it('names a missing member at the body itself', () => {
    expect(schemaProblems({})).toEqual([expect.objectContaining({ path: '', keyword: 'required', params: { missingProperty: 'EndpointConfigArn' } })]);
  });

  it('passes a body that matches', () => {
    expect(schemaProblems({ EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/my-config' })).toBeUndefined();
  });
});
