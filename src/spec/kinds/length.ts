import { codePointLength, expandString, fitLength, type TemplateVars } from '../values';
import { boundsSchema, countSchema } from './schema-parts';
import { describeLength, itemNoun, type KindBreach, type KindFault, type ConstraintKind, type Sample } from './kind';
import { boundsProblem, limitFaults } from './limits';

/** A string's length, at and past each bound; in code points where the source says so (astral samples then too). */
export const length: ConstraintKind = {
  name: 'length',
  column: 2,
  field: {
    name: 'length',
    schema: { ...boundsSchema(countSchema), properties: { ...boundsSchema(countSchema).properties, unit: { const: 'codepoints' } } },
    problem: boundsProblem,
  },
  samples({ spec, modelName }) {
    if (!spec.length) return [];
    const { min, max, unit, clause } = spec.length;
    const fill = spec.fill ?? 'x';
    const unitName = unit === 'codepoints' ? 'code point' : 'character';
    const example = (vars: TemplateVars) => expandString(String(spec.example ?? ''), vars);
    const at = (n: number) => (vars: TemplateVars) => fitLength(example(vars), n, fill);
    // A value naming another resource is accepted only if that resource exists, so the only such accept case is
    // the run's own model when its name is exactly at the limit (it is, unless --model-name names another).
    const canAccept = spec.references === undefined;
    const out: Sample[] = [];
    if (max !== undefined) {
      const bound = (sent: number) => ({ side: 'max' as const, limit: max, sent });
      if (!canAccept && spec.references?.resource === 'model' && codePointLength(modelName) === max) {
        out.push({
          suffix: `length.${max}`,
          title: `of ${describeLength(max, unitName)} (the maximum), naming the run's model, is accepted`,
          clause,
          value: (vars) => vars.model,
          expect: 'accept',
          bound: bound(max),
        });
      }
      if (canAccept)
        out.push({
          suffix: `length.${max}`,
          title: `of ${describeLength(max, unitName)} (the maximum) is accepted`,
          clause,
          value: at(max),
          expect: 'accept',
          bound: bound(max),
        });
      out.push({
        suffix: `length.${max + 1}`,
        title: `of ${describeLength(max + 1, unitName)} (one past the maximum) is rejected`,
        clause,
        value: at(max + 1),
        expect: 'violation',
        bound: bound(max + 1),
      });
    }
    if (min !== undefined) {
      const bound = (sent: number) => ({ side: 'min' as const, limit: min, sent });
      // For a member that names another resource this case names one that does not exist; the importer's check
      // leaves it out with that reason, so the minimum is listed rather than silently untested.
      out.push({
        suffix: `length.${min}`,
        title: `of ${describeLength(min, unitName)} (the minimum) is accepted`,
        clause,
        value: at(min),
        expect: 'accept',
        bound: bound(min),
      });
      if (min > 0)
        out.push({
          suffix: `length.${min - 1}`,
          title: `of ${describeLength(min - 1, unitName)} (one under the minimum) is rejected`,
          clause,
          value: at(min - 1),
          expect: 'violation',
          bound: bound(min - 1),
        });
    }
    if (unit === 'codepoints' && spec.astralFill && max !== undefined) {
      const astral = spec.astralFill;
      out.push({
        suffix: `length.${max}.astral`,
        title: `of ${max} code points outside the BMP (${max * 2} UTF-16 units) is accepted`,
        clause,
        value: () => astral.repeat(max),
        expect: 'accept',
        bound: { side: 'max', limit: max, sent: max },
        label: 'astral',
      });
      out.push({
        suffix: `length.${max + 1}.astral`,
        title: `of ${max + 1} code points outside the BMP is rejected`,
        clause,
        value: () => astral.repeat(max + 1),
        expect: 'violation',
        bound: { side: 'max', limit: max, sent: max + 1 },
        label: 'astral',
      });
    }
    return out;
  },
  check(spec, value, measures) {
    if (spec.type !== 'string' || !spec.length) return [];
    const n = measures.length(value as string);
    const out: KindBreach[] = [];
    if (spec.length.max !== undefined && n > spec.length.max)
      out.push({ must: `have length less than or equal to ${spec.length.max}`, bound: { side: 'max', limit: spec.length.max } });
    if (spec.length.min !== undefined && n < spec.length.min)
      out.push({ must: `have length greater than or equal to ${spec.length.min}`, bound: { side: 'min', limit: spec.length.min } });
    return out;
  },
  breaking(spec, { isName, example, lengthBase }) {
    if (spec.type !== 'string' || !spec.length) return [];
    const { min, max } = spec.length;
    const fill = spec.fill ?? 'x';
    const out: string[] = [];
    if (max !== undefined) {
      // The run's name padded one past the limit (it stays the run's, and unique); another template past it whatever its length.
      out.push(isName ? `{name@${max + 1}}` : lengthBase !== undefined ? fitLength(lengthBase, max + 1, fill) : `${example ?? ''}${fill.repeat(max + 1)}`);
      if (spec.astralFill) out.push(spec.astralFill.repeat(max + 1));
    }
    if (min !== undefined && min > 0) out.push(fitLength(lengthBase ?? '', min - 1, fill));
    return out;
  },
  keeping(spec, { isName, lengthBase }) {
    if (spec.type !== 'string' || !spec.length) return undefined;
    const { min, max } = spec.length;
    // The run's name padded to the limit stays the run's (and unique); another value is fitted from its example.
    if (isName) return { edges: max !== undefined ? [`{name@${max}}`] : [] };
    if (lengthBase === undefined) return undefined;
    const fill = spec.fill ?? 'x';
    const edges: string[] = [];
    // A value at a maximum past 4096 characters is left to the table's cases: explore sends many requests.
    if (max !== undefined && max <= 4096) edges.push(fitLength(lengthBase, max, fill));
    if (min !== undefined && min > 0) edges.push(fitLength(lengthBase, min, fill));
    if (spec.astralFill && max !== undefined) edges.push(spec.astralFill.repeat(max));
    return { edges };
  },
  // JSON Schema's lengths count code points, as the spec's do.
  jsonSchema: (spec) =>
    spec.type === 'string' && spec.length
      ? { ...(spec.length.min !== undefined ? { minLength: spec.length.min } : {}), ...(spec.length.max !== undefined ? { maxLength: spec.length.max } : {}) }
      : {},
  clause: (spec) => spec.length?.clause,
  faults: (spec, path): KindFault[] => limitFaults('length', spec, path, 1),
  // A limit skipped on long lists, in the items of an optional list at the top: the baseline leaves such a list out,
  // so the table sends it only in its own cases, with one bad item or with many good ones.
  combinationFault({ path, id, spec }) {
    const [list, item, member] = path;
    if (spec.type !== 'string' || spec.length?.max === undefined || path.length !== 3 || list!.spec.type !== 'list' || list!.spec.required) return undefined;
    if (item!.key !== '[]') return undefined;
    const noun = itemNoun(list!.key);
    const word = member!.key.toLowerCase();
    const max = list!.spec.count?.max;
    return {
      suffix: `length-ignored-past-3-${noun}s`,
      description: `${id}'s length limit is not enforced when ${list!.key} has more than 3 entries`,
      combination: `the table sends a ${word} past its limit with one ${noun} only, and ${max !== undefined ? `${max} or ${max + 1}` : 'many'} ${noun}s only with valid ${word}s`,
      overlooks: (request, v) => {
        const items = request[list!.key];
        return v.bound?.side === 'max' && Array.isArray(items) && items.length > 3;
      },
    };
  },
};
