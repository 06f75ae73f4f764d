/**
 * The conformance suite as Jest tests: the same case table and engine as `sagemaker-conformance run`.
 * Target and known deviations come from the environment, e.g.
 *   SAGEMAKER_CONFORMANCE_TARGET=moto SAGEMAKER_CONFORMANCE_EXPECTATIONS=fixtures/expectations/moto.json npx jest suites
 */
import { conformanceSuiteFromEnv } from '../src/jest/suite';

const suite = conformanceSuiteFromEnv();

const operations = [...new Set([...suite.cases, ...suite.knownDeviations.map(([c]) => c)].map((c) => c.operation))];

describe(`${operations.join(', ')} conformance against ${suite.targetName}`, () => {
  beforeAll(() => suite.open());
  afterAll(() => suite.close());

  // One block per operation, so Jest's output and its reporters count each operation's cases apart.
  describe.each(operations)('%s', (operation) => {
    const own = suite.cases.filter((c) => c.operation === operation);
    if (own.length === 0) return;
    test.each(own.map((c) => [`${c.id}: ${c.title}`, c] as const))('%s', async (_, c) => {
      expect(await suite.run(c)).toConform();
    });
  });

  if (suite.knownDeviations.length > 0) {
    // A listed case that starts passing fails here, so the expectations file stays true.
    test.failing.each(suite.knownDeviations.map(([c, reason]) => [`${c.id} (known deviation: ${reason})`, c] as const))('%s', async (_, c) => {
      expect(await suite.run(c)).toConform();
    });
  }
});
