import { ArgsError, editionFlag, parseFlags, positiveInt, SPEC_FLAG, TARGET_FLAGS, timerDuration, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { ensureWritableDir } from '../../report/write';
import { SIGNAL_EXIT } from '../signals';
import { hearStopSignals } from '../reported-run';
import { sessionFlags } from '../session-flags';
import { printRecording, recordingRequest } from '../recording-flags';
import { planRun } from '../../engine/plan';
import { chosenTarget } from './safety';
import { secretsOf } from './run';
import { DEFAULT_BUDGET_MS, DEFAULT_SHRINK_MS } from '../../explore/explore';
import { exploreRequested, type ExploreRequest, type RequestedExploration } from '../../explore/explore-request';
import { checkSaveTarget } from '../../explore/cases';
import type { Finding } from '../../explore/types';
import { exploreSummaryLines, recurredWords } from '../../report/explore';
import { brief } from '../../report/model';
import { printable } from '../../io/neutral';
import { replayLine, type ReplayFlags } from '../replay-line';

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

type ExploreFlags = ReturnType<typeof parseFlags<typeof EXPLORE_FLAGS>>;

/** The flags, parsed once into the exploration's request: every value checked (and the exploration planned) before anything starts. */
function exploreRequestOf(flags: ExploreFlags, io: CliIo): ExploreRequest {
  const { name: targetName, choice: target } = chosenTarget(flags, io.env);
  const { aws, reportDir, options: session } = sessionFlags(flags, target, io);
  if (flags.save !== undefined && flags.save.trim() === '') throw new ArgsError('--save must name a file, not be empty');
  let found = 0;
  const options = {
    ...session,
    seed: seedOf(flags.seed) ?? (Date.now() % 2 ** 31) | 0,
    budgetMs: timerDuration('budget', flags.budget, DEFAULT_BUDGET_MS),
    shrinkMs: timerDuration('shrink-budget', flags['shrink-budget'], DEFAULT_SHRINK_MS),
    ...(flags['max-requests'] !== undefined ? { maxRequests: positiveInt('max-requests', flags['max-requests'], 0) } : {}),
    ...(flags['max-findings'] !== undefined ? { maxFindings: positiveInt('max-findings', flags['max-findings'], 0) } : {}),
    ...(flags.rate !== undefined || aws ? { ratePerSecond: flags.rate !== undefined ? rateOf(flags.rate) : AWS_RATE } : {}),
    onFinding: (f: Finding) =>
      io.stderr.write(
        `${f.flaky ? 'flaky' : `finding ${++found}`}: ${f.id}: ${printable(brief(f.disagreements[0] ?? 'disagrees', 200))} (shrunk from ${f.shrink.fromBytes} to ${f.shrink.toBytes} bytes in ${f.shrink.steps} steps, ${f.shrink.ms} ms; ${recurredWords(f)})\n`,
      ),
  };
  ensureWritableDir(reportDir);
  const recording = recordingRequest({ record: flags.record });
  // Last: the options go below the CLI once, to be planned (its run id, the edition), and come back as the request.
  const plan = planRun(options);
  if (flags.save !== undefined) checkSaveTarget(flags.save, plan.operation.operation);
  return { options, plan, reportDir, targetName, secrets: secretsOf(io.env), ...(flags.save !== undefined ? { save: flags.save } : {}), recording };
}

async function explore(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, EXPLORE_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('explore', EXPLORE_FLAGS));
    return 0;
  }
  const request = exploreRequestOf(flags, io);
  const { plan, options } = request;
  io.stderr.write(
    `sagemaker-conformance: exploring ${plan.operation.operation} against ${request.targetName}, region ${plan.region}, run ${plan.runId}, seed ${options.seed} (budget ${options.budgetMs / 1000} s${options.maxRequests ? `, at most ${options.maxRequests} requests` : ''})\n`,
  );
  const heard = hearStopSignals({
    io,
    command: 'explore',
    plan,
    stopping: 'stopping exploration (calls in flight within 1 s), then cleaning up (at most 3 s) and writing the report',
  });
  try {
    const explored = await exploreRequested(request, heard.signal);
    printExploration(explored, request, { ...flags, target: request.targetName, region: plan.region, edition: editionFlag(flags) }, io);
    if (explored.writeError) return 2;
    if (heard.signalled) return SIGNAL_EXIT[heard.signalled] ?? 1;
    return explored.exitCode;
  } finally {
    heard.end();
  }
}

/** What an exploration prints: what was saved, where its reports went and what needs attention on stderr; its summary on stdout. */
function printExploration(explored: RequestedExploration, request: ExploreRequest, replayFlags: ReplayFlags, io: CliIo): void {
  const { report, files } = explored;
  const section = report.explore!;
  if (explored.flakyNotSaved) io.stderr.write(`not saved to ${request.save}: ${explored.flakyNotSaved} flaky finding(s) (see the report)\n`);
  if (explored.saved)
    io.stderr.write(
      `saved ${explored.saved.count} case(s) to ${explored.saved.file} (${explored.saved.total} in the file); replay: ${replayLine(explored.saved.file, replayFlags)}\n`,
    );
  if (explored.recording) printRecording(explored.recording, io);
  if (!files) {
    io.stderr.write(`sagemaker-conformance: could not write the reports to ${request.reportDir}: ${explored.writeError}\n`);
  } else {
    if (report.problem) io.stderr.write(`${report.complete ? 'note' : 'incomplete'}: ${report.problem}\n`);
    for (const l of report.cleanup.leftovers) io.stderr.write(`left on the target: ${l.resource}/${l.name} (${l.reason})\n`);
    io.stderr.write(`reports: ${files.join(', ')}\n`);
  }
  for (const line of exploreSummaryLines(section)) io.stdout.write(`${line}\n`);
}

function rateOf(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new ArgsError(`--rate must be a number of requests a second above 0, not ${JSON.stringify(value)}`);
  return n;
}

export const exploreCommand: Command = { run: explore };
