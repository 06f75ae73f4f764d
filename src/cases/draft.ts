import type { Clause, MemberNaming, OperationSpec, StepExpectation } from '../spec/types';
import type { CaseFacts, CaseCategory, CaseStep } from './types';
import { baselineFor, idOf, setAt, type PathStep, type Value } from '../spec/member-path';
import type { TemplateVars } from '../spec/values';

/** A case before it has names: made once per spec, filled per run. */
export interface Draft {
  id: string;
  title: string;
  kind: CaseCategory;
  clause: Clause;
  group: string;
  facts: CaseFacts;
  build: (vars: TemplateVars) => CaseStep[];
}

export const accept: StepExpectation = { outcome: 'accept' };

export function reject(errorCodes = ['ValidationException'], messageIncludes?: string[], member?: MemberNaming): StepExpectation {
  return { outcome: 'reject', status: 400, errorCodes, ...(messageIncludes ? { messageIncludes } : {}), ...(member ? { member } : {}) };
}

/** The baseline request (with the case's context) and one member set (or left out), made from the members' examples. */
export function requestWith(op: OperationSpec, path: readonly PathStep[], value: Value, vars: TemplateVars): Record<string, unknown> {
  const request = baselineFor(op, idOf(path), vars);
  setAt(request, path, value, vars);
  return request;
}

export function singleStep(op: OperationSpec, path: readonly PathStep[], value: (vars: TemplateVars) => Value, expect: StepExpectation) {
  return (vars: TemplateVars): CaseStep[] => [{ operation: op.operation, request: requestWith(op, path, value(vars), vars), expect }];
}
