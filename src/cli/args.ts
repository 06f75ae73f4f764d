import { parseArgs, type ParseArgsConfig } from 'node:util';

export class ArgsError extends Error {
  override name = 'ArgsError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict parsing: an unknown flag or a missing value is an ArgsError, which the CLI turns into exit 2. */
export function parseFlags<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // node:util adds hints on further lines ("Did you forget ..."): the first line says what is wrong.
    throw new ArgsError((error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ArgsError(`--${flag} must be a positive whole number, not ${JSON.stringify(value)}`);
  return n;
}

/** A duration: `500ms`, `10s`, `2m`, or a bare number of milliseconds. */
export function duration(flag: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!m) throw new ArgsError(`--${flag} must be a duration such as 500ms, 10s or 2m, not ${JSON.stringify(value)}`);
  const n = Number(m[1]);
  const ms = m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60000 : n;
  if (ms <= 0) throw new ArgsError(`--${flag} must be more than zero`);
  return ms;
}

/** Repeated or comma-separated values. */
export function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}
