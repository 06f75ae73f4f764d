import { runConformance } from '../../src/runner/run';
import { RUN_ID_TAG, SUITE_VERSION_TAG } from '../../src/client/tags';
import { SUITE_VERSION } from '../../src/version';
import { startProxy } from './helpers';
import { startReferenceMock } from '../../src/mock/reference';

describe('labelling what a run creates', () => {
  it('tags every created resource with the run id and suite version, and leaves case requests exact', async () => {
    const mock = await startReferenceMock();
    const proxy = await startProxy(mock.url);
    try {
      const { report, exitCode } = await runConformance({
        target: { kind: 'url', url: proxy.url },
        runId: 'tagged',
        only: ['CreateEndpointConfig.baseline', 'Tags.count.*', 'EndpointConfigName.length.*'],
      });
      expect(exitCode).toBe(0);
      const tagCalls = proxy.seen.filter((r) => r.operation === 'AddTags').map((r) => JSON.parse(r.body) as { ResourceArn: string; Tags: unknown });
      for (const call of tagCalls)
        expect(call.Tags).toEqual([
          { Key: RUN_ID_TAG, Value: 'tagged' },
          { Key: SUITE_VERSION_TAG, Value: SUITE_VERSION },
        ]);
      const accepted = report.cases.filter((c) => c.steps[0]?.expected.outcome === 'accept').length;
      // Every accepted create is tagged, except the one whose 50 tags leave no room, which the report names.
      expect(report.untagged?.map((u) => u.arn)).toEqual([expect.stringMatching(/endpoint-config\/sc-tagged-/)]);
      expect(tagCalls).toHaveLength(accepted - 1);
      // The set-up model carries the tags in its own create request.
      const model = JSON.parse(proxy.seen.find((r) => r.operation === 'CreateModel')!.body) as { Tags: unknown };
      expect(model.Tags).toEqual([
        { Key: RUN_ID_TAG, Value: 'tagged' },
        { Key: SUITE_VERSION_TAG, Value: SUITE_VERSION },
      ]);
      // The spec's Tags.count.50 case sends exactly 50 tags, none of them ours.
      const fifty = report.cases.find((c) => c.id === 'Tags.count.50')!;
      const sent = proxy.seen.find((r) => r.operation === 'CreateEndpointConfig' && r.body === JSON.stringify(fifty.steps[0]!.request))!;
      expect((JSON.parse(sent.body) as { Tags: unknown[] }).Tags).toHaveLength(50);
      expect(sent.body).not.toContain(RUN_ID_TAG);
      expect(mock.store.count()).toBe(0);
    } finally {
      await proxy.close();
      await mock.close();
    }
  });
});
