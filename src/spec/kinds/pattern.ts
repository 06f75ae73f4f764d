import type { PatternConstraint } from '../types';
import { expandString } from '../values';
import { clauseSchema, templatesSchema } from './schema-parts';
import type { ConstraintKind, Sample } from './kind';
import { safePattern, type SafePattern } from '../../io/safe-pattern';

/**
 * A member's pattern, compiled once, on an engine that cannot hang on a hostile value (io/safe-pattern). The seed
 * edition matches it against the whole value, as AWS does whether or not the 2017 page's pattern ends with `$`; an
 * imported (Smithy) pattern applies as written.
 */
export function patternOf(pattern: PatternConstraint): SafePattern {
  const whole = pattern.match !== 'as-written';
  return safePattern(whole ? `^(?:${pattern.regex})$` : pattern.regex, pattern.flags ?? '');
}

/** A string's pattern: named values that break it are rejected, named edge values it allows are accepted. */
export const pattern: ConstraintKind = {
  name: 'pattern',
  column: 4,
  field: {
    name: 'pattern',
    schema: {
      type: 'object',
      required: ['regex', 'clause'],
      properties: {
        regex: { type: 'string' },
        flags: { type: 'string', pattern: '^[dgimsuy]*$' },
        match: { enum: ['whole', 'as-written'] },
        clause: clauseSchema,
        invalid: templatesSchema,
        valid: templatesSchema,
        untestable: { type: 'string', minLength: 1 },
      },
    },
    problem(value) {
      const p = value as PatternConstraint;
      try {
        new RegExp(p.regex, p.flags);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  },
  samples({ spec }) {
    if (!spec.pattern) return [];
    const { clause } = spec.pattern;
    const out: Sample[] = [];
    for (const [label, template] of Object.entries(spec.pattern.invalid ?? {})) {
      out.push({
        suffix: `pattern.${label}`,
        title: `breaking the pattern (${label}) is rejected`,
        clause,
        value: (vars) => expandString(template, vars),
        expect: 'violation',
        label,
      });
    }
    for (const [label, template] of Object.entries(spec.pattern.valid ?? {})) {
      // A value naming another resource is accepted only if that resource exists.
      if (spec.references === undefined)
        out.push({
          suffix: `pattern.${label}`,
          title: `that the pattern allows (${label}) is accepted`,
          clause,
          value: (vars) => expandString(template, vars),
          expect: 'accept',
          label,
        });
    }
    return out;
  },
  check(spec, value, measures) {
    if (spec.type !== 'string' || !spec.pattern) return [];
    return measures.patternMatches(patternOf(spec.pattern), value as string) ? [] : [{ must: `satisfy regular expression pattern: ${spec.pattern.regex}` }];
  },
  clause: (spec) => spec.pattern?.clause,
  breaking: (spec, { template }) => (spec.type === 'string' ? Object.values(spec.pattern?.invalid ?? {}).map((t) => template(t)) : []),
  keeping: (spec, { template }) =>
    spec.type === 'string' && spec.pattern?.valid ? { values: Object.values(spec.pattern.valid).map((t) => template(t)) } : undefined,
  breakable: (spec) => spec.pattern !== undefined && !spec.pattern.untestable,
  faults: (spec, path) =>
    spec.pattern
      ? [
          {
            suffix: 'pattern-ignored',
            description: `${path} pattern is not enforced`,
            change: (m) => delete m.pattern,
            noticedBy: [],
            ...(spec.pattern.untestable ? { equivalent: spec.pattern.untestable } : {}),
          },
        ]
      : [],
};
