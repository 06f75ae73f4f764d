import { readGivenResources } from '../../engine/resources';
import { ArgsError, list, parseFlags, positiveInt, SPEC_FLAG, TARGET_FLAGS, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { groupLines, progressPrinter, summaryLines } from '../progress';
import { prepareRun, type RunOptions } from '../../runner/run';
import { readBaseline, runRequested, type RequestedRun, type RunRequest } from '../../runner/run-request';
import { ensureWritableDir } from '../../report/write';
import { SIGNAL_EXIT } from '../signals';
import { hearStopSignals } from '../reported-run';
import { sessionFlags } from '../session-flags';
import { chosenTarget } from './safety';
import { DUMMY_CREDENTIALS } from '../../client/credentials';
import { parseShard } from '../../report/shard';
import { outcomeLine } from '../../report/outcome';
import { countsLine, groupsOf } from '../../report/model';
import { dirname, resolve } from 'node:path';
import { printRecording, recordingRequest } from '../recording-flags';
import { checkLabel } from '../../report/label';
import type { TargetChoice } from '../../target/targets';

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
  'throttle-budget': { type: 'string' },
  pact: { type: 'string', multiple: true },
  cases: { type: 'string', multiple: true },
  record: { type: 'string' },
  compare: { type: 'string' },
  'per-case': { type: 'boolean' },
  'export-repro': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

type RunFlags = ReturnType<typeof parseFlags<typeof RUN_FLAGS>>;

/** The flags, parsed once into the run's request: every value checked (and the run planned) before anything starts. */
function runRequestOf(flags: RunFlags, io: CliIo) {
  const { name: targetName, choice: target } = chosenTarget(flags, io.env);
  const { aws, reportDir, options: session } = sessionFlags(flags, target, io);
  if (flags.only !== undefined && list(flags.only).length === 0) throw new ArgsError('--only must give at least one case id or glob, not be empty');
  const baseline = flags.baseline !== undefined ? readBaseline(flags.baseline) : undefined;
  if (flags['fail-on-change'] && !baseline) throw new ArgsError('--fail-on-change needs --baseline FILE');
  const options: RunOptions & { target: TargetChoice } = {
    ...session,
    only: list(flags.only),
    ...(flags.operation !== undefined ? { operations: list(flags.operation) } : {}),
    expectationsFile: flags.expectations,
    concurrency: positiveInt('concurrency', flags.concurrency, aws ? 2 : 4),
    ...(flags.shard !== undefined ? { shard: parseShard(flags.shard) } : {}),
    resources: readGivenResources(flags.resources, list(flags.resource)),
    ...(flags.cases !== undefined ? { casesFiles: list(flags.cases) } : {}),
    ...(flags.label !== undefined ? { label: checkLabel(flags.label, '--label') } : {}),
    onCase: progressPrinter(io.stderr, io.env, flags['per-case'] === true),
  };
  ensureWritableDir(reportDir);
  const recording = recordingRequest(flags);
  const exportRepro = flags['export-repro'];
  if (exportRepro !== undefined) {
    if (exportRepro.trim() === '') throw new ArgsError('--export-repro must name a file, not be empty');
    ensureWritableDir(dirname(resolve(exportRepro)));
  }
  const pactPaths = list(flags.pact);
  // Pact's native core takes a quarter second to load: only runs that verify pacts pay for it.
  const pact = pactPaths.length > 0 ? (require('../../pact/run') as typeof import('../../pact/run')) : undefined;
  pact?.readPacts(pactPaths); // a missing or unreadable pact file is bad input: say so before the run starts
  // Last: the run's options go below the CLI once, to be planned, and come back as the request the run is given.
  const prepared = prepareRun(options);
  const request: RunRequest = {
    options,
    prepared,
    reportDir,
    targetName,
    secrets: secretsOf(io.env),
    ...(baseline ? { baseline, failOnChange: flags['fail-on-change'] === true } : {}),
    ...(exportRepro !== undefined ? { exportRepro } : {}),
    ...(pact
      ? {
          contracts: {
            paths: pactPaths,
            verify: (run, paths) => pact.verifyIntoRun(run, { target, paths, region: flags.region, credentialProfile: flags.profile, io }),
          },
        }
      : {}),
    // Always: a replayed run says which cases its recording did not hold, whether or not it records or compares.
    recording,
  };
  return { request, aws };
}

async function run(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, RUN_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('run', RUN_FLAGS));
    return 0;
  }
  const { request, aws } = runRequestOf(flags, io);
  const { plan, cases } = request.prepared;
  const needing = cases.filter((c) => c.needs);
  if (aws && needing.length > 0) {
    const wanted = [...new Set(needing.flatMap((c) => c.needs!))].sort();
    io.stderr.write(
      `sagemaker-conformance: ${needing.length} case(s) name resources this run was not given (${wanted.join(', ')}): listed in the report as not run\n`,
    );
  }
  const shard = request.options.shard;
  const sharded = shard ? `, shard ${shard.index}/${shard.count}` : '';
  io.stderr.write(
    `sagemaker-conformance: ${cases.length} cases of ${[...new Set(cases.map((c) => c.operation))].join(', ')} against ${request.targetName}, region ${plan.region}, run ${plan.runId}${sharded}\n`,
  );
  const heard = hearStopSignals({
    io,
    command: 'run',
    plan,
    stopping: 'finishing cases in flight (waits end now, calls within 1 s), then cleaning up (at most 3 s) and writing the report (press again to abandon)',
  });
  try {
    const ran = await runRequested(request, heard.signal);
    printRun(ran, request.reportDir, io);
    if (ran.writeError) return 2;
    if (heard.signalled) return SIGNAL_EXIT[heard.signalled] ?? 1;
    return ran.exitCode;
  } finally {
    heard.end();
  }
}

/** What a run prints: where its reports went and what needs attention on stderr; the counts (and drift) on stdout. */
function printRun(ran: RequestedRun, reportDir: string, io: CliIo): void {
  const { report, files } = ran;
  if (ran.recording) printRecording(ran.recording, io);
  if (!files) {
    io.stderr.write(`sagemaker-conformance: could not write the reports to ${reportDir}: ${ran.writeError}\n`);
    for (const l of report.cleanup.leftovers) io.stderr.write(`left on the target: ${l.resource}/${l.name} (${l.reason})\n`);
    for (const line of summaryLines(report.summary)) io.stdout.write(`${line}\n`);
    return;
  }
  if (report.problem) io.stderr.write(`${report.complete ? 'note' : 'incomplete'}: ${report.problem}\n`);
  for (const l of report.cleanup.leftovers) io.stderr.write(`left on the target: ${l.resource}/${l.name} (${l.reason})\n`);
  for (const k of report.cleanup.kept ?? []) io.stderr.write(`kept on the target: ${k.resource}/${k.name} (${k.reason})\n`);
  io.stderr.write(`reports: ${files.join(', ')}\n`);
  if (ran.repro) io.stderr.write(`repro: ${ran.repro.file} (${ran.repro.tests} pytest test${ran.repro.tests === 1 ? '' : 's'}, one per deviation group)\n`);
  const markdown = files.find((f) => f.endsWith('.md')) ?? reportDir;
  for (const line of groupLines(groupsOf(report), report.cases, markdown)) io.stderr.write(`${line}\n`);
  // Where something needs attention, each operation's score on its own line (stderr: stdout's last line stays the
  // one counts line); the reports give it always.
  const scores = Object.entries(report.operations ?? {});
  if (scores.length > 1 && report.summary.passed !== report.summary.total) for (const [op, s] of scores) io.stderr.write(`  ${op}: ${countsLine(s)}\n`);
  for (const line of summaryLines(report.summary)) io.stdout.write(`${line}\n`);
  if (ran.drift) {
    io.stdout.write(`drift against ${ran.drift.against}: ${ran.drift.changed.length} changed (${ran.drift.file})\n`);
    for (const c of ran.drift.changed) io.stdout.write(`  ${c.key}: ${outcomeLine(c.before)} → ${outcomeLine(c.after)}\n`);
  }
}

/** Values that must never reach a report, whatever a target echoes back. */
export function secretsOf(env: NodeJS.ProcessEnv): string[] {
  return [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.AWS_ACCESS_KEY_ID, DUMMY_CREDENTIALS.secretAccessKey].filter((v): v is string => Boolean(v));
}

export const runCommand: Command = { run };
