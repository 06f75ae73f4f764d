import { worseExitCode } from '../report/exit-code';
import type { RunOutcome } from '../runner/run';
import type { TargetChoice } from '../target/targets';
import { failedInteractionLines } from '../report/contracts';
import { readPacts, verifyPacts } from './verify';

export { readPacts };

/**
 * Verifies pact files against the run's target and joins the results to the run's report: its `contracts` section,
 * its clean-up, its problem line and its exit code (the worse of the two).
 */
export async function verifyIntoRun(
  run: RunOutcome,
  options: { target: TargetChoice; paths: string[]; region?: string; credentialProfile?: string; io: { stderr: Pick<NodeJS.WriteStream, 'write'> } },
): Promise<RunOutcome> {
  options.io.stderr.write(`sagemaker-conformance: verifying ${options.paths.join(', ')} against the same target\n`);
  const outcome = await verifyPacts({
    target: options.target,
    source: { kind: 'files', paths: options.paths },
    region: options.region,
    credentialProfile: options.credentialProfile,
  });
  for (const line of failedInteractionLines(outcome.contracts)) options.io.stderr.write(`✗ ${line}\n`);
  const report = {
    ...run.report,
    contracts: outcome.contracts,
    cleanup: {
      deleted: [...run.report.cleanup.deleted, ...outcome.cleanup.deleted],
      leftovers: [...run.report.cleanup.leftovers, ...outcome.cleanup.leftovers],
    },
    ...(run.report.problem || outcome.problem
      ? { problem: [run.report.problem, outcome.problem && `contracts: ${outcome.problem}`].filter(Boolean).join('; ') }
      : {}),
    finishedAt: new Date().toISOString(),
  };
  return { report, exitCode: worseExitCode(run.exitCode, outcome.exitCode) };
}
