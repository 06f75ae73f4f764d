import { randomBytes } from 'node:crypto';
import { resolveRegion } from '../client/credentials';
import { generateCases } from '../cases/generate';
import { withFoundCases } from '../spec/found-cases';
import type { CaseContext, ConformanceCase } from '../cases/types';
import { fitLength, type TemplateVars } from '../spec/values';
import { loadBehaviours, loadOperation, loadService, loadOperations, loadProtocol } from '../spec/load';
import { loadEdition, type Edition } from '../spec/editions';
import type { OperationSpec, ServiceSpec } from '../spec/types';
import { defaultInferenceImage, PLACEHOLDER_EXECUTION_ROLE } from './images';
import { BadInputError } from '../errors';
import { resourcesNeeded, withResources, type GivenResources } from './resources';

export interface PlanOptions {
  /**
   * The one operation under test, its spec `operations/<name>.json` (CreateModel from another folder, say). Without
   * it the table holds every operation of the edition, the edition's own operation (its edition.json) first.
   */
  operation?: string;
  /** Only these operations' cases (the `--operation` flag; checked here, chosen by `prepareRun`); default: all of the table. */
  operations?: string[];
  /** The edition (default: `model`, today's API from AWS's model; `seed` is the 2017 page). */
  edition?: string;
  /** @deprecated The old name of `edition`; given with it, `edition` wins. */
  spec?: string;
  /** Where the operation's spec and behaviour files live (default: the edition's folder of `contracts/`). */
  contractsDir?: string;
  region?: string;
  /** Use this existing model instead of creating one. */
  modelName?: string;
  runId?: string;
  /** Prefix of every name the run creates. */
  prefix?: string;
  /** Role of the run's own model (needed on AWS; a placeholder elsewhere). */
  executionRoleArn?: string;
  /** Image of the run's own model (default: a public AWS inference image for the region). */
  image?: string;
  /** Real account resources for the accept cases that name one (contracts/resources.json); the execution role is `executionRoleArn`. */
  resources?: GivenResources;
  /** Files of further cases in the behaviour format (`explore --save`), run after the table's own. */
  casesFiles?: string[];
}

/** Everything about a run that is known before any request: its id, names and case table. */
export interface RunPlan {
  runId: string;
  region: string;
  prefix: string;
  service: ServiceSpec;
  /** The edition the case table comes from. */
  edition: Edition;
  operation: OperationSpec;
  /** Every operation of the edition (the judge checks responses of each). */
  operations: ReadonlyMap<string, OperationSpec>;
  /** The operations whose cases the table holds, in table order (the edition's own operation first). */
  tableOperations: OperationSpec[];
  ctx: CaseContext;
  cases: ConformanceCase[];
  /** The resources the run sets up once, before any case (the operation's `requires`, and its preconditions'). */
  requires: string[];
  /** True when the run creates the model itself (and so deletes it). */
  ownsModel: boolean;
  /** Role and image the set-up request names. */
  setupVars: { executionRoleArn: string; image: string };
}

/** A run id of 6 base-36 characters: short enough to leave room in 63-character names, random enough not to collide. */
export function newRunId(): string {
  return (randomBytes(4).readUInt32BE() % 36 ** 6).toString(36).padStart(6, '0');
}

/** Plans a run: generates the case table from the operation's spec. Synchronous, so Jest can `test.each` over it. */
export function planRun(options: PlanOptions = {}): RunPlan {
  const edition = loadEdition(options.edition ?? options.spec);
  const runId = options.runId ?? newRunId();
  const prefix = options.prefix ?? 'sc-';
  const region = resolveRegion(options.region);
  const service = loadService();
  const dir = options.contractsDir ?? edition.dir;
  const operation = loadOperation(options.operation ?? edition.operation, dir);
  const operations = new Map([...loadOperations(edition.dir), [operation.operation, operation]]);
  const tableOperations =
    options.operation !== undefined ? [operation] : [operation, ...[...operations.values()].filter((o) => o.operation !== operation.operation)];
  const unknown = (options.operations ?? []).filter((name) => !tableOperations.some((o) => o.operation === name));
  if (unknown.length > 0)
    throw new UnknownOperationError(`no operation ${unknown.join(', ')} in the table; it has ${tableOperations.map((o) => o.operation).join(', ')}`);
  // The run's model name is 63 characters, the maximum, so a case can show that a ModelName at the limit is accepted.
  const modelName = options.modelName ?? fitLength(`${prefix}${runId}-model-`, 63, 'x');
  const ctx: CaseContext = { runId, prefix, region, modelName };
  const given: GivenResources = { ...(options.resources ?? {}), ...(options.executionRoleArn ? { 'execution-role': options.executionRoleArn } : {}) };
  const cases: ConformanceCase[] = [];
  for (const op of tableOperations) {
    // Names run on across operations (no two cases share one); ids of operations after the first name their operation.
    const opCtx: CaseContext = { ...ctx, firstSeq: cases.length, ...(op === operation ? {} : { idPrefix: `${op.operation}.` }) };
    // Findings of `explore` (run --cases) are the primary operation's cases.
    const behaviours = op === operation ? withFoundCases(loadBehaviours(op.operation, dir), dir, options.casesFiles) : loadBehaviours(op.operation, dir);
    const own = generateCases(op, behaviours, opCtx, { protocol: loadProtocol(op.operation, undefined, dir), service, operations });
    // Accept cases naming an account resource (a KMS key) take the one given, or say they need it.
    for (const c of own) {
      const needs = resourcesNeeded(c, region).filter((r) => given[r] === undefined);
      const real = withResources(c, given, region);
      cases.push(needs.length > 0 ? { ...real, needs } : real);
    }
  }
  // What the run sets up once: what each operation requires, and what the creates of its cases' preconditions require.
  const requires = [
    ...new Set(
      tableOperations.flatMap((op) => [
        ...(op.requires ?? []),
        ...(op.given ?? []).flatMap((type) => operations.get(service.resources[type]?.create ?? '')?.requires ?? []),
      ]),
    ),
  ];
  const setupVars = { executionRoleArn: options.executionRoleArn ?? PLACEHOLDER_EXECUTION_ROLE, image: options.image ?? defaultInferenceImage(region) };
  return {
    runId,
    region,
    prefix,
    service,
    edition,
    operation,
    operations,
    tableOperations,
    ctx,
    cases,
    requires,
    ownsModel: options.modelName === undefined,
    setupVars,
  };
}

/** `--operation` named an operation the table does not have. */
export class UnknownOperationError extends BadInputError {
  override name = 'UnknownOperationError';
}

/**
 * Template values for requests the run makes outside its cases (set-up, provider states): the run's region, model,
 * execution role and image, with any names given. One place, so no such request goes out with an empty placeholder.
 */
export function runVars(plan: RunPlan, names: Partial<TemplateVars> = {}): TemplateVars {
  return { name: '', Name: '', NAME: '', digits: '', model: plan.ctx.modelName, region: plan.region, ...plan.setupVars, ...names };
}
