import { statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '../errors';

/** The AWS config and credentials files are small text files: past this they are refused, not read. */
export const MAX_AWS_FILE_BYTES = 1024 * 1024;

/** The files the SDK reads for profiles, regions and credential processes, as the SDK finds them. */
export function awsFiles(env: NodeJS.ProcessEnv = process.env): { variable: string; path: string }[] {
  return [
    { variable: 'AWS_CONFIG_FILE', path: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config') },
    { variable: 'AWS_SHARED_CREDENTIALS_FILE', path: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials') },
  ];
}

/** An AWS config or credentials file the SDK must not read: the command line was fine, so no pointer to --help. */
export class AwsFileError extends BadInputError {
  override name = 'AwsFileError';
  override readonly showsUsage = false;
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/**
 * Checks the AWS config and credentials files before the SDK reads them: each must be a regular file of at most
 * MAX_AWS_FILE_BYTES, or absent. The SDK reads them whole and without a deadline, so a FIFO held the run forever and
 * /dev/zero grew it to hundreds of megabytes. Throws BadInputError (one line, exit 2).
 */
export function checkAwsFiles(env: NodeJS.ProcessEnv = process.env): void {
  for (const { variable, path } of awsFiles(env)) {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') continue;
      throw new AwsFileError(`${variable} ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); refused`);
    }
    if (!stats.isFile()) throw new AwsFileError(`${variable} ${path} is ${kindOf(stats)}, not a regular file: refused (the AWS SDK would read it without end)`);
    if (stats.size > MAX_AWS_FILE_BYTES)
      throw new AwsFileError(`${variable} ${path} is ${stats.size} bytes, over the ${MAX_AWS_FILE_BYTES}-byte limit for an AWS config file: refused`);
  }
}
