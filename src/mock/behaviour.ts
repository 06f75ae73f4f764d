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
  /** Whether errors carry their code (`__type` and `x-amzn-ErrorType`). */
  sendErrorCode: boolean;
  /** Whether error bodies carry a `message`. */
  sendErrorMessage: boolean;
  /** The status of a successful call of `operation`. */
  successStatus: (operation: string) => number;
  /** The content type of every answer; undefined means the protocol's own. */
  contentType?: string;
  /** Rewrites the ARN the mock returns for a created resource, given the name as sent. */
  arn: (arn: string, name: string) => string | undefined;
  /** Rewrites the request of `operation` before the mock stores it (what Describe later returns). */
  stored: (request: Record<string, unknown>, operation: string) => Record<string, unknown>;
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
  sendErrorCode: true,
  sendErrorMessage: true,
  successStatus: () => 200,
  arn: (arn) => arn,
  stored: (request) => request,
  sendRequestId: true,
};
