import type { BehaviourFile, BehaviourStep, Clause, MemberSpec, OperationSpec, StepExpectation } from '../spec/types';
import type { CaseContext, CaseKind, CaseStep, ConformanceCase } from './types';
import { caseNames, clone, codePointLength, expand, expandString, fitLength, type TemplateVars } from './values';

const OMIT = Symbol('omit');
type Value = unknown | typeof OMIT;

/** One step down the input: a member name and its spec. Lists that are not last are entered at element 0. */
interface PathStep {
  key: string;
  spec: MemberSpec;
}

/** A case before it has names: made once per spec, filled per run. */
interface Draft {
  id: string;
  title: string;
  kind: CaseKind;
  clause: Clause;
  group: string;
  build: (vars: TemplateVars) => CaseStep[];
}

const accept: StepExpectation = { outcome: 'accept' };

function reject(errorCodes = ['ValidationException'], messageIncludes?: string[]): StepExpectation {
  return messageIncludes ? { outcome: 'reject', status: 400, errorCodes, messageIncludes } : { outcome: 'reject', status: 400, errorCodes };
}

function idOf(path: PathStep[]): string {
  return path.map((p, i) => (p.spec.type === 'list' && i < path.length - 1 ? `${p.key}[]` : p.key)).join('.');
}

/** The baseline request with one member set (or left out), creating list elements from their example as needed. */
function requestWith(op: OperationSpec, path: PathStep[], value: Value, vars: TemplateVars): Record<string, unknown> {
  const request = expand(clone(op.baseline), vars);
  let container: Record<string, unknown> = request;
  path.forEach((step, index) => {
    const last = index === path.length - 1;
    if (last) {
      if (value === OMIT) delete container[step.key];
      else container[step.key] = value;
      return;
    }
    if (step.spec.type === 'list') {
      let list = container[step.key];
      if (!Array.isArray(list) || list.length === 0) {
        list = [expand(clone(step.spec.item?.example ?? {}), { ...vars, i: 0 })];
        container[step.key] = list;
      }
      container = (list as Record<string, unknown>[])[0]!;
    } else {
      if (typeof container[step.key] !== 'object' || container[step.key] === null) container[step.key] = {};
      container = container[step.key] as Record<string, unknown>;
    }
  });
  return request;
}

function singleStep(op: OperationSpec, path: PathStep[], value: (vars: TemplateVars) => Value, expect: StepExpectation) {
  return (vars: TemplateVars): CaseStep[] => [{ operation: op.operation, request: requestWith(op, path, value(vars), vars), expect }];
}

function describeLength(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function wrongTypeValue(spec: MemberSpec): [string, unknown] {
  switch (spec.type) {
    case 'string':
      return ['number', 12345];
    case 'integer':
    case 'float':
      return ['string', '1'];
    case 'boolean':
      return ['string', 'true'];
    case 'list':
      return ['object', {}];
    case 'structure':
      return ['string', 'not-an-object'];
  }
}

function listOf(spec: MemberSpec, count: number, vars: TemplateVars): unknown[] {
  return Array.from({ length: count }, (_, i) => expand(clone(spec.item?.example ?? {}), { ...vars, i }));
}

function memberDrafts(op: OperationSpec, path: PathStep[], ctx: CaseContext): Draft[] {
  const spec = path[path.length - 1]!.spec;
  const id = idOf(path);
  const group = path[0]!.key;
  const drafts: Draft[] = [];
  const add = (suffix: string, kind: CaseKind, clause: Clause, title: string, build: Draft['build']) =>
    drafts.push({ id: `${id}.${suffix}`, title: `${id} ${title}`, kind, clause, group, build });
  const example = (vars: TemplateVars) => expandString(String(spec.example ?? ''), vars);
  // A constraint case must be rejected for the constraint, not for some other reason (a ModelName past its limit
  // also names no model): the message must name the member, as AWS's member paths do (`productionVariants.1.member.modelName`).
  const violation = reject(['ValidationException'], [camelCase(path[path.length - 1]!.key)]);
  // A value naming another resource is accepted only if that resource exists, so the only such accept case is
  // the run's own model when its name is exactly at the limit (it is, unless --model-name names another).
  const canAccept = spec.references === undefined;

  if (spec.required) {
    add(
      'required',
      'required',
      spec.required,
      'left out is rejected',
      singleStep(op, path, () => OMIT, violation),
    );
  }

  if (spec.length) {
    const { min, max, unit, clause } = spec.length;
    const fill = spec.fill ?? 'x';
    const unitName = unit === 'codepoints' ? 'code point' : 'character';
    const at = (n: number) => (vars: TemplateVars) => fitLength(example(vars), n, fill);
    if (max !== undefined) {
      if (!canAccept && spec.references?.resource === 'model' && codePointLength(ctx.modelName) === max) {
        add(
          `length.${max}`,
          'length',
          clause,
          `of ${describeLength(max, unitName)} (the maximum), naming the run's model, is accepted`,
          singleStep(op, path, (vars) => vars.model, accept),
        );
      }
      if (canAccept)
        add(`length.${max}`, 'length', clause, `of ${describeLength(max, unitName)} (the maximum) is accepted`, singleStep(op, path, at(max), accept));
      add(
        `length.${max + 1}`,
        'length',
        clause,
        `of ${describeLength(max + 1, unitName)} (one past the maximum) is rejected`,
        singleStep(op, path, at(max + 1), violation),
      );
    }
    if (min !== undefined) {
      if (canAccept)
        add(`length.${min}`, 'length', clause, `of ${describeLength(min, unitName)} (the minimum) is accepted`, singleStep(op, path, at(min), accept));
      if (min > 0)
        add(
          `length.${min - 1}`,
          'length',
          clause,
          `of ${describeLength(min - 1, unitName)} (one under the minimum) is rejected`,
          singleStep(op, path, at(min - 1), violation),
        );
    }
    if (unit === 'codepoints' && spec.astralFill && max !== undefined) {
      const astral = spec.astralFill;
      add(
        `length.${max}.astral`,
        'length',
        clause,
        `of ${max} code points outside the BMP (${max * 2} UTF-16 units) is accepted`,
        singleStep(op, path, () => astral.repeat(max), accept),
      );
      add(
        `length.${max + 1}.astral`,
        'length',
        clause,
        `of ${max + 1} code points outside the BMP is rejected`,
        singleStep(op, path, () => astral.repeat(max + 1), violation),
      );
    }
  }

  if (spec.count) {
    const { min, max, clause } = spec.count;
    const items = (n: number) => (vars: TemplateVars) => listOf(spec, n, vars);
    const counted = (n: number) => describeLength(n, 'item');
    if (min !== undefined) {
      add(`count.${min}`, 'count', clause, `with ${counted(min)} (the minimum) is accepted`, singleStep(op, path, items(min), accept));
      if (min > 0)
        add(
          `count.${min - 1}`,
          'count',
          clause,
          `with ${counted(min - 1)} (one under the minimum) is rejected`,
          singleStep(op, path, items(min - 1), violation),
        );
    }
    if (max !== undefined) {
      add(`count.${max}`, 'count', clause, `with ${counted(max)} (the maximum) is accepted`, singleStep(op, path, items(max), accept));
      add(`count.${max + 1}`, 'count', clause, `with ${counted(max + 1)} (one past the maximum) is rejected`, singleStep(op, path, items(max + 1), violation));
    }
  }

  if (spec.range) {
    const { min, max, clause } = spec.range;
    const step = spec.type === 'float' ? 0.1 : 1;
    const below = (n: number) => Number((n - step).toFixed(6));
    const above = (n: number) => Number((n + step).toFixed(6));
    if (min !== undefined) {
      add(
        `range.${min}`,
        'range',
        clause,
        `of ${min} (the minimum) is accepted`,
        singleStep(op, path, () => min, accept),
      );
      add(
        `range.${below(min)}`,
        'range',
        clause,
        `of ${below(min)} (under the minimum) is rejected`,
        singleStep(op, path, () => below(min), violation),
      );
    }
    if (max !== undefined) {
      add(
        `range.${max}`,
        'range',
        clause,
        `of ${max} (the maximum) is accepted`,
        singleStep(op, path, () => max, accept),
      );
      add(
        `range.${above(max)}`,
        'range',
        clause,
        `of ${above(max)} (past the maximum) is rejected`,
        singleStep(op, path, () => above(max), violation),
      );
    }
  }

  if (spec.pattern) {
    const { clause } = spec.pattern;
    for (const [label, template] of Object.entries(spec.pattern.invalid ?? {})) {
      add(
        `pattern.${label}`,
        'pattern',
        clause,
        `breaking the pattern (${label}) is rejected`,
        singleStep(op, path, (vars) => expandString(template, vars), violation),
      );
    }
    for (const [label, template] of Object.entries(spec.pattern.valid ?? {})) {
      if (canAccept)
        add(
          `pattern.${label}`,
          'pattern',
          clause,
          `that the pattern allows (${label}) is accepted`,
          singleStep(op, path, (vars) => expandString(template, vars), accept),
        );
    }
  }

  if (spec.enum) {
    const { clause, invalid } = spec.enum;
    add(
      'enum.invalid',
      'enum',
      clause,
      `outside the allowed values ("${invalid}") is rejected`,
      singleStep(op, path, () => invalid, violation),
    );
  }

  if (spec.references) {
    const { clause, missing, messageIncludes } = spec.references;
    add(
      'not-found',
      'reference',
      clause,
      `naming a ${spec.references.resource} that does not exist is rejected`,
      singleStep(op, path, (vars) => expandString(missing, vars), reject(['ValidationException'], messageIncludes)),
    );
  }

  const [jsonType, wrong] = wrongTypeValue(spec);
  add(
    `type.${jsonType}`,
    'type',
    op.typeErrors.clause,
    `given a JSON ${jsonType} instead of ${article(spec.type)} ${spec.type} is rejected`,
    singleStep(op, path, () => wrong, reject(op.typeErrors.codes)),
  );

  const children = spec.type === 'list' ? spec.item?.members : spec.members;
  for (const [key, child] of Object.entries(children ?? {})) {
    drafts.push(...memberDrafts(op, [...path, { key, spec: child }], ctx));
  }
  return drafts;
}

/** Resolves `{"$baseline": true, "$set": {...}}` into a request. */
function behaviourRequest(op: OperationSpec, request: Record<string, unknown>, vars: TemplateVars): Record<string, unknown> {
  if (request.$baseline !== true) return expand(clone(request), vars);
  const base = expand(clone(op.baseline), vars);
  const set = expand(clone((request.$set as Record<string, unknown> | undefined) ?? {}), vars);
  return { ...base, ...set };
}

function behaviourDrafts(op: OperationSpec, behaviours: BehaviourFile): Draft[] {
  return behaviours.cases.map((b) => ({
    id: b.id,
    title: b.title,
    kind: 'behaviour' as const,
    clause: b.clause,
    group: b.member,
    build: (vars: TemplateVars) =>
      b.steps.map((s: BehaviourStep) => ({ operation: s.operation, request: behaviourRequest(op, s.request, vars), expect: s.expect })),
  }));
}

function baselineDraft(op: OperationSpec): Draft {
  return {
    id: `${op.operation}.baseline`,
    title: `${op.operation} with a valid request is accepted and answers with the documented response`,
    kind: 'baseline',
    clause: op.output.members?.[Object.keys(op.output.members ?? {})[0] ?? '']?.required ?? op.typeErrors.clause,
    group: op.operation,
    build: (vars) => [{ operation: op.operation, request: expand(clone(op.baseline), vars), expect: accept }],
  };
}

/** Every case the spec implies, in a stable order, before names are filled in. */
function drafts(op: OperationSpec, behaviours: BehaviourFile, ctx: CaseContext): Draft[] {
  const all = [baselineDraft(op)];
  for (const [key, spec] of Object.entries(op.input.members ?? {})) all.push(...memberDrafts(op, [{ key, spec }], ctx));
  all.push(...behaviourDrafts(op, behaviours));
  const seen = new Set<string>();
  for (const d of all) {
    if (seen.has(d.id)) throw new Error(`two cases share the id ${d.id}: make the spec's labels distinct`);
    seen.add(d.id);
  }
  return all;
}

/**
 * Generates the case table for one operation from its spec and behaviour file.
 * Case n gets names derived from the run id and n, so ids and names are stable for a given spec.
 *
 * @example
 * const cases = generateCases(loadOperation('CreateEndpointConfig'), loadBehaviours('CreateEndpointConfig'),
 *   { runId: 'k3x9q2', prefix: 'sc-', region: 'us-east-1', modelName: 'sc-k3x9q2-model' });
 */
export function generateCases(op: OperationSpec, behaviours: BehaviourFile, ctx: CaseContext): ConformanceCase[] {
  return drafts(op, behaviours, ctx).map((d, seq) => {
    const vars: TemplateVars = { ...caseNames(ctx, seq), model: ctx.modelName, region: ctx.region };
    return { id: d.id, title: d.title, group: d.group, kind: d.kind, clause: d.clause, operation: op.operation, steps: d.build(vars) };
  });
}

/** A member's name as AWS writes it in validation messages: `EndpointConfigName` → `endpointConfigName`. */
function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
