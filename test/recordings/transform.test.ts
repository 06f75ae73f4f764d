import { Normaliser, Restorer, PLACEHOLDERS } from '../../src/client/recording/transform';
import { Recorder } from '../../src/client/recording/recorder';
import { addSecrets } from '../../src/client/redact';
import type { Exchange } from '../../src/client/exchange';

const run = { runId: 'k3x9q2', prefix: 'sc-', region: 'eu-west-1' };

function exchange(requestBody: string, status: number, body: string, headers: Record<string, string> = {}): Exchange {
  return {
    operation: 'CreateEndpointConfig',
    requestBody,
    sent: { target: 'SageMaker.CreateEndpointConfig', contentType: 'application/x-amz-json-1.1', signing: 'signed' },
    response: { status, headers: { 'content-type': 'application/x-amz-json-1.1', ...headers }, body },
    attempts: 1,
    durationMs: 3,
  };
}

describe('the recording transformers', () => {
  it("replace the run's names (any case, digits-only too), account ids, the region, dates and times", () => {
    const n = new Normaliser(run);
    const digits = `${Number.parseInt(run.runId, 36)}007`;
    expect(n.text('sc-k3x9q2-001')).toBe('sc-<run-id>-001');
    expect(n.text('Sc-K3X9Q2-001')).toBe('Sc-<RUN-ID>-001');
    expect(n.text(digits)).toBe('<run-number>007');
    expect(n.text('arn:aws:sagemaker:eu-west-1:210987654321:endpoint-config/sc-k3x9q2-001')).toBe(
      'arn:aws:sagemaker:<region>:<account-id>:endpoint-config/sc-<run-id>-001',
    );
    expect(n.text('at 2026-12-03T18:01:02.123Z')).toBe('at <date>');
    expect(n.json({ CreationTime: 1764784862.5, InitialInstanceCount: 2 }, false)).toEqual({ CreationTime: '<timestamp>', InitialInstanceCount: 2 });
  });

  it('replace a token only once the target issued it; a made-up one stays as sent', () => {
    const n = new Normaliser(run);
    expect(n.json({ NextToken: 'made-up' }, false)).toEqual({ NextToken: 'made-up' });
    expect(n.json({ NextToken: 'opaque-1' }, true)).toEqual({ NextToken: PLACEHOLDERS.token });
    expect(n.json({ NextToken: 'opaque-1' }, false)).toEqual({ NextToken: PLACEHOLDERS.token });
  });

  it('write any secret the redaction knows as <secret>', () => {
    addSecrets('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    const n = new Normaliser(run);
    expect(n.text('echo wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toBe('echo <secret>');
  });

  it("put this run's values back for replay, and recognise the tokens replay issued", () => {
    const other = { runId: 'zz00aa', prefix: 'sc-', region: 'us-west-2' };
    const n = new Normaliser(other);
    const r = new Restorer(other, n);
    const restored = r.json({
      EndpointConfigArn: 'arn:aws:sagemaker:<region>:<account-id>:endpoint-config/sc-<run-id>-001',
      NextToken: '<token>',
      CreationTime: '<timestamp>',
    }) as Record<string, unknown>;
    expect(restored.EndpointConfigArn).toBe('arn:aws:sagemaker:us-west-2:123456789012:endpoint-config/sc-zz00aa-001');
    expect(typeof restored.CreationTime).toBe('number');
    expect(n.json({ NextToken: restored.NextToken }, false)).toEqual({ NextToken: '<token>' });
  });

  it('keep bodies that do not read back to themselves as text, and cut long ones to their head with their size', () => {
    const n = new Normaliser(run);
    expect(n.body('{"a": 1}', false)).toEqual({ bodyText: '{"a": 1}' });
    expect(n.body('{"a":1}', false)).toEqual({ body: { a: 1 } });
    const long = n.body(`{"m":"${'x'.repeat(40000)}"}`, true);
    expect(long.bodySize).toBe(40008);
    expect(long.bodyText!.length).toBe(16 * 1024);
  });
});

describe('a recorder', () => {
  it('writes the same lines whatever order the exchanges came in', () => {
    const a = new Recorder(run);
    const b = new Recorder({ ...run, runId: 'aaaaaa' });
    const one = (id: string) =>
      exchange(`{"EndpointConfigName":"sc-${id}-001"}`, 200, `{"EndpointConfigArn":"arn:aws:sagemaker:eu-west-1:111122223333:endpoint-config/sc-${id}-001"}`, {
        'x-amzn-requestid': 'r-1',
        date: 'x',
      });
    const two = (id: string) =>
      exchange(`{"EndpointConfigName":"sc-${id}-002"}`, 400, '{"__type":"ValidationException","message":"no"}', { 'x-amzn-requestid': 'r-2' });
    a.record(one('k3x9q2'), { phase: 'case', case: 'A', step: 0 });
    a.record(two('k3x9q2'), { phase: 'case', case: 'B', step: 0 });
    b.record(two('aaaaaa'), { phase: 'case', case: 'B', step: 0 });
    b.record(one('aaaaaa'), { phase: 'case', case: 'A', step: 0 });
    const meta = { suite: { name: 's', version: '1' }, target: { kind: 'mock', label: 'mock' }, edition: 'model', modelChecksums: {} };
    const fa = a.files(meta, '2026-12-03');
    const fb = b.files(meta, '2026-12-03');
    expect(fa.get('CreateEndpointConfig.jsonl')).toBe(fb.get('CreateEndpointConfig.jsonl'));
    const lines = fa
      .get('CreateEndpointConfig.jsonl')!
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.case)).toEqual(['A', 'B']);
    expect(lines[0].answer.headers).toEqual({ 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': '<request-id>' });
  });
});
