import { readGivenResources } from '../../engine/resources';
import { ArgsError, list, parseFlags, positiveInt, SPEC_FLAG, TARGET_FLAGS, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { groupLines, progressPrinter, summaryLines } from '../progress';
import { prepareRun, runConformance, UsageError, type RunOptions } from '../../runner/run';
import { ensureWritableDir, writeReports } from '../../report/write';
import { SIGNAL_EXIT } from '../signals';
import { startReportedRun } from '../reported-run';
import { sessionFlags } from '../session-flags';
import { chosenTarget } from './safety';
import { DUMMY_CREDENTIALS } from '../../client/credentials';
import { parseShard } from '../../report/shard';
import { readReport } from '../../report/load';
import { diffReports, renderDiff, restrictTo } from '../../report/diff';
import { outcomeLine } from '../../report/outcome';
import { countsLine, groupsOf } from '../../report/model';
import { writeAtomic } from '../../report/write';
import { redact } from '../../client/redact';
import { dirname, join, resolve } from 'node:path';
import { recordingFlags } from '../recording-flags';
import { renderPytest } from '../../report/export-pytest';
import { checkLabel } from '../../report/label';

/** The flags `run` takes: the parser and the help both read them. */
const RUN_FLAGS = {
  ...TARGET_FLAGS,
  ...SPEC_FLAG,
  'report-dir': { type: 'string' },
  only: { type: 'string', multiple: true },
  operation: { type: 'string', multiple: true },
  expectations: { type: 'string' },
  'model-name': { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  'run-id': { type: 'string' },
  shard: { type: 'string' },
  baseline: { type: 'string' },
  'fail-on-change': { type: 'boolean' },
  label: { type: 'string' },
  'execution-role-arn': { type: 'string' },
  image: { type: 'string' },
  resources: { type: 'string' },
  resource: { type: 'string', multiple: true },
  'retry-mode': { type: 'string' },
  'max-attempts': { type: 'string' },
  'max-body': { type: 'string' },
  pact: { type: 'string', multiple: true },
  cases: { type: 'string', multiple: true },
  record: { type: 'string' },
  compare: { type: 'string' },
  'per-case': { type: 'boolean' },
  'export-repro': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

async function run(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, RUN_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('run', RUN_FLAGS));
    return 0;
  }
  const { name: targetName, spec: target } = chosenTarget(flags, io.env);
  const { aws, reportDir, options: session } = sessionFlags(flags, target, io);
  if (flags.only !== undefined && list(flags.only).length === 0) throw new ArgsError('--only must give at least one case id or glob, not be empty');
  const baseline = flags.baseline !== undefined ? readReport(flags.baseline) : undefined;
  if (baseline?.kind === 'merged')
    throw new UsageError(`--baseline ${baseline.file} is a merged report; give one run's conformance.json (or use 'diff' on two merged reports)`);
  if (flags['fail-on-change'] && !baseline) throw new ArgsError('--fail-on-change needs --baseline FILE');
  const options: RunOptions = {
    ...session,
    only: list(flags.only),
    ...(flags.operation !== undefined ? { operations: list(flags.operation) } : {}),
    expectationsFile: flags.expectations,
    concurrency: positiveInt('concurrency', flags.concurrency, aws ? 2 : 4),
    ...(flags.shard !== undefined ? { shard: parseShard(flags.shard) } : {}),
    resources: readGivenResources(flags.resources, list(flags.resource)),
    ...(flags.cases !== undefined ? { casesFiles: list(flags.cases) } : {}),
    ...(flags.label !== undefined ? { label: checkLabel(flags.label, '--label') } : {}),
  };
  const prepared = prepareRun(options);
  const { plan, cases } = prepared;
  ensureWritableDir(reportDir);
  const recording = recordingFlags(flags, plan);
  const exportRepro = flags['export-repro'];
  if (exportRepro !== undefined) {
    if (exportRepro.trim() === '') throw new ArgsError('--export-repro must name a file, not be empty');
    ensureWritableDir(dirname(resolve(exportRepro)));
  }
  const pactPaths = list(flags.pact);
  // Pact's native core takes a quarter second to load: only runs that verify pacts pay for it.
  const pact = pactPaths.length > 0 ? (require('../../pact/run') as typeof import('../../pact/run')) : undefined;
  pact?.readPacts(pactPaths); // a missing or unreadable pact file is bad input: say so before the run starts

  const needing = cases.filter((c) => c.needs);
  if (aws && needing.length > 0) {
    const wanted = [...new Set(needing.flatMap((c) => c.needs!))].sort();
    io.stderr.write(
      `sagemaker-conformance: ${needing.length} case(s) name resources this run was not given (${wanted.join(', ')}): listed in the report as not run\n`,
    );
  }
  const sharded = options.shard ? `, shard ${options.shard.index}/${options.shard.count}` : '';
  io.stderr.write(
    `sagemaker-conformance: ${cases.length} cases of ${[...new Set(cases.map((c) => c.operation))].join(', ')} against ${targetName}, region ${plan.region}, run ${plan.runId}${sharded}\n`,
  );
  const reported = startReportedRun({
    io,
    reportDir,
    command: 'run',
    plan,
    target,
    targetName,
    ...(options.shard ? { shard: options.shard } : {}),
    stopping: 'finishing cases in flight (waits end now, calls within 1 s), then cleaning up (at most 3 s) and writing the report (press again to abandon)',
  });
  try {
    const run = await runConformance({
      ...options,
      prepared,
      signal: reported.signal,
      onCase: progressPrinter(io.stderr, io.env, flags['per-case'] === true),
      ...(recording.recorder ? { recorder: recording.recorder } : {}),
    });
    const { report, exitCode } =
      pact && !reported.signalled && run.exitCode !== 2
        ? await pact.verifyIntoRun(run, { target, paths: pactPaths, region: flags.region, profile: flags.profile, io })
        : run;
    let files: string[];
    try {
      recording.finish(report, io);
      files = writeReports(report, reportDir, secretsOf(io.env));
    } catch (error) {
      io.stderr.write(`sagemaker-conformance: could not write the reports to ${reportDir}: ${(error as Error).message.split('\n')[0]}\n`);
      for (const l of report.cleanup.leftovers) io.stderr.write(`left on the target: ${l.resource}/${l.name} (${l.reason})\n`);
      for (const line of summaryLines(report.summary)) io.stdout.write(`${line}\n`);
      return 2;
    }
    if (report.problem) io.stderr.write(`${report.complete ? 'note' : 'incomplete'}: ${report.problem}\n`);
    for (const l of report.cleanup.leftovers) io.stderr.write(`left on the target: ${l.resource}/${l.name} (${l.reason})\n`);
    for (const k of report.cleanup.kept ?? []) io.stderr.write(`kept on the target: ${k.resource}/${k.name} (${k.reason})\n`);
    io.stderr.write(`reports: ${files.join(', ')}\n`);
    if (exportRepro !== undefined) {
      const groups = groupsOf(report);
      writeAtomic(exportRepro, renderPytest({ report, cases, service: plan.service, operations: plan.operations }));
      io.stderr.write(`repro: ${exportRepro} (${groups.length} pytest test${groups.length === 1 ? '' : 's'}, one per deviation group)\n`);
    }
    const markdown = files.find((f) => f.endsWith('.md')) ?? reportDir;
    for (const line of groupLines(groupsOf(report), report.cases, markdown)) io.stderr.write(`${line}\n`);
    // Where something needs attention, each operation's score on its own line (stderr: stdout's last line stays the
    // one counts line); the reports give it always.
    const scores = Object.entries(report.operations ?? {});
    if (scores.length > 1 && report.summary.passed !== report.summary.total) for (const [op, s] of scores) io.stderr.write(`  ${op}: ${countsLine(s)}\n`);
    for (const line of summaryLines(report.summary)) io.stdout.write(`${line}\n`);
    let drifted = false;
    if (baseline) {
      const ran = new Set(report.cases.map((c) => c.id));
      const drift = diffReports(restrictTo(baseline, ran), { kind: 'run', report, file: 'this run' }, {});
      const text = renderDiff(drift, { before: baseline.file, after: `run ${report.runId}` });
      writeAtomic(join(reportDir, 'drift.md'), redact(text, secretsOf(io.env)));
      io.stdout.write(`drift against ${baseline.file}: ${drift.changed.length} changed (${join(reportDir, 'drift.md')})\n`);
      for (const c of drift.changed) io.stdout.write(`  ${c.key}: ${outcomeLine(c.before)} → ${outcomeLine(c.after)}\n`);
      drifted = drift.changed.length > 0;
    }
    if (reported.signalled) return SIGNAL_EXIT[reported.signalled] ?? 1;
    return drifted && flags['fail-on-change'] && exitCode === 0 ? 1 : exitCode;
  } finally {
    reported.end();
  }
}

/** Values that must never reach a report, whatever a target echoes back. */
export function secretsOf(env: NodeJS.ProcessEnv): string[] {
  return [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.AWS_ACCESS_KEY_ID, DUMMY_CREDENTIALS.secretAccessKey].filter((v): v is string => Boolean(v));
}

export const runCommand: Command = { run };
