import { MatchersV3 } from '@pact-foundation/pact';
import type { ConformanceCase } from '../cases/types';
import { loadEdition } from '../spec/editions';
import { planRun, type RunPlan } from '../engine/session';
import type { MemberConstraints, StepExpectation } from '../spec/types';
import { stateText, type ProviderState } from './states';
import { BadInputError } from '../errors';
import { escapeRegExp } from '../engine/listing';

/**
 * The run id of every contract: fixed, so the names in a pact file (and the file itself) are the same on every
 * machine and every run, and a broker sees a changed contract only when the spec changed.
 */
export const PACT_RUN_ID = 'pact01';

/** Contract region: the example value of ARNs; matchers accept any region. */
export const PACT_REGION = 'us-east-1';

/**
 * The cases that become interactions, by id from the generated table (the default edition's `pactCases`): the valid
 * request, each named boundary, a duplicate name and an unknown reference. Requests and expectations come from the
 * cases themselves.
 */
export const CONTRACT_CASE_IDS: readonly string[] = loadEdition().pactCases;

export interface PactParticipants {
  consumer: string;
  provider: string;
}

/** Consumer and provider names: flags, then SAGEMAKER_CONFORMANCE_PACT_CONSUMER / _PROVIDER, then the defaults. */
export function participants(flags: Partial<PactParticipants> = {}, env: NodeJS.ProcessEnv = process.env): PactParticipants {
  return {
    consumer: flags.consumer || env.SAGEMAKER_CONFORMANCE_PACT_CONSUMER || 'sagemaker-conformance',
    provider: flags.provider || env.SAGEMAKER_CONFORMANCE_PACT_PROVIDER || 'sagemaker',
  };
}

/** One interaction of the contract, as data: what the consumer sends, what it may rely on, and the states it needs. */
export interface ContractInteraction {
  caseId: string;
  /** What the case is about, from the case table: written into the pact as the interaction's `case` comment. */
  facts: { operation: string; kind: string } & ConformanceCase['facts'];
  description: string;
  states: ProviderState[];
  operation: string;
  /** The exact body the consumer sends (the case's step request). */
  request: Record<string, unknown>;
  /** The same body with matchers where the consumer's values may vary. */
  requestTemplate: Record<string, unknown>;
  /** Headers of the request in the contract (matchers included). */
  requestHeaders: Record<string, unknown>;
  expect: StepExpectation;
  status: number;
  responseHeaders: Record<string, unknown>;
  responseBody: Record<string, unknown>;
}

export class PactContractError extends BadInputError {
  override name = 'PactContractError';
}

function anchored(pattern: string): string {
  return `${pattern.startsWith('^') ? '' : '^'}${pattern}${pattern.endsWith('$') ? '' : '$'}`;
}

/** Content types a consumer may send and a provider may answer: the protocol's own, and `application/json`. */
function contentTypeMatcher(contentType: string) {
  return MatchersV3.regex(`^(${escapeRegExp(contentType)}|application/json)(;.*)?$`, contentType);
}

/** Request ids vary per call and per implementation (a UUID on AWS, 52 letters and digits on moto). */
const REQUEST_ID = MatchersV3.regex('^[A-Za-z0-9-]+$', '8d1a5b6e-1f0c-4c1e-9a3b-2f5d7c9e0a11');

function responseFor(
  plan: RunPlan,
  step: { operation: string; request: Record<string, unknown>; expect: StepExpectation },
): { status: number; body: Record<string, unknown> } {
  const { service } = plan;
  const { request, expect } = step;
  if (expect.outcome === 'reject') {
    const codes = expect.errorCodes.map(escapeRegExp).join('|');
    // The error code as the protocol allows it: bare, with a `namespace#` prefix, or with a `:uri` suffix.
    return { status: expect.status, body: { __type: MatchersV3.regex(`^([A-Za-z0-9.]+#)?(${codes})(:.*)?$`, expect.errorCodes[0]!) } };
  }
  // What the consumer relies on: the required members of the step's own operation's output (a Delete's is empty).
  const operation = plan.operations.get(step.operation) ?? plan.operation;
  return { status: 200, body: requiredShape(operation.output) };

  function requiredShape(spec: MemberConstraints): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const [member, child] of Object.entries(spec.members ?? {})) if (child.required) body[member] = matcherFor(child);
    return body;
  }
  function matcherFor(spec: MemberConstraints): unknown {
    if (spec.arnOf) return arnMatcher(spec);
    if (spec.type === 'structure') return requiredShape(spec);
    // A listing the case made items for: at least one item of the item's shape.
    if (spec.type === 'list' && spec.item) return MatchersV3.eachLike(matcherFor(spec.item));
    if (spec.type === 'timestamp') return MatchersV3.number(1767225600);
    return MatchersV3.like(spec.example ?? (spec.type === 'integer' || spec.type === 'float' ? 1 : ''));
  }
  function arnMatcher(spec: MemberConstraints) {
    const resource = plan.service.resources[spec.arnOf!.resource]!;
    const named = request[resource.nameMember];
    // Region and account vary by deployment; partition, service, resource type and the (lower-case) name do not.
    // A listing's items name configurations the request did not name one by one: any name of the resource's pattern.
    const name = typeof named === 'string' ? escapeRegExp(named.toLowerCase()) : '[a-z0-9-]+';
    const example = typeof named === 'string' ? named.toLowerCase() : `${PACT_RUN_ID}-example`;
    const pattern = `^arn:(aws|aws-cn|aws-us-gov):${escapeRegExp(service.signingName)}:[a-z0-9-]+:[0-9]{12}:${escapeRegExp(resource.arnType)}/${name}$`;
    return MatchersV3.regex(pattern, `arn:aws:${service.signingName}:${PACT_REGION}:123456789012:${resource.arnType}/${example}`);
  }
}

/** Provider states a case needs: each resource the operation requires (unless the case is about it missing), and every earlier create step. */
function statesFor(plan: RunPlan, c: ConformanceCase): ProviderState[] {
  const states: ProviderState[] = [];
  for (const type of plan.requires) {
    if (c.kind === 'reference') continue; // the case is about a reference to a resource that does not exist
    states.push(stateText(type, plan.ctx.modelName));
  }
  for (const step of c.steps.slice(0, -1)) {
    const created = Object.entries(plan.service.resources).find(([, r]) => r.create === step.operation);
    const name = created ? step.request[created[1].nameMember] : undefined;
    if (!created || step.expect.outcome !== 'accept' || typeof name !== 'string') {
      throw new PactContractError(`case ${c.id}: step ${step.operation} cannot be expressed as a provider state (only accepted creates can)`);
    }
    states.push(stateText(created[0], name));
  }
  return states;
}

/** The request body with a matcher on the created resource's name, unless the case is about that name. */
function requestTemplate(plan: RunPlan, c: ConformanceCase, request: Record<string, unknown>): Record<string, unknown> {
  const resource = plan.operation.creates ? plan.service.resources[plan.operation.creates] : undefined;
  const member = resource ? plan.operation.input.members?.[resource.nameMember] : undefined;
  const value = resource ? request[resource.nameMember] : undefined;
  if (!resource || !member?.pattern || typeof value !== 'string' || c.group === resource.nameMember) return request;
  return { ...request, [resource.nameMember]: MatchersV3.regex(anchored(member.pattern.regex), value) };
}

/** Turns one case of the table into a contract interaction: its last step is the request, earlier steps become states. */
export function interactionFor(plan: RunPlan, c: ConformanceCase): ContractInteraction {
  const step = c.steps[c.steps.length - 1]!;
  const { status, body } = responseFor(plan, step);
  return {
    caseId: c.id,
    facts: { operation: c.operation, kind: c.kind, ...c.facts },
    description: `${c.id}: ${c.title}`,
    states: statesFor(plan, c),
    operation: step.operation,
    request: step.request,
    requestTemplate: requestTemplate(plan, c, step.request),
    requestHeaders: { 'Content-Type': contentTypeMatcher(plan.service.contentType), 'X-Amz-Target': `${plan.service.targetPrefix}.${step.operation}` },
    expect: step.expect,
    status,
    responseHeaders: { 'Content-Type': contentTypeMatcher(plan.service.contentType), 'x-amzn-RequestId': REQUEST_ID },
    responseBody: body,
  };
}

/** The plan every contract is written from: the generated table with the fixed run id and region. */
export function contractPlan(): RunPlan {
  return planRun({ runId: PACT_RUN_ID, region: PACT_REGION });
}

/**
 * The contract's interactions, picked from the case table by id.
 *
 * @example
 * for (const i of contractInteractions()) console.log(i.description, i.states.map((s) => s.name));
 */
export function contractInteractions(plan: RunPlan = contractPlan(), ids: readonly string[] = CONTRACT_CASE_IDS): ContractInteraction[] {
  return ids.map((id) => {
    const c = plan.cases.find((x) => x.id === id);
    if (!c) throw new PactContractError(`the case table has no case ${id}: update pactCases in the edition's edition.json`);
    return interactionFor(plan, c);
  });
}
