import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../../errors';
import { RECORDING_FORMAT, RECORDING_FORMAT_VERSION, RECORDING_HEADER_FILE, type RecordedExchange, type RecordingHeader } from './format';

export class RecordingError extends BadInputError {
  override name = 'RecordingError';
  // A recording that cannot be read is not a usage problem: --help would not help.
  override readonly showsUsage: boolean = false;
}

export interface Recording {
  dir: string;
  header: RecordingHeader;
  /** Every exchange, operation by operation, each file in its written order. */
  exchanges: RecordedExchange[];
}

/** Reads a recording folder, refusing (exit 2, one line) anything that is not one this version can read. */
export function readRecording(dir: string): Recording {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RecordingError(`${dir} is not a folder (a recording is the folder 'run --record DIR' wrote)`);
  const headerFile = join(dir, RECORDING_HEADER_FILE);
  if (!existsSync(headerFile)) throw new RecordingError(`${dir} holds no ${RECORDING_HEADER_FILE}: not a recording ('run --record DIR' writes one)`);
  let header: RecordingHeader;
  try {
    header = JSON.parse(readFileSync(headerFile, 'utf8')) as RecordingHeader;
  } catch (error) {
    throw new RecordingError(`${headerFile} is not JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (header?.format !== RECORDING_FORMAT) throw new RecordingError(`${headerFile} is not a ${RECORDING_FORMAT} header`);
  if (header.formatVersion !== RECORDING_FORMAT_VERSION)
    throw new RecordingError(
      `${headerFile} is format version ${String(header.formatVersion)}; this suite reads version ${RECORDING_FORMAT_VERSION}: record it again`,
    );
  const exchanges: RecordedExchange[] = [];
  for (const [operation, entry] of Object.entries(header.operations ?? {})) {
    const file = join(dir, entry.file);
    if (!existsSync(file)) throw new RecordingError(`${headerFile} lists ${entry.file} for ${operation}, which is not there`);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          exchanges.push(JSON.parse(line) as RecordedExchange);
        } catch {
          throw new RecordingError(`${file} line ${i + 1} is not JSON`);
        }
      });
  }
  return { dir, header, exchanges };
}
