import type { Clause, StepExpectation } from '../spec/types';

export type CaseKind = 'baseline' | 'required' | 'length' | 'count' | 'range' | 'pattern' | 'enum' | 'reference' | 'type' | 'rule' | 'behaviour';

/** One call of a case: the exact JSON body that goes on the wire and what must come back. */
export interface CaseStep {
  operation: string;
  request: Record<string, unknown>;
  expect: StepExpectation;
}

/** A conformance case: data only, no judging code. */
export interface ConformanceCase {
  /** Stable, readable id such as `EndpointConfigName.length.64`. */
  id: string;
  title: string;
  /** The top-level member the case is about, for grouping in reports. */
  group: string;
  kind: CaseKind;
  clause: Clause;
  operation: string;
  steps: CaseStep[];
}

/** What the generator needs to make concrete requests for one run. */
export interface CaseContext {
  runId: string;
  /** Prefix of every name the run creates; the run id follows it. */
  prefix: string;
  region: string;
  modelName: string;
}
