import type { Clause, MemberConstraints, OperationSpec, RuleSpec, StepExpectation } from '../types';
import type { PathStep } from '../member-path';
import type { TemplateVars } from '../values';
import type { SafePattern } from '../../io/safe-pattern';
import type { Violation } from '../violation';

/**
 * One kind of constraint a contract puts on a member (length, count, range, pattern, enum, required, type, a
 * reference to another resource). A kind says, in one module, how it is read from a contract, which cases it makes,
 * how the reference validator enforces it, how the self-test breaks it and how the conformance matrix labels it.
 * The generator, the validator, the fault battery and the matrix loop over the registry (`./registry`).
 */
export interface ConstraintKind {
  /** The case kind of its cases, and the matrix column they go in. */
  name: string;
  /** Where its column goes in the conformance matrix (lower first). */
  column: number;
  /**
   * How it is read from a contract: the member's field that holds it and that field's JSON Schema in the contract
   * format (checked when the contract is loaded). Absent for a kind every member has (its JSON type).
   */
  field?: {
    name: string;
    schema: object;
    /** What the schema cannot say about the field (a lower bound above the upper one, a regex that does not compile). */
    problem?: (value: unknown) => string | undefined;
  };
  /** The cases it makes for one member: values at and past the constraint. */
  samples(member: MemberUnderTest): Sample[];
  /** How the reference validator enforces it: what the member must do, in AWS's words, for each rule the value breaks. */
  check?(spec: MemberConstraints, value: unknown, measures: Measures): KindBreach[];
  /** How the reference validator enforces it when the member is absent (null or left out). */
  checkAbsent?(spec: MemberConstraints): KindBreach[];
  /**
   * How the protocol refuses a value it cannot read as the member's, before any constraint is checked (a
   * SerializationException): its message, or undefined where the value reads.
   */
  unreadable?(spec: MemberConstraints, value: unknown, measures: Measures): string | undefined;
  /**
   * How it is enforced against what exists on the target: what the value names that does not exist (the names of
   * each resource that does, in lower case), checked once every constraint and rule holds.
   */
  missing?(spec: MemberConstraints, value: unknown, known: ReadonlyMap<string, ReadonlySet<string>>): Missing | undefined;
  /**
   * Set for a kind a request keeps wherever the member's parent is sent (a required member's: sending the parent
   * without it breaks it). Explore's coverage counts it kept then, not only when the member itself is sent.
   */
  keptByParent?: boolean;
  /** The clause the member's constraint of this kind rests on, where the member has one. */
  clause?(spec: MemberConstraints): Clause | undefined;
  /**
   * Whether a request can break the member's constraint of this kind (what explore's coverage counts); default:
   * whether the member has one (a clause). A pattern every value matches (`.*`) is none.
   */
  breakable?(spec: MemberConstraints): boolean;
  /** The JSON Schema keywords that say it of a value in a response (the judge's `response.schema`), if any. */
  jsonSchema?(spec: MemberConstraints): Record<string, unknown>;
  /**
   * What explore sends to break it at a member (templates, plainest first: shrinking goes towards the first), for a
   * member of the JSON type it is about; none where the member has no such constraint.
   */
  breaking?(spec: MemberConstraints, at: ExploreMember): unknown[];
  /**
   * What explore sends that keeps it at a member: values, a range of numbers, how many items a list (or entries a
   * map) has. Explore offers the member every kind's values and keeps those the reference validator allows.
   */
  keeping?(spec: MemberConstraints, at: ExploreMember): Keeping | undefined;
  /**
   * Set for a kind explore breaks seldom, against the others (a wrong JSON type: the protocol refuses such a request
   * before any constraint is checked, so it tells little about the rest).
   */
  rarelyBroken?: boolean;
  /** How many items of a list break it (explore sends a list of each length with generated items). */
  breakingCounts?(spec: MemberConstraints): number[];
  /** How the self-test breaks it: changes to the member's spec, each with the cases that notice it. */
  faults?(spec: MemberConstraints, path: string): KindFault[];
  /**
   * A fault only a combination of members reveals (the check skipped on any list item but the first), for explore to
   * find, at a member where the kind has one. Explore's power is measured on one member per kind and operation: the
   * mock's fault list takes the first such member in table order.
   */
  combinationFault?(member: MemberAt): CombinationFault | undefined;
}

/** What a value names that does not exist on the target, and words a target's message about it must hold. */
export interface Missing {
  message: string;
  messageIncludes?: string[];
}

/** A member of an operation's input: where it is and its spec. */
export type MemberAt = Omit<MemberUnderTest, 'modelName'>;

/**
 * A check a faulty target skips only in some company: which of the kind's (or rule's) violations at the member it
 * overlooks, and why no case of the table, which changes one member of one baseline request, can see that.
 */
export interface CombinationFault {
  /** The fault's name after the member path: `enum-first-variant-only`. */
  suffix: string;
  description: string;
  /** Why the table cannot see it. */
  combination: string;
  /** Whether the faulty target overlooks this violation (one of this kind, at this member) in this request. */
  overlooks(request: Record<string, unknown>, violation: Violation): boolean;
}

/** What a list's item is called, from the list's name: `ProductionVariants` holds `variant`s, `Tags` holds `tag`s. */
export function itemNoun(listName: string): string {
  const last = listName.match(/[A-Z]?[a-z0-9]+$/)?.[0] ?? listName;
  return last.toLowerCase().replace(/s$/, '');
}

/** What a kind says explore may send at a member to keep it. */
export interface Keeping {
  /** Values (templates) that keep it, plainest first (shrinking goes towards the first): named values, say. */
  values?: unknown[];
  /** Values at its bounds, offered after every kind's plain values. */
  edges?: unknown[];
  /** Set where no other value keeps it (an enum's set, the one resource a reference can name): other kinds' values are not offered. */
  only?: boolean;
  /** Set where its values are alike (a boolean's two): explore sends them evenly, with no usual one. */
  evenly?: boolean;
  /** Any number from `min` to `max` in steps of `step` keeps it. */
  between?: { min: number; max: number; step: number };
  /** How many items of a list (or entries of a map) keep it. */
  items?: { min: number; max?: number };
}

/** What a kind's `breaking` and `keeping` may use of the member explore generates. */
export interface ExploreMember {
  /** Whether it is the member that names the created resource (its values stay the run's names: `{name@N}`). */
  isName: boolean;
  /** Its example, filled in but for the run's names. */
  example?: string;
  /** The example, where it holds none of the run's names: the base a length is fitted from. */
  lengthBase?: string;
  /** A template filled in as the example is (the region, list positions). */
  template(value: unknown): unknown;
}

/** One constraint of a kind a value breaks: what the member must do (AWS's words after "Member must"), and which bound. */
export interface KindBreach {
  must: string;
  bound?: { side: 'min' | 'max'; limit: number };
}

/** A member the generator makes cases for: where it is, its spec, and what the run brings. */
export interface MemberUnderTest {
  op: OperationSpec;
  /** The steps from the operation's input down to the member. */
  path: readonly PathStep[];
  /** The member path in case-id form: `ProductionVariants[].ModelName`. */
  id: string;
  spec: MemberConstraints;
  /** The model the run names in its requests (its own, or `--model-name`). */
  modelName: string;
}

/** One case of a kind: the value it sets at the member and what must come back. */
export interface Sample {
  /** The case id after the member path: `length.64`. */
  suffix: string;
  /** The title after the member path. */
  title: string;
  clause: Clause;
  /** The value set at the member (`OMIT` leaves it out). */
  value: (vars: TemplateVars) => unknown;
  /** Accepted, rejected naming the member (`violation`), or an expectation of its own. */
  expect: 'accept' | 'violation' | StepExpectation;
  /** For a limit: which bound, its value, and what the case sends (a length, a count, a number). */
  bound?: Bound;
  /** The name of the value sent, where it has one: a pattern sample's label, an enum value, `astral`. */
  label?: string;
}

export interface Bound {
  side: 'min' | 'max';
  limit: number;
  sent: number;
}

/** A spec change that breaks one constraint of one member, and which of the kind's own cases notice it. */
export interface KindFault {
  /** The fault's name after the member path: `length.max+1`, `required-ignored`. */
  suffix: string;
  description: string;
  change: (member: MemberConstraints) => void;
  /** Suffixes of the cases (of this member) that notice it; empty: any case of the member may. */
  noticedBy: string[];
  /** Set when no request can tell the changed spec from the spec: why. */
  equivalent?: string;
}

/** How the reference validator measures and matches; a mock fault may swap one of these for a wrong one. */
export interface Measures {
  length: (value: string) => number;
  patternMatches: (pattern: SafePattern, value: string) => boolean;
  /** Whether an `integer` is held to 32 bits (a `long`, `format: int64`, to what JSON numbers hold exactly). */
  boundedIntegers: boolean;
}

/**
 * One kind of rule the documentation states in prose (`multiple-of`, `exactly-one-of`, ...): its cases, how the
 * reference validator enforces it, and which members a rejection for it may name.
 */
export interface RuleKind<R extends RuleSpec = RuleSpec> {
  kind: R['kind'];
  /** Case-id paths of the members a rejection may name: the rule's own, and those it ties it to. */
  namedBy(rule: R): string[];
  /** At least one request the rule rejects and one it accepts, each changing only what the rule is about. */
  samples(rule: R, at: RuleAt): RuleSample[];
  /** Each place the request breaks the rule. */
  violations(rule: R, request: Record<string, unknown>): RuleBreach[];
  /**
   * How explore keeps (`keep`) or breaks (`break`) the rule in a generated request, changing only what the rule is
   * about. Absent: explore leaves the rule to chance.
   */
  apply?(rule: R, request: Record<string, unknown>, decision: 'keep' | 'break', at: RuleApply): void;
  /** Set for a rule that any value of its member breaks (the member's valid form is its absence). */
  forbidsAnyValue?: boolean;
  /** A fault only a combination of members reveals (see `MemberKind.combinationFault`), for the first rule of the kind. */
  combinationFault?(rule: R, at: RuleAt): CombinationFault | undefined;
}

/** What a rule's `apply` may use on the request it changes. */
export interface RuleApply {
  /** The rule's member: the last name of its path. */
  name: string;
  vars: TemplateVars;
  /** Sets a member at a case-id path, creating what leads to it from examples. */
  set(path: string, value: unknown): void;
  /** Every structure holding the member at a case-id path (every list element on the way). */
  holders(path: string): Record<string, unknown>[];
  /** The example of the member at a case-id path, filled in. */
  exampleOf(path: string): unknown;
}

/** One place a request breaks a documented rule: where, the value there, and what the documentation says it must do. */
export interface RuleBreach {
  /** AWS's member path: `productionVariants.1.member.serverlessConfig.memorySizeInMB`. */
  at: string;
  /** The 0-based list positions along the way. */
  positions: number[];
  value: unknown;
  /** The constraint in AWS's words: `Member must be a multiple of 1024`. */
  constraint: string;
  /** A message captured on a real account, sent as it is instead of the rendered one. */
  verbatim?: string;
}

/** Where a rule applies: the operation and the steps to the rule's member. */
export interface RuleAt {
  op: OperationSpec;
  path: PathStep[];
}

export interface RuleSample {
  suffix: string;
  title: string;
  expect: 'accept' | 'rejected';
  /** Members to set (or, with `OMIT`, leave out), in order, on the case's baseline. */
  settings: (vars: TemplateVars) => [PathStep[], unknown][];
}

/** A place a request breaks a rule: the value, where it is, what the documentation says it must do (or AWS's captured message). */
export function ruleViolation(value: unknown, found: { where: string; positions: number[] }, constraint: string, verbatim?: string): RuleBreach {
  return { at: found.where, positions: found.positions, value, constraint, ...(verbatim !== undefined ? { verbatim } : {}) };
}

/** `1 character`, `64 characters`. */
export function describeLength(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
