import type { Clause, ErrorSpec, MemberConstraints, MemberType, OperationSpec, Provenance, RuleSpec, ServiceSpec } from '../spec/types';
import { expand, type TemplateVars } from '../spec/values';
import { enumValues, mergedTraits, ModelError, operationId, plainText, shapeOf, type SmithyMember, type SmithyModel } from './smithy';
import { kindOfTrait } from './trait-kinds';
import { citation, inputConstraints, walkMembers, type ModelConstraint, type WalkedMember } from './walk';
import { memberOverlay, type DocQuote, type MemberOverlay, type Observed, type Overlay } from './overlay';
import { exampleFor, FILL_CANDIDATES, patternRegExp } from './examples';
import { PATTERN_TIME_LIMIT_MS } from '../io/safe-pattern';
import { checkedBounds } from './bounds';
import { setOwn } from '../io/own';
import { idStep, isWithin } from '../spec/member-path';

/** Values that stand in for a run's names when the importer checks examples against patterns. */
export const SAMPLE_VARS: TemplateVars = {
  name: 'sc-k3x9q2-000',
  Name: 'Sc-K3X9Q2-000',
  NAME: 'SC-K3X9Q2-000',
  digits: '1234567000',
  model: 'sc-k3x9q2-model-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  region: 'us-east-1',
  i: 0,
};

/** An enum with more values than this gets a stable few accept cases (first, last, and the overlay's), not one per value. */
const SMALL_ENUM = 8;

const TYPES: Record<string, MemberType> = {
  string: 'string',
  enum: 'string',
  intEnum: 'integer',
  byte: 'integer',
  short: 'integer',
  integer: 'integer',
  long: 'integer',
  bigInteger: 'integer',
  float: 'float',
  double: 'float',
  bigDecimal: 'float',
  boolean: 'boolean',
  timestamp: 'timestamp',
  blob: 'blob',
  document: 'document',
  list: 'list',
  set: 'list',
  map: 'map',
  structure: 'structure',
  union: 'structure',
};

function modelClause(path: string, source: string): Clause {
  const shape = source.split(' ')[0]!;
  return { source: `model#${shape}`, member: path, text: source };
}

/** Builds member specs from the model and the overlay, and remembers which members could not get an example. */
class SpecBuilder {
  readonly missingExamples = new Set<string>();
  /** What a person must decide before this import can be used (a quotation gone, a sample that no longer fits). */
  readonly decisions: Decision[] = [];
  /** Every member path walked, for finding overlay entries that name a member the model no longer has. */
  readonly paths = new Set<string>();
  /** Bounds the model states that no case can reach, left out of the spec: listed as uncovered with why. */
  readonly unreachable: { path: string; kind: string; source: string; reason: string }[] = [];

  constructor(
    private readonly model: SmithyModel,
    private readonly overlay: Pick<Overlay, 'members' | 'shapes' | 'sameAs'>,
  ) {}

  /** Checks that `quote` is in the documentation of `shape` and turns it into a clause. */
  docClause(path: string, quote: DocQuote, item = `member ${path}`): Clause {
    const [shapeId, memberName] = quote.shape.split('$');
    const shape = this.model.shapes[shapeId!];
    const traits = memberName ? shape?.members?.[memberName]?.traits : shape?.traits;
    if (!shape || (memberName && !shape.members?.[memberName])) {
      this.decisions.push({ item, what: `cites ${quote.shape}, which the model no longer has (renamed or removed?): point it at the new shape or retire it` });
    } else if (!plainText(traits?.['smithy.api#documentation']).includes(quote.quote)) {
      this.decisions.push({
        item,
        what: `the documentation of ${quote.shape} does not say "${quote.quote}" (cited for ${path}): quote its new wording, or move it to "retired" with why`,
      });
    }
    return { source: `model#${quote.shape} smithy.api#documentation`, member: path, text: quote.quote };
  }

  member(walked: WalkedMember, stack: readonly string[]): MemberConstraints {
    const target = shapeOf(this.model, walked.member.target);
    const type = Object.hasOwn(TYPES, target.type) ? TYPES[target.type] : undefined;
    if (!type) throw new ModelError(`${walked.path}: shape type ${target.type} (${walked.member.target}) is not one the importer knows`);
    this.paths.add(walked.path);
    const extra = memberOverlay(this.overlay, walked.path, walked.member.target);
    const spec: MemberConstraints = {
      type,
      shape: walked.member.target,
      ...(target.type === 'long' || target.type === 'bigInteger' ? { format: 'int64' as const } : {}),
    };
    const clauseOf = (trait: string) => modelClause(walked.path, citation(walked, trait));
    const t = walked.traits;

    if ('smithy.api#required' in t) spec.required = clauseOf('smithy.api#required');
    const length = t['smithy.api#length'];
    if (length !== undefined) {
      const counted = kindOfTrait('smithy.api#length', type) === 'count';
      const bounds = this.bounds(walked, 'smithy.api#length', counted ? 'count' : 'length', type);
      if (bounds && counted) spec.count = { ...bounds, clause: clauseOf('smithy.api#length') };
      else if (bounds) spec.length = { ...bounds, unit: 'codepoints', clause: clauseOf('smithy.api#length') };
    }
    if (t['smithy.api#range'] !== undefined) {
      const bounds = this.bounds(walked, 'smithy.api#range', 'range', type);
      if (bounds) spec.range = { ...bounds, clause: clauseOf('smithy.api#range') };
    }
    const pattern = t['smithy.api#pattern'];
    if (typeof pattern === 'string') {
      const { flags } = patternRegExp(pattern);
      spec.pattern = {
        regex: pattern,
        ...(flags ? { flags } : {}),
        match: 'as-written',
        clause: clauseOf('smithy.api#pattern'),
        ...(extra.pattern?.invalid ? { invalid: extra.pattern.invalid } : {}),
        ...(extra.pattern?.valid ? { valid: extra.pattern.valid } : {}),
        ...(extra.pattern?.untestable ? { untestable: extra.pattern.untestable } : {}),
      };
      this.checkSamples(walked.path, pattern, extra);
    }
    const values = enumValues(target);
    if (values) {
      const accept = values.length <= SMALL_ENUM ? values : [...new Set([values[0]!, ...(extra.enumAccept ?? []), values[values.length - 1]!])];
      for (const v of accept)
        if (!values.includes(v)) throw new ModelError(`${walked.path}: enumAccept value ${JSON.stringify(v)} is not in ${walked.member.target}`);
      spec.enum = {
        values,
        invalid: typeof values[0] === 'number' ? Math.max(...(values as number[])) + 1000 : 'not-a-valid-value',
        accept,
        clause: modelClause(walked.path, `${walked.member.target} ${target.type === 'intEnum' ? 'intEnum' : 'enum'} (${values.length} values)`),
      };
    }
    if ('smithy.api#default' in t) {
      spec.default = { value: t['smithy.api#default'], clause: clauseOf('smithy.api#default') };
    } else if (extra.default) {
      spec.default = { value: extra.default.value, clause: this.docClause(walked.path, extra.default) };
    }
    if (extra.references) spec.references = { ...extra.references, clause: this.docClause(walked.path, extra.references.clause) };
    if (extra.arnOf) spec.arnOf = extra.arnOf;
    if (extra.fill !== undefined) spec.fill = extra.fill;
    if (extra.astralFill !== undefined) spec.astralFill = extra.astralFill;

    const inner = [...stack, walked.member.target];
    if (!stack.includes(walked.member.target)) {
      if (type === 'structure') {
        spec.members = {};
        for (const [name, member] of Object.entries(target.members ?? {})) {
          setOwn(spec.members, name, this.member(this.walked(`${walked.path}.${name}`, `${walked.member.target}$${name}`, member), inner));
        }
      } else if (type === 'list' && target.member) {
        spec.item = this.member(this.walked(idStep(walked.path, '[]'), `${walked.member.target}$member`, target.member), inner);
      } else if (type === 'map' && target.key && target.value) {
        spec.key = this.member(this.walked(idStep(walked.path, '$key'), `${walked.member.target}$key`, target.key), inner);
        spec.value = this.member(this.walked(idStep(walked.path, '$value'), `${walked.member.target}$value`, target.value), inner);
      }
    }

    const example = extra.example !== undefined ? extra.example : exampleFor(spec, SAMPLE_VARS);
    if (example === undefined) this.missingExamples.add(walked.path);
    else {
      this.checkExample(walked.path, spec, example);
      spec.example = example;
    }
    if (spec.type === 'string' && spec.length && spec.fill === undefined && typeof spec.example === 'string') {
      const fill = this.fillFor(spec);
      if (fill) spec.fill = fill;
    }
    return spec;
  }

  /** A limit's bounds, checked (bad ones stop the import); those no case can reach are listed, and none left is undefined. */
  private bounds(walked: WalkedMember, trait: string, kind: string, type: MemberType): { min?: number; max?: number } | undefined {
    const cited = citation(walked, trait);
    const { bounds, unreachable } = checkedBounds(`${cited} (member ${walked.path})`, walked.traits[trait], kind !== 'range', type);
    for (const reason of unreachable) this.unreachable.push({ path: walked.path, kind, source: cited, reason });
    return bounds.min === undefined && bounds.max === undefined ? undefined : bounds;
  }

  private walked(path: string, memberId: string, member: SmithyMember): WalkedMember {
    return { path, memberId, member, traits: mergedTraits(this.model, member), type: shapeOf(this.model, member.target).type };
  }

  /** A padding character that keeps the example inside its pattern, so a length case breaks only the length. */
  private fillFor(spec: MemberConstraints): string | undefined {
    if (!spec.pattern) return undefined;
    const regex = patternRegExp(spec.pattern.regex).regex;
    const example = String(expand(spec.example, SAMPLE_VARS));
    return FILL_CANDIDATES.find((c) => regex.test(example + c.repeat(8)));
  }

  private checkExample(path: string, spec: MemberConstraints, example: unknown): void {
    if (spec.type !== 'string' || typeof example !== 'string' || !spec.pattern) return;
    if (!this.matches(path, 'example', spec.pattern.regex, expand(example, SAMPLE_VARS)))
      this.decisions.push({
        item: `member ${path}`,
        what: `the example ${JSON.stringify(example)} breaks the model's pattern ${spec.pattern.regex}: give one that matches`,
      });
  }

  private checkSamples(path: string, pattern: string, extra: MemberOverlay): void {
    for (const [label, sample] of Object.entries(extra.pattern?.invalid ?? {})) {
      if (this.matches(path, `pattern sample "${label}"`, pattern, expand(sample, SAMPLE_VARS)))
        this.decisions.push({ item: `member ${path}`, what: `pattern sample "${label}" (${JSON.stringify(sample)}) matches ${pattern}; it must break it` });
    }
    for (const [label, sample] of Object.entries(extra.pattern?.valid ?? {})) {
      if (!this.matches(path, `pattern sample "${label}"`, pattern, expand(sample, SAMPLE_VARS)))
        this.decisions.push({ item: `member ${path}`, what: `pattern sample "${label}" (${JSON.stringify(sample)}) breaks ${pattern}; it must match` });
    }
  }

  /** Whether a value the overlay gives fits the model's pattern; a match that cannot be decided in time stops the import. */
  private matches(path: string, what: string, pattern: string, value: string): boolean {
    const found = patternRegExp(pattern).regex.match(value);
    if (found === 'undecided')
      throw new ModelError(
        `${path}: the ${what} could not be matched against the model's pattern ${pattern} within ${PATTERN_TIME_LIMIT_MS} ms (RE2 cannot run the pattern and JavaScript's engine backtracks on the value): give a pattern without lookaround, or another value`,
      );
    return found;
  }
}

export interface ImportOptions {
  operation: string;
  overlay: Overlay;
  /** The service's resources: an operation that creates one gets `creates` and a per-case name (`{name}`). */
  service?: ServiceSpec;
  provenance: Provenance;
  /** What real accounts do beyond the model: rules and contexts merged into the spec, each clause citing its source. */
  observed?: Observed;
  /** The edition's name, written in the spec as its `profile` (the name reports kept). */
  edition: string;
}

/** Something in the overlay a refreshed model no longer fits, that only a person can settle. */
export interface Decision {
  /** The overlay entry: `rule one-shadow`, `member KmsKeyId`, `shape com.amazonaws.sagemaker#Foo`. */
  item: string;
  what: string;
}

/** Overlay entries that name members or shapes the model no longer has. */
function staleNames(model: SmithyModel, overlay: Overlay, paths: ReadonlySet<string>): Decision[] {
  const out: Decision[] = [];
  for (const shape of Object.keys(overlay.shapes ?? {})) {
    if (!model.shapes[shape])
      out.push({ item: `shape ${shape}`, what: 'the model has no such shape (renamed or removed?): rename the entry under "shapes" or drop it' });
  }
  const sameAs = Object.entries(overlay.sameAs ?? {});
  for (const path of Object.keys(overlay.members ?? {})) {
    const aliases = sameAs.filter(([, to]) => isWithin(path, to)).map(([from, to]) => from + path.slice(to.length));
    if (!paths.has(path) && !aliases.some((p) => paths.has(p)))
      out.push({ item: `member ${path}`, what: 'the model has no such member (renamed or removed?): rename the entry under "members" or drop it' });
  }
  for (const rule of overlay.rules ?? []) {
    const path = typeof rule.path === 'string' ? rule.path : undefined;
    if (path && !paths.has(path)) out.push({ item: `rule ${rule.id}`, what: `names ${path}, which the model no longer has (renamed or removed?)` });
  }
  return out;
}

/** Where a shape occurs in an operation's input: `Shape$member` at every path of that member, `Shape` at every member targeting it. */
export function pathsOfShape(model: SmithyModel, inputId: string, shape: string): string[] {
  const out: string[] = [];
  walkMembers(model, inputId, (walked) => {
    if (shape.includes('$') ? walked.memberId === shape : walked.member.target === shape) out.push(walked.path);
  });
  return out;
}

/** The overlay's rules, each given to every path where its shape occurs (in the model's order), with its clause. */
function rulesAtShapes(model: SmithyModel, inputId: string, overlay: Overlay, builder: SpecBuilder): { rules: RuleSpec[]; decisions: Decision[] } {
  const rules: RuleSpec[] = [];
  const decisions: Decision[] = [];
  for (const r of overlay.rules ?? []) {
    const { clause, shape, ...rest } = r;
    if (rest.path !== undefined) {
      throw new ModelError(`rule ${r.id}: rules attach to shapes, not paths: drop "path" (the rule goes where ${clause.shape} occurs) or give "shape"`);
    }
    const anchor = shape ?? clause.shape;
    const paths = pathsOfShape(model, inputId, anchor);
    if (paths.length === 0) decisions.push({ item: `rule ${r.id}`, what: `${anchor} occurs nowhere in the input (renamed or removed?)` });
    const { id, kind, ...terms } = rest;
    for (const path of paths) rules.push({ id, kind, path, ...terms, clause: builder.docClause(path, clause, `rule ${r.id}`) } as unknown as RuleSpec);
  }
  return { rules, decisions };
}

export interface ImportedSpec {
  spec: OperationSpec;
  /** Overlay entries the model no longer fits: the import must not be used until a person settles each. */
  decisions: Decision[];
  /** Every constraint trait reachable from the input (the set the case table must cover). */
  constraints: ModelConstraint[];
  /** Members that got no example: none of their constraint cases can be built. */
  missingExamples: string[];
  /** Bounds the model states that no case can reach (left out of the spec), each with why. */
  unreachable: { path: string; kind: string; source: string; reason: string }[];
}

function errorsOf(model: SmithyModel, opId: string, overlay: Overlay): ErrorSpec[] {
  const op = shapeOf(model, opId);
  const modelled = (op.errors ?? []).map(({ target }): ErrorSpec => {
    const shape = shapeOf(model, target);
    const kind = shape.traits?.['smithy.api#error'];
    const status =
      typeof shape.traits?.['smithy.api#httpError'] === 'number' ? (shape.traits['smithy.api#httpError'] as number) : kind === 'server' ? 500 : 400;
    const code = target.split('#')[1]!;
    return {
      code,
      status,
      clause: {
        source: `model#${target}`,
        member: code,
        text: `${target} smithy.api#error ${String(kind)}: ${plainText(shape.traits?.['smithy.api#documentation'])}`,
      },
    };
  });
  return [...(overlay.errors ?? []), ...modelled];
}

/** Smithy's `paginated` trait as the engine walks pages: which members carry the token in and out, and the items. */
function paginatedOf(trait: unknown): Pick<OperationSpec, 'paginated'> {
  if (typeof trait !== 'object' || trait === null) return {};
  const t = trait as Record<string, unknown>;
  if (typeof t.inputToken !== 'string' || typeof t.outputToken !== 'string' || typeof t.items !== 'string') return {};
  return {
    paginated: { inputToken: t.inputToken, outputToken: t.outputToken, items: t.items, ...(typeof t.pageSize === 'string' ? { pageSize: t.pageSize } : {}) },
  };
}

/**
 * Reads one operation out of a Smithy model into the spec format the generator, judge and mock read: every member
 * reachable from the input with its constraint traits, each citing the shape and trait it comes from.
 *
 * @example
 * const { spec } = importOperation(readSmithyModel('sagemaker.json'), { operation: 'CreateEndpointConfig', overlay, provenance, edition: 'model' });
 */
export function importOperation(model: SmithyModel, options: ImportOptions): ImportedSpec {
  const opId = operationId(model, options.operation);
  const op = shapeOf(model, opId);
  const inputId = op.input?.target;
  if (!inputId) throw new ModelError(`${opId} has no input structure`);
  // A create names its resource: every case sends its own name, so no case collides with another's resource.
  const created = Object.entries(options.service?.resources ?? {}).find(([, r]) => r.create === options.operation);
  // A describe or a delete acts on an existing one: each case needs one of its own first, named as the case names it.
  const actedOn = Object.entries(options.service?.resources ?? {}).find(([, r]) => r.describe === options.operation || r.delete === options.operation);
  const named = created ?? actedOn;
  const nameOverlay = named && !options.overlay.members?.[named[1].nameMember] ? { [named[1].nameMember]: { example: '{name}' } } : {};
  const builder = new SpecBuilder(model, { ...options.overlay, members: { ...nameOverlay, ...(options.overlay.members ?? {}) } });
  const rootWalk = (b: SpecBuilder, id: string): MemberConstraints => {
    const shape = shapeOf(model, id);
    const spec: MemberConstraints = { type: 'structure', shape: id, members: {} };
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      setOwn(
        spec.members!,
        name,
        b.member({ path: name, memberId: `${id}$${name}`, member, traits: mergedTraits(model, member), type: shapeOf(model, member.target).type }, [id]),
      );
    }
    return spec;
  };
  const input = rootWalk(builder, inputId);
  const outputId = op.output?.target ?? 'smithy.api#Unit';
  const output = rootWalk(new SpecBuilder(model, { members: options.overlay.output ?? {} }), outputId);
  const baseline = options.overlay.baseline ?? (exampleFor(input, SAMPLE_VARS) as Record<string, unknown> | undefined);
  if (!baseline) throw new ModelError(`${options.operation}: no valid baseline request can be made from the model; give "baseline" in the overlay`);
  const documented = rulesAtShapes(model, inputId, options.overlay, builder);
  const rules: RuleSpec[] = documented.rules;
  for (const r of options.observed?.rules ?? []) {
    const { source, also: _also, why: _why, ...rest } = r;
    rules.push({ ...rest, clause: { source: source.url, member: r.path, text: source.quote } } as RuleSpec);
  }
  // `$comment` keys explain the data; only member paths are contexts.
  const observedContexts = Object.fromEntries(Object.entries(options.observed?.contexts ?? {}).filter(([path]) => !path.startsWith('$')));
  const contexts = { ...(options.overlay.contexts ?? {}), ...observedContexts } as Record<string, Record<string, unknown>>;
  const spec: OperationSpec = {
    operation: options.operation,
    spec: {
      name: options.operation,
      profile: options.edition,
      sources: { model: `${options.provenance.repository}/${options.provenance.path}@${options.provenance.commit}` },
      provenance: options.provenance,
    },
    ...((options.overlay.creates ?? created) ? { creates: options.overlay.creates ?? created![0] } : {}),
    ...(options.overlay.requires ? { requires: options.overlay.requires } : {}),
    ...paginatedOf(op.traits?.['smithy.api#paginated']),
    ...((options.overlay.given ?? (actedOn ? [actedOn[0]] : undefined)) ? { given: options.overlay.given ?? [actedOn![0]] } : {}),
    baseline,
    ...(Object.keys(contexts).length > 0 ? { contexts } : {}),
    ...(options.overlay.suppress ? { suppress: { ...options.overlay.suppress } } : {}),
    ...(rules.length > 0 ? { rules } : {}),
    input,
    output,
    errors: errorsOf(model, opId, options.overlay),
    typeErrors: options.overlay.typeErrors ?? {
      codes: ['SerializationException', 'ValidationException'],
      clause: {
        source: 'model#aws.protocols#awsJson1_1',
        member: 'Request body',
        text: 'aws.protocols#awsJson1_1: the request body is a JSON document whose members have the types the model gives them',
      },
    },
  };
  const observedRules = (options.observed?.rules ?? []).map((r) => ({ ...r, clause: { shape: '', quote: '' } }));
  const decisions = [
    ...builder.decisions,
    ...documented.decisions,
    ...staleNames(model, { ...options.overlay, rules: [...(options.overlay.rules ?? []), ...observedRules] }, builder.paths),
  ];
  return {
    spec,
    decisions,
    constraints: inputConstraints(model, inputId),
    missingExamples: [...builder.missingExamples].sort(),
    unreachable: builder.unreachable,
  };
}
