import { ArgsError, editionFlag, parseFlags, positiveInt, SPEC_FLAG, TARGET_FLAGS, timerDuration, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { ensureWritableDir, writeReports } from '../../report/write';
import { SIGNAL_EXIT } from '../signals';
import { startReportedRun } from '../reported-run';
import { sessionFlags } from '../session-flags';
import { recordingFlags } from '../recording-flags';
import { planRun } from '../../engine/plan';
import { chosenTarget } from './safety';
import { secretsOf } from './run';
import { DEFAULT_BUDGET_MS, DEFAULT_SHRINK_MS, exploreTarget } from '../../explore/explore';
import { checkSaveTarget, foundCase, saveFindings } from '../../explore/cases';
import { exploreSummaryLines, recurredWords } from '../../report/explore';
import { brief } from '../../report/model';
import { printable } from '../../io/neutral';
import { replayLine } from '../replay-line';

/** The flags `explore` takes: the parser and the help both read them. */
const EXPLORE_FLAGS = {
  ...TARGET_FLAGS,
  ...SPEC_FLAG,
  seed: { type: 'string' },
  budget: { type: 'string' },
  'max-requests': { type: 'string' },
  'max-findings': { type: 'string' },
  'shrink-budget': { type: 'string' },
  rate: { type: 'string' },
  record: { type: 'string' },
  save: { type: 'string' },
  'report-dir': { type: 'string' },
  'model-name': { type: 'string' },
  timeout: { type: 'string' },
  'run-id': { type: 'string' },
  'execution-role-arn': { type: 'string' },
  image: { type: 'string' },
  'retry-mode': { type: 'string' },
  'max-attempts': { type: 'string' },
  'max-body': { type: 'string' },
  'throttle-budget': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Requests a second against a real account unless --rate says otherwise: CreateEndpointConfig's control-plane limit is low. */
const AWS_RATE = 5;

function seedOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31)
    throw new ArgsError(`--seed must be a whole number between -2147483648 and 2147483647, not ${JSON.stringify(value)}`);
  return n;
}

async function explore(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, EXPLORE_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('explore', EXPLORE_FLAGS));
    return 0;
  }
  const { name: targetName, spec: target } = chosenTarget(flags, io.env);
  const { aws, reportDir, options: session } = sessionFlags(flags, target, io);
  if (flags.save !== undefined && flags.save.trim() === '') throw new ArgsError('--save must name a file, not be empty');
  const seed = seedOf(flags.seed) ?? (Date.now() % 2 ** 31) | 0;
  const options = {
    ...session,
    seed,
    budgetMs: timerDuration('budget', flags.budget, DEFAULT_BUDGET_MS),
    shrinkMs: timerDuration('shrink-budget', flags['shrink-budget'], DEFAULT_SHRINK_MS),
    ...(flags['max-requests'] !== undefined ? { maxRequests: positiveInt('max-requests', flags['max-requests'], 0) } : {}),
    ...(flags['max-findings'] !== undefined ? { maxFindings: positiveInt('max-findings', flags['max-findings'], 0) } : {}),
    ...(flags.rate !== undefined || aws ? { ratePerSecond: flags.rate !== undefined ? rateOf(flags.rate) : AWS_RATE } : {}),
  };
  // Everything that can be checked before the target is: the plan (its run id, the spec), the report folder, the save file.
  const plan = planRun(options);
  ensureWritableDir(reportDir);
  if (flags.save !== undefined) checkSaveTarget(flags.save, plan.operation.operation);
  const recording = recordingFlags({ record: flags.record }, plan);
  io.stderr.write(
    `sagemaker-conformance: exploring ${plan.operation.operation} against ${targetName}, region ${plan.region}, run ${plan.runId}, seed ${seed} (budget ${options.budgetMs / 1000} s${options.maxRequests ? `, at most ${options.maxRequests} requests` : ''})\n`,
  );
  const reported = startReportedRun({
    io,
    reportDir,
    command: 'explore',
    plan,
    target,
    targetName,
    stopping: 'stopping exploration (calls in flight within 1 s), then cleaning up (at most 3 s) and writing the report',
  });
  try {
    let found = 0;
    const { report, exitCode } = await exploreTarget({
      ...options,
      runId: plan.runId,
      signal: reported.signal,
      ...(recording.recorder ? { recorder: recording.recorder } : {}),
      onFinding: (f) =>
        io.stderr.write(
          `${f.flaky ? 'flaky' : `finding ${++found}`}: ${f.id}: ${printable(brief(f.disagreements[0] ?? 'disagrees', 200))} (shrunk from ${f.shrink.fromBytes} to ${f.shrink.toBytes} bytes in ${f.shrink.steps} steps, ${f.shrink.ms} ms; ${recurredWords(f)})\n`,
        ),
    });
    const section = report.explore!;
    // Flaky findings are not saved: replayed, such a case would pass most times and fail now and then, which is
    // the noise a regression case must not carry. The report keeps their smallest requests.
    if (flags.save !== undefined && section.flaky.length > 0)
      io.stderr.write(`not saved to ${flags.save}: ${section.flaky.length} flaky finding(s) (see the report)\n`);
    if (flags.save !== undefined && section.findings.length > 0) {
      const meta = { target: targetName, runId: plan.runId, foundAt: report.finishedAt, operation: plan.operation.operation };
      const total = saveFindings(
        flags.save,
        plan.operation.operation,
        section.findings.map((f) => foundCase(f, meta)),
      );
      section.saved = flags.save;
      io.stderr.write(
        `saved ${section.findings.length} case(s) to ${flags.save} (${total} in the file); replay: ${replayLine(flags.save, {
          ...flags,
          target: targetName,
          region: plan.region,
          edition: editionFlag(flags),
        })}\n`,
      );
    }
    let files: string[];
    try {
      recording.finish(report, io);
      files = writeReports(report, reportDir, secretsOf(io.env));
    } catch (error) {
      io.stderr.write(`sagemaker-conformance: could not write the reports to ${reportDir}: ${(error as Error).message.split('\n')[0]}\n`);
      for (const line of exploreSummaryLines(section)) io.stdout.write(`${line}\n`);
      return 2;
    }
    if (report.problem) io.stderr.write(`${report.complete ? 'note' : 'incomplete'}: ${report.problem}\n`);
    for (const l of report.cleanup.leftovers) io.stderr.write(`left on the target: ${l.resource}/${l.name} (${l.reason})\n`);
    io.stderr.write(`reports: ${files.join(', ')}\n`);
    for (const line of exploreSummaryLines(section)) io.stdout.write(`${line}\n`);
    if (reported.signalled) return SIGNAL_EXIT[reported.signalled] ?? 1;
    return exitCode;
  } finally {
    reported.end();
  }
}

function rateOf(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ArgsError(`--rate must be a number of requests a second above 0, not ${JSON.stringify(value)}`);
  return n;
}

export const exploreCommand: Command = { run: explore };
