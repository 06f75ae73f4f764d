import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../errors';
import { CONTRACTS_DIR } from './contracts-dir';

/** The spec profiles the package ships: each a folder of contracts/ with operations/ and behaviours/. */
export const SPEC_PROFILES = ['model', 'seed'] as const;
export type SpecProfileName = (typeof SPEC_PROFILES)[number];

/**
 * The default profile: today's API from AWS's own model, since that is what real accounts and emulators answer to.
 * The seed profile (the 2017 page) stays for comparing with earlier runs.
 */
export const DEFAULT_PROFILE: SpecProfileName = 'model';

export interface SpecProfile {
  name: SpecProfileName;
  title: string;
  /** Where the profile's constraints come from, in one line (every report header prints it). */
  source: string;
  /** The folder holding operations/ and behaviours/. */
  dir: string;
  /** The operation a run tests unless told another (`run --operation`). */
  operation: string;
  /** The cases, by id, that the consumer contract (`pact`) is written from; none for a profile that writes none. */
  pactCases: string[];
}

export class UnknownProfileError extends BadInputError {
  override name = 'UnknownProfileError';
}

export function isProfileName(name: string): name is SpecProfileName {
  return (SPEC_PROFILES as readonly string[]).includes(name);
}

/** The profile's folder, without reading it. */
export function profileDir(name: SpecProfileName = DEFAULT_PROFILE, root = CONTRACTS_DIR): string {
  return join(root, name);
}

/** A profile by name: `--spec model` or `--spec seed`. */
export function loadProfile(name: string = DEFAULT_PROFILE, root = CONTRACTS_DIR): SpecProfile {
  if (!isProfileName(name)) throw new UnknownProfileError(`--spec must be one of ${SPEC_PROFILES.join(', ')}, not ${JSON.stringify(name)}`);
  const dir = profileDir(name, root);
  const file = join(dir, 'profile.json');
  const data = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { title?: string; source?: string; operation?: string; pactCases?: string[] })
    : {};
  if (!data.operation) throw new BadInputError(`${file}: the profile names no operation (its "operation")`);
  return { name, title: data.title ?? name, source: data.source ?? dir, dir, operation: data.operation, pactCases: data.pactCases ?? [] };
}
