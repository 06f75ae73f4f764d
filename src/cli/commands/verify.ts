import { resolve } from 'node:path';
import { ArgsError, timerDuration, list, parseFlags, TARGET_FLAGS, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import type { PactSource, VerifyOptions } from '../../pact/verify';
import { secretsOf } from './run';
import { chosenTarget } from './safety';
import { ensureWritableDir, writeReports } from '../../report/write';
import { lockReportDir } from '../../report/lock';
import { contractsSummaryLine, failedInteractionLines } from '../../report/contracts';
import { onStopSignals, SIGNAL_EXIT } from '../signals';

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

async function verify(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, VERIFY_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('verify', VERIFY_FLAGS));
    return 0;
  }
  // Pact's modules (and its native core) load only when the command runs, not for --help.
  const { participants } = require('../../pact/contract') as typeof import('../../pact/contract');
  const { DEFAULT_PACT_DIR } = require('../../pact/consumer') as typeof import('../../pact/consumer');
  const { brokerFromEnv, providerVersion, versionAndBranch } = require('../../pact/broker') as typeof import('../../pact/broker');
  const { verifyPacts } = require('../../pact/verify') as typeof import('../../pact/verify');
  const { verificationReport } = require('../../pact/report') as typeof import('../../pact/report');
  const { name: targetName, spec: target } = chosenTarget(flags, io.env);
  const pacts = list(flags.pact);
  const pactUrl = flags['pact-url'] ?? io.env.PACT_URL;
  const selectors = (flags['consumer-version-selector'] ?? []).map((text) => {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
      return value as Record<string, unknown>;
    } catch {
      throw new ArgsError(`--consumer-version-selector must be a JSON object such as '{"mainBranch":true}', not ${JSON.stringify(text)}`);
    }
  });
  const since = flags['include-wip-pacts-since'];
  if (since !== undefined && Number.isNaN(Date.parse(since)))
    throw new ArgsError(`--include-wip-pacts-since must be a date such as 2024-01-31, not ${JSON.stringify(since)}`);
  const fromBroker = flags.publish || selectors.length > 0 || flags['enable-pending'] || since !== undefined;
  if (!flags.publish && (flags.version !== undefined || flags.branch !== undefined)) throw new ArgsError('--version and --branch only go with --publish');
  if (pacts.length > 0 && (fromBroker || pactUrl))
    throw new ArgsError('--pact verifies local files; the broker flags (--publish, --pact-url, selectors, pending, WIP) fetch pacts from a broker: drop one');
  if (flags.publish && flags.only)
    throw new ArgsError('--only verifies part of a pact: its result must not be published, so --only does not go with --publish');
  let source: PactSource;
  let publish: VerifyOptions['publish'];
  if (pactUrl) {
    source = { kind: 'url', url: pactUrl, ...(io.env.PACT_BROKER_TOKEN ? { token: io.env.PACT_BROKER_TOKEN } : {}) };
  } else if (fromBroker) {
    const broker = brokerFromEnv(io.env);
    source = {
      kind: 'broker',
      url: broker.url,
      ...(broker.token ? { token: broker.token } : {}),
      provider: participants({ provider: flags.provider }, io.env).provider,
      ...(selectors.length > 0 ? { selectors } : {}),
      ...(flags['enable-pending'] ? { enablePending: true } : {}),
      ...(since ? { includeWipPactsSince: since } : {}),
    };
  } else {
    source = { kind: 'files', paths: pacts.length > 0 ? pacts : [DEFAULT_PACT_DIR] };
  }
  if (flags.publish) {
    if (source.kind === 'files') throw new ArgsError('--publish publishes to the broker the pacts came from: set PACT_BROKER_BASE_URL or PACT_URL');
    const { version, branch } = versionAndBranch({ version: flags.version, branch: flags.branch }, 'provider');
    // Pact: the version is (or contains) the commit; the target rides along as build metadata, so a mock's, a moto's
    // and each region's results are separate provider versions of the same commit and stand side by side.
    publish = {
      providerVersion: flags.version ?? providerVersion(version, target, flags.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION),
      ...(branch ? { branch } : {}),
    };
  }
  const reportDir = resolve(flags['report-dir'] ?? 'reports/contracts');
  ensureWritableDir(reportDir);
  io.stderr.write(
    `sagemaker-conformance: verifying ${source.kind === 'files' ? source.paths.join(', ') : source.kind === 'url' ? source.url : `the pacts of ${source.provider} in ${source.url}`} against ${targetName}${publish ? `, publishing as ${publish.providerVersion}` : ''}\n`,
  );
  const startedAt = new Date().toISOString();
  const lock = lockReportDir(reportDir, 'a verification');
  let outcome: Awaited<ReturnType<typeof verifyPacts>>;
  let files: string[];
  let report: ReturnType<typeof verificationReport>;
  // The first stop signal ends the verification, which cleans up and reports; the second exits at once.
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const stopSignals = onStopSignals((signal, again) => {
    if (again) {
      io.stderr.write(`${signal} again: exiting without finishing clean-up; what the provider states created may remain\n`);
      process.exit(SIGNAL_EXIT[signal] ?? 1);
    }
    signalled = signal;
    io.stderr.write(
      `\n${signal}: no more states or requests; cleaning up what the states created (at most a few seconds) and writing the report (press again to abandon)\n`,
    );
    controller.abort(signal);
  });
  try {
    outcome = await verifyPacts({
      target,
      source,
      region: flags.region,
      profile: flags.profile,
      timeoutMs: timerDuration('timeout', flags.timeout, 30000),
      ...(publish ? { publish } : {}),
      ...(flags.only ? { only: list(flags.only) } : {}),
      ...(flags.states ? { statesModule: flags.states } : {}),
      env: io.env,
      signal: controller.signal,
    });
    report = verificationReport(outcome, target.kind, startedAt);
    files = writeReports(report, reportDir, secretsOf(io.env));
  } finally {
    stopSignals();
    lock.release();
  }
  for (const line of failedInteractionLines(outcome.contracts)) io.stderr.write(`✗ ${line}\n`);
  if (outcome.problem) io.stderr.write(`${outcome.exitCode === 2 ? 'could not verify' : 'note'}: ${outcome.problem}\n`);
  for (const l of outcome.cleanup.leftovers) io.stderr.write(`left on the target: ${l.resource}/${l.name} (${l.reason})\n`);
  io.stderr.write(`reports: ${files.join(', ')}\n`);
  const s = outcome.contracts.summary;
  if (outcome.contracts.published?.ok)
    io.stderr.write(`published results to ${outcome.contracts.published.broker} as ${outcome.contracts.published.providerVersion}\n`);
  io.stdout.write(`contracts: ${contractsSummaryLine(outcome.contracts)}\n${s.verified} passed, ${s.failed + s.notRun} failed, ${s.skipped} skipped\n`);
  if (signalled) {
    io.stderr.write(`stopped by ${signalled}: the report is marked incomplete\n`);
    return SIGNAL_EXIT[signalled] ?? 1;
  }
  return outcome.exitCode;
}

export const verifyCommand: Command = { run: verify };
