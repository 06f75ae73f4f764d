import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BehaviourFile, MemberConstraints, OperationSpec, ProtocolFile, ServiceSpec } from './types';
import { BadInputError } from '../errors';
import { CONTRACTS_DIR } from './contracts-dir';
import { deepFreeze } from './values';
import { MEMBER_KINDS } from './kinds/registry';
import { operationSchemaProblem } from './contract-schema';
import { editionDir } from './editions';

export { CONTRACTS_DIR };

/** Where operations/ and behaviours/ are read from when no folder is given: the default edition's. */
const DEFAULT_DIR = editionDir();

const MEMBER_TYPES = new Set(['string', 'integer', 'float', 'boolean', 'timestamp', 'blob', 'document', 'list', 'map', 'structure']);

export class ContractError extends BadInputError {
  constructor(file: string, where: string, problem: string) {
    super(`${file}: ${where}: ${problem}`);
    this.name = 'ContractError';
  }
}

/** Parsed contract files by path, size and modification time: a run, the mock and the self-test read them often. */
const parsed = new Map<string, { stamp: string; data: unknown }>();

/** A contract file's JSON, read once while the file is unchanged; frozen, since every reader shares it. */
function readJson(file: string): unknown {
  try {
    const { size, mtimeMs } = statSync(file);
    const stamp = `${size}:${mtimeMs}`;
    const hit = parsed.get(file);
    if (hit?.stamp === stamp) return hit.data;
    const data = deepFreeze(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    parsed.set(file, { stamp, data });
    return data;
  } catch (error) {
    throw new ContractError(file, '(file)', (error as Error).message);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireFields(file: string, where: string, value: unknown, fields: string[]): Record<string, unknown> {
  if (!isObject(value)) throw new ContractError(file, where, 'expected an object');
  for (const field of fields) {
    if (!(field in value)) throw new ContractError(file, where, `missing "${field}"`);
  }
  return value;
}

function checkClause(file: string, where: string, clause: unknown): void {
  const c = requireFields(file, where, clause, ['source', 'member', 'text']);
  if (typeof c.text !== 'string' || c.text.length === 0) throw new ContractError(file, where, 'clause text is empty');
}

function checkMember(file: string, where: string, value: unknown): void {
  const m = requireFields(file, where, value, ['type']);
  if (!MEMBER_TYPES.has(String(m.type))) throw new ContractError(file, where, `unknown type "${String(m.type)}"`);
  // Each kind's field, as its module reads it: the clause it cites, then what its schema cannot say.
  if (m.required !== undefined) checkClause(file, `${where}.required`, m.required);
  const fields = MEMBER_KINDS.flatMap((k) => (k.field && k.field.name !== 'required' ? [k.field] : []));
  for (const key of [...fields.map((f) => f.name), 'arnOf']) {
    if (m[key] !== undefined) checkClause(file, `${where}.${key}.clause`, (m[key] as Record<string, unknown>).clause);
  }
  for (const field of fields) {
    const problem = m[field.name] !== undefined ? field.problem?.(m[field.name]) : undefined;
    if (problem !== undefined) throw new ContractError(file, `${where}.${field.name}`, problem);
  }
  if (m.type === 'list') checkMember(file, `${where}[]`, m.item);
  if (m.type === 'map') {
    checkMember(file, `${where}.$key`, m.key);
    checkMember(file, `${where}.$value`, m.value);
  }
  if (m.type === 'structure' && m.members !== undefined) {
    if (!isObject(m.members)) throw new ContractError(file, `${where}.members`, 'expected an object');
    for (const [name, member] of Object.entries(m.members)) checkMember(file, `${where}.${name}`, member);
  }
}

export function loadService(dir = CONTRACTS_DIR): ServiceSpec {
  const file = join(dir, 'service.json');
  const data = requireFields(file, '(root)', readJson(file), ['service', 'targetPrefix', 'signingName', 'resources']);
  for (const [name, resource] of Object.entries(data.resources as Record<string, unknown>)) {
    requireFields(file, `resources.${name}`, resource, ['label', 'arnType', 'nameMember', 'arnMember', 'create', 'describe', 'delete', 'list']);
  }
  return data as unknown as ServiceSpec;
}

export function loadOperation(operation: string, dir = DEFAULT_DIR): OperationSpec {
  const file = join(dir, 'operations', `${operation}.json`);
  if (!existsSync(file)) throw new ContractError(file, '(file)', `no spec for operation ${operation}`);
  const json = readJson(file);
  if (checked.has(json as object)) return json as OperationSpec;
  const wrong = operationSchemaProblem(json);
  if (wrong) throw new ContractError(file, wrong.path, wrong.problem);
  const data = requireFields(file, '(root)', json, ['operation', 'spec', 'baseline', 'input', 'output', 'errors', 'typeErrors']);
  checkMember(file, 'input', data.input);
  checkMember(file, 'output', data.output);
  checkClause(file, 'typeErrors.clause', (data.typeErrors as Record<string, unknown>).clause);
  checked.add(json as object);
  return data as unknown as OperationSpec;
}

/** Parsed operation files already checked: the parse is cached and frozen, so one check holds for its life. */
const checked = new WeakSet<object>();

export function loadBehaviours(operation: string, dir = DEFAULT_DIR): BehaviourFile {
  const file = join(dir, 'behaviours', `${operation}.json`);
  if (!existsSync(file)) return { operation, cases: [] };
  const data = requireFields(file, '(root)', readJson(file), ['operation', 'cases']);
  const cases = data.cases as unknown[];
  cases.forEach((c, i) => {
    const bc = requireFields(file, `cases[${i}]`, c, ['id', 'member', 'title', 'clause', 'steps']);
    checkClause(file, `cases[${i}].clause`, bc.clause);
  });
  return data as unknown as BehaviourFile;
}

/**
 * The wire protocol's cases for an operation (`contracts/protocol/<Operation>.json`), shared by every edition; none
 * is fine. An edition's `observed/<Operation>.json` may widen what a case accepts where real accounts answer otherwise
 * than the documentation says (an unsigned request: 400 as well as 403), citing where that was seen.
 */
export function loadProtocol(operation: string, root = CONTRACTS_DIR, editionDir?: string): ProtocolFile | undefined {
  const file = join(root, 'protocol', `${operation}.json`);
  if (!existsSync(file)) return undefined;
  const data = requireFields(file, '(root)', readJson(file), ['operation', 'protocol', 'cases']);
  (data.cases as unknown[]).forEach((c, i) => {
    const pc = requireFields(file, `cases[${i}]`, c, ['id', 'title', 'clause', 'steps']);
    checkClause(file, `cases[${i}].clause`, pc.clause);
  });
  const shared = data as unknown as ProtocolFile;
  // How the wire behaves is the protocol's, not an edition's: every edition takes what real accounts were seen to
  // answer, from this edition's observed file and the model edition's (an edition chooses the constraints tested,
  // not how an unsigned request is refused). A file read twice counts once.
  const observedFiles = [
    ...new Set([editionDir, join(root, 'model')].filter((d): d is string => d !== undefined).map((d) => join(d, 'observed', `${operation}.json`))),
  ];
  const present = observedFiles.filter((f) => existsSync(f));
  if (present.length === 0) return shared;
  // The shared file is read once for every edition: this edition's view is a copy.
  const protocol = structuredClone(shared);
  for (const observedFile of present) {
    const observed =
      (readJson(observedFile) as { protocol?: Record<string, { alsoStatus?: number[]; source: { url: string; quote: string } }> }).protocol ?? {};
    for (const [id, seen] of Object.entries(observed)) {
      const target = protocol.cases.find((c) => c.id === id);
      if (!target) throw new ContractError(observedFile, `protocol.${id}`, 'names a wire case that contracts/protocol does not have');
      for (const step of target.steps) {
        if ('raw' in step && step.expect.outcome === 'reject' && seen.alsoStatus)
          step.expect.alsoStatus = [...new Set([...(step.expect.alsoStatus ?? []), ...seen.alsoStatus])];
      }
      const note = ` Seen on real accounts: "${seen.source.quote}" (${seen.source.url}).`;
      if (!target.clause.text.includes(note)) target.clause = { ...target.clause, text: `${target.clause.text}${note}` };
    }
  }
  return protocol;
}

/** Operations that have a spec file: the ones the suite can test. */
export function listOperations(dir = DEFAULT_DIR): string[] {
  return readdirSync(join(dir, 'operations'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Every operation that has a spec, by name. */
export function loadOperations(dir = DEFAULT_DIR): Map<string, OperationSpec> {
  return new Map(listOperations(dir).map((op) => [op, loadOperation(op, dir)]));
}

/** Members of a structure spec, or an empty record. */
export function membersOf(spec: MemberConstraints): Record<string, MemberConstraints> {
  return spec.members ?? {};
}
