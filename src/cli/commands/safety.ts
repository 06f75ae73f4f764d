/** Why `--target aws` is refused without confirmation: it creates (run) or deletes (sweep) in a real account. */
export const ALLOW_AWS_MESSAGE = '--target aws works on a real account: add --allow-aws (or set SAGEMAKER_CONFORMANCE_ALLOW_AWS=1) to confirm';

export function awsAllowed(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return flag === true || env.SAGEMAKER_CONFORMANCE_ALLOW_AWS === '1';
}
