/**
 * The suite's exit codes, decided in one place for every command that runs something: 2 when it could not start
 * (nothing was judged), 1 when anything needs attention (a case or interaction failed, errored or passed
 * unexpectedly, a resource was left behind, the run was cut short), 0 otherwise.
 */
export type ExitCode = 0 | 1 | 2;

export function exitCodeOf(outcome: { couldStart: boolean; needsAttention: boolean }): ExitCode {
  if (!outcome.couldStart) return 2;
  return outcome.needsAttention ? 1 : 0;
}

/** The worse of two exit codes (a run with contract verification beside it). */
export function worseExitCode(a: ExitCode, b: ExitCode): ExitCode {
  return Math.max(a, b) as ExitCode;
}

/**
 * The exit code of a session (a run, an exploration, a verification): a session cut short needs attention even when
 * nothing could start, as what did run is in the report; otherwise as `exitCodeOf`.
 */
export function sessionExitCode(outcome: { couldStart: boolean; interrupted: boolean; needsAttention: boolean }): ExitCode {
  if (outcome.interrupted) return 1;
  return exitCodeOf(outcome);
}
