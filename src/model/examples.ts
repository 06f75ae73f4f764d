import type { MemberConstraints } from '../spec/types';
import { expand, type TemplateVars } from '../spec/values';
import { safePattern, type SafePattern } from '../io/safe-pattern';
import { setOwn } from '../io/own';

/** Characters tried, in order, to pad a string to a length without leaving its pattern. */
export const FILL_CANDIDATES = ['x', '0', 'a', 'X', '-', '_', ' '];

/** Strings tried, in order, as the example of a patterned string the overlay says nothing about. */
const STRING_CANDIDATES = ['example', 'Example1', 'example-1', 'a', '1', 'text/csv', 's3://example-bucket/prefix'];

/**
 * A Smithy pattern, unanchored unless the pattern anchors itself, matched so that it cannot hang (io/safe-pattern).
 * Smithy patterns are ECMA-262 regular expressions; `u` is added where the pattern compiles with it, for `\p{L}`
 * and code points.
 */
export function patternRegExp(pattern: string): { regex: SafePattern; flags: string } {
  try {
    new RegExp(pattern, 'u');
    return { regex: safePattern(pattern, 'u'), flags: 'u' };
  } catch {
    return { regex: safePattern(pattern), flags: '' };
  }
}

function fitsLength(spec: MemberConstraints, value: string): boolean {
  const n = [...value].length;
  return (spec.length?.min === undefined || n >= spec.length.min) && (spec.length?.max === undefined || n <= spec.length.max);
}

function stringExample(spec: MemberConstraints): string | undefined {
  if (spec.enum) return String(spec.enum.accept?.[0] ?? spec.enum.values[0]);
  const min = Math.max(spec.length?.min ?? 1, 1);
  if (!spec.pattern) return 'x'.repeat(min);
  const regex = patternRegExp(spec.pattern.regex).regex;
  return STRING_CANDIDATES.map((c) => (c.length < min ? c + 'x'.repeat(min - c.length) : c)).find((c) => regex.test(c) && fitsLength(spec, c));
}

function numberExample(spec: MemberConstraints): number {
  if (spec.enum) return Number(spec.enum.values[0]);
  const { min, max } = spec.range ?? {};
  if (min !== undefined) return min;
  if (max !== undefined && max < 1) return max;
  return 1;
}

/**
 * A valid value for a member the overlay gives no example for: the smallest one its constraints allow. A
 * structure gets its required members; undefined when some required part has no valid value the importer can make.
 */
export function exampleFor(spec: MemberConstraints, vars: TemplateVars): unknown {
  if (spec.example !== undefined) return spec.example;
  if (spec.default) return spec.default.value;
  switch (spec.type) {
    case 'string':
      return stringExample(spec);
    case 'integer':
    case 'float':
      return numberExample(spec);
    case 'boolean':
      return false;
    case 'timestamp':
      return 1700000000;
    case 'blob':
      return 'ZXhhbXBsZQ==';
    case 'document':
      return {};
    case 'list': {
      const item = spec.item && exampleFor(spec.item, vars);
      return item === undefined ? undefined : Array.from({ length: Math.max(spec.count?.min ?? 1, 1) }, () => item);
    }
    case 'map': {
      const key = spec.key && exampleFor(spec.key, vars);
      const value = spec.value && exampleFor(spec.value, vars);
      return key === undefined || value === undefined ? undefined : { [String(expand(key, vars))]: value };
    }
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(spec.members ?? {})) {
        if (!member.required) continue;
        const value = exampleFor(member, vars);
        if (value === undefined) return undefined;
        setOwn(out, name, value);
      }
      return out;
    }
  }
}
