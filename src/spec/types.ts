/** Where a constraint comes from: the source document (`spec#anchor` or `facts#heading`), the member, and the source's own words. */
export interface Clause {
  source: string;
  member: string;
  text: string;
}

export interface LengthConstraint {
  min?: number;
  max?: number;
  /** `codepoints` when the source says lengths count Unicode code points, not UTF-16 units. */
  unit?: 'codepoints';
  clause: Clause;
}

export interface CountConstraint {
  min?: number;
  max?: number;
  clause: Clause;
}

export interface RangeConstraint {
  min?: number;
  max?: number;
  clause: Clause;
}

export interface PatternConstraint {
  regex: string;
  flags?: string;
  /**
   * How the regex applies: `whole` (the default) matches it against the whole value, as the 2017 page's patterns
   * are read; `as-written` follows Smithy, where a pattern is anchored only where it says `^`/`$`.
   */
  match?: 'whole' | 'as-written';
  clause: Clause;
  /** Named values that break the pattern (templates). */
  invalid?: Record<string, string>;
  /** Named edge values the pattern allows (templates). */
  valid?: Record<string, string>;
  /** Why no value breaks the pattern (`.*` unanchored matches every string), so it has no reject case. */
  untestable?: string;
}

export interface EnumConstraint {
  values: (string | number)[];
  invalid: string | number;
  /** Values that accept cases send (a stable few of a huge enum); none when absent. */
  accept?: (string | number)[];
  clause: Clause;
}

export interface ReferenceConstraint {
  resource: string;
  /** A template naming a resource that does not exist. */
  missing: string;
  messageIncludes?: string[];
  clause: Clause;
}

export interface ArnConstraint {
  resource: string;
  clause: Clause;
}

export type MemberType = 'string' | 'integer' | 'float' | 'boolean' | 'timestamp' | 'blob' | 'document' | 'list' | 'map' | 'structure';

export interface MemberConstraints {
  type: MemberType;
  /** A realistic valid value (a template for strings). */
  example?: unknown;
  /** Character used to pad a string to an exact length. */
  fill?: string;
  /** A character outside the Basic Multilingual Plane that the pattern allows, for code-point length cases. */
  astralFill?: string;
  required?: Clause;
  length?: LengthConstraint;
  count?: CountConstraint;
  range?: RangeConstraint;
  pattern?: PatternConstraint;
  enum?: EnumConstraint;
  references?: ReferenceConstraint;
  arnOf?: ArnConstraint;
  /** `int64` for a Smithy long: an `integer` is otherwise a 32-bit signed number. */
  format?: 'int64';
  /** The model shape this member targets (`com.amazonaws.sagemaker#VariantName`), for imported specs. */
  shape?: string;
  /** The value the service uses when the member is left out, and where that is said. */
  default?: { value: unknown; clause: Clause };
  /** For lists: the element shape. */
  item?: MemberConstraints;
  /** For maps: the key and value shapes (a map's `count` counts its entries). */
  key?: MemberConstraints;
  value?: MemberConstraints;
  /** For structures. */
  members?: Record<string, MemberConstraints>;
}

export interface ErrorSpec {
  code: string;
  status: number;
  clause: Clause;
}

/** Where an imported spec comes from: the model file and the upstream copy it was taken from. */
export interface Provenance {
  /** The model file, relative to the repository root. */
  file: string;
  sha256: string;
  repository: string;
  path: string;
  commit: string;
  date: string;
  licence: string;
}

export interface OperationSpec {
  operation: string;
  spec: { name: string; profile: string; sources: Record<string, string>; provenance?: Provenance };
  /**
   * Request members to put in the baseline for cases under a member path (the longest matching prefix wins): a
   * valid context for members that only make sense together (a serverless variant has no InstanceType).
   */
  contexts?: Record<string, Record<string, unknown>>;
  /** Cases left out on purpose, by id, each with the reason (shown by `list --excluded`). */
  suppress?: Record<string, string>;
  /** Rules the documentation states in prose, checked as cases and by the reference mock. */
  rules?: RuleSpec[];
  /** The resource type this operation creates (a key of the service's resources). */
  creates?: string;
  /** Resources that must exist before the cases run (one for the whole run: the run's model). */
  requires?: string[];
  /** Smithy's `paginated` trait: the members that carry the token in and out, the items, and the page size. */
  paginated?: { inputToken: string; outputToken: string; items: string; pageSize?: string };
  /**
   * Resources each case needs before it runs (a Describe or a Delete acts on an existing one): one of each type,
   * created by the case's first steps, named as the case's request names it when the case expects acceptance, else
   * with the case's own name. Their create request is the resource's `setup` in service.json, else its create
   * operation's baseline; whatever that create requires is set up for the run.
   */
  given?: string[];
  baseline: Record<string, unknown>;
  input: MemberConstraints;
  output: MemberConstraints;
  errors: ErrorSpec[];
  typeErrors: { codes: string[]; clause: Clause };
}

export interface ResourceSpec {
  label: string;
  arnType: string;
  nameMember: string;
  arnMember: string;
  create: string;
  describe: string;
  delete: string;
  list: { operation: string; member: string };
  /** Request that creates one for the run (templates). */
  setup?: Record<string, unknown>;
}

export interface ServiceSpec {
  service: string;
  apiVersion: string;
  protocol: 'awsJson1_1';
  targetPrefix: string;
  signingName: string;
  contentType: string;
  arnPattern: string;
  resources: Record<string, ResourceSpec>;
  /** How resources are tagged and their tags read back; absent for a service without tags. */
  tagging?: TaggingSpec;
}

/** The service's tagging operations: `add` takes `{[arnMember]: arn, [tagsMember]: [{Key, Value}]}`, `list` returns `{[tagsMember]: [...]}`. */
export interface TaggingSpec {
  add: string;
  list: string;
  arnMember: string;
  tagsMember: string;
  /** Most tags one resource may carry. */
  maxTags: number;
}

/**
 * A rule the documentation states in prose, as data. `path` is a member path in case-id form
 * (`ProductionVariants[].ServerlessConfig.MemorySizeInMB`); sibling names are members of the same structure.
 */
export type RuleSpec = {
  id: string;
  clause: Clause;
  messageIncludes?: string[];
  /** What the reference mock answers when the rule is broken, where a real account's answer was captured (free text). */
  message?: string;
} & (
  | { kind: 'multiple-of'; path: string; factor: number; valid: number; invalid: number }
  | { kind: 'not-greater-than'; path: string; sibling: string }
  | { kind: 'exactly-one-of'; path: string; members: string[] }
  | { kind: 'unsupported'; path: string; value: unknown }
  | { kind: 'unique'; path: string; key: string }
  | { kind: 'must-contain'; path: string; value: unknown; invalid: unknown[] }
  | { kind: 'max-items-when'; path: string; max: number; when: string }
  | { kind: 'forbidden-with'; path: string; value: unknown; when: { path: string; values: unknown[] } }
  /** The member may not be given in a structure that also has `sibling` (ManagedInstanceScaling beside a ModelName). */
  | { kind: 'excludes'; path: string; sibling: string }
  /** A kind a module registered at run time (`registerRuleKind`): its terms are its module's to read. */
  | { kind: string & {}; path: string; [term: string]: unknown }
);

export type StepExpectation =
  | {
      outcome: 'accept';
      /** The body must contain this literal value (deep subset). */
      includes?: Record<string, unknown>;
      /** The body must contain this value (deep subset); `$request` takes an earlier step's request. */
      contains?: { $request: number; omit?: string[] };
      /** Members that must equal a member of an earlier step's response. */
      sameAs?: Record<string, { $response: number; member: string }>;
      /** A listing: exactly these names (templates), each once across all pages, in this order when `ordered`. */
      listed?: ListedExpectation;
    }
  | {
      outcome: 'reject';
      status: number;
      /** Other statuses the protocol's documentation allows where it does not fix one (never more). */
      alsoStatus?: number[];
      errorCodes: string[];
      /** Stable fragments the message must contain, for rejections whose message names no member (a business rule). */
      messageIncludes?: string[];
      /** The member the rejection must name by its path, where the message names members at all. */
      member?: MemberNaming;
    };

/**
 * Which member a rejection must name, by its path as the protocol writes it in messages
 * (`productionVariants.1.member.modelName`): a message that names only other members is a rejection for another reason.
 */
export interface MemberNaming {
  /** Any one of these paths (a rule about two members may name either). */
  paths: string[];
  /**
   * A message that names no member path: a rejection for another reason (`fail`: AWS names the member of every
   * constraint it checks), or undecided (`pass`: a documented rule whose message AWS does not document).
   */
  whenUnnamed: 'fail' | 'pass';
  /** Only answers with these codes must name it (the JSON protocol's SerializationException names none). */
  forCodes?: string[];
}

/**
 * What a listing must hold, read from the items member the operation's `paginated` trait names, by the name member of
 * the resource it lists. Only names containing the request's `NameContains` count as the case's own (never another
 * run's on a shared account): any other name is the filter broken.
 */
export interface ListedExpectation {
  names: string[];
  ordered: boolean;
}

export interface BehaviourStep {
  operation: string;
  request: Record<string, unknown>;
  expect: StepExpectation;
  /** Walk every page (`NextToken`) and judge them together. */
  pages?: boolean;
}

export interface BehaviourSpec {
  id: string;
  member: string;
  title: string;
  clause: Clause;
  steps: BehaviourStep[];
  /**
   * The kind of rule it checks, for a case that rests on one constraint (a case `explore` found): a member kind of the
   * registry (`required`, `length`, ...), `rule` or `baseline`; default `behaviour`.
   */
  kind?: string;
}

/** A protocol case's raw request, as the data file writes it (templates, defaults from the service). */
export interface ProtocolRawSpec {
  target?: string | null;
  contentType?: string | null;
  /** `$json`: a JSON value serialized (`{"$baseline": true, "$set": {...}, "$setAt": {"A[].B": v}}` builds on the baseline); `$text`: sent as it stands. */
  body: { $json: unknown } | { $text: string };
  signing?: 'valid' | 'none' | 'wrong-secret' | 'other-region';
}

export type ProtocolStepSpec = { raw: ProtocolRawSpec; expect: StepExpectation } | { $nothingCreated: true | string };

export interface ProtocolCaseSpec {
  id: string;
  title: string;
  clause: Clause;
  steps: ProtocolStepSpec[];
}

/** The wire protocol's cases for one operation (`contracts/protocol/<Operation>.json`). */
export interface ProtocolFile {
  operation: string;
  protocol: string;
  cases: ProtocolCaseSpec[];
}

export interface BehaviourFile {
  operation: string;
  cases: BehaviourSpec[];
}
