import type { ContractsReport, InteractionResult } from '../report/model';
import type { LoadedPact, Publication } from './sources';
import type { ProviderState } from './states';
import { mismatchLines, type VerifierJson } from './verifier-output';

/** Maps what Pact's verifier ran to one result per interaction, the contracts section of a report, and publication problems. */

/** A pact as far as verification needs it. */
export interface PactSummary {
  source: string;
  consumer: string;
  provider: string;
  /** The broker said the pact is pending (or work in progress): its failures do not fail the verification. */
  pending: boolean;
  interactions: { description: string; states: ProviderState[]; pending: boolean }[];
}

/**
 * Pact names a failed interaction "Verifying a pact between <consumer> and <provider> [Given <states>] - <description>";
 * this finds the entries about one interaction of one pact.
 */
function errorsFor(list: VerifierJson['errors'], pact: PactSummary, description: string): string[] {
  const prefix = `Verifying a pact between ${pact.consumer} and ${pact.provider}`;
  return (list ?? [])
    .filter((e) => e.interaction === description || (e.interaction?.startsWith(prefix) && e.interaction.endsWith(` - ${description}`)))
    .flatMap((e) => mismatchLines(e.mismatch));
}

/**
 * One result per interaction of one pact, from Pact's result for that pact alone: verified only if Pact ran it, it
 * passed, and every state it needed was set up; failed (or pending-failed, for a pending pact or interaction) if Pact
 * ran it and it failed; skipped if our `--only` left it out; not run otherwise (which fails the verification).
 */
export function interactionResults(
  pact: PactSummary,
  json: VerifierJson,
  stateErrors: ReadonlyMap<string, string>,
  selected: (description: string) => boolean = () => true,
  whyNotRun = 'Pact did not run it',
  refused: ReadonlyMap<number, string> = new Map(),
): InteractionResult[] {
  const ran = new Map<string, string[]>();
  for (const r of json.interactionResults ?? []) ran.set(r.description ?? '', [...(ran.get(r.description ?? '') ?? []), r.result ?? '']);
  return pact.interactions.map((i, index): InteractionResult => {
    const base = { pact: pact.source, consumer: pact.consumer, provider: pact.provider, description: i.description, states: i.states.map((s) => s.name) };
    if (!selected(i.description)) return { ...base, status: 'skipped', failures: ['left out by --only'] };
    const results = ran.get(i.description);
    const result = results?.shift();
    // Its request was held back by the replay guard (src/pact/replay-guard.ts): whatever Pact made of the refusal.
    const why = refused.get(index);
    if (why !== undefined) return { ...base, status: 'not-run', failures: [`not sent: ${why}`] };
    if (result === undefined) return { ...base, status: 'not-run', failures: [whyNotRun] };
    const stateProblems = i.states
      .filter((s) => stateErrors.has(s.name))
      .map((s) => `provider state "${s.name}" could not be set up: ${stateErrors.get(s.name)}`);
    const failed = [...errorsFor(json.errors, pact, i.description), ...errorsFor(json.pendingErrors, pact, i.description)];
    const ok = /^ok$/i.test(result) && failed.length === 0;
    if (ok) return { ...base, status: 'verified', failures: [] };
    const failures = [...(failed.some((f) => /state change/i.test(f)) ? stateProblems : []), ...failed];
    return { ...base, status: pact.pending || i.pending ? 'pending-failed' : 'failed', failures: failures.length > 0 ? failures : [`Pact reported ${result}`] };
  });
}

export function summarizeContracts(pacts: readonly PactSummary[], interactions: InteractionResult[], publish?: ContractsReport['published']): ContractsReport {
  const count = (status: InteractionResult['status']) => interactions.filter((i) => i.status === status).length;
  return {
    pacts: pacts.map((p) => ({ source: p.source, consumer: p.consumer, provider: p.provider, interactions: p.interactions.length })),
    summary: {
      total: interactions.length,
      verified: count('verified'),
      failed: count('failed'),
      pendingFailed: count('pending-failed'),
      notRun: count('not-run'),
      skipped: count('skipped'),
    },
    interactions,
    ...(publish ? { published: publish } : {}),
  };
}

export function publicationProblems(pacts: readonly LoadedPact[], publications: readonly Publication[], ran: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const pact of pacts.filter((p) => ran.has(p.source))) {
    const mine = publications.filter((p) => p.pact === pact.source);
    if (!pact.publishUrl) problems.push(`${pact.source}: the broker gave no pb:publish-verification-results link`);
    else if (mine.length === 0) problems.push(`${pact.source}: Pact did not publish a result`);
    for (const p of mine.filter((x) => x.status < 200 || x.status > 299).slice(-1))
      problems.push(`${pact.source}: the broker answered HTTP ${p.status}: ${p.detail}`);
  }
  return problems;
}
