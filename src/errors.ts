/**
 * Bad input, found before anything was created on a target: a bad flag, a stale expectations file, an unknown
 * fault or provider state. The CLI prints its message on one line and exits 2.
 */
export class BadInputError extends Error {
  /** Whether the CLI follows the message with a pointer to --help: only where the command line itself was wrong. */
  readonly showsUsage: boolean = true;
}

/** Bad input found before anything was created on the target. */
export class UsageError extends BadInputError {
  override name = 'UsageError';
}
