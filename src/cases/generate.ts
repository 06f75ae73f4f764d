import type { BehaviourFile, BehaviourStep, OperationSpec, ProtocolFile, ServiceSpec } from '../spec/types';
import type { CaseContext, CaseStep, ConformanceCase } from './types';
import { caseNames, clone, deepFreeze, expand, type TemplateVars } from '../spec/values';
import { awsPath, eachMember, idOf, type PathStep } from '../spec/member-path';
import { MEMBER_KINDS } from '../spec/kinds/registry';
import type { MemberUnderTest } from '../spec/kinds/kind';
import { ruleDrafts } from './rules';
import { accept, reject, singleStep, type Draft } from './draft';
import { protocolDrafts } from './protocol';

/** Cases of one member, made by each kind of the registry in turn, with the facts each kind knows of its cases. */
function memberDrafts(op: OperationSpec, path: PathStep[], ctx: CaseContext): Draft[] {
  const spec = path[path.length - 1]!.spec;
  const id = idOf(path);
  const group = path[0]!.key;
  // A constraint case must be rejected for the constraint, not for some other reason (a ModelName past its limit
  // also names no model): the message must name the member by its path, as AWS writes it.
  const violation = reject(['ValidationException'], undefined, { paths: [awsPath(id)], whenUnnamed: 'fail' });
  const member: MemberUnderTest = { op, path, id, spec, modelName: ctx.modelName };
  return MEMBER_KINDS.flatMap((kind) =>
    kind.samples(member).map((s): Draft => ({
      id: `${id}.${s.suffix}`,
      title: `${id} ${s.title}`,
      kind: kind.name,
      clause: s.clause,
      group,
      facts: { member: id, ...(s.bound ? { bound: s.bound } : {}), ...(s.label !== undefined ? { label: s.label } : {}) },
      build: singleStep(op, path, s.value, s.expect === 'accept' ? accept : s.expect === 'violation' ? violation : s.expect),
    })),
  );
}

/** Cases of every member of the input, in the order `eachMember` walks them. */
function inputDrafts(op: OperationSpec, ctx: CaseContext): Draft[] {
  const out: Draft[] = [];
  eachMember([], op.input, (path) => out.push(...memberDrafts(op, path, ctx)));
  return out;
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
    kind: b.kind ?? ('behaviour' as const),
    clause: b.clause,
    group: b.member,
    // A behaviour case is about a behaviour, not one member's constraint: its group names the member it shows. A case
    // explore found rests on one constraint or rule (its kind), whose member its clause names.
    facts: b.kind && b.kind !== 'baseline' ? { member: b.clause.member } : {},
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
    facts: {},
    build: (vars) => [{ operation: op.operation, request: expand(clone(op.baseline), vars), expect: accept }],
  };
}

/** What the table has besides the operation's spec: the wire protocol's cases, which need the service's names. */
export interface TableExtras {
  protocol?: ProtocolFile;
  service?: ServiceSpec;
  /** The edition's other operations: a precondition's create request, and a behaviour step's `$baseline`, is that operation's baseline. */
  operations?: ReadonlyMap<string, OperationSpec>;
}

/**
 * The steps that make what a case needs before it runs (`given`): a create of each resource, named as the case's
 * own request names it when the case expects acceptance, else with the case's name, expected to be accepted.
 */
function preconditionSteps(op: OperationSpec, steps: CaseStep[], vars: TemplateVars, extras: TableExtras): CaseStep[] {
  // Without the service (the importer checks each case's own request) the table has the operation's steps only.
  if (!op.given || op.given.length === 0 || !extras.service) return [];
  const last = steps[steps.length - 1]!;
  return op.given.map((type) => {
    const resource = extras.service!.resources[type];
    if (!resource) throw new Error(`${op.operation}: its cases need a ${type}, which contracts/service.json does not declare`);
    const template = resource.setup ?? extras.operations?.get(resource.create)?.baseline;
    if (!template) throw new Error(`${op.operation}: no setup request or ${resource.create} baseline to make the ${type} its cases need`);
    const named = last.request[resource.nameMember];
    const name = last.expect.outcome === 'accept' && typeof named === 'string' ? named : vars.name;
    const request = { ...expand(clone(template), { ...vars, name }), [resource.nameMember]: name };
    return { operation: resource.create, request, expect: { outcome: 'accept' as const } };
  });
}

/** Every case the spec implies, in a stable order, before names are filled in; those the spec leaves out included. */
function allDrafts(op: OperationSpec, behaviours: BehaviourFile, ctx: CaseContext, extras: TableExtras): Draft[] {
  const all = [baselineDraft(op)];
  all.push(...inputDrafts(op, ctx));
  for (const rule of op.rules ?? []) all.push(...ruleDrafts(op, rule));
  if (extras.protocol && extras.service) all.push(...protocolDrafts(op, extras.protocol, extras.service));
  all.push(...behaviourDrafts(op, behaviours, extras));
  const seen = new Set<string>();
  for (const d of all) {
    if (seen.has(d.id)) throw new Error(`two cases share the id ${d.id}: make the spec's labels distinct`);
    seen.add(d.id);
  }
  return all;
}

function drafts(op: OperationSpec, behaviours: BehaviourFile, ctx: CaseContext, extras: TableExtras): Draft[] {
  return allDrafts(op, behaviours, ctx, extras).filter((d) => suppressedBecause(op, d.id) === undefined);
}

/** Why the spec leaves a case out, if it does: ids are looked up as own names (a found case may be `constructor`). */
function suppressedBecause(op: OperationSpec, id: string): string | undefined {
  return op.suppress !== undefined && Object.hasOwn(op.suppress, id) ? op.suppress[id] : undefined;
}

/** The cases the spec leaves out on purpose (its `suppress` list), with their facts and the reason given. */
export function suppressedCases(
  op: OperationSpec,
  behaviours: BehaviourFile,
  ctx: CaseContext,
): { id: string; kind: ConformanceCase['kind']; facts: ConformanceCase['facts']; reason: string }[] {
  return allDrafts(op, behaviours, ctx, {}).flatMap((d) => {
    const reason = suppressedBecause(op, d.id);
    return reason === undefined ? [] : [{ id: d.id, kind: d.kind, facts: d.facts, reason }];
  });
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
    const own = d.build(vars);
    // A behaviour case writes every step it needs, the creates included: only the generated cases get preconditions.
    const steps = d.kind === 'behaviour' ? own : [...preconditionSteps(op, own, vars, extras), ...own];
    return { id, title: d.title, group: d.group, kind: d.kind, clause: d.clause, operation: op.operation, steps, facts: d.facts };
  });
}

const tables = new WeakMap<OperationSpec, WeakMap<BehaviourFile, Map<string, ConformanceCase[]>>>();
