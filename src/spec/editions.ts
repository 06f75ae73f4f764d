import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../errors';
import { CONTRACTS_DIR } from './contracts-dir';

/** The editions the package ships: each a folder of contracts/ with operations/ and behaviours/. */
export const EDITIONS = ['model', 'seed'] as const;
export type EditionName = (typeof EDITIONS)[number];

/**
 * The default edition: today's API from AWS's own model, since that is what real accounts and emulators answer to.
 * The seed edition (the 2017 page) stays for comparing with earlier runs.
 */
export const DEFAULT_EDITION: EditionName = 'model';

export interface Edition {
  name: EditionName;
  title: string;
  /** Where the edition's constraints come from, in one line (every report header prints it). */
  source: string;
  /** The folder holding operations/ and behaviours/. */
  dir: string;
  /** The operation a run tests unless told another (`run --operation`). */
  operation: string;
  /** The cases, by id, that the consumer contract (`pact`) is written from; none for an edition that writes none. */
  pactCases: string[];
}

export class UnknownEditionError extends BadInputError {
  override name = 'UnknownEditionError';
}

export function isEditionName(name: string): name is EditionName {
  return (EDITIONS as readonly string[]).includes(name);
}

/** The edition's folder, without reading it. */
export function editionDir(name: EditionName = DEFAULT_EDITION, root = CONTRACTS_DIR): string {
  return join(root, name);
}

/** An edition by name: `--edition model` or `--edition seed`. */
export function loadEdition(name: string = DEFAULT_EDITION, root = CONTRACTS_DIR): Edition {
  if (!isEditionName(name)) throw new UnknownEditionError(`--edition must be one of ${EDITIONS.join(', ')}, not ${JSON.stringify(name)}`);
  const dir = editionDir(name, root);
  const file = join(dir, 'edition.json');
  const data = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { title?: string; source?: string; operation?: string; pactCases?: string[] })
    : {};
  if (!data.operation) throw new BadInputError(`${file}: the edition names no operation (its "operation")`);
  return { name, title: data.title ?? name, source: data.source ?? dir, dir, operation: data.operation, pactCases: data.pactCases ?? [] };
}
