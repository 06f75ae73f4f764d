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
  /**
   * The operation whose cases keep bare ids (`EndpointConfigName.length.64`) and come first in the table; every other
   * operation's ids start with its name (`ListEndpointConfigs.MaxResults.range.101`).
   */
  primary: string;
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
  const data = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { title?: string; source?: string; primary?: string }) : {};
  return { name, title: data.title ?? name, source: data.source ?? dir, dir, primary: data.primary ?? 'CreateEndpointConfig' };
}
