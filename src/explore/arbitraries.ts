import fc from 'fast-check';
import type { MemberConstraints, OperationSpec, ServiceSpec } from '../spec/types';
import { validateInput } from '../spec/validate';
import { applyRule } from '../spec/rules';
import { MEMBER_KINDS, ruleKindOf } from '../spec/kinds/registry';
import type { ExploreMember, Keeping } from '../spec/kinds/kind';

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
function memberAllows(spec: MemberConstraints, value: unknown, region: string): boolean {
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

/**
 * Valid and broken values of one member, as arbitraries; `broken` is empty where nothing breaks it, `rarely` holds
 * what the kinds that are seldom broken (`rarelyBroken`: a wrong JSON type) break it with.
 */
interface MemberArbitraries {
  valid: fc.Arbitrary<unknown>;
  broken: fc.Arbitrary<unknown>[];
  rarely?: fc.Arbitrary<unknown>;
}

/** A value of a kind seldom broken is one in this many broken values (the rest break a constraint). */
const RARE_SHARE = 6;

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

  private mostlyValid(arbs: MemberArbitraries): fc.Arbitrary<unknown> {
    const rarely = arbs.rarely;
    const broken = [
      ...arbs.broken.map((arbitrary) => ({ weight: RARE_SHARE - 1, arbitrary })),
      ...(rarely ? [{ weight: arbs.broken.length === 0 ? RARE_SHARE : 1, arbitrary: rarely }] : []),
    ];
    if (broken.length === 0) return arbs.valid;
    // A member only a kind seldom broken breaks is broken as rarely as others are broken by such a kind.
    const validWeight = arbs.broken.length === 0 ? this.validWeight * RARE_SHARE : this.validWeight;
    return fc.oneof(
      { withCrossShrink: true },
      { weight: validWeight, arbitrary: arbs.valid },
      { weight: 1, arbitrary: broken.length === 1 ? broken[0]!.arbitrary : fc.oneof(...broken) },
    );
  }

  private member(spec: MemberConstraints, path: string): fc.Arbitrary<unknown> {
    return this.mostlyValid(this.memberArbitraries(spec, path));
  }

  /** What the kinds may use of the member: whether it names the created resource, its example filled in. */
  private exploreMember(spec: MemberConstraints, path: string): ExploreMember {
    const example = typeof spec.example === 'string' ? (this.template(spec.example) as string) : undefined;
    const lengthBase = example !== undefined && !PLACEHOLDER.test(example) ? example : undefined;
    return { isName: path === this.nameMember, example, lengthBase, template: (value) => this.template(value) };
  }

  /**
   * A member's valid and broken values, as the kinds of the registry say: each offers what keeps it and what breaks
   * it, in the registry's order; the shape of the request (structures, lists, maps) is all that is decided here.
   */
  private memberArbitraries(spec: MemberConstraints, path: string): MemberArbitraries {
    const at = this.exploreMember(spec, path);
    const keeps = MEMBER_KINDS.flatMap((kind) => kind.keeping?.(spec, at) ?? []);
    // Plain values first: shrinking goes towards the first of them.
    const breaking = unique(MEMBER_KINDS.flatMap((kind) => (kind.rarelyBroken ? [] : (kind.breaking?.(spec, at) ?? []))));
    const broken = breaking.length > 0 ? [fc.constantFrom(...breaking)] : [];
    const rare = unique(MEMBER_KINDS.flatMap((kind) => (kind.rarelyBroken ? (kind.breaking?.(spec, at) ?? []) : [])));
    const rarely = rare.length > 0 ? { rarely: fc.constantFrom(...rare) } : {};
    if (spec.type === 'list') return { ...this.list(spec, path, keeps, broken), ...rarely };
    if (spec.type === 'map') return { ...this.map(spec, path, keeps, broken), ...rarely };
    if (spec.type === 'structure') return { valid: this.structure(spec, path), broken, ...rarely };
    return { valid: this.scalar(spec, at, keeps), broken, ...rarely };
  }

  private template(value: unknown, i = 0): unknown {
    // expand builds a new tree and leaves `value` as it was: no clone first (it ran for every list item generated).
    return expand(value, { ...this.vars, i });
  }

  /**
   * A value the reference validator allows: the member's example (the run's name for the created resource's), what
   * each kind offers, then values at bounds; only what the kinds that admit no other value offer, where one does.
   * Values alike (a boolean's two) are sent evenly; a range sends its usual value, its bounds and any value inside it
   * alike; otherwise the usual value is three times as likely as any other.
   */
  private scalar(spec: MemberConstraints, at: ExploreMember, keeps: Keeping[]): fc.Arbitrary<unknown> {
    const only = keeps.filter((k) => k.only);
    const offered = only.length > 0 ? only : keeps;
    const example = spec.example !== undefined ? this.template(spec.example) : undefined;
    const usual = only.length > 0 ? [] : [example ?? (at.isName ? '{name}' : undefined)];
    const allowed = (c: unknown) => c !== undefined && memberAllows(spec, c, this.options.region);
    const values = unique([...usual, ...offered.flatMap((k) => k.values ?? [])].filter(allowed));
    const edges = offered.flatMap((k) => k.edges ?? []).filter(allowed);
    const valid = unique([...values, ...edges]);
    const between = intersect(offered.flatMap((k) => (k.between ? [k.between] : [])));
    if (valid.length > 0 && offered.some((k) => k.evenly)) return fc.constantFrom(...valid);
    if (between) {
      const scale = Math.round(1 / between.step);
      const within = fc.integer({ min: Math.ceil(between.min * scale), max: Math.floor(between.max * scale) }).map((n) => n / scale);
      if (valid.length === 0) return within;
      return fc.oneof({ withCrossShrink: true }, fc.constant(valid[0]), ...(edges.length > 0 ? [fc.constantFrom(...edges)] : []), within);
    }
    if (valid.length === 0) return fc.constant(example ?? '');
    // The first value (the member's example) is the usual one and what shrinking goes back to.
    if (valid.length === 1) return fc.constant(valid[0]);
    return fc.oneof({ withCrossShrink: true }, { weight: 3, arbitrary: fc.constant(valid[0]) }, fc.constantFrom(...valid.slice(1)));
  }

  /** How many items keep every kind: the largest minimum, the smallest maximum (none: any number). */
  private items(keeps: Keeping[]): { min: number; max?: number } {
    const bounds = keeps.flatMap((k) => (k.items ? [k.items] : []));
    const maxima = bounds.flatMap((b) => (b.max !== undefined ? [b.max] : []));
    return { min: Math.max(0, ...bounds.map((b) => b.min)), ...(maxima.length > 0 ? { max: Math.min(...maxima) } : {}) };
  }

  private list(spec: MemberConstraints, path: string, keeps: Keeping[], broken: fc.Arbitrary<unknown>[]): MemberArbitraries {
    const itemPath = idStep(path, '[]');
    const item = spec.item ? this.member(spec.item, itemPath) : fc.constant({});
    const { min, max } = this.items(keeps);
    // Up to the maximum where it is small enough to send (fast-check keeps most lists short), else a few past the minimum.
    const upTo = max !== undefined && max <= this.boundaryItems ? max : Math.min(max ?? Infinity, min + this.maxItems);
    // fast-check shrinks a list by dropping items from its start; read backwards, a list sheds its last items first,
    // and keeps the first, which the table's requests always have.
    const numbered = (items: unknown[]) => [...items].reverse().map((v, i) => this.template(v, i));
    const valid = fc.array(item, { minLength: min, maxLength: Math.max(min, upTo) }).map(numbered);
    // A list one past a bound is sent where it is small enough to (at most one past `boundaryItems`).
    const counts = MEMBER_KINDS.flatMap((kind) => kind.breakingCounts?.(spec) ?? []).filter((n) => n >= 0 && n <= this.boundaryItems + 1);
    return { valid, broken: [...broken, ...counts.map((n) => fc.array(item, { minLength: n, maxLength: n }).map(numbered))] };
  }

  /** A map's entries: keys are distinct, so a map is generated with as many entries as keep its bounds only. */
  private map(spec: MemberConstraints, path: string, keeps: Keeping[], broken: fc.Arbitrary<unknown>[]): MemberArbitraries {
    const key = spec.key ? this.member(spec.key, idStep(path, '$key')) : fc.constant('key');
    const value = spec.value ? this.member(spec.value, idStep(path, '$value')) : fc.constant('');
    const { min, max: most } = this.items(keeps);
    const max = Math.min(most ?? Infinity, min + this.maxItems);
    const entries = fc.uniqueArray(fc.tuple(key, value), { minLength: min, maxLength: Math.max(min, max), selector: ([k]) => JSON.stringify(k) });
    return { valid: entries.map((e) => Object.fromEntries(e.map(([k, v]) => [String(k), v]))), broken };
  }

  private structure(spec: MemberConstraints, path: string): fc.Arbitrary<Record<string, unknown>> {
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

/** The range every one of `ranges` allows (none given: undefined). */
function intersect(ranges: { min: number; max: number; step: number }[]): { min: number; max: number; step: number } | undefined {
  if (ranges.length === 0) return undefined;
  return {
    min: Math.max(...ranges.map((r) => r.min)),
    max: Math.min(...ranges.map((r) => r.max)),
    step: Math.max(...ranges.map((r) => r.step)),
  };
}

/** How many members (structure members, list items, map keys and values) an input has, itself included. */
function countMembers(spec: MemberConstraints): number {
  let n = 1;
  if (spec.item) n += countMembers(spec.item);
  if (spec.key) n += countMembers(spec.key);
  if (spec.value) n += countMembers(spec.value);
  for (const child of Object.values(spec.members ?? {})) n += countMembers(child);
  return n;
}
