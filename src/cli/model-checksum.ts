import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo } from './io';
import { operationChecksum, withChecksum, type ChecksumsFile } from '../model/checksums';
import { readSmithyModel } from '../model/smithy';
import { writeAtomic } from '../report/write';
import { staleRecordings } from '../runner/recording';

/**
 * After an import: keeps the operation's model checksum in OUT/checksums.json and, when it changed, names the
 * committed recordings made with the old one (stale: record them again). Returns the file written, if any.
 */
export function keepChecksum(modelFile: string, operation: string, out: string, io: CliIo): string[] {
  const checksum = operationChecksum(readSmithyModel(modelFile), operation);
  if (!checksum) return [];
  const file = join(out, 'checksums.json');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ChecksumsFile) : undefined;
  const { file: next, before } = withChecksum(kept, operation, checksum);
  if (before === checksum) return [];
  writeAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
  if (before !== undefined) {
    io.stdout.write(`${operation}: the model's shapes changed (checksum ${before} → ${checksum})\n`);
    const stale = staleRecordings(operation, checksum);
    for (const dir of stale) io.stdout.write(`stale recording: ${dir} was made with the previous ${operation} model; record it again\n`);
    if (stale.length === 0) io.stdout.write('no committed recording is stale\n');
  }
  return [file];
}
