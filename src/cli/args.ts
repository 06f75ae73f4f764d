import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BadInputError } from '../errors';

export class ArgsError extends BadInputError {
  override name = 'ArgsError';
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Edit distance (insertions, deletions, substitutions, and swaps of neighbours). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known word closest to a mistyped one, if it is close enough to be what was meant. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const scored = known.map((k) => ({ k, d: distance(word.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  if (!best) return undefined;
  const prefix = known.filter((k) => k.startsWith(word) && word.length >= 3);
  if (prefix.length === 1) return prefix[0];
  return best.d <= Math.max(1, Math.floor(Math.min(word.length, best.k.length) / 3)) ? best.k : undefined;
}

/** node:util's message, first line only, with a "did you mean" for an unknown flag. */
function argsError(error: unknown, options: Options): ArgsError {
  const e = error as Error & { code?: string };
  // node:util adds hints on further lines ("Did you forget ..."): the first line says what is wrong.
  let message = e.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/s, '');
  const unknown = /^Unknown option '(-{1,2})([^'=]+)'/.exec(message);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const guess = didYouMean(unknown[2]!, Object.keys(options));
    message = `unknown flag ${unknown[1]}${unknown[2]}${guess ? `; did you mean --${guess}?` : ''}`;
  }
  return new ArgsError(message);
}

/** Strict parsing: an unknown flag or a missing value is an ArgsError, which the CLI turns into exit 2. */
export function parseFlags<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw argsError(error, options);
  }
}

/** The flags every command that talks to a target takes. */
export const TARGET_FLAGS = {
  target: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'allow-aws': { type: 'boolean' },
} as const satisfies Options;

/**
 * The edition flag every command that builds or serves the case table takes: which edition of the contracts (a
 * folder of contracts/: `model`, today's API from AWS's Smithy model, or `seed`, the 2017 page). `--edition` is its
 * name; `--spec`, its first spelling, is still taken. (Not --profile: that is the AWS credential profile.)
 */
export const SPEC_FLAG = {
  edition: { type: 'string' },
  spec: { type: 'string' },
} as const satisfies Options;

/** The edition a command was given, by either spelling; both at once must agree. */
export function editionFlag(flags: { edition?: string | undefined; spec?: string | undefined }): string | undefined {
  if (flags.edition !== undefined && flags.spec !== undefined && flags.edition !== flags.spec) {
    throw new ArgsError(`--edition ${flags.edition} and --spec ${flags.spec} disagree: --spec is the old spelling of --edition; give one`);
  }
  return flags.edition ?? flags.spec;
}

export function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ArgsError(`--${flag} must be a positive whole number, not ${JSON.stringify(value)}`);
  return n;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };

/** A duration: `500ms`, `10s`, `2m`, `6h`, `1d`, or a bare number of milliseconds. */
export function duration(flag: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!m) throw new ArgsError(`--${flag} must be a duration such as 500ms, 10s, 2m or 6h, not ${JSON.stringify(value)}`);
  const ms = Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!;
  if (ms <= 0) throw new ArgsError(`--${flag} must be more than zero`);
  return ms;
}

/** A duration a timer waits: Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer one fires at once. */
export function timerDuration(flag: string, value: string | undefined, fallbackMs: number): number {
  const ms = duration(flag, value, fallbackMs);
  if (ms > MAX_TIMER_MS) throw new ArgsError(`--${flag} must be at most 24d (${MAX_TIMER_MS} ms), not ${JSON.stringify(value)}`);
  return Math.max(1, Math.round(ms));
}

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  k: 1000,
  kb: 1000,
  kib: 1024,
  m: 1000 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1000 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** A size: `1MiB`, `512KiB`, `2MB`, or a bare number of bytes. */
export function size(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = UNIT_BYTES[(m?.[2] || 'b').toLowerCase()];
  if (!m || unit === undefined) throw new ArgsError(`--${flag} must be a size such as 1MiB, 512KiB or 65536, not ${JSON.stringify(value)}`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1 || bytes > 512 * 1024 ** 2) throw new ArgsError(`--${flag} must be between 1 byte and 512MiB`);
  return bytes;
}

/** Repeated or comma-separated values. */
export function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Like parseFlags, for commands that also take file arguments (diff, merge). */
export function parseFlagsAndFiles<O extends Options>(args: string[], options: O) {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { flags: values, files: positionals };
  } catch (error) {
    throw argsError(error, options);
  }
}
