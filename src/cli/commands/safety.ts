import { checkAwsFiles } from '../../client/aws-files';
import { UsageError } from '../../errors';
import { behaviourWithFaults } from '../../mock/faults';
import { defaultTarget, parseTarget, type TargetChoice } from '../../target/targets';

/** Why `--target aws` is refused without confirmation: it creates (run, verify) or deletes (sweep) in a real account. */
export const ALLOW_AWS_MESSAGE = '--target aws works on a real account: add --allow-aws (or set SAGEMAKER_CONFORMANCE_ALLOW_AWS=1) to confirm';

export function awsAllowed(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return flag === true || env.SAGEMAKER_CONFORMANCE_ALLOW_AWS === '1';
}

/**
 * The target a command was pointed at (`--target`, else AWS_ENDPOINT_URL_SAGEMAKER, else the mock), checked as far
 * as it can be before anything starts: a real account needs confirmation, and every named fault must exist.
 */
export function chosenTarget(flags: { target?: string; 'allow-aws'?: boolean }, env: NodeJS.ProcessEnv): { name: string; choice: TargetChoice } {
  // Every command that talks to a target builds SDK clients, which read these files: checked before anything starts.
  checkAwsFiles(env);
  const name = flags.target ?? defaultTarget(env);
  const choice = parseTarget(name);
  if (choice.kind === 'aws' && !awsAllowed(flags['allow-aws'], env)) throw new UsageError(ALLOW_AWS_MESSAGE);
  if (choice.faults) behaviourWithFaults(choice.faults);
  return { name, choice };
}
