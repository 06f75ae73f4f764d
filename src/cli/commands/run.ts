import { resolve } from 'node:path';
import { readGivenResources } from '../../engine/resources';
import { ArgsError, timerDuration, list, parseFlags, positiveInt, size, SPEC_FLAG, editionFlag, TARGET_FLAGS, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { progressPrinter, summaryLines } from '../progress';
import { prepareRun, runConformance, UsageError, type RunOptions } from '../../runner/run';
import { ensureWritableDir, writeReports } from '../../report/write';
import { SIGNAL_EXIT } from '../signals';
import { startReportedRun } from '../reported-run';
import { DEFAULT_MAX_BODY_BYTES } from '../../client/client';
import { chosenTarget } from './safety';
import { DUMMY_CREDENTIALS } from '../../client/credentials';
import { parseShard } from '../../report/shard';
import { readReport } from '../../report/load';
import { diffReports, renderDiff, restrictTo } from '../../report/diff';
import { outcomeLine } from '../../report/outcome';
import { countsLine } from '../../report/model';
import { writeAtomic } from '../../report/write';
import { redact } from '../../client/redact';
import { join } from 'node:path';

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
  'execution-role-arn': { type: 'string' },
  image: { type: 'string' },
  resources: { type: 'string' },
  resource: { type: 'string', multiple: true },
  'retry-mode': { type: 'string' },
  'max-attempts': { type: 'string' },
  'max-body': { type: 'string' },
  pact: { type: 'string', multiple: true },
  cases: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

async function run(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, RUN_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('run', RUN_FLAGS));
    return 0;
  }
  const { name: targetName, spec: target } = chosenTarget(flags, io.env);
  if (flags['run-id'] !== undefined && !/^[a-z0-9]{1,12}$/.test(flags['run-id'])) throw new ArgsError('--run-id must be 1 to 12 lower-case letters or digits');
  if (flags['report-dir'] !== undefined && flags['report-dir'].trim() === '') throw new ArgsError('--report-dir must name a folder, not be empty');
  if (flags.only !== undefined && list(flags.only).length === 0) throw new ArgsError('--only must give at least one case id or glob, not be empty');
  const reportDir = resolve(flags['report-dir'] ?? 'reports');
  const aws = target.kind === 'aws';
  if (flags['model-name'] !== undefined && (flags['execution-role-arn'] !== undefined || flags.image !== undefined)) {
    throw new ArgsError('--model-name names an existing model; --execution-role-arn and --image describe the one the run would create: give one or the other');
  }
  if (aws && flags['model-name'] === undefined && flags['execution-role-arn'] === undefined) {
    throw new UsageError("--target aws needs --execution-role-arn (a role SageMaker can assume) for the run's own model, or --model-name of an existing model");
  }
  const retryMode = flags['retry-mode'] ?? (aws ? 'adaptive' : 'standard');
  if (retryMode !== 'standard' && retryMode !== 'adaptive') throw new ArgsError(`--retry-mode must be standard or adaptive, not ${JSON.stringify(retryMode)}`);
  const baseline = flags.baseline !== undefined ? readReport(flags.baseline) : undefined;
  if (baseline?.kind === 'merged')
    throw new UsageError(`--baseline ${baseline.file} is a merged report; give one run's conformance.json (or use 'diff' on two merged reports)`);
  if (flags['fail-on-change'] && !baseline) throw new ArgsError('--fail-on-change needs --baseline FILE');
  const options: RunOptions = {
    target,
    ...(editionFlag(flags) !== undefined ? { spec: editionFlag(flags) } : {}),
    region: flags.region,
    profile: flags.profile,
    only: list(flags.only),
    ...(flags.operation !== undefined ? { operations: list(flags.operation) } : {}),
    expectationsFile: flags.expectations,
    modelName: flags['model-name'],
    runId: flags['run-id'],
    concurrency: positiveInt('concurrency', flags.concurrency, aws ? 2 : 4),
    timeoutMs: timerDuration('timeout', flags.timeout, 10000),
    maxAttempts: positiveInt('max-attempts', flags['max-attempts'], aws ? 10 : 3),
    retryMode,
    maxBodyBytes: size('max-body', flags['max-body'], DEFAULT_MAX_BODY_BYTES),
    onNotice: (line) => io.stderr.write(`${line}\n`),
    ...(flags.shard !== undefined ? { shard: parseShard(flags.shard) } : {}),
    ...(flags['execution-role-arn'] !== undefined ? { executionRoleArn: flags['execution-role-arn'] } : {}),
    ...(flags.image !== undefined ? { image: flags.image } : {}),
    resources: readGivenResources(flags.resources, list(flags.resource)),
    onIdentity: (who, region) => io.stderr.write(`sagemaker-conformance: account ${who.account} (${who.arn}), region ${region}\n`),
    ...(flags.cases !== undefined ? { casesFiles: list(flags.cases) } : {}),
  };
  const prepared = prepareRun(options);
  const { plan, cases } = prepared;
  ensureWritableDir(reportDir);
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
    const run = await runConformance({ ...options, prepared, signal: reported.signal, onCase: progressPrinter(io.stderr, io.env) });
    const { report, exitCode } =
      pact && !reported.signalled && run.exitCode !== 2
        ? await pact.verifyIntoRun(run, { target, paths: pactPaths, region: flags.region, profile: flags.profile, io })
        : run;
    let files: string[];
    try {
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
