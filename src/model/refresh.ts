import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { generateCases, suppressedCases } from '../cases/generate';
import type { ConformanceCase } from '../cases/types';
import type { MemberConstraints, OperationSpec, Provenance } from '../spec/types';
import { inconsistentCases } from './consistency';
import { loadService } from '../spec/load';
import { importOperation, SAMPLE_VARS, type Decision } from './import';
import { readObserved, readOverlay } from './overlay';
import { stepsOf } from '../spec/member-path';
import { ModelError, readModelBytes, readModelJson, readSmithyModel } from './smithy';
import type { ModelConstraint } from './walk';

/** The repository root: paths in provenance are relative to it, never outside it. */
export const REPOSITORY_ROOT = resolve(__dirname, '../..');

export interface Uncovered {
  path: string;
  kind: string;
  source: string;
  reason: string;
}

export interface Imported {
  spec: OperationSpec;
  constraints: ModelConstraint[];
  uncovered: Uncovered[];
  cases: ConformanceCase[];
}

/** Stops an import whose overlay the model no longer fits: one line per item, naming it and the overlay file. */
export class DecisionsNeeded extends ModelError {
  constructor(
    readonly decisions: readonly Decision[],
    overlayFile: string,
  ) {
    super(
      [
        `import-model stopped: ${decisions.length} item(s) need a person's decision; nothing was written`,
        ...decisions.map((d) => `  ${d.item} (${overlayFile}): ${d.what}`),
      ].join('\n'),
    );
  }
}

export interface RefreshOptions {
  model: string;
  operation: string;
  overlay?: string;
  /** What real accounts do beyond the model (none is fine). */
  observed?: string;
  /** Upstream origin of the model file (default: PROVENANCE.json beside it). */
  provenance?: string;
  edition?: string;
}

function provenanceOf(modelFile: string, provenanceFile: string | undefined): Provenance {
  const file = provenanceFile ?? join(dirname(modelFile), 'PROVENANCE.json');
  if (!existsSync(file)) throw new ModelError(`${file}: no provenance for the model (repository, path, commit, date, licence); give --provenance FILE`);
  const data = readModelJson(file) as Partial<Provenance>;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ModelError(`${file}: provenance must be a JSON object`);
  for (const field of ['repository', 'path', 'commit', 'date', 'licence'] as const) {
    if (typeof data[field] !== 'string') throw new ModelError(`${file}: provenance needs "${field}"`);
  }
  const inRepo = relative(REPOSITORY_ROOT, resolve(modelFile));
  return {
    file: inRepo.startsWith('..') ? modelFile.split(/[\\/]/).pop()! : inRepo.split('\\').join('/'),
    sha256: createHash('sha256').update(readModelBytes(modelFile)).digest('hex'),
    repository: data.repository!,
    path: data.path!,
    commit: data.commit!,
    date: data.date!,
    licence: data.licence!,
  };
}

/** Whether a case checks a constraint: it is about the constraint's member, and of its kind. */
export function coversConstraint(c: { kind: string; facts: { member?: string } }, constraint: Pick<ModelConstraint, 'path' | 'kind'>): boolean {
  return c.kind === constraint.kind && c.facts.member === constraint.path;
}

/** The member spec at a case-id path, or undefined. */
function memberAt(spec: OperationSpec, path: string): MemberConstraints | undefined {
  try {
    return stepsOf(spec, path).at(-1)?.spec;
  } catch {
    return undefined;
  }
}

function uncoveredOf(
  imported: { constraints: ModelConstraint[]; missingExamples: string[]; unreachable: Uncovered[] },
  spec: OperationSpec,
  cases: ConformanceCase[],
): Uncovered[] {
  // A bound no case can reach is listed whether or not the constraint's other bound has cases.
  const out: Uncovered[] = [...imported.unreachable];
  // In the order the spec lists them, as its reasons are read.
  const order = Object.keys(spec.suppress ?? {});
  const left = suppressedCases(spec, { operation: spec.operation, cases: [] }, SAMPLE_CONTEXT).sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  for (const c of imported.constraints) {
    if (cases.some((x) => coversConstraint(x, c)) || imported.unreachable.some((u) => u.path === c.path && u.kind === c.kind)) continue;
    const untestable = c.kind === 'pattern' ? memberAt(spec, c.path)?.pattern?.untestable : undefined;
    const suppressed = left.filter((x) => coversConstraint(x, c)).map((x) => `${x.id}: ${x.reason}`);
    const reason =
      untestable ??
      (suppressed.length > 0
        ? `every case of it is left out: ${suppressed.join('; ')}`
        : imported.missingExamples.includes(c.path)
          ? `no example value for ${c.path}: give one in the overlay`
          : c.kind === 'pattern'
            ? 'no value that breaks the pattern: give "invalid" samples (or "untestable" with the reason) in the overlay'
            : 'the generator makes no case for it');
    out.push({ path: c.path, kind: c.kind, source: c.source, reason });
  }
  return out;
}

const SAMPLE_CONTEXT = { runId: 'k3x9q2', prefix: 'sc-', region: SAMPLE_VARS.region, modelName: SAMPLE_VARS.model };

/** The per-case names of cases made with the sample context (every case form of `sc-k3x9q2-007`, and its digits). */
export const SAMPLE_CASE_NAMES = new RegExp(`sc-k3x9q2-\\d{3}|${Number.parseInt('k3x9q2', 36)}\\d{3}`, 'gi');

/**
 * Imports an operation and checks its cases against the reference validator: cases that would not test what they
 * claim are left out with the reason, and every constraint without a case is listed with why.
 */
export function importChecked(options: RefreshOptions, previous?: { spec: OperationSpec }): Imported {
  const model = readSmithyModel(options.model);
  const overlay = readOverlay(options.overlay, options.operation);
  const imported = importOperation(model, {
    operation: options.operation,
    overlay,
    service: loadService(),
    observed: readObserved(options.observed, options.operation),
    provenance: provenanceOf(options.model, options.provenance),
    edition: options.edition ?? 'model',
  });
  const empty = { operation: options.operation, cases: [] };
  const found = inconsistentCases(imported.spec, generateCases(imported.spec, empty, SAMPLE_CONTEXT), new Set([SAMPLE_CONTEXT.modelName]));
  const spec: OperationSpec =
    found.size > 0 ? { ...imported.spec, suppress: { ...(imported.spec.suppress ?? {}), ...Object.fromEntries(found) } } : imported.spec;
  const cases = generateCases(spec, empty, SAMPLE_CONTEXT);
  const uncovered = uncoveredOf(imported, spec, cases);
  // Only a pattern new since the spec this import replaces asks for a sample: a first import lists what it lacks instead.
  const newPattern = (u: Uncovered) => {
    if (previous === undefined) return false;
    const before = memberAt(previous.spec, u.path);
    return before === undefined || before.pattern?.regex !== memberAt(spec, u.path)?.pattern?.regex;
  };
  const decisions = [...imported.decisions, ...uncovered.filter(newPattern).flatMap((u) => sampleDecision(u, spec))];
  if (decisions.length > 0) throw new DecisionsNeeded(decisions, displayPath(options.overlay ?? '(no overlay)'));
  return { spec, constraints: imported.constraints, uncovered, cases };
}

/** A constraint left without cases only for want of a hand-written value: a person must give one (or say why not). */
function sampleDecision(u: Uncovered, spec: OperationSpec): Decision[] {
  const shape = memberAt(spec, u.path)?.shape ?? '?';
  if (u.reason.startsWith('no example value'))
    return [{ item: `member ${u.path}`, what: `has no example value (${u.kind} ${u.source}): give "example" under "members" or under "shapes" for ${shape}` }];
  if (u.reason.startsWith('no value that breaks the pattern'))
    return [
      {
        item: `member ${u.path}`,
        what: `its pattern ${memberAt(spec, u.path)?.pattern?.regex ?? ''} has no sample that breaks it: give "pattern": { "invalid": {...} } (or "untestable" with why) under "members" or under "shapes" for ${shape}`,
      },
    ];
  return [];
}

function displayPath(file: string): string {
  const inRepo = relative(REPOSITORY_ROOT, resolve(file));
  return (inRepo.startsWith('..') ? file : inRepo).split('\\').join('/');
}

/** The spec an import replaces and its cases, made with the same sample context, or undefined for a first import. */
export function previousImport(outDir: string, operation: string): { spec: OperationSpec; cases: ConformanceCase[] } | undefined {
  const file = join(outDir, 'operations', `${operation}.json`);
  if (!existsSync(file)) return undefined;
  try {
    const spec = JSON.parse(readFileSync(file, 'utf8')) as OperationSpec;
    return { spec, cases: generateCases(spec, { operation, cases: [] }, SAMPLE_CONTEXT) };
  } catch {
    // A spec the generator can no longer read is compared as if it were not there: the import replaces it anyway.
    return undefined;
  }
}

function header(options: RefreshOptions, what: string): string {
  const overlay = options.overlay ? ` and ${relative(REPOSITORY_ROOT, resolve(options.overlay)).split('\\').join('/')}` : '';
  return `${what} Generated by 'sagemaker-conformance import-model --operation ${options.operation}' from ${relative(REPOSITORY_ROOT, resolve(options.model)).split('\\').join('/')}${overlay}. Do not edit: change the overlay (or the model) and run the importer again.`;
}

/** Writes `operations/<Op>.json` and `uncovered/<Op>.json` under `outDir`; the same inputs give the same bytes. */
export function writeImported(imported: Imported, options: RefreshOptions, outDir: string): string[] {
  const opFile = join(outDir, 'operations', `${options.operation}.json`);
  const uncoveredFile = join(outDir, 'uncovered', `${options.operation}.json`);
  mkdirSync(dirname(opFile), { recursive: true });
  mkdirSync(dirname(uncoveredFile), { recursive: true });
  writeFileSync(
    opFile,
    `${JSON.stringify({ $comment: header(options, `${options.operation} as data, from AWS's Smithy model.`), ...imported.spec }, null, 2)}\n`,
  );
  const counts = {
    constraints: imported.constraints.length,
    covered: imported.constraints.length - imported.uncovered.length,
    uncovered: imported.uncovered.length,
  };
  writeFileSync(
    uncoveredFile,
    `${JSON.stringify({ $comment: header(options, 'Constraints of the model that no case checks, each with the reason.'), operation: options.operation, counts, uncovered: imported.uncovered }, null, 2)}\n`,
  );
  return [opFile, uncoveredFile];
}
