import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ReportCase {
  id: string;
  status: string;
  failures: { kind: string; check?: string; reason?: string }[];
}

/** Each case's verdict: its status and the checks it failed (what a run says of it, without times and names). */
export function verdicts(reportDir: string): Map<string, string> {
  const report = JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as { cases: ReportCase[] };
  return new Map(report.cases.map((c) => [c.id, `${c.status} ${c.failures.map((f) => f.check ?? f.kind).join(',')}`]));
}

/** The cases whose verdicts differ between two runs, `id: before → after`. */
export function differingVerdicts(a: Map<string, string>, b: Map<string, string>): string[] {
  const ids = new Set([...a.keys(), ...b.keys()]);
  return [...ids].filter((id) => a.get(id) !== b.get(id)).map((id) => `${id}: ${a.get(id) ?? '(none)'} → ${b.get(id) ?? '(none)'}`);
}
