/**
 * Re-records a target's known deviations (LocalStack's habit: recordings are re-recorded, not hand-edited): runs
 * the whole case table of an edition against the target and writes every case that did not pass, with the
 * reason read off what the target answered.
 *
 *   node --import tsx scripts/record-expectations.ts --target moto --spec model --out fixtures/expectations/moto.json
 *
 * The reasons say what the target did; read the diff before committing, and keep a hand-written reason where it
 * says more than the recorded one (--keep FILE takes reasons from an earlier file for ids that still deviate).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { runConformance } from '../src/runner/run';
import { parseTarget } from '../src/target/targets';
import type { CaseResult } from '../src/report/results';
import { memberPathOf } from '../src/model/consistency';

function short(text: unknown, max = 140): string {
  const s = typeof text === 'string' ? text : JSON.stringify(text);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** What the target did, in one sentence, from the failure the judge recorded. */
export function reasonOf(target: string, c: CaseResult): string {
  const failure = c.failures[0];
  const member = memberPathOf(c);
  if (!failure) return `${target} deviates (status ${c.status})`;
  const about = c.kind === 'protocol' ? ` (${c.title})` : '';
  if (failure.kind === 'error') {
    return /HTTP 5\d\d/.test(failure.reason)
      ? `${target} answers ${/<html|<!doctype/i.test(failure.reason) ? 'an HTML' : 'an'} HTTP ${/HTTP (5\d\d)/.exec(failure.reason)![1]} error instead of a 400 answer${about}`
      : `${target} does not answer in the protocol${about}: ${short(failure.reason)}`;
  }
  if (failure.kind === 'skipped') return `${target}: the case could not run (${failure.reason})`;
  const step = c.steps[failure.step];
  const answered = step?.actual;
  if (failure.check === 'status' && step?.expected.outcome === 'reject' && answered?.status === 200) {
    switch (c.kind) {
      case 'required':
        return `${target} accepts the request with ${member} left out (HTTP 200)`;
      case 'type':
        return `${target} does not check JSON types: it accepts ${member} of the wrong type (HTTP 200)`;
      case 'reference':
        return `${target} does not check that ${member} names an existing resource: it accepts the request (HTTP 200)`;
      case 'rule':
        return `${target} does not enforce the documented rule (${c.clause.text}): it accepts the request (HTTP 200)`;
      case 'protocol':
        return `${target} accepts the request (HTTP 200), though ${c.title.replace(/, and nothing is created$/, '')}`;
      case 'behaviour':
        return `${target} accepts step ${failure.step + 1} (HTTP 200), which ${c.title.replace(/ is rejected$/, '')} should not be`;
      default:
        return `${target} does not enforce ${member}'s ${c.kind} constraint: it accepts the value (HTTP 200)`;
    }
  }
  if (failure.check === 'status' && step?.expected.outcome === 'accept') {
    return `${target} rejects it: ${answered?.errorCode ?? answered?.status ?? ''}: ${short(answered?.message ?? failure.actual)}`;
  }
  const differs = failure.actual as { differsAt?: string; value?: unknown } | undefined;
  if (differs && typeof differs === 'object' && typeof differs.differsAt === 'string') {
    const value = differs.value === undefined ? 'nothing (the member is missing)' : short(differs.value, 80);
    return `${target} reads back ${differs.differsAt} as ${value} in step ${failure.step + 1} (${step?.operation ?? ''})`;
  }
  if (failure.check === 'response.schema' && Array.isArray(failure.actual)) {
    const problems = (failure.actual as { path?: string; message?: string }[]).map((p) => `${p.path || 'the body'} ${p.message ?? ''}`);
    return `${target} answers ${step?.operation ?? ''} (step ${failure.step + 1}) with a body that breaks the model's output shape: ${short(problems.join('; '), 200)}`;
  }
  if (failure.check === 'listed.names') {
    return `${target} lists ${short(failure.actual, 120)} in step ${failure.step + 1}, where the documentation gives ${short(failure.expected, 120)}`;
  }
  if (failure.check === 'error.member') return `${target} rejects it, but its message ${short(failure.actual, 200)}`;
  if (failure.check === 'error.message') return `${target} rejects it for another reason: ${short(answered?.message ?? failure.actual)}`;
  return `${target} fails the ${failure.check} check: expected ${short(failure.expected, 80)}, got ${short(failure.actual, 80)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { target: { type: 'string' }, spec: { type: 'string' }, out: { type: 'string' }, keep: { type: 'string' }, label: { type: 'string' } },
  });
  if (!values.target || !values.out)
    throw new Error('usage: record-expectations --target T --out FILE [--spec model|seed] [--keep FILE] [--label "moto 5.2.1"]');
  const label =
    values.label ??
    (values.target === 'moto' ? `moto ${execFileSync('python3', ['-c', 'import moto; print(moto.__version__)']).toString().trim()}` : values.target);
  const kept: Record<string, unknown> =
    values.keep && existsSync(values.keep) ? (JSON.parse(readFileSync(values.keep, 'utf8')) as Record<string, unknown>) : {};
  const { report } = await runConformance({ target: parseTarget(values.target), ...(values.spec ? { edition: values.spec } : {}), concurrency: 4 });
  const deviations = report.cases.filter((c) => c.status === 'failed' || c.status === 'errored');
  const out: Record<string, string> = {
    $target: `${label} (${values.target === 'moto' ? 'moto_server' : values.target})`,
    $profile: report.suite.spec.profile,
    $validated: new Date().toISOString().slice(0, 10),
    $how: `node --import tsx scripts/record-expectations.ts --target ${values.target} --spec ${report.suite.spec.profile} --out ${values.out}; every entry is a deviation of the target from the spec, with what it did`,
  };
  for (const c of deviations) out[c.id] = typeof kept[c.id] === 'string' ? (kept[c.id] as string) : reasonOf(label, c);
  writeFileSync(values.out, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`${deviations.length} deviations of ${report.cases.length} cases written to ${values.out}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  });
}
