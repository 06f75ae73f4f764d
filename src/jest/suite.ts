import type { ConformanceCase } from '../cases/types';
import { prepareRun, type RunOptions } from '../runner/run';
import type { CaseResult } from '../report/results';
import type { Session, CleanupReport, RunPlan } from '../engine/session';
import { openSession } from '../runner/open-session';
import { defaultTarget, parseTarget } from '../target/targets';
import { list } from '../cli/args';
import { awsAllowed } from '../cli/commands/safety';

/** The case table and one session, for Jest: `test.each` over `cases`, `test.failing.each` over `knownDeviations`. */
export interface JestConformanceSuite {
  plan: RunPlan;
  targetName: string;
  /** Cases expected to pass. */
  cases: ConformanceCase[];
  /** Cases the expectations file lists, with the reason: Jest's `test.failing` flags them if they start passing. */
  knownDeviations: [ConformanceCase, string][];
  open(): Promise<void>;
  run(c: ConformanceCase): Promise<CaseResult>;
  close(): Promise<CleanupReport>;
}

/**
 * Builds the suite from the environment, the Jest counterpart of the CLI's flags:
 * SAGEMAKER_CONFORMANCE_TARGET (mock, mock:FAULT, moto, URL, aws; AWS_ENDPOINT_URL_SAGEMAKER or mock by default),
 * SAGEMAKER_CONFORMANCE_EXPECTATIONS, SAGEMAKER_CONFORMANCE_SPEC (model or seed), SAGEMAKER_CONFORMANCE_ONLY (comma-separated globs),
 * SAGEMAKER_CONFORMANCE_OPERATION (comma-separated operations),
 * SAGEMAKER_CONFORMANCE_MODEL_NAME, AWS_REGION and AWS_PROFILE.
 *
 * @example
 * const suite = conformanceSuiteFromEnv();
 * beforeAll(() => suite.open());
 * afterAll(() => suite.close());
 * test.each(suite.cases)('$id', async (c) => expect(await suite.run(c)).toConform());
 */
export function conformanceSuiteFromEnv(env: NodeJS.ProcessEnv = process.env): JestConformanceSuite {
  const targetName = env.SAGEMAKER_CONFORMANCE_TARGET || defaultTarget(env);
  const target = parseTarget(targetName);
  if (target.kind === 'aws' && !awsAllowed(undefined, env)) throw new Error('SAGEMAKER_CONFORMANCE_TARGET=aws needs SAGEMAKER_CONFORMANCE_ALLOW_AWS=1');
  const options: RunOptions = {
    target,
    credentialProfile: env.AWS_PROFILE,
    expectationsFile: env.SAGEMAKER_CONFORMANCE_EXPECTATIONS || undefined,
    only: list(env.SAGEMAKER_CONFORMANCE_ONLY),
    ...(env.SAGEMAKER_CONFORMANCE_OPERATION ? { operations: list(env.SAGEMAKER_CONFORMANCE_OPERATION) } : {}),
    modelName: env.SAGEMAKER_CONFORMANCE_MODEL_NAME || undefined,
    ...(env.SAGEMAKER_CONFORMANCE_SPEC ? { edition: env.SAGEMAKER_CONFORMANCE_SPEC } : {}),
  };
  const { plan, cases, expectations } = prepareRun(options);
  const reasons = expectations?.deviations ?? new Map<string, string>();
  let session: Session | undefined;
  return {
    plan,
    targetName,
    cases: cases.filter((c) => !reasons.has(c.id)),
    knownDeviations: cases.filter((c) => reasons.has(c.id)).map((c) => [c, reasons.get(c.id)!]),
    async open() {
      session = await openSession(plan, options);
      await session.setup();
    },
    run(c) {
      if (!session) throw new Error('the suite is not open: call open() in beforeAll');
      return session.runCase(c);
    },
    async close() {
      const report = session ? await session.close() : { deleted: [], leftovers: [] };
      if (report.leftovers.length > 0) throw new Error(`left on the target: ${report.leftovers.map((l) => `${l.resource}/${l.name}`).join(', ')}`);
      return report;
    },
  };
}
