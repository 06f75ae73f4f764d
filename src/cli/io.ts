type Out = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean };

/** Where a command writes and what environment it reads: process's own in use, fakes in tests. */
export interface CliIo {
  stdout: Out;
  stderr: Out;
  env: NodeJS.ProcessEnv;
}

/** A subcommand: parses its own flags and returns the exit code. */
export interface Command {
  run(args: string[], io: CliIo): number | Promise<number>;
}
