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
  clause: Clause;
  /** Named values that break the pattern (templates). */
  invalid?: Record<string, string>;
  /** Named edge values the pattern allows (templates). */
  valid?: Record<string, string>;
}

export interface EnumConstraint {
  values: string[];
  invalid: string;
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

export type MemberType = 'string' | 'integer' | 'float' | 'boolean' | 'list' | 'structure';

export interface MemberSpec {
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
  /** For lists: the element shape. */
  item?: MemberSpec;
  /** For structures. */
  members?: Record<string, MemberSpec>;
}

export interface ErrorSpec {
  code: string;
  status: number;
  clause: Clause;
}

export interface OperationSpec {
  operation: string;
  spec: { name: string; profile: string; sources: Record<string, string> };
  /** The resource type this operation creates (a key of the service's resources). */
  creates?: string;
  /** Resources that must exist before the cases run. */
  requires?: string[];
  baseline: Record<string, unknown>;
  input: MemberSpec;
  output: MemberSpec;
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

export type StepExpectation =
  | {
      outcome: 'accept';
      /** The body must contain this value (deep subset); `$request` takes an earlier step's request. */
      contains?: { $request: number; omit?: string[] };
      /** Members that must equal a member of an earlier step's response. */
      sameAs?: Record<string, { $response: number; member: string }>;
    }
  | {
      outcome: 'reject';
      status: number;
      errorCodes: string[];
      messageIncludes?: string[];
    };

export interface BehaviourStep {
  operation: string;
  request: Record<string, unknown>;
  expect: StepExpectation;
}

export interface BehaviourSpec {
  id: string;
  member: string;
  title: string;
  clause: Clause;
  steps: BehaviourStep[];
}

export interface BehaviourFile {
  operation: string;
  cases: BehaviourSpec[];
}
