import { jsonPathKeys, jsonPathStep } from '../spec/member-path';
import { memberPathsIn } from '../spec/wording';

export { memberPathsIn };
import Ajv, { type ValidateFunction } from 'ajv';
import type { Exchange } from '../client/exchange';
import type { CaseStep } from '../cases/types';
import { errorBodySchema, toJsonSchema, type JsonSchema } from '../spec/schema';
import type { MemberNaming, OperationSpec, ServiceSpec } from '../spec/types';
import { errorCodeOf, errorMessageOf, isJsonContentType, parseBody, snippet } from '../client/parse';
import type { ActualResponse, Check, StepVerdict } from '../report/verdict';
import { cappedText, cappedValue, STORED_MESSAGE } from '../io/capped';

/** What the judge knows besides the exchange: the specs, the run's region, and the earlier steps of the case. */
export interface JudgeContext {
  service: ServiceSpec;
  operations: ReadonlyMap<string, OperationSpec>;
  region: string;
}

export interface PriorStep {
  request: Record<string, unknown>;
  body?: Record<string, unknown>;
}

/** One way a body broke its schema: where (a JSON Pointer, `''` for the body itself), which keyword, and ajv's words. */
export interface SchemaProblem {
  path: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

// One ajv instance for the process; each schema object is compiled once (outputSchema hands out one object per spec).
// The schemas come from our own spec loader, so ajv need not check them against the draft-07 meta-schema: compiling
// that meta-schema alone took about 0.1 s of CPU, a third of a mock run's own cost.
const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

function schemaCheck(name: string, body: unknown, schema: JsonSchema): Check {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(body)) return { name, pass: true };
  const problems: SchemaProblem[] = (validate.errors ?? []).map((e) => ({
    path: e.instancePath,
    keyword: e.keyword,
    message: e.message ?? e.keyword,
    params: e.params as Record<string, unknown>,
  }));
  return { name, pass: false, expected: 'body matches the schema', actual: problems };
}

function check(name: string, pass: boolean, expected: unknown, actual: unknown): Check {
  // What the target answered is kept as a report keeps target text: its start and its size.
  return pass ? { name, pass } : { name, pass, expected, actual: cappedValue(actual) };
}

// Keyed by the output spec's content, not the object: every session loads its own copy of the spec, and the
// ajv instance keeps every schema it compiled for the life of the process.
const schemaCache = new Map<string, JsonSchema>();
function outputSchema(op: OperationSpec): JsonSchema {
  const key = `${op.operation}\n${JSON.stringify(op.output)}`;
  let schema = schemaCache.get(key);
  if (!schema) {
    schema = toJsonSchema(op.output);
    schemaCache.set(key, schema);
  }
  return schema;
}

/** Is `actual` a deep superset of `expected`? Returns the first path that differs. */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return path || '(root)';
    for (let i = 0; i < expected.length; i++) {
      const diff = firstDifference(expected[i], actual[i], jsonPathStep(path, i));
      if (diff) return diff;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return path || '(root)';
    for (const [k, v] of Object.entries(expected)) {
      const diff = firstDifference(v, (actual as Record<string, unknown>)[k], jsonPathStep(path, k));
      if (diff) return diff;
    }
    return undefined;
  }
  return expected === actual ? undefined : path || '(root)';
}

function valueAt(value: unknown, path: string): unknown {
  return jsonPathKeys(path).reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

function arnChecks(ctx: JudgeContext, op: OperationSpec, request: Record<string, unknown>, body: Record<string, unknown>): Check[] {
  const checks: Check[] = [];
  for (const [member, spec] of Object.entries(op.output.members ?? {})) {
    if (!spec.arnOf) continue;
    const resource = ctx.service.resources[spec.arnOf.resource];
    if (!resource) continue;
    const arn = body[member];
    if (typeof arn !== 'string') continue; // the schema check reports a missing or mistyped ARN
    const match = new RegExp(ctx.service.arnPattern).exec(arn);
    checks.push(check(`${member}.format`, match !== null, 'arn:<partition>:sagemaker:<region>:<12-digit account>:<type>/<name>', arn));
    if (!match) continue;
    const [, , region, , type, name] = match;
    checks.push(check(`${member}.region`, region === ctx.region, ctx.region, region));
    checks.push(check(`${member}.resource-type`, type === resource.arnType, resource.arnType, type));
    const sentName = request[resource.nameMember];
    if (typeof sentName === 'string') {
      checks.push(check(`${member}.name`, name === sentName.toLowerCase(), sentName.toLowerCase(), name));
    }
  }
  return checks;
}

/** Does the rejection name the member at fault, or does its message name another (a rejection for another reason)? */
function memberCheck(naming: MemberNaming, message: string | undefined): Check {
  const named = memberPathsIn(message);
  const wanted = naming.paths.map((p) => p.toLowerCase());
  const expected = `a message naming ${naming.paths.join(' or ')}`;
  if (named.length === 0) {
    if (naming.whenUnnamed === 'pass') return { name: 'error.member', pass: true };
    return { name: 'error.member', pass: false, expected, actual: `names no member (a rejection for another reason?): ${message ?? '(no message)'}` };
  }
  if (named.some((p) => wanted.includes(p.toLowerCase()))) return { name: 'error.member', pass: true };
  return { name: 'error.member', pass: false, expected, actual: `names ${named.join(', ')}, not the member at fault: ${message ?? ''}` };
}

function actualOf(exchange: Exchange, body: Record<string, unknown> | undefined, bodyProblem?: string): ActualResponse {
  const r = exchange.response;
  const actual: ActualResponse = { operation: exchange.operation, attempts: exchange.attempts };
  if (exchange.transportError) actual.transportError = exchange.transportError;
  if (!r) return actual;
  actual.status = r.status;
  // Every text the target sent is stored capped (io/capped): the reports stay bounded whatever it sends.
  if (r.headers['x-amzn-requestid']) actual.requestId = cappedText(r.headers['x-amzn-requestid'], 256);
  if (r.headers['content-type']) actual.contentType = cappedText(r.headers['content-type'], 256);
  const code = errorCodeOf(r, body);
  if (code && r.status >= 300) actual.errorCode = cappedText(code, 256);
  const message = errorMessageOf(body);
  if (message !== undefined && r.status >= 300) actual.message = cappedText(message, STORED_MESSAGE);
  actual.body = body ? cappedValue(body) : bodyProblem ? snippet(r.body) : undefined;
  return actual;
}

/**
 * Judges one step: `pass` or `mismatch` when the target answered in the protocol, `error` when it did not
 * (no response, a 5xx, a body that is not a JSON object).
 */
export function judgeStep(ctx: JudgeContext, step: CaseStep, exchange: Exchange, prior: PriorStep[]): StepVerdict {
  const r = exchange.response;
  if (!r) {
    return { kind: 'error', reason: exchange.transportError ?? 'no response', checks: [], actual: actualOf(exchange, undefined) };
  }
  if (r.truncated) {
    const { bytes, limit, abandoned } = r.truncated;
    const size = `${abandoned ? 'more than ' : ''}${bytes} bytes`;
    const actual = { ...actualOf(exchange, undefined, 'too long'), bodyBytes: bytes };
    return {
      kind: 'error',
      reason: `HTTP ${r.status} with a body of ${size}, past --max-body ${limit}: ${snippet(r.body)}`,
      checks: [],
      actual,
    };
  }
  const parsed = parseBody(r.body);
  const body = parsed.kind === 'object' ? parsed.value : undefined;
  const actual = actualOf(exchange, body, parsed.kind === 'invalid' ? parsed.reason : undefined);
  if (r.status >= 500) {
    const code = actual.errorCode ? ` ${actual.errorCode}` : '';
    return { kind: 'error', reason: `target answered HTTP ${r.status}${code}: ${snippet(r.body)}`, checks: [], actual };
  }
  if (parsed.kind === 'invalid') {
    return { kind: 'error', reason: `HTTP ${r.status} with an unusable body: ${parsed.reason}`, checks: [], actual };
  }
  if (parsed.cut) return { kind: 'error', reason: `HTTP ${r.status} with an unusable body: ${parsed.cut}`, checks: [], actual };
  const checks: Check[] = [
    check('protocol.request-id', Boolean(r.headers['x-amzn-requestid']), 'an x-amzn-RequestId header', r.headers['x-amzn-requestid'] ?? '(missing)'),
    check('protocol.content-type', isJsonContentType(r.headers['content-type']), 'a JSON content type', r.headers['content-type'] ?? '(missing)'),
  ];
  const expect = step.expect;
  if (expect.outcome === 'accept') {
    checks.push(check('status', r.status === 200, 200, actual.errorCode ? `${r.status} ${actual.errorCode}: ${actual.message ?? ''}` : r.status));
    if (r.status === 200) {
      const op = ctx.operations.get(step.operation);
      if (op) {
        checks.push(schemaCheck('response.schema', body, outputSchema(op)));
        checks.push(...arnChecks(ctx, op, step.request, body!));
      }
      if (expect.contains) {
        const source = prior[expect.contains.$request]?.request ?? {};
        const wanted = Object.fromEntries(Object.entries(source).filter(([k]) => !(expect.contains!.omit ?? []).includes(k)));
        const diff = firstDifference(wanted, body);
        checks.push(check('round-trip', diff === undefined, wanted, diff === undefined ? undefined : { differsAt: diff, value: valueAt(body, diff) }));
      }
      if (expect.includes) {
        const diff = firstDifference(expect.includes, body);
        checks.push(check('includes', diff === undefined, expect.includes, diff === undefined ? undefined : { differsAt: diff, value: valueAt(body, diff) }));
      }
      for (const [member, ref] of Object.entries(expect.sameAs ?? {})) {
        const want = prior[ref.$response]?.body?.[ref.member];
        checks.push(check(`same.${member}`, body![member] === want, want, body![member]));
      }
    }
  } else {
    const statuses = [expect.status, ...(expect.alsoStatus ?? [])];
    checks.push(check('status', statuses.includes(r.status), statuses.join(' or '), r.status));
    checks.push(
      check(
        'error.code',
        actual.errorCode !== undefined && expect.errorCodes.includes(actual.errorCode),
        expect.errorCodes.join(' or '),
        actual.errorCode ?? '(none)',
      ),
    );
    if (r.status >= 400) checks.push(schemaCheck('error.body', body, errorBodySchema));
    // Judged on the whole message (bounded by --max-body; the patterns below are linear): AWS echoes the value
    // first, so a member path can come after a value longer than the part of the message a report keeps.
    const message = r.status >= 300 ? errorMessageOf(body) : undefined;
    // The protocol makes the message optional: a rejection without one is not held to the fragments a message would carry.
    for (const part of message === undefined ? [] : (expect.messageIncludes ?? [])) {
      // Case-insensitive: a stable fragment of a business rule's message ("Could not find model"), never its whole text.
      const found = (message ?? '').toLowerCase().includes(part.toLowerCase());
      checks.push(check('error.message', found, `a message including "${part}"`, message ?? '(none)'));
    }
    const naming = expect.member;
    // An accepted answer has no message to judge: the status check already says what is wrong.
    if (naming && r.status >= 300 && (!naming.forCodes || (actual.errorCode !== undefined && naming.forCodes.includes(actual.errorCode))))
      checks.push(memberCheck(naming, message));
  }
  return { kind: checks.every((c) => c.pass) ? 'pass' : 'mismatch', checks, actual };
}
