import type { MemberConstraints, OperationSpec, ServiceSpec } from '../spec/types';
import { awsPathLeaf } from '../spec/member-path';
import { ruleViolations } from '../spec/rules';
import { referencesIn, validateInput, validationMessage, type Measures, type Violation } from '../spec/validate';
import { ApiError } from './api-error';
import { arnOf } from './arn';
import type { MockBehaviour } from './behaviour';
import type { ResourceStore } from './store';

/** Checks one request of an operation; throws the ApiError the mock answers with, or returns when it is valid. */
export type Validate = (operation: string, request: Record<string, unknown>, region: string) => void;

/** What checking a request needs: the service, the specs, the store (for references) and the behaviour. */
export interface ValidationContext {
  service: ServiceSpec;
  operations: ReadonlyMap<string, OperationSpec>;
  store: ResourceStore;
  behaviour: MockBehaviour;
}

/** The mock's ValidationException, with the status and code its behaviour gives it (a fault may change either). */
export function validationError(behaviour: MockBehaviour, message: string): ApiError {
  return new ApiError(behaviour.errorStatus, behaviour.validationErrorCode, message);
}

/**
 * A checker for requests of every operation with a spec, as the spec says: JSON types, constraints, documented
 * rules, unknown members (a fault), and that every resource a request names exists. Other operations pass.
 */
export function requestValidator(context: ValidationContext): Validate {
  return (operation, request, region) => {
    const spec = context.operations.get(operation);
    if (!spec) return;
    const input = checkAgainstSpec(context.behaviour, spec, request);
    checkReferences(context, input, request, region);
  };
}

/** Types, constraints, documented rules and unknown members, in the order AWS applies them; the input checked against. */
function checkAgainstSpec(behaviour: MockBehaviour, spec: OperationSpec, request: Record<string, unknown>): MemberConstraints {
  const effective = behaviour.operationSpec(spec);
  const input = effective.input;
  const result = validateInput(input, request, measuresOf(behaviour));
  if (result.kind === 'type-error' && behaviour.rejectTypeErrors) throw new ApiError(400, 'SerializationException', result.message);
  const violations = result.kind === 'invalid' ? result.violations.filter((v) => !behaviour.overlooks(request, v)) : [];
  if (violations.length > 0) throw validationError(behaviour, validationMessage(pathsAsWritten(behaviour, violations)));
  const valid = result.kind === 'ok' || (result.kind === 'invalid' && violations.length === 0);
  const broken = valid ? ruleViolations(effective.rules ?? [], request).filter((v) => !behaviour.overlooks(request, v)) : [];
  if (broken.length > 0) throw validationError(behaviour, validationMessage(pathsAsWritten(behaviour, broken)));
  const unknown = behaviour.protocol.rejectUnknownMembers ? Object.keys(request).filter((k) => !Object.hasOwn(input.members ?? {}, k)) : [];
  if (unknown.length > 0) throw new ApiError(400, 'SerializationException', `Unknown member ${unknown[0]!}`);
  return input;
}

/** How the behaviour measures values: a fault may stop holding integers to 32 bits. */
function measuresOf(behaviour: MockBehaviour): Measures {
  return behaviour.protocol.unboundedIntegers ? { ...behaviour.measures, boundedIntegers: false } : behaviour.measures;
}

/** The violations as the behaviour names their members: a fault may write the last step only (`instanceType`). */
function pathsAsWritten(behaviour: MockBehaviour, violations: Violation[]): Violation[] {
  return behaviour.protocol.lastSegmentPaths ? violations.map((v) => ({ ...v, at: awsPathLeaf(v.at) })) : violations;
}

/** Every resource the request names must exist in the store (unless a fault accepts unknown references). */
function checkReferences(context: ValidationContext, input: MemberConstraints, request: Record<string, unknown>, region: string): void {
  if (!context.behaviour.rejectUnknownReferences) return;
  for (const ref of referencesIn(input, request)) {
    const target = context.service.resources[ref.resource];
    if (target && !context.store.get(ref.resource, ref.name)) {
      throw validationError(context.behaviour, `Could not find ${target.label} "${arnOf(region, target, ref.name)}".`);
    }
  }
}
