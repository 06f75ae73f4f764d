import type { OperationSpec } from '../spec/types';
import { specMeasures, type Measures } from './validate';

/**
 * Every decision the reference mock makes that the spec governs. The default follows the spec;
 * a fault (see faults.ts) replaces one decision with a wrong one, so the suite can prove it notices.
 */
export interface MockBehaviour {
  /** The input spec the mock validates against (a fault may loosen one limit). */
  operationSpec: (op: OperationSpec) => OperationSpec;
  measures: Measures;
  rejectDuplicates: boolean;
  rejectUnknownReferences: boolean;
  rejectTypeErrors: boolean;
  validationErrorCode: string;
  errorStatus: number;
  /** Rewrites the ARN the mock returns for a created resource. */
  arn: (arn: string) => string | undefined;
  /** Rewrites the request before the mock stores it (what Describe later returns). */
  stored: (request: Record<string, unknown>) => Record<string, unknown>;
  sendRequestId: boolean;
}

export const specBehaviour: MockBehaviour = {
  operationSpec: (op) => op,
  measures: specMeasures,
  rejectDuplicates: true,
  rejectUnknownReferences: true,
  rejectTypeErrors: true,
  validationErrorCode: 'ValidationException',
  errorStatus: 400,
  arn: (arn) => arn,
  stored: (request) => request,
  sendRequestId: true,
};
