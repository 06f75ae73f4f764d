import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { nestingDepth } from '../../io/bounded-json';
import { MAX_INPUT_DEPTH, readInputFile, readInputJson } from '../../io/input-file';
import { BadInputError } from '../../errors';
import { RECORDING_FORMAT, RECORDING_FORMAT_VERSION, RECORDING_HEADER_FILE, type RecordedExchange, type RecordingHeader } from './format';

export class RecordingError extends BadInputError {
  override name = 'RecordingError';
  // A recording that cannot be read is not a usage problem: --help would not help.
  override readonly showsUsage: boolean = false;
}

/**
 * A file of exchanges may be larger than other input files: a long explore writes one line per request, each body
 * capped at 16 KiB. Past this it is refused, not read.
 */
export const MAX_RECORDING_FILE_BYTES = 256 * 1024 * 1024;

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
    header = readInputJson(headerFile) as RecordingHeader;
  } catch (error) {
    throw new RecordingError(`${headerFile} is not a readable JSON file: ${(error as Error).message.split('\n')[0]}`);
  }
  if (header?.format !== RECORDING_FORMAT) throw new RecordingError(`${headerFile} is not a ${RECORDING_FORMAT} header`);
  if (header.formatVersion !== RECORDING_FORMAT_VERSION)
    throw new RecordingError(
      `${headerFile} is format version ${String(header.formatVersion)}; this suite reads version ${RECORDING_FORMAT_VERSION}: record it again`,
    );
  const exchanges: RecordedExchange[] = [];
  for (const [operation, entry] of Object.entries(header.operations ?? {})) {
    // A recording names its own files, beside the header: never a path out of its folder.
    if (typeof entry?.file !== 'string' || basename(entry.file) !== entry.file || entry.file === '..' || entry.file === '.')
      throw new RecordingError(`${headerFile} lists ${JSON.stringify(entry?.file)} for ${operation}: a recording's files are names in its own folder`);
    const file = join(dir, entry.file);
    if (!existsSync(file)) throw new RecordingError(`${headerFile} lists ${entry.file} for ${operation}, which is not there`);
    let text: string;
    try {
      text = readInputFile(file, MAX_RECORDING_FILE_BYTES);
    } catch (error) {
      throw new RecordingError(`${file} is not a readable recording file: ${(error as Error).message.split('\n')[0]}`);
    }
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      if (nestingDepth(line) > MAX_INPUT_DEPTH) throw new RecordingError(`${file} line ${i + 1} nests deeper than ${MAX_INPUT_DEPTH} levels: no exchange does`);
      let exchange: unknown;
      try {
        exchange = JSON.parse(line);
      } catch {
        throw new RecordingError(`${file} line ${i + 1} is not JSON`);
      }
      if (typeof exchange !== 'object' || exchange === null || Array.isArray(exchange))
        throw new RecordingError(`${file} line ${i + 1} is not an exchange (a JSON object)`);
      exchanges.push(exchange as RecordedExchange);
    });
  }
  return { dir, header, exchanges };
}
