import type { CaseResult, Failure } from './results';

/**
 * What went wrong in a case's deciding step, as an emulator's maintainer would fix it: the shape of the answer, read
 * from the judge's failures (their check names and the answer's status), never from the case's id or words.
 */
export type AnswerShape =
  | 'accepted'
  | 'rejected'
  | 'other-code'
  | 'other-member'
  | 'message'
  | 'error-body'
  | 'server-error'
  | 'unusable'
  | 'no-answer'
  | 'output-shape'
  | 'output-values'
  | 'listing'
  | 'protocol-headers'
  | 'other';

/** Each shape in words, for a group's title. */
export const SHAPE_WORDS: Record<AnswerShape, string> = {
  accepted: 'accepted where it should reject',
  rejected: 'rejected a valid request',
  'other-code': 'rejected with another status or error code',
  'other-member': 'rejected, but the message names another member (or none)',
  message: 'rejected, but the message lacks the words the spec gives',
  'error-body': "error body breaks the protocol's shape",
  'server-error': 'HTTP 5xx',
  unusable: 'an answer that is not JSON (or too long to judge)',
  'no-answer': 'no answer (connection, timeout or throttling)',
  'output-shape': "output breaks the operation's schema",
  'output-values': 'output values differ from what was sent',
  listing: 'listing wrong (order, filter, pages)',
  'protocol-headers': 'response headers missing (request id, content type)',
  other: 'other',
};

/** Each kind of case in words: what the group's requests break or exercise. */
const KIND_WORDS: Record<string, string> = {
  baseline: 'valid requests',
  required: 'required members',
  length: 'length limits',
  count: 'item-count limits',
  range: 'numeric ranges',
  pattern: 'patterns',
  enum: 'enum values',
  reference: 'references to missing resources',
  type: 'wrong JSON types',
  rule: 'documented rules',
  protocol: 'wire-protocol checks',
  behaviour: 'behaviours',
};

/** Failed, errored and expected-failure cases with one cause: same operation, kind of case and shape of answer. */
export interface DeviationGroup {
  /** Stable across runs of the same table: `CreateEndpointConfig.pattern.accepted`. */
  id: string;
  title: string;
  operation: string;
  kind: string;
  shape: AnswerShape;
  count: number;
  /** The members the group's cases are about, in table order (protocol and behaviour cases name none). */
  members: string[];
  /** Its cases' ids, in table order. */
  cases: string[];
  /** The first of its cases in table order: the one its repro replays. */
  representative: string;
  /** True when every case of the group is listed in the expectations file (a known deviation). */
  covered: boolean;
}

const STATUS_FAMILY = /^status$/;
const LISTING = /^(listed|page|pages)\./;
const OUTPUT_VALUES = /^(round-trip|includes|same\.|[A-Za-z]+\.(name|region|format|resource-type)$)/;

/** The shape of a case's answer, from its failures; undefined for a case that did not fail or error. */
export function answerShape(c: Pick<CaseResult, 'failures' | 'expected' | 'actual'>): AnswerShape | undefined {
  const error = c.failures.find((f): f is Extract<Failure, { kind: 'error' }> => f.kind === 'error');
  if (error) {
    const a = c.actual;
    if (!a || a.status === undefined) return 'no-answer';
    if (a.status >= 500) return 'server-error';
    if (/^internal error:/.test(error.reason)) return 'other';
    if (/^still throttled/.test(error.reason)) return 'no-answer';
    return 'unusable';
  }
  const checks = c.failures.filter((f) => f.kind === 'mismatch').map((f) => f.check);
  if (checks.length === 0) return undefined;
  const has = (test: RegExp | string) => checks.some((name) => (typeof test === 'string' ? name === test : test.test(name)));
  const status = c.actual?.status;
  if (c.expected.outcome === 'reject') {
    if (has(STATUS_FAMILY) && status !== undefined && status < 300) return 'accepted';
    if (has(STATUS_FAMILY) || has('error.code')) return 'other-code';
    if (has('error.member')) return 'other-member';
    if (has('error.message')) return 'message';
    if (has('error.body')) return 'error-body';
  } else if (has(STATUS_FAMILY)) return 'rejected';
  if (has(LISTING)) return 'listing';
  if (has('response.schema')) return 'output-shape';
  if (has(OUTPUT_VALUES)) return 'output-values';
  if (has(/^protocol\./)) return 'protocol-headers';
  return 'other';
}

/** A group's title in words: `CreateEndpointConfig, patterns: accepted where it should reject`. */
export function groupTitle(operation: string, kind: string, shape: AnswerShape): string {
  return `${operation}, ${KIND_WORDS[kind] ?? kind}: ${SHAPE_WORDS[shape]}`;
}

/**
 * The run's failures and errors (expected failures too: the expectations file may cover a whole group) grouped by
 * cause, largest first (ties by id, so the order is stable). `fallback` is the operation of cases that name none.
 *
 * @example
 * deviationGroups(report.cases, report.suite.spec.name)[0]
 * // { id: 'CreateEndpointConfig.type.accepted', count: 102, representative: 'EndpointConfigName.type.number', ... }
 */
export function deviationGroups(cases: readonly CaseResult[], fallback: string): DeviationGroup[] {
  const groups = new Map<string, DeviationGroup>();
  for (const c of cases) {
    if (c.status !== 'failed' && c.status !== 'errored' && c.status !== 'expected-failure') continue;
    const shape = answerShape(c);
    if (!shape) continue;
    const operation = c.operation ?? fallback; // a report written before tables of several operations names none
    const id = `${operation}.${c.kind}.${shape}`;
    let group = groups.get(id);
    if (!group) {
      group = {
        id,
        title: groupTitle(operation, c.kind, shape),
        operation,
        kind: c.kind,
        shape,
        count: 0,
        members: [],
        cases: [],
        representative: c.id,
        covered: true,
      };
      groups.set(id, group);
    }
    group.count++;
    group.cases.push(c.id);
    if (c.facts.member && !group.members.includes(c.facts.member)) group.members.push(c.facts.member);
    if (c.status !== 'expected-failure') group.covered = false;
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `EndpointConfigName, ProductionVariants[].VariantName and 12 more`: a group's members in one short phrase. */
export function membersPhrase(members: readonly string[], shown = 4): string {
  if (members.length === 0) return '(no member: protocol or behaviour cases)';
  const head = members.slice(0, shown).join(', ');
  return members.length > shown ? `${head} and ${members.length - shown} more` : head;
}
