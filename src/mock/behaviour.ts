import type { OperationSpec } from '../spec/types';
import { specMeasures, type Measures, type Violation } from '../spec/validate';
import { specLifecycle, type LifecycleBehaviour } from './lifecycle';

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
  /** Whether errors carry their code at all. */
  sendErrorCode: boolean;
  /** Whether the code is in the body's `__type` (the protocol's place); without it, only in an x-amzn-ErrorType header. */
  errorTypeInBody: boolean;
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
  /** How the mock reads the wire (the protocol cases); a fault switches one reading to a lax or wrong one. */
  protocol: ProtocolBehaviour;
  /** How it describes, lists and deletes what it stores. */
  lifecycle: LifecycleBehaviour;
  /**
   * Whether the mock overlooks one violation (a constraint's or a rule's, as the validator records it) of this request: the spec
   * overlooks none; a combination fault overlooks one only in some company (a variant but the first, many tags).
   */
  overlooks: (request: Record<string, unknown>, violation: Violation) => boolean;
}

export interface ProtocolBehaviour {
  /** An unknown operation gets an HTML 500 page instead of UnknownOperationException. */
  unknownOperationHtml500: boolean;
  /** X-Amz-Target is matched without regard to case. */
  targetCaseInsensitive: boolean;
  /** A member sent as null is taken as the string "None" instead of as absent. */
  nullAsNone: boolean;
  /** Validation messages name only the last segment of a member's path (`instanceType`). */
  lastSegmentPaths: boolean;
  /** Signatures made with the mock's own key are checked. */
  verifySignatures: boolean;
  /** An unsigned request is refused. */
  requireSignature: boolean;
  /** The status it is refused with: 403 as the Common Errors page says (real JSON-protocol endpoints answer 400; both pass). */
  unsignedStatus: number;
  /** A signature scoped to another region than the mock's is refused (when the mock has a region). */
  checkRegion: boolean;
  /** A JSON body that is not an object ([], 1, null) is taken as {}. */
  nonObjectBodyAsEmpty: boolean;
  /** Integers are not held to 32 bits. */
  unboundedIntegers: boolean;
  /** A member the operation does not have is refused. */
  rejectUnknownMembers: boolean;
  /** A Content-Type with a parameter (; charset=utf-8) is refused. */
  rejectContentTypeParameters: boolean;
}

export const specProtocol: ProtocolBehaviour = {
  unknownOperationHtml500: false,
  targetCaseInsensitive: false,
  nullAsNone: false,
  lastSegmentPaths: false,
  verifySignatures: true,
  requireSignature: true,
  unsignedStatus: 403,
  checkRegion: true,
  nonObjectBodyAsEmpty: false,
  unboundedIntegers: false,
  rejectUnknownMembers: false,
  rejectContentTypeParameters: false,
};

export const specBehaviour: MockBehaviour = {
  operationSpec: (op) => op,
  measures: specMeasures,
  rejectDuplicates: true,
  rejectUnknownReferences: true,
  rejectTypeErrors: true,
  validationErrorCode: 'ValidationException',
  errorStatus: 400,
  sendErrorCode: true,
  errorTypeInBody: true,
  sendErrorMessage: true,
  successStatus: () => 200,
  arn: (arn) => arn,
  stored: (request) => request,
  sendRequestId: true,
  protocol: specProtocol,
  lifecycle: specLifecycle,
  overlooks: () => false,
};
