import type { ConformanceCase, CaseStep } from '../cases/types';
import type { OperationSpec, ServiceSpec } from '../spec/types';
import { toJsonSchema } from '../spec/schema';
import type { ConformanceReport } from './model';
import { actualLine, groupsOf } from './model';
import { membersPhrase, type DeviationGroup } from './groups';
import { PYTEST_HARNESS } from './pytest-harness';

/** What `run --export-repro` writes from: the run's report, the cases it ran, and the service and operations they are of. */
export interface PytestExportInput {
  report: ConformanceReport;
  cases: readonly ConformanceCase[];
  service: ServiceSpec;
  operations: ReadonlyMap<string, OperationSpec>;
}

/**
 * A Python string literal holding `text` exactly, in ASCII: JSON's escapes are Python's, and every other character is
 * written `\uXXXX` or `\UXXXXXXXX` (an astral character stays one character, never two surrogates).
 */
export function pyString(text: string): string {
  let out = '';
  for (const ch of JSON.stringify(text)) {
    const cp = ch.codePointAt(0)!;
    out += cp < 0x7f ? ch : cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** A JSON value as a Python literal (None, True, False, numbers, strings, lists, dicts). */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyString(k)}: ${pyLiteral(v)}`)
      .join(', ')}}`;
  return 'None';
}

/** `test_CreateEndpointConfig_type_accepted`: a group's id as a Python test name. */
export function testName(group: Pick<DeviationGroup, 'id'>): string {
  return `test_${group.id.replace(/[^A-Za-z0-9]+/g, '_')}`;
}

/** One step as the harness's `Replay.run` takes it: a wrong-typed body goes as text, a protocol request raw. */
function stepLiteral(step: CaseStep, kind: string): string {
  const extra: Record<string, unknown> = {};
  if (step.raw) extra.raw = step.raw;
  else if (kind === 'type') extra.body = JSON.stringify(step.request); // boto3's serialiser would recast or refuse a wrong JSON type
  if (step.pages) extra.pages = true;
  return pyLiteral({ operation: step.operation, request: step.request, expect: step.expect, ...extra });
}

/** The service's tables the harness reads: what each create makes and how to delete it, listings, output checks. */
function tables(input: PytestExportInput, used: ReadonlySet<string>): string[] {
  const { service, operations, report } = input;
  const resources = Object.values(service.resources);
  const creates = Object.fromEntries(resources.map((r) => [r.create, [r.delete, r.nameMember]]));
  const pages = Object.fromEntries(
    [...operations.values()].flatMap((op) => {
      const listed = resources.find((r) => r.list.operation === op.operation);
      return op.paginated && listed ? [[op.operation, [op.paginated.inputToken, op.paginated.outputToken, op.paginated.items, listed.nameMember]]] : [];
    }),
  );
  const schemas = Object.fromEntries([...operations.values()].filter((op) => used.has(op.operation)).map((op) => [op.operation, toJsonSchema(op.output)]));
  const arns = Object.fromEntries(
    [...operations.values()].map((op) => [
      op.operation,
      Object.entries(op.output.members ?? {}).flatMap(([member, spec]) => {
        const resource = spec.arnOf ? service.resources[spec.arnOf.resource] : undefined;
        return resource ? [[member, resource.nameMember, resource.arnType]] : [];
      }),
    ]),
  );
  const setup = (report.setup ?? []).map((s) => [s.operation, s.request]);
  const teardown = (report.setup ?? []).map((s) => [s.teardown.operation, s.teardown.request]);
  return [
    `SIGNING_NAME = ${pyString(service.signingName)}`,
    `ARN_PATTERN = ${pyString(service.arnPattern)}`,
    `# create operation: (its delete operation, the name member)`,
    `CREATES = {k: tuple(v) for k, v in ${pyLiteral(creates)}.items()}`,
    `# listing: (input token, output token, items, name member of an item)`,
    `PAGES = {k: tuple(v) for k, v in ${pyLiteral(pages)}.items()}`,
    `# each output member that is an ARN: (member, the request's name member, resource type)`,
    `ARNS = ${pyLiteral(arns)}`,
    `# the output schemas the suite checks 200 answers against (JSON Schema)`,
    `SCHEMAS = json.loads(${pyString(JSON.stringify(schemas))})`,
    `# what the run created before its cases (the model the requests name), and how it deleted it`,
    `SETUP = ${pyLiteral(setup)}`,
    `TEARDOWN = ${pyLiteral(teardown)}`,
  ];
}

/**
 * The deviation groups of a run as a pytest file: one test per group, replaying the group's first case with boto3
 * (client-side validation off, the endpoint from AWS_ENDPOINT_URL_SAGEMAKER as boto3 reads it) and asserting what the
 * suite asserts. Each test passes on the reference mock and fails where the group came from.
 */
export function renderPytest(input: PytestExportInput): string {
  const { report } = input;
  const byId = new Map(input.cases.map((c) => [c.id, c]));
  const results = new Map(report.cases.map((c) => [c.id, c]));
  const groups = groupsOf(report).filter((g) => byId.has(g.representative));
  const used = new Set(groups.flatMap((g) => byId.get(g.representative)!.steps.map((s) => s.operation)));
  const names = new Set<string>();
  const tests = groups.map((g) => {
    const c = byId.get(g.representative)!;
    let name = testName(g);
    while (names.has(name)) name += '_';
    names.add(name);
    const answered = results.get(c.id)?.actual;
    const doc = [
      `${g.title}.`,
      `Group ${g.id}: ${g.count} case${g.count === 1 ? '' : 's'} (${membersPhrase(g.members)})${g.covered ? ', all listed in the expectations file' : ''}.`,
      `Replays ${c.id} (${c.title}); ${report.target.label} answered ${actualLine(answered ?? null)}.`,
      `Clause: ${c.clause.source} (${c.clause.member}).`,
    ].join(' ');
    return [`def ${name}(replay):`, `    ${pyString(doc)}`, `    replay.run([`, ...c.steps.map((s) => `        ${stepLiteral(s, c.kind)},`), `    ])`].join(
      '\n',
    );
  });
  const header = [
    `# Deviation groups of a sagemaker-conformance run, as pytest tests: one per group, replaying its first case.`,
    `# Generated by ${report.suite.name} ${report.suite.version} (run --export-repro) from run ${report.runId} (edition ${report.suite.spec.profile}).`,
    `# Each test asserts what the suite asserts: it passes on the reference mock (sagemaker-conformance mock) and`,
    `# failed on the target of that run. Needs pytest and boto3 (and jsonschema for checks of a 200's output). Run:`,
    `#   AWS_ENDPOINT_URL_SAGEMAKER=http://127.0.0.1:PORT AWS_DEFAULT_REGION=${report.target.region} \\`,
    `#   AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing python -m pytest THIS_FILE`,
    `# (the mock and moto take any key pair; tests that create something delete it again)`,
  ];
  return [
    ...header,
    PYTEST_HARNESS,
    ...tables(input, used),
    '',
    `TARGET = ${pyString(report.target.label)}`,
    `RUN_ID = ${pyString(report.runId)}`,
    '',
    ...tests.flatMap((t) => ['', t, '']),
  ].join('\n');
}
