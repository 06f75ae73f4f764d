import type { ComparisonSummary } from './comparison';

/** The kinds of evidence a case's expectation rests on, best first (src/engine/evidence.ts decides them). */
export type EvidenceLevel = 'confirmed' | 'model' | 'documentation' | 'capture' | 'inferred';

/** Per operation: its cases, how many are AWS-validated (confirmed by a committed real-account recording), and by kind. */
export type EvidenceCounts = Record<string, { cases: number; validated: number } & Record<EvidenceLevel, number>>;

export interface EvidenceSummary {
  /** Committed recordings of real accounts the counts rest on (contracts/recordings/). */
  recordings: number;
  operations: EvidenceCounts;
}

/** The report's evidence section in Markdown: AWS-validated per operation, honest about having no recording. */
export function evidenceMarkdown(report: { evidence?: EvidenceSummary; comparison?: ComparisonSummary }): string[] {
  const lines: string[] = [];
  const e = report.evidence;
  if (e) {
    lines.push('## Evidence', '');
    if (e.recordings === 0) lines.push('No recording of a real account is committed (contracts/recordings/), so no case is AWS-validated yet.', '');
    lines.push('| operation | cases | AWS-validated | AWS model | AWS documentation | public capture | inferred |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const [op, c] of Object.entries(e.operations))
      lines.push(`| ${op} | ${c.cases} | ${c.validated} | ${c.model} | ${c.documentation} | ${c.capture} | ${c.inferred} |`);
    lines.push('');
  }
  const k = report.comparison;
  if (k) {
    lines.push(
      '## Compared with a recording',
      '',
      `Against ${k.recording.target} (${k.recording.region}, recorded ${k.recording.recordedOn}): ${k.same} answers the same as recorded, ${k.differs} differ, ${k.unrecorded} not in the recording. Each case says which in conformance.json (\`comparison\`).`,
      '',
    );
  }
  return lines;
}
