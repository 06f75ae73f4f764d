import type { BehaviourFile, BehaviourStep, Clause, MemberSpec, OperationSpec, ProtocolFile, ServiceSpec } from '../spec/types';
import type { CaseContext, CaseKind, CaseStep, ConformanceCase } from './types';
import { caseNames, clone, codePointLength, deepFreeze, expand, expandString, fitLength, type TemplateVars } from '../spec/values';
import { awsPath, idOf, OMIT, type PathStep } from '../spec/member-path';
import { ruleDrafts } from './rules';
import { accept, reject, singleStep, type Draft } from './draft';
import { protocolDrafts } from './protocol';

function describeLength(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A JSON value of another type than the member's, named by its JSON type; a document takes any JSON value. */
function wrongTypeValue(spec: MemberSpec): [string, unknown] | undefined {
  switch (spec.type) {
    case 'string':
      return ['number', 12345];
    case 'integer':
    case 'float':
      return ['string', '1'];
    case 'boolean':
      return ['string', 'true'];
    case 'timestamp':
      return ['boolean', true];
    case 'blob':
      return ['number', 12345];
    case 'list':
      return ['object', {}];
    case 'map':
    case 'structure':
      return ['string', 'not-an-object'];
    case 'document':
      return undefined;
  }
}

function listOf(spec: MemberSpec, count: number, vars: TemplateVars): unknown[] {
  return Array.from({ length: count }, (_, i) => expand(clone(spec.item?.example ?? {}), { ...vars, i }));
}

/** A map of `count` entries with distinct keys (the key example with the entry's number). */
function mapOf(spec: MemberSpec, count: number, vars: TemplateVars): Record<string, unknown> {
  const key = String(expand(clone(spec.key?.example ?? 'key'), vars));
  const value = expand(clone(spec.value?.example ?? ''), vars);
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [i === 0 ? key : `${key.slice(0, Math.max(1, key.length - String(i).length))}${i}`, value]),
  );
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
  // also names no model): the message must name the member by its path, as AWS writes it.
  const memberPath = awsPath(id);
  const violation = reject(['ValidationException'], undefined, { paths: [memberPath], whenUnnamed: 'fail' });
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
      // For a member that names another resource this case names one that does not exist; the importer's check
      // leaves it out with that reason, so the minimum is listed rather than silently untested.
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
    const items = (n: number) => (vars: TemplateVars) => (spec.type === 'map' ? mapOf(spec, n, vars) : listOf(spec, n, vars));
    const counted = (n: number) => describeLength(n, spec.type === 'map' ? 'entry' : 'item').replace('entrys', 'entries');
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
    for (const value of spec.enum.accept ?? []) {
      add(
        `enum.${value}`,
        'enum',
        clause,
        `of ${JSON.stringify(value)} (one of the allowed values) is accepted`,
        singleStep(op, path, () => value, accept),
      );
    }
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

  const wrongType = wrongTypeValue(spec);
  if (wrongType) {
    const [jsonType, wrong] = wrongType;
    add(
      `type.${jsonType}`,
      'type',
      op.typeErrors.clause,
      `given a JSON ${jsonType} instead of ${article(spec.type)} ${spec.type} is rejected`,
      // The JSON protocol's SerializationException names no member; a ValidationException must name this one
      // (moto's "Could not find model '12345'" for a ModelName of the wrong type is a rejection for another reason).
      singleStep(
        op,
        path,
        () => wrong,
        reject(op.typeErrors.codes, undefined, { paths: [memberPath], whenUnnamed: 'fail', forCodes: ['ValidationException'] }),
      ),
    );
  }

  return [...drafts, ...childDrafts(op, path, ctx)];
}

/** Cases of the members inside a structure, a list's items (scalar items get cases of their own) and a map's keys and values. */
function childDrafts(op: OperationSpec, path: PathStep[], ctx: CaseContext): Draft[] {
  const spec = path[path.length - 1]!.spec;
  if (spec.type === 'list' && spec.item) {
    const itemPath = [...path, { key: '[]', spec: spec.item }];
    return spec.item.type === 'structure' ? childDrafts(op, itemPath, ctx) : memberDrafts(op, itemPath, ctx);
  }
  if (spec.type === 'map') {
    return (['$key', '$value'] as const).flatMap((key) => {
      const part = key === '$key' ? spec.key : spec.value;
      return part && part.type !== 'structure' ? memberDrafts(op, [...path, { key, spec: part }], ctx) : [];
    });
  }
  return Object.entries(spec.members ?? {}).flatMap(([key, child]) => memberDrafts(op, [...path, { key, spec: child }], ctx));
}

/** Resolves `{"$baseline": true, "$set": {...}}` into a request: the baseline of the step's own operation. */
function behaviourRequest(op: OperationSpec, request: Record<string, unknown>, vars: TemplateVars): Record<string, unknown> {
  if (request.$baseline !== true) return expand(clone(request), vars);
  const base = expand(clone(op.baseline), vars);
  const set = expand(clone((request.$set as Record<string, unknown> | undefined) ?? {}), vars);
  return { ...base, ...set };
}

function behaviourDrafts(op: OperationSpec, behaviours: BehaviourFile, extras: TableExtras): Draft[] {
  // A lifecycle case creates what it then lists or deletes: a step's `$baseline` is its own operation's.
  const specOf = (operation: string) => (operation === op.operation ? op : (extras.operations?.get(operation) ?? op));
  return behaviours.cases.map((b) => ({
    id: b.id,
    title: b.title,
    kind: 'behaviour' as const,
    clause: b.clause,
    group: b.member,
    build: (vars: TemplateVars) =>
      b.steps.map((s: BehaviourStep): CaseStep => ({
        operation: s.operation,
        request: behaviourRequest(specOf(s.operation), s.request, vars),
        expect: s.expect.outcome === 'accept' && s.expect.listed ? { ...s.expect, listed: expand(clone(s.expect.listed), vars) } : s.expect,
        ...(s.pages ? { pages: true } : {}),
      })),
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

/** What the table has besides the operation's spec: the wire protocol's cases, which need the service's names. */
export interface TableExtras {
  protocol?: ProtocolFile;
  service?: ServiceSpec;
  /** The other operations of the table, whose baselines behaviour steps may use. */
  operations?: ReadonlyMap<string, OperationSpec>;
}

/** Every case the spec implies, in a stable order, before names are filled in. */
function drafts(op: OperationSpec, behaviours: BehaviourFile, ctx: CaseContext, extras: TableExtras): Draft[] {
  const all = [baselineDraft(op)];
  for (const [key, spec] of Object.entries(op.input.members ?? {})) all.push(...memberDrafts(op, [{ key, spec }], ctx));
  for (const rule of op.rules ?? []) all.push(...ruleDrafts(op, rule));
  if (extras.protocol && extras.service) all.push(...protocolDrafts(op, extras.protocol, extras.service));
  all.push(...behaviourDrafts(op, behaviours, extras));
  const seen = new Set<string>();
  for (const d of all) {
    if (seen.has(d.id)) throw new Error(`two cases share the id ${d.id}: make the spec's labels distinct`);
    seen.add(d.id);
  }
  return all.filter((d) => op.suppress?.[d.id] === undefined);
}

/**
 * Generates the case table for one operation from its spec and behaviour file.
 * Case n gets names derived from the run id and n, so ids and names are stable for a given spec.
 *
 * @example
 * const cases = generateCases(loadOperation('CreateEndpointConfig'), loadBehaviours('CreateEndpointConfig'),
 *   { runId: 'k3x9q2', prefix: 'sc-', region: 'us-east-1', modelName: 'sc-k3x9q2-model' });
 */
export function generateCases(op: OperationSpec, behaviours: BehaviourFile, ctx: CaseContext, extras: TableExtras = {}): ConformanceCase[] {
  // The same frozen spec objects (the loaders share them) and the same names give the same table: the self-test
  // plans hundreds of runs of one table, so it is made once. A spec that can still change is never cached.
  if (!Object.isFrozen(op) || !Object.isFrozen(behaviours) || (extras.protocol && !Object.isFrozen(extras.protocol))) return build(op, behaviours, ctx, extras);
  const key = `${JSON.stringify(ctx)}${extras.protocol && extras.service ? ' +protocol' : ''}`;
  let bySpec = tables.get(op);
  if (!bySpec) {
    bySpec = new WeakMap();
    tables.set(op, bySpec);
  }
  let byContext = bySpec.get(behaviours);
  if (!byContext) {
    byContext = new Map();
    bySpec.set(behaviours, byContext);
  }
  let table = byContext.get(key);
  if (!table) {
    table = build(op, behaviours, ctx, extras).map(deepFreeze);
    if (byContext.size > 8) byContext.clear();
    byContext.set(key, table);
  }
  return [...table];
}

function build(op: OperationSpec, behaviours: BehaviourFile, ctx: CaseContext, extras: TableExtras): ConformanceCase[] {
  const prefix = ctx.idPrefix ?? '';
  return drafts(op, behaviours, ctx, extras).map((d, seq) => {
    const vars: TemplateVars = { ...caseNames(ctx, (ctx.firstSeq ?? 0) + seq), model: ctx.modelName, region: ctx.region };
    // Operations after the first of a table name their cases `<Operation>.<id>`, so ids stay unique across it.
    const id = prefix && !d.id.startsWith(prefix) ? `${prefix}${d.id}` : d.id;
    return { id, title: d.title, group: d.group, kind: d.kind, clause: d.clause, operation: op.operation, steps: d.build(vars) };
  });
}

const tables = new WeakMap<OperationSpec, WeakMap<BehaviourFile, Map<string, ConformanceCase[]>>>();

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
