import type { ConformanceCase } from '../cases/types';
import type { EvidenceCounts, EvidenceLevel } from '../report/evidence';

/**
 * How well a case's expectation is known, best first: confirmed by a recorded answer of a real account (where and
 * when), stated by AWS's model, stated by AWS's documentation (the API reference, the protocol's specification),
 * observed in a public capture of a real answer (with its source), or inferred (the suite's own reading).
 */
export type { EvidenceLevel, EvidenceCounts };

export const EVIDENCE_LEVELS: readonly EvidenceLevel[] = ['confirmed', 'model', 'documentation', 'capture', 'inferred'];

/** A committed recording of a real account whose answer agrees with the case. */
export interface Confirmation {
  recording: string;
  target: string;
  region: string;
  recordedOn: string;
}

export interface Evidence {
  level: EvidenceLevel;
  /** The clause's source (a model shape, a page, a capture's URL); the recordings for `confirmed`. */
  source: string;
  confirmedBy?: Confirmation[];
}

/** What the case's clause rests on, without any recording. */
export function statedEvidence(c: Pick<ConformanceCase, 'clause'>): Evidence {
  const source = c.clause.source;
  if (source.startsWith('model#')) return { level: 'model', source };
  if (source.startsWith('spec#') || /^https:\/\/(docs\.aws\.amazon\.com|smithy\.io)\//.test(source)) return { level: 'documentation', source };
  if (source.startsWith('evidence#')) return { level: 'capture', source: source.slice('evidence#'.length) };
  if (/^https?:\/\//.test(source)) return { level: 'capture', source };
  return { level: 'inferred', source };
}

/** The case's evidence: confirmed where a committed real-account recording agrees with it, else what its clause states. */
export function evidenceOf(c: Pick<ConformanceCase, 'id' | 'clause'>, confirmations: ReadonlyMap<string, Confirmation[]>): Evidence {
  const stated = statedEvidence(c);
  const by = confirmations.get(c.id);
  return by && by.length > 0 ? { level: 'confirmed', source: stated.source, confirmedBy: by } : stated;
}

/** Per operation: how many cases, how many AWS-validated (confirmed), and how many rest on each kind of evidence. */
export function evidenceCounts(
  cases: readonly Pick<ConformanceCase, 'id' | 'clause' | 'operation'>[],
  confirmations: ReadonlyMap<string, Confirmation[]>,
): EvidenceCounts {
  const out: EvidenceCounts = {};
  for (const c of cases) {
    const row = (out[c.operation] ??= { cases: 0, validated: 0, confirmed: 0, model: 0, documentation: 0, capture: 0, inferred: 0 });
    const level = evidenceOf(c, confirmations).level;
    row.cases += 1;
    row[level] += 1;
    if (level === 'confirmed') row.validated += 1;
  }
  return out;
}
