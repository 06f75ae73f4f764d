import { nestingDepth } from './bounded-json';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Input files (expectations, pact files, reports for diff and merge) are read up to this size. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a file the user named, within limits: a regular file only (not /dev/zero, a FIFO, a socket or a folder),
 * opened without blocking (a FIFO with no writer would block `open` for ever), and at most `limit` bytes (a larger
 * one is refused whole, not read). Throws an Error whose message says which limit it hit.
 */
export function readInputFile(file: string, limit = MAX_INPUT_BYTES): string {
  return readInputBytes(file, limit).toString('utf8');
}

/** `readInputFile`'s bytes, for a file whose exact bytes matter (a checksum). */
export function readInputBytes(file: string, limit = MAX_INPUT_BYTES): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      const kind = stat.isDirectory()
        ? 'a folder'
        : stat.isFIFO()
          ? 'a FIFO'
          : stat.isCharacterDevice()
            ? 'a device'
            : stat.isSocket()
              ? 'a socket'
              : 'not a regular file';
      throw new Error(`${kind}, not a regular file`);
    }
    if (stat.size > limit) throw new Error(`${stat.size} bytes, more than the ${limit} bytes an input file may have`);
    // One byte more than fstat said: a file that grew while being read is refused, never read without end.
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > stat.size) throw new Error('it grew while being read');
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Input JSON may nest this deep; past it, it is refused (it is no expectations, pact or report file). */
export const MAX_INPUT_DEPTH = 256;

/** `readInputFile`, parsed as JSON within the depth limit. */
export function readInputJson(file: string, limit = MAX_INPUT_BYTES): unknown {
  const text = readInputFile(file, limit);
  const depth = nestingDepth(text);
  if (depth > MAX_INPUT_DEPTH) throw new Error(`JSON nested ${depth} levels deep, more than the ${MAX_INPUT_DEPTH} an input file may have`);
  return JSON.parse(text) as unknown;
}
