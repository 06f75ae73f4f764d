import type { Recording } from '../client/recording/read';
import type { CaseResult } from '../report/results';
import { runConformance } from './run';

/** Where a proposed entry was seen: the recording, its target, region and day, and the case. */
export interface RecordingSource {
  url: string;
  quote: string;
  recording: { target: string; region: string; recordedOn: string; case: string };
}

/** A proposed `protocol` entry of contracts/<edition>/observed/<Operation>.json. */
export interface ProposedProtocolEntry {
  alsoStatus: number[];
  source: RecordingSource;
  why: string;
}

/** What `learn` writes: entries in the observed format, per operation, for a person to review and commit. */
export interface LearnedProposal {
  $comment: string;
  recording: { dir: string; target: string; region: string; edition: string; recordedOn: string };
  /** Per operation: a fragment of its observed file (`protocol` entries), to merge by hand after review. */
  observed: Record<string, { operation: string; protocol: Record<string, ProposedProtocolEntry> }>;
  /** Differences an observed entry cannot express: said, not invented. */
  notExpressible: { case: string; operation: string; check: string; expected: unknown; recorded: unknown; why: string }[];
  /** The cases whose recorded answers pass the table as it is: confirmed by this recording. */
  confirmed: { total: number; byOperation: Record<string, number>; cases: string[] };
  /** Recorded cases the recording cannot judge (an error, a step it lacks). */
  unjudged: { case: string; reason: string }[];
}

function quoteOf(c: CaseResult): string {
  const a = c.steps.find((s) => s.actual?.status !== undefined && s.actual.status >= 400)?.actual ?? c.actual;
  if (!a) return '(no answer)';
  return `HTTP ${a.status ?? '?'}${a.errorCode ? ` ${a.errorCode}` : ''}${a.message ? `: ${a.message}` : ''}`;
}

/**
 * A protocol case that failed only because the target refused with another status, with a code the case accepts:
 * what an observed `protocol` entry's `alsoStatus` says. Anything else is not expressible as an observed entry.
 */
function protocolStatus(c: CaseResult): number | undefined {
  if (!c.id.startsWith('protocol.')) return undefined;
  const mismatches = c.failures.filter((f) => f.kind === 'mismatch');
  if (mismatches.length !== 1 || c.failures.length !== 1) return undefined;
  const only = mismatches[0]!;
  if (only.kind !== 'mismatch' || only.check !== 'status' || typeof only.actual !== 'number') return undefined;
  const step = c.steps[only.step];
  if (!step || step.expected.outcome !== 'reject') return undefined;
  return only.actual;
}

/**
 * Judges a recording by the table as it is now: the recording is replayed as a target to the same engine, so every
 * recorded answer is judged exactly as a run would judge it. What passes is confirmed; what fails becomes a proposed
 * observed entry where the observed format can say it, and is listed as not expressible where it cannot.
 */
export async function learnFromRecording(recording: Recording, options: { edition?: string } = {}): Promise<LearnedProposal> {
  const h = recording.header;
  const recorded = new Set(recording.exchanges.filter((e) => e.phase === 'case' && e.case !== undefined).map((e) => e.case!));
  const { report } = await runConformance({
    target: { kind: 'replay', recording },
    edition: options.edition ?? h.edition,
    region: h.region,
    select: (c) => recorded.has(c.id),
  });
  const source = (c: CaseResult): RecordingSource => ({
    url: `recording:${recording.dir}`,
    quote: quoteOf(c),
    recording: { target: h.target.label, region: h.region, recordedOn: h.recordedOn, case: c.id },
  });
  const proposal: LearnedProposal = {
    $comment:
      "Proposed by 'sagemaker-conformance learn' from a recording: review each entry, then merge it into contracts/<edition>/observed/<Operation>.json by hand. Nothing here has been applied.",
    recording: { dir: recording.dir, target: h.target.label, region: h.region, edition: options.edition ?? h.edition, recordedOn: h.recordedOn },
    observed: {},
    notExpressible: [],
    confirmed: { total: 0, byOperation: {}, cases: [] },
    unjudged: [],
  };
  for (const c of report.cases) {
    const operation = c.operation ?? c.steps[0]?.operation ?? 'unknown';
    if (c.status === 'passed') {
      proposal.confirmed.total += 1;
      proposal.confirmed.byOperation[operation] = (proposal.confirmed.byOperation[operation] ?? 0) + 1;
      proposal.confirmed.cases.push(c.id);
      continue;
    }
    if (c.status !== 'failed') {
      const why = c.failures.map((f) => (f.kind === 'mismatch' ? f.check : f.reason)).join('; ');
      proposal.unjudged.push({ case: c.id, reason: `${c.status}: ${why}` });
      continue;
    }
    const status = protocolStatus(c);
    if (status !== undefined) {
      const file = (proposal.observed[operation] ??= { operation, protocol: {} });
      const entry = file.protocol[c.id];
      if (entry) entry.alsoStatus = [...new Set([...entry.alsoStatus, status])];
      else
        file.protocol[c.id] = {
          alsoStatus: [status],
          source: source(c),
          why: `The recorded target refused this request with HTTP ${status}, with a code the case accepts; the table allows only ${JSON.stringify(c.failures[0]!.kind === 'mismatch' ? c.failures[0]!.expected : '')}.`,
        };
      continue;
    }
    for (const f of c.failures) {
      if (f.kind !== 'mismatch') continue;
      proposal.notExpressible.push({
        case: c.id,
        operation,
        check: f.check,
        expected: f.expected,
        recorded: f.actual,
        why: "contracts/*/observed/ holds rules and contexts the importer merges, a protocol case's further statuses, and the error body's required members: this difference is none of them, so it is reported, not turned into an entry",
      });
    }
  }
  return proposal;
}

/**
 * An observed file with a proposal's fragment merged in (a further status joins the ones there; a new entry is added):
 * what a person does by hand after review, and what the proof of `learn` does in a copy of contracts/.
 */
export function mergeObserved(existing: Record<string, unknown>, fragment: LearnedProposal['observed'][string]): Record<string, unknown> {
  const protocol = { ...((existing.protocol as Record<string, { alsoStatus?: number[] }> | undefined) ?? {}) };
  for (const [id, entry] of Object.entries(fragment.protocol)) {
    const before = protocol[id];
    protocol[id] = before ? { ...before, alsoStatus: [...new Set([...(before.alsoStatus ?? []), ...entry.alsoStatus])] } : entry;
  }
  return { ...existing, operation: existing.operation ?? fragment.operation, protocol };
}
