import type { Clause, StepExpectation } from '../spec/types';
import type { Bound } from '../spec/kinds/kind';

export type { Bound };

/** The kinds of the registry's member kinds (`src/spec/kinds/`), and the kinds of case that come from elsewhere. */
export type CaseCategory =
  | 'baseline'
  | 'required'
  | 'length'
  | 'count'
  | 'range'
  | 'pattern'
  | 'enum'
  | 'reference'
  | 'type'
  | 'rule'
  | 'protocol'
  | 'behaviour'
  // A kind registered at run time (a new module in the registry).
  | (string & {});

/** One call of a case: the exact JSON body that goes on the wire and what must come back. */
export interface CaseStep {
  operation: string;
  /** The JSON body as an object (for a raw step, what its body parses to, or `{}`). */
  request: Record<string, unknown>;
  expect: StepExpectation;
  /** Sent as raw HTTP exactly as written, instead of through the SDK (the protocol cases). */
  raw?: RawRequest;
  /** A paginated listing: the request is sent again with each page's token until a page has none; every page is judged. */
  pages?: boolean;
}

/** A request on the wire as a protocol case writes it: headers and body byte for byte, and how it is signed. */
export interface RawRequest {
  /** The X-Amz-Target header; null leaves it out. */
  target: string | null;
  /** The Content-Type header; null leaves it out. */
  contentType: string | null;
  body: string;
  /** With the run's credentials, not at all, with a wrong secret key, or scoped to another region. */
  signing: 'valid' | 'none' | 'wrong-secret' | 'other-region';
}

/** A conformance case: data only, no judging code. */
export interface ConformanceCase {
  /** Stable, readable id such as `EndpointConfigName.length.64`. */
  id: string;
  title: string;
  /** The top-level member the case is about, for grouping in reports. */
  group: string;
  kind: CaseCategory;
  clause: Clause;
  operation: string;
  steps: CaseStep[];
  /** What the case is about, as data: nothing reads these back out of its id. */
  facts: CaseFacts;
  /**
   * Account resources its accept steps name that the run was not given (`kms-key`, `s3-prefix`): against AWS the
   * case is not run, and the report says what it needs. See contracts/resources.json.
   */
  needs?: string[];
}

/**
 * The facts of a case that its id spells for people: reports, the matrix, the importer's checks and the self-test
 * read these, never the id.
 */
export interface CaseFacts {
  /** The member the case is about, in case-id form (`ProductionVariants[].ModelName`); absent for protocol and baseline cases. */
  member?: string;
  /** For a limit case: which bound, its value, and what the case sends. */
  bound?: Bound;
  /** For a documented rule's case: the rule's id. */
  rule?: string;
  /** The name of the value sent, where it has one: a pattern sample's label, an enum value, `astral`, a JSON type. */
  label?: string;
}

/** What the generator needs to make concrete requests for one run. */
export interface CaseContext {
  runId: string;
  /** Prefix of every name the run creates; the run id follows it. */
  prefix: string;
  region: string;
  modelName: string;
  /** Sequence number of the table's first case, for tables of several operations (names stay distinct across them). */
  firstSeq?: number;
  /** Put before every case id (`DescribeEndpointConfig.`): the operations after the first of a table. */
  idPrefix?: string;
}
