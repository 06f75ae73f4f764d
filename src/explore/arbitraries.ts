import fc from 'fast-check';
import type { MemberSpec, OperationSpec, ServiceSpec } from '../spec/types';
import { wrongTypeValue } from '../spec/kinds/type';
import { validateInput } from '../spec/validate';
import { applyRule } from '../spec/rules';
import { MEMBER_KINDS, ruleKindOf } from '../spec/kinds/registry';
import type { ExploreMember } from '../spec/kinds/kind';

export { applyRule };
import { clone, expand, fitLength, type TemplateVars } from '../spec/values';
import { idStep } from '../spec/member-path';

/**
 * A generated request is a template, as the table's requests are: the run's names (`{name}`, `{Name}`, `{NAME}`,
 * `{digits}`) and its model (`{model}`) stay placeholders, filled per request when it is sent, so a saved case
 * replays in any later run; the region and list positions (`{region}`, `{i}`) are filled as it is generated.
 */
export type RequestTemplate = Record<string, unknown>;

export interface ArbitraryOptions {
  region: string;
  /** Relative weight of a valid value against one broken value at each member (default: 1.6 × the members of the input, at least 10 : 1). */
  validWeight?: number;
  /** Most items of a generated list beyond its minimum, unless the list is at its count boundary (default 6). */
  maxItems?: number;
  /** A list whose maximum count is at most this may be generated at and one past its maximum (default 64). */
  boundaryItems?: number;
}

/** Placeholders the generator keeps for send time: expanding them to themselves leaves them in place. */
const KEPT: Pick<TemplateVars, 'name' | 'Name' | 'NAME' | 'digits' | 'model'> = {
  name: '{name}',
  Name: '{Name}',
  NAME: '{NAME}',
  digits: '{digits}',
  model: '{model}',
};

/** Names of the length the run's own would have, for checking whether a template is a valid value of its member. */
const SAMPLE: Pick<TemplateVars, 'name' | 'Name' | 'NAME' | 'digits' | 'model'> = {
  name: 'sc-abc123-0001',
  Name: 'Sc-ABC123-0001',
  NAME: 'SC-ABC123-0001',
  digits: '226976340001',
  model: fitLength('sc-abc123-model-', 63, 'x'),
};

const PLACEHOLDER = /\{(name|Name|NAME|digits|model)\}/;

/** Whether `value` keeps every constraint of `spec` (the reference validator on the member alone). */
function memberAllows(spec: MemberSpec, value: unknown, region: string): boolean {
  const concrete = expand(clone(value), { ...SAMPLE, region, i: 0 });
  return validateInput({ type: 'structure', members: { v: spec } }, { v: concrete }).kind === 'ok';
}

function unique<T>(values: T[]): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Valid and broken values of one member, as arbitraries; `broken` is empty where nothing breaks it. */
interface MemberArbitraries {
  valid: fc.Arbitrary<unknown>;
  broken: fc.Arbitrary<unknown>[];
}

/** A broken value of the wrong JSON type is one in this many broken values (the rest break a constraint). */
const TYPE_SHARE = 6;

/**
 * Builds the arbitrary of requests for one operation from its spec alone: every member from its type, example and
 * constraints, every documented rule kept or broken. Nothing in here knows which operation it is.
 */
export class RequestArbitraries {
  private readonly validWeight: number;
  private readonly maxItems: number;
  private readonly boundaryItems: number;
  private readonly vars: TemplateVars;
  /** The member that names the created resource: always a fresh run name (a repeated one would be a duplicate). */
  private readonly nameMember: string | undefined;
  /** Member paths (case-id form) of rules that forbid any value. */
  private readonly unsupported: Set<string>;

  constructor(
    readonly op: OperationSpec,
    service: ServiceSpec,
    private readonly options: ArbitraryOptions,
  ) {
    // The more members an operation has, the rarer each is broken, so that about half the requests stay valid.
    this.validWeight = options.validWeight ?? Math.max(10, Math.round(countMembers(op.input) * 1.6));
    this.maxItems = options.maxItems ?? 6;
    this.boundaryItems = options.boundaryItems ?? 64;
    this.vars = { ...KEPT, region: options.region };
    this.nameMember = op.creates ? service.resources[op.creates]?.nameMember : undefined;
    this.unsupported = new Set((op.rules ?? []).filter((r) => ruleKindOf(r).forbidsAnyValue).map((r) => r.path));
  }

  /** Requests of the operation: members valid or broken, lists of varying size, optional members present or absent, rules kept or broken. */
  request(): fc.Arbitrary<RequestTemplate> {
    const body = this.structure(this.op.input, '');
    const rules = this.op.rules ?? [];
    // A rule is broken more often than a member (one in 30): there are few of them, and each ties several members.
    const decisions = fc.tuple(...rules.map(() => this.choice<'keep' | 'break'>('keep', ['break'], Math.ceil(this.validWeight / 4))));
    return fc.tuple(body, decisions).map(([request, chosen]) => {
      const out = clone(request as RequestTemplate);
      rules.forEach((rule, i) => applyRule(this.op, out, rule, chosen[i] ?? 'keep', this.vars));
      return out;
    });
  }

  /** Mostly `valid`, now and then one of `broken`; shrinking goes towards `valid`. */
  private choice<T>(valid: T, broken: T[], validWeight = this.validWeight): fc.Arbitrary<T> {
    if (broken.length === 0) return fc.constant(valid);
    return fc.oneof({ withCrossShrink: true }, { weight: validWeight, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: fc.constantFrom(...broken) });
  }

  private mostlyValid(arbs: MemberArbitraries, typeBroken: fc.Arbitrary<unknown> | undefined): fc.Arbitrary<unknown> {
    const broken = [
      ...arbs.broken.map((arbitrary) => ({ weight: TYPE_SHARE - 1, arbitrary })),
      ...(typeBroken ? [{ weight: arbs.broken.length === 0 ? TYPE_SHARE : 1, arbitrary: typeBroken }] : []),
    ];
    if (broken.length === 0) return arbs.valid;
    // A member only a wrong type breaks is broken as rarely as others are broken by the wrong type.
    const validWeight = arbs.broken.length === 0 ? this.validWeight * TYPE_SHARE : this.validWeight;
    return fc.oneof(
      { withCrossShrink: true },
      { weight: validWeight, arbitrary: arbs.valid },
      { weight: 1, arbitrary: broken.length === 1 ? broken[0]!.arbitrary : fc.oneof(...broken) },
    );
  }

  private member(spec: MemberSpec, path: string): fc.Arbitrary<unknown> {
    const wrong = wrongTypeValue(spec);
    return this.mostlyValid(this.memberArbitraries(spec, path), wrong ? fc.constant(wrong[1]) : undefined);
  }

  private memberArbitraries(spec: MemberSpec, path: string): MemberArbitraries {
    const typeBroken: fc.Arbitrary<unknown>[] = [];
    switch (spec.type) {
      case 'string':
        return this.string(spec, path, typeBroken);
      case 'integer':
      case 'float':
        return this.number(spec, typeBroken);
      case 'boolean':
        return { valid: fc.boolean(), broken: typeBroken };
      case 'timestamp':
        return { valid: fc.integer({ min: 1500000000, max: 1900000000 }), broken: typeBroken };
      case 'list':
        return this.list(spec, path, typeBroken);
      case 'map':
        return this.map(spec, path, typeBroken);
      case 'structure':
        return { valid: this.structure(spec, path), broken: typeBroken };
      default:
        return { valid: fc.constant(spec.example ?? {}), broken: [] };
    }
  }

  private template(value: unknown, i = 0): unknown {
    // expand builds a new tree and leaves `value` as it was: no clone first (it ran for every list item generated).
    return expand(value, { ...this.vars, i });
  }

  private string(spec: MemberSpec, path: string, typeBroken: fc.Arbitrary<unknown>[]): MemberArbitraries {
    const region = this.options.region;
    const example = typeof spec.example === 'string' ? (this.template(spec.example) as string) : undefined;
    const fill = spec.fill ?? 'x';
    const lengthBase = example !== undefined && !PLACEHOLDER.test(example) ? example : undefined;
    // Plain values first: shrinking goes towards the first of them.
    const brokenValues: unknown[] = [];
    const isName = path === this.nameMember;
    // Each kind of the registry says what breaks it, in the registry's order.
    const at: ExploreMember = { isName, example, lengthBase, template: (value) => this.template(value) };
    for (const kind of MEMBER_KINDS) brokenValues.push(...(kind.breaking?.(spec, at) ?? []));
    const broken = [...typeBroken, ...(brokenValues.length > 0 ? [fc.constantFrom(...unique(brokenValues))] : [])];

    let candidates: unknown[];
    if (spec.references) candidates = [example ?? '{model}'];
    else if (isName)
      candidates = [example ?? '{name}', ...Object.values(spec.pattern?.valid ?? {}), ...(spec.length?.max !== undefined ? [`{name@${spec.length.max}}`] : [])];
    else if (spec.enum) candidates = spec.enum.accept && spec.enum.values.length > 50 ? [...spec.enum.accept, ...spec.enum.values] : [...spec.enum.values];
    else {
      candidates = [example, ...Object.values(spec.pattern?.valid ?? {}).map((t) => this.template(t))];
      if (lengthBase !== undefined && spec.length) {
        const { min, max } = spec.length;
        if (max !== undefined && max <= 4096) candidates.push(fitLength(lengthBase, max, fill));
        if (min !== undefined && min > 0) candidates.push(fitLength(lengthBase, min, fill));
        if (spec.astralFill && max !== undefined) candidates.push(spec.astralFill.repeat(max));
      }
    }
    const valid = unique(candidates.filter((c) => c !== undefined && memberAllows(spec, c, region)));
    if (valid.length === 0) return { valid: fc.constant(example ?? ''), broken };
    // The first candidate (the member's example) is the usual value and what shrinking goes back to.
    const others = valid.slice(1);
    return {
      valid:
        others.length === 0
          ? fc.constant(valid[0])
          : fc.oneof({ withCrossShrink: true }, { weight: 3, arbitrary: fc.constant(valid[0]) }, fc.constantFrom(...others)),
      broken,
    };
  }

  private number(spec: MemberSpec, typeBroken: fc.Arbitrary<unknown>[]): MemberArbitraries {
    const float = spec.type === 'float';
    if (spec.enum) {
      return { valid: fc.constantFrom(...(spec.enum.values as number[])), broken: [...typeBroken, fc.constant(spec.enum.invalid)] };
    }
    const min = spec.range?.min ?? (spec.range?.max !== undefined ? spec.range.max - 1000 : 0);
    const max = spec.range?.max ?? Math.min(min + 1000, 2 ** 31 - 1);
    const example = typeof spec.example === 'number' && spec.example >= min && spec.example <= max ? spec.example : min;
    const scale = float ? 10 : 1;
    const within = fc.integer({ min: Math.ceil(min * scale), max: Math.floor(max * scale) }).map((n) => n / scale);
    const valid = fc.oneof({ withCrossShrink: true }, fc.constant(example), fc.constantFrom(min, max), within);
    const at: ExploreMember = { isName: false, template: (value) => this.template(value) };
    const brokenValues = MEMBER_KINDS.flatMap((kind) => kind.breaking?.(spec, at) ?? []);
    return { valid, broken: [...typeBroken, ...(brokenValues.length > 0 ? [fc.constantFrom(...brokenValues)] : [])] };
  }

  private list(spec: MemberSpec, path: string, typeBroken: fc.Arbitrary<unknown>[]): MemberArbitraries {
    const itemPath = idStep(path, '[]');
    const item = spec.item ? this.member(spec.item, itemPath) : fc.constant({});
    const min = spec.count?.min ?? 0;
    const max = spec.count?.max;
    // Up to the maximum where it is small enough to send (fast-check keeps most lists short), else a few past the minimum.
    const upTo = max !== undefined && max <= this.boundaryItems ? max : Math.min(max ?? Infinity, min + this.maxItems);
    // fast-check shrinks a list by dropping items from its start; read backwards, a list sheds its last items first,
    // and keeps the first, which the table's requests always have.
    const numbered = (items: unknown[]) => [...items].reverse().map((v, i) => this.template(v, i));
    const valid = fc.array(item, { minLength: min, maxLength: Math.max(min, upTo) }).map(numbered);
    const broken = [...typeBroken];
    if (max !== undefined && max <= this.boundaryItems) broken.push(fc.array(item, { minLength: max + 1, maxLength: max + 1 }).map(numbered));
    if (min > 0) broken.push(fc.array(item, { minLength: min - 1, maxLength: min - 1 }).map(numbered));
    return { valid, broken };
  }

  private map(spec: MemberSpec, path: string, typeBroken: fc.Arbitrary<unknown>[]): MemberArbitraries {
    const key = spec.key ? this.member(spec.key, idStep(path, '$key')) : fc.constant('key');
    const value = spec.value ? this.member(spec.value, idStep(path, '$value')) : fc.constant('');
    const min = spec.count?.min ?? 0;
    const max = Math.min(spec.count?.max ?? Infinity, min + this.maxItems);
    const entries = fc.uniqueArray(fc.tuple(key, value), { minLength: min, maxLength: Math.max(min, max), selector: ([k]) => JSON.stringify(k) });
    return { valid: entries.map((e) => Object.fromEntries(e.map(([k, v]) => [String(k), v]))), broken: typeBroken };
  }

  private structure(spec: MemberSpec, path: string): fc.Arbitrary<Record<string, unknown>> {
    const members: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, child] of Object.entries(spec.members ?? {})) {
      const childPath = idStep(path, name);
      const value = this.member(child, childPath);
      if (this.unsupported.has(childPath)) {
        // Any value breaks a rule that forbids the member: absent is the valid form, present the broken one.
        members[name] = fc.oneof({ withCrossShrink: true }, { weight: this.validWeight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: value });
      } else if (child.required) {
        members[name] = fc.oneof({ withCrossShrink: true }, { weight: this.validWeight, arbitrary: value }, { weight: 1, arbitrary: fc.constant(undefined) });
      } else {
        members[name] = fc.option(value, { nil: undefined, freq: 2 });
      }
    }
    return fc.record(members).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
  }
}

/** How many members (structure members, list items, map keys and values) an input has, itself included. */
function countMembers(spec: MemberSpec): number {
  let n = 1;
  if (spec.item) n += countMembers(spec.item);
  if (spec.key) n += countMembers(spec.key);
  if (spec.value) n += countMembers(spec.value);
  for (const child of Object.values(spec.members ?? {})) n += countMembers(child);
  return n;
}
