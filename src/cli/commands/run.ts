import { resolve } from 'node:path';
import { ArgsError, duration, list, parseFlags, positiveInt } from '../args';
import { RUN_HELP } from '../help';
import type { CliIo, Command } from '../io';
import { progressPrinter, summaryLines } from '../progress';
import { prepareRun, runConformance, UsageError, type RunOptions } from '../../engine/run';
import { defaultTarget, parseTarget } from '../../target/targets';
import { ensureWritableDir, writeReports } from '../../report/write';
import { behaviourWithFaults } from '../../mock/faults';
import { DUMMY_CREDENTIALS } from '../../client/credentials';

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

async function run(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, {
    target: { type: 'string' },
    region: { type: 'string' },
    profile: { type: 'string' },
    'allow-aws': { type: 'boolean' },
    'report-dir': { type: 'string' },
    only: { type: 'string', multiple: true },
    expectations: { type: 'string' },
    'model-name': { type: 'string' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    'run-id': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    io.stdout.write(`${RUN_HELP}\n`);
    return 0;
  }
  const target = parseTarget(flags.target ?? defaultTarget(io.env));
  if (target.kind === 'aws' && !flags['allow-aws'] && io.env.SAGEMAKER_CONFORMANCE_ALLOW_AWS !== '1') {
    throw new UsageError('--target aws creates resources in a real account: add --allow-aws (or set SAGEMAKER_CONFORMANCE_ALLOW_AWS=1) to confirm');
  }
  if (target.faults) behaviourWithFaults(target.faults); // an unknown fault is bad input: say so before starting
  if (flags['run-id'] !== undefined && !/^[a-z0-9]{1,12}$/.test(flags['run-id'])) throw new ArgsError('--run-id must be 1 to 12 lower-case letters or digits');
  const reportDir = resolve(flags['report-dir'] ?? 'reports');
  const options: RunOptions = {
    target,
    region: flags.region,
    profile: flags.profile,
    only: list(flags.only),
    expectationsFile: flags.expectations,
    modelName: flags['model-name'],
    runId: flags['run-id'],
    concurrency: positiveInt('concurrency', flags.concurrency, 4),
    timeoutMs: duration('timeout', flags.timeout, 10000),
  };
  const { plan, cases } = prepareRun(options);
  try {
    ensureWritableDir(reportDir);
  } catch (error) {
    throw new UsageError(`cannot write reports to ${reportDir}: ${(error as Error).message}`);
  }

  io.stderr.write(`sagemaker-conformance: ${cases.length} cases of ${plan.operation.operation} against ${flags.target ?? defaultTarget(io.env)}, region ${plan.region}, run ${plan.runId}\n`);
  const controller = new AbortController();
  let signalled: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      io.stderr.write(`${signal} again: exiting without finishing clean-up; 'sc-${plan.runId}' resources may remain\n`);
      process.exit(SIGNAL_EXIT[signal] ?? 1);
    }
    signalled = signal;
    io.stderr.write(`\n${signal}: finishing cases in flight, then cleaning up and writing the report (press again to abandon)\n`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { report, exitCode } = await runConformance({ ...options, signal: controller.signal, onCase: progressPrinter(io.stderr as NodeJS.WriteStream) });
    const files = writeReports(report, reportDir, secretsOf(io.env));
    if (report.problem) io.stderr.write(`${report.complete ? 'note' : 'incomplete'}: ${report.problem}\n`);
    for (const l of report.cleanup.leftovers) io.stderr.write(`left on the target: ${l.resource}/${l.name} (${l.reason})\n`);
    io.stderr.write(`reports: ${files.join(', ')}\n`);
    for (const line of summaryLines(report.summary)) io.stdout.write(`${line}\n`);
    return signalled ? (SIGNAL_EXIT[signalled] ?? 1) : exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Values that must never reach a report, whatever a target echoes back. */
export function secretsOf(env: NodeJS.ProcessEnv): string[] {
  return [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.AWS_ACCESS_KEY_ID, DUMMY_CREDENTIALS.secretAccessKey].filter((v): v is string => Boolean(v));
}

export const runCommand: Command = { summary: 'run the case table against a target and write the conformance reports (the default)', run };
