import type { OperationSpec, ProtocolCaseSpec, ProtocolFile, ProtocolRawSpec, ServiceSpec, StepExpectation } from '../spec/types';
import type { CaseStep, RawRequest } from './types';
import type { Draft } from './draft';
import { baselineFor, setAt, stepsOf } from '../spec/member-path';
import { clone, expand, expandString, type TemplateVars } from '../spec/values';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `$json` body: the baseline with `$set` (top-level members) and `$setAt` (member paths) applied, or any JSON value. */
function jsonBody(op: OperationSpec, id: string, template: unknown, vars: TemplateVars): unknown {
  if (!isObject(template) || template.$baseline !== true) return expand(clone(template), vars);
  const request = baselineFor(op, id, vars);
  Object.assign(request, expand(clone((template.$set as Record<string, unknown> | undefined) ?? {}), vars));
  for (const [path, value] of Object.entries((template.$setAt as Record<string, unknown> | undefined) ?? {})) {
    setAt(request, stepsOf(op, path), expand(clone(value), vars), vars);
  }
  return request;
}

function rawRequest(
  op: OperationSpec,
  service: ServiceSpec,
  id: string,
  spec: ProtocolRawSpec,
  vars: TemplateVars,
): { raw: RawRequest; request: Record<string, unknown> } {
  const names = {
    '{service}': service.targetPrefix,
    '{operation}': op.operation,
    '{serviceLower}': service.targetPrefix.toLowerCase(),
    '{operationLower}': op.operation.toLowerCase(),
  };
  const target = spec.target === undefined ? `${service.targetPrefix}.${op.operation}` : spec.target;
  const json = '$json' in spec.body ? jsonBody(op, id, spec.body.$json, vars) : undefined;
  return {
    raw: {
      target: target === null ? null : target.replace(/\{(service|operation|serviceLower|operationLower)\}/g, (m) => names[m as keyof typeof names]),
      contentType: spec.contentType === undefined ? service.contentType : spec.contentType,
      body: '$json' in spec.body ? JSON.stringify(json) : expandString(spec.body.$text, vars),
      signing: spec.signing ?? 'valid',
    },
    request: isObject(json) ? json : {},
  };
}

/** Reads the case's name (or the given one) back and expects the target not to have it. */
function nothingCreated(op: OperationSpec, service: ServiceSpec, name: string): CaseStep {
  const resource = op.creates ? service.resources[op.creates] : undefined;
  if (!resource) throw new Error(`${op.operation}: a protocol case checks that nothing was created, but the spec names no resource the operation creates`);
  const expect: StepExpectation = { outcome: 'reject', status: 400, errorCodes: ['ValidationException'], messageIncludes: ['Could not find'] };
  return { operation: resource.describe, request: { [resource.nameMember]: name }, expect };
}

/** The wire protocol's cases: raw requests exactly as the data writes them, each citing the protocol's documentation. */
export function protocolDrafts(op: OperationSpec, protocol: ProtocolFile, service: ServiceSpec): Draft[] {
  return protocol.cases.map((c: ProtocolCaseSpec) => ({
    id: c.id,
    title: c.title,
    kind: 'protocol' as const,
    clause: c.clause,
    group: 'protocol',
    facts: {},
    build: (vars: TemplateVars): CaseStep[] =>
      c.steps.map((step) => {
        if ('$nothingCreated' in step) return nothingCreated(op, service, step.$nothingCreated === true ? vars.name : step.$nothingCreated);
        const { raw, request } = rawRequest(op, service, c.id, step.raw, vars);
        return { operation: op.operation, request, expect: step.expect, raw };
      }),
  }));
}
