import { resolve } from 'node:path';
import { ArgsError, timerDuration, list, parseFlags, TARGET_FLAGS, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import type { VerifyOptions } from '../../pact/verify';
import { secretsOf } from './run';
import { chosenTarget } from './safety';
import { ensureWritableDir, writeReports } from '../../report/write';
import { contractsSummaryLine, failedInteractionLines } from '../../report/contracts';
import { SIGNAL_EXIT } from '../signals';
import { startReportedRun } from '../reported-run';

/** The flags `verify` takes: the parser and the help both read them. */
const VERIFY_FLAGS = {
  ...TARGET_FLAGS,
  pact: { type: 'string', multiple: true },
  'report-dir': { type: 'string' },
  timeout: { type: 'string' },
  publish: { type: 'boolean' },
  'pact-url': { type: 'string' },
  'consumer-version-selector': { type: 'string', multiple: true },
  'enable-pending': { type: 'boolean' },
  'include-wip-pacts-since': { type: 'string' },
  only: { type: 'string', multiple: true },
  states: { type: 'string' },
  provider: { type: 'string' },
  version: { type: 'string' },
  branch: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

type VerifyFlags = ReturnType<typeof parseFlags<typeof VERIFY_FLAGS>>;

/** A JSON object per `--consumer-version-selector`. */
function selectorsOf(texts: readonly string[] | undefined): Record<string, unknown>[] {
  return (texts ?? []).map((text) => {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
      return value as Record<string, unknown>;
    } catch {
      throw new ArgsError(`--consumer-version-selector must be a JSON object such as '{"mainBranch":true}', not ${JSON.stringify(text)}`);
    }
  });
}

/** The flags, parsed once into what `verifyPacts` is given, where the reports go and the target's name. */
function verifyOptions(flags: VerifyFlags, io: CliIo) {
  const { choosePactSource } = require('../../pact/source-choice') as typeof import('../../pact/source-choice');
  const { name: targetName, choice: target } = chosenTarget(flags, io.env);
  const since = flags['include-wip-pacts-since'];
  if (since !== undefined && Number.isNaN(Date.parse(since)))
    throw new ArgsError(`--include-wip-pacts-since must be a date such as 2024-01-31, not ${JSON.stringify(since)}`);
  const { source, publish } = choosePactSource(
    {
      pacts: list(flags.pact),
      pactUrl: flags['pact-url'] ?? io.env.PACT_URL,
      selectors: selectorsOf(flags['consumer-version-selector']),
      ...(flags['enable-pending'] ? { enablePending: true } : {}),
      ...(since !== undefined ? { includeWipPactsSince: since } : {}),
      ...(flags.publish ? { publish: true } : {}),
      ...(flags.only ? { only: true } : {}),
      provider: flags.provider,
      version: flags.version,
      branch: flags.branch,
      region: flags.region,
    },
    target,
    io.env,
  );
  const options: VerifyOptions = {
    target,
    source,
    region: flags.region,
    credentialProfile: flags.profile,
    timeoutMs: timerDuration('timeout', flags.timeout, 30000),
    ...(publish ? { publish } : {}),
    ...(flags.only ? { only: list(flags.only) } : {}),
    ...(flags.states ? { statesModule: flags.states } : {}),
    env: io.env,
  };
  return { targetName, reportDir: resolve(flags['report-dir'] ?? 'reports/contracts'), options };
}

async function verify(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, VERIFY_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('verify', VERIFY_FLAGS));
    return 0;
  }
  // Pact's modules (and its native core) load only when the command runs, not for --help.
  const { prepareVerification, verifyPacts } = require('../../pact/verify') as typeof import('../../pact/verify');
  const { sourceDescription } = require('../../pact/source-choice') as typeof import('../../pact/source-choice');
  const { targetName, reportDir, options } = verifyOptions(flags, io);
  ensureWritableDir(reportDir);
  const publishing = options.publish ? `, publishing as ${options.publish.providerVersion}` : '';
  io.stderr.write(`sagemaker-conformance: verifying ${sourceDescription(options.source)} against ${targetName}${publishing}\n`);
  const prepared = await prepareVerification(options);
  const reported = startReportedRun({
    io,
    reportDir,
    command: 'verify',
    plan: prepared.plan,
    target: options.target,
    targetName,
    stopping: 'no more states or requests; cleaning up what the states created (at most a few seconds) and writing the report (press again to abandon)',
    abandoning: 'what the provider states created may remain',
  });
  let outcome: Awaited<ReturnType<typeof verifyPacts>>;
  let files: string[];
  try {
    outcome = await verifyPacts({ ...options, prepared, signal: reported.signal });
    files = writeReports(outcome.report, reportDir, secretsOf(io.env));
  } finally {
    reported.end();
  }
  for (const line of failedInteractionLines(outcome.contracts)) io.stderr.write(`✗ ${line}\n`);
  if (outcome.problem) io.stderr.write(`${outcome.exitCode === 2 ? 'could not verify' : 'note'}: ${outcome.problem}\n`);
  for (const l of outcome.cleanup.leftovers) io.stderr.write(`left on the target: ${l.resource}/${l.name} (${l.reason})\n`);
  io.stderr.write(`reports: ${files.join(', ')}\n`);
  const s = outcome.contracts.summary;
  if (outcome.contracts.published?.ok)
    io.stderr.write(`published results to ${outcome.contracts.published.broker} as ${outcome.contracts.published.providerVersion}\n`);
  io.stdout.write(`contracts: ${contractsSummaryLine(outcome.contracts)}\n${s.verified} passed, ${s.failed + s.notRun} failed, ${s.skipped} skipped\n`);
  if (reported.signalled) {
    io.stderr.write(`stopped by ${reported.signalled}: the report is marked incomplete\n`);
    return SIGNAL_EXIT[reported.signalled] ?? 1;
  }
  return outcome.exitCode;
}

export const verifyCommand: Command = { run: verify };
