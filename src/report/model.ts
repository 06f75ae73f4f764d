import type { EvidenceSummary } from './evidence';
import type { ComparisonSummary } from './comparison';
import type { CaseResult, CaseStatus } from './results';
import type { Provenance, StepExpectation } from '../spec/types';
import type { ActualResponse } from './verdict';
import type { CleanupReport, Untagged } from './cleanup';
import type { Shard } from './shard';
import { printable } from '../io/neutral';
import { redact } from '../client/redact';
import type { ExploreSection } from './explore-types';
import { deviationGroups, type DeviationGroup } from './groups';

export interface ReportSummary {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  expectedFailures: number;
  unexpectedPasses: number;
}

/** Which spec the case table came from: the edition (`model` or `seed`), and its source in one line. */
export interface ReportSpec {
  name: string;
  profile: string;
  sources: Record<string, string>;
  /** The edition in words and where its constraints come from (absent in reports written before editions). */
  title?: string;
  source?: string;
  /** For an imported edition: where the model file comes from (repository, path, commit, date, licence). */
  provenance?: Omit<Provenance, 'sha256'>;
}

/** The conformance report: what `conformance.json` holds, and what every other format is rendered from. */
export interface ConformanceReport {
  suite: { name: string; version: string; spec: ReportSpec };
  target: {
    kind: string;
    url: string | null;
    region: string;
    label: string;
    /** From STS, for AWS runs. */
    account?: string;
    /** The name the user gave the target (`run --label moto-5.2.1`): its column when reports are merged side by side. */
    name?: string;
  };
  runId: string;
  /** Which slice of the case table this run ran (`--shard i/n`). */
  shard?: Shard;
  startedAt: string;
  finishedAt: string;
  /** False when the run was interrupted or could not set up: some cases did not run. */
  complete: boolean;
  /** Why the run stopped early or could not start, in one line. */
  problem?: string;
  expectations?: { file: string; meta: Record<string, unknown> };
  summary: ReportSummary;
  /** The same six counts for each operation of the table, in table order, and its conformance index: the score an emulator author can quote. */
  operations?: Record<string, OperationScore>;
  /** Failures and errors grouped by cause, largest first (`report/groups.ts`); reports written before groups have none. */
  groups?: DeviationGroup[];
  /** The requests the run sent to create what the cases need (the run's model), for a repro to send first. */
  setup?: SetupRequest[];
  cleanup: CleanupReport;
  /** Resources the run created but could not tag (it still deleted them). */
  untagged?: Untagged[];
  cases: CaseResult[];
  /** Pact contracts verified against the target (`sagemaker-conformance verify`). */
  contracts?: ContractsReport;
  /** What `explore` generated, what came back, and its findings (each also a case above). */
  explore?: ExploreSection;
  /** With `run --compare DIR`: how many answers were the same as the recording's (each case says so). */
  comparison?: ComparisonSummary;
  /** Per operation, how many cases are AWS-validated and what the others rest on (src/engine/evidence.ts). */
  evidence?: EvidenceSummary;
}

/** A request the run sent before its cases, and how to delete what it created. */
export interface SetupRequest {
  operation: string;
  request: Record<string, unknown>;
  /** The operation that deletes it, and the request that does. */
  teardown: { operation: string; request: Record<string, unknown> };
}

/** The report's groups, or, for a report written before groups, the groups its cases make. */
export function groupsOf(report: Pick<ConformanceReport, 'groups' | 'cases' | 'suite'>): DeviationGroup[] {
  return report.groups ?? deviationGroups(report.cases, report.suite.spec.name);
}

/** `not-run`: Pact never ran it (fails the verification); `skipped`: left out on purpose by `verify --only`. */
export type InteractionStatus = 'verified' | 'failed' | 'pending-failed' | 'not-run' | 'skipped';

/** One pact interaction replayed against the target. */
export interface InteractionResult {
  /** The pact file (or broker URL) it came from. */
  pact: string;
  consumer: string;
  provider: string;
  description: string;
  states: string[];
  /** `pending-failed`: a pending interaction that failed, which does not fail the verification. */
  status: InteractionStatus;
  /** What Pact reported, one line each. */
  failures: string[];
}

export interface ContractsReport {
  pacts: { source: string; consumer: string; provider: string; interactions: number }[];
  summary: { total: number; verified: number; failed: number; pendingFailed: number; notRun: number; skipped: number };
  interactions: InteractionResult[];
  /** Verification results published to a Pact Broker. */
  published?: { broker: string; providerVersion: string; branch?: string; ok: boolean; failures?: string[] };
}

/** The six counts, in the order and with the words every report and the terminal use. */
export const COUNTS = [
  { key: 'passed', label: 'passed', status: 'passed' },
  { key: 'failed', label: 'failed', status: 'failed' },
  { key: 'errored', label: 'errored', status: 'errored' },
  { key: 'skipped', label: 'skipped', status: 'skipped' },
  { key: 'expectedFailures', label: 'expected failures', status: 'expected-failure' },
  { key: 'unexpectedPasses', label: 'unexpected passes', status: 'unexpected-pass' },
] as const satisfies readonly { key: keyof ReportSummary; label: string; status: CaseStatus }[];

/** `70 passed, 1 failed, 0 errored, 0 skipped, 0 expected failures, 0 unexpected passes (71 cases)`: the one counts line. */
export function countsLine(s: ReportSummary): string {
  return `${COUNTS.map((c) => `${s[c.key]} ${c.label}`).join(', ')} (${s.total} case${s.total === 1 ? '' : 's'})`;
}

/** Statuses from the worst (needs attention first) to the best. */
export const SEVERITY: readonly CaseStatus[] = ['failed', 'errored', 'unexpected-pass', 'skipped', 'expected-failure', 'passed'];

/** Cases a reader must look at, worst first: failures, errors, unexpected passes, cases that did not run, then expected deviations. */
export function needingAttention<T extends { status: CaseStatus }>(cases: readonly T[]): T[] {
  return SEVERITY.filter((s) => s !== 'passed').flatMap((s) => cases.filter((c) => c.status === s));
}

export function summarize(cases: readonly CaseResult[]): ReportSummary {
  const count = (status: CaseStatus) => cases.filter((c) => c.status === status).length;
  return {
    total: cases.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    skipped: count('skipped'),
    expectedFailures: count('expected-failure'),
    unexpectedPasses: count('unexpected-pass'),
  };
}

/**
 * An operation's score beside its conformance index: `judged` is how many of its cases the target could be judged on
 * (they ran, and no set-up step before the case's own call errored); `passed` of those passed.
 */
export type OperationScore = ReportSummary & { judged: number };

/** `233 of 523 judged`: the score beside the conformance index. */
export function scoreText(s: { passed: number; judged: number }): string {
  return `${s.passed} of ${s.judged} judged`;
}

/** What the score and the index mean, under every table that shows them. */
export const INDEX_NOTE =
  'Score: the cases passed, of those the target could be judged on (the conformance index: cases that ran and whose set-up did not error).';

/** Whether the target could be judged on a case: it ran, and its set-up (the steps before its own call) did not error. */
export function isJudged(c: { status: CaseStatus; failures?: readonly { kind: string; setup?: boolean }[] }): boolean {
  return c.status !== 'skipped' && !(c.failures ?? []).some((f) => f.kind === 'error' && f.setup === true);
}

/** The operation a case is about; a report written before tables of several operations has one, its spec's. */
export function operationOf(c: { operation?: string }, fallback: string): string {
  return c.operation ?? fallback;
}

/** What a report is about, for its title: the operations its cases are of, in table order (`CreateEndpointConfig, DescribeEndpointConfig, …`). */
export function reportSubject(report: Pick<ConformanceReport, 'cases' | 'suite'>): string {
  const ops = [...groupByOperation(report.cases, report.suite.spec.name).keys()];
  return ops.length > 0 ? ops.join(', ') : report.suite.spec.name;
}

/** Cases grouped by operation, in table order. */
export function groupByOperation<T extends { operation?: string }>(cases: readonly T[], fallback: string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const c of cases) {
    const op = operationOf(c, fallback);
    const own = groups.get(op);
    if (own) own.push(c);
    else groups.set(op, [c]);
  }
  return groups;
}

/** The six counts and the conformance index of each operation, in table order. */
export function summarizeOperations(cases: readonly CaseResult[], fallback: string): Record<string, OperationScore> {
  return Object.fromEntries([...groupByOperation(cases, fallback)].map(([op, own]) => [op, { ...summarize(own), judged: own.filter(isJudged).length }]));
}

/**
 * Cases grouped by operation, then by member, in table order: each group labelled by its member, after its operation's
 * name for every operation but the report's own (`ListEndpointConfigs MaxResults`).
 */
export function groupByOperationAndMember(cases: readonly CaseResult[], primary: string): [string, CaseResult[]][] {
  return [...groupByOperation(cases, primary)].flatMap(([op, own]) =>
    [...groupByMember(own)].map(([group, members]): [string, CaseResult[]] => [op === primary ? group : `${op} ${group}`, members]),
  );
}

/** Cases grouped by the member they are about, in first-seen order. */
export function groupByMember(cases: readonly CaseResult[]): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const list = groups.get(c.group) ?? [];
    list.push(c);
    groups.set(c.group, list);
  }
  return groups;
}

/** A short printable form of a value for people (reports in Markdown, HTML, JUnit and the terminal). */
export function brief(value: unknown, max = 160): string {
  // Redact first, then shorten: a cut never leaves a piece of a secret that no longer looks like one.
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = raw === undefined ? raw : redact(raw);
  if (text === undefined) return String(value);
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** The judge's schema problems (`[{ path, message }]`) as words: `/EndpointConfigArn must be string`; undefined for anything else. */
function schemaProblemsLine(actual: unknown): string | undefined {
  if (!Array.isArray(actual) || actual.length === 0) return undefined;
  const problems = actual.filter((p): p is { path: string; message: string } => typeof p?.path === 'string' && typeof p?.message === 'string');
  if (problems.length !== actual.length) return undefined;
  return problems.map((p) => `${p.path || 'the body'} ${p.message}`).join('; ');
}

/** One line per failure: which check, expected against actual. */
export function failureLines(c: CaseResult): string[] {
  // One printable line each: the target's code and message are data, never a line break or an escape sequence.
  return c.failures.map((f) => printable(failureLine(f)));
}

function failureLine(f: CaseResult['failures'][number]): string {
  {
    switch (f.kind) {
      case 'mismatch':
        return `step ${f.step + 1} ${f.check}: expected ${brief(f.expected)}, got ${brief(schemaProblemsLine(f.actual) ?? f.actual)}`;
      case 'error':
        return `step ${f.step + 1} errored: ${f.reason}`;
      case 'skipped':
        return `skipped: ${f.reason}`;
    }
  }
}

export function clauseLine(c: CaseResult): string {
  return `${c.clause.source} (${c.clause.member}): "${c.clause.text}"`;
}

/** `HTTP 200` or `HTTP 400 ValidationException`: what a step had to answer, in a few words. */
export function expectedLine(e: StepExpectation): string {
  return e.outcome === 'accept' ? 'HTTP 200' : `HTTP ${e.status} ${e.errorCodes.join(' or ')}`;
}

/** What a step answered, in a few words. */
export function actualLine(a: ActualResponse | null): string {
  if (!a) return 'not run';
  return printable(a.transportError ?? `HTTP ${a.status ?? '?'}${a.errorCode ? ` ${a.errorCode}` : ''}`);
}
