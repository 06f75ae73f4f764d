import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The library's source: what the tests that read code (layers, case ids, message readers, function lengths) read. */
export const SRC = resolve(__dirname, '../../src');

/** Every `.ts` file under `dir` (default: src/), as absolute paths. */
export function sourceFiles(dir: string = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}
