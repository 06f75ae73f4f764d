import { printable } from '../io/neutral';
import { shellWord } from '../io/shell';

/** The flags of a session that decide what a replayed request meets: where it goes, how it is signed, judged and bounded. */
export interface ReplayFlags {
  target: string;
  region: string;
  'allow-aws'?: boolean | undefined;
  profile?: string | undefined;
  edition?: string | undefined;
  timeout?: string | undefined;
  'max-body'?: string | undefined;
  'retry-mode'?: string | undefined;
  'max-attempts'?: string | undefined;
  'throttle-budget'?: string | undefined;
  'model-name'?: string | undefined;
  'execution-role-arn'?: string | undefined;
  image?: string | undefined;
}

/**
 * The command that replays saved findings against the target they were found on, with every flag that reached
 * that target (the region always, resolved, so another shell's AWS_REGION cannot move it): run as printed, it
 * sends the same requests to the same place, judged by the same edition.
 */
export function replayLine(savedTo: string, flags: ReplayFlags): string {
  const words = ['sagemaker-conformance', 'run', '--target', flags.target];
  if (flags['allow-aws']) words.push('--allow-aws');
  words.push('--region', flags.region);
  for (const name of [
    'profile',
    'edition',
    'timeout',
    'max-body',
    'retry-mode',
    'max-attempts',
    'throttle-budget',
    'model-name',
    'execution-role-arn',
    'image',
  ] as const) {
    const value = flags[name];
    if (value !== undefined) words.push(`--${name}`, value);
  }
  words.push('--cases', savedTo, '--only', '*.explore-*');
  return printable(words.map(shellWord).join(' '));
}
