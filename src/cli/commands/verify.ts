import { resolve } from 'node:path';
import { ArgsError, duration, list, parseFlags, TARGET_FLAGS, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import type { PactSource, VerifyOptions } from '../../pact/verify';
import { secretsOf } from './run';
import { chosenTarget } from './safety';
import { ensureWritableDir, writeReports } from '../../report/write';
import { contractsSummaryLine, failedInteractionLines } from '../../report/contracts';

/** The flags `verify` takes: the parser and the help both read them. */
const VERIFY_FLAGS = {
  ...TARGET_FLAGS,
  pact: { type: 'string', multiple: true },
  'report-dir': { type: 'string' },
  timeout: { type: 'string' },
  publish: { type: 'boolean' },
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
  const { brokerFromEnv, versionAndBranch } = require('../../pact/broker') as typeof import('../../pact/broker');
  const { verifyPacts } = require('../../pact/verify') as typeof import('../../pact/verify');
  const { verificationReport } = require('../../pact/report') as typeof import('../../pact/report');
  const { name: targetName, spec: target } = chosenTarget(flags, io.env);
  const pacts = list(flags.pact);
  if (!flags.publish && (flags.version !== undefined || flags.branch !== undefined)) throw new ArgsError('--version and --branch only go with --publish');
  let source: PactSource;
  let publish: VerifyOptions['publish'];
  if (flags.publish) {
    // Pact publishes results against the broker's copy of a pact: a local file has nowhere to report to.
    if (pacts.length > 0) throw new ArgsError('--publish verifies the pacts in the broker and publishes the results there: drop --pact');
    const broker = brokerFromEnv(io.env);
    const { version, branch } = versionAndBranch({ version: flags.version, branch: flags.branch }, 'provider');
    source = {
      kind: 'broker',
      url: broker.url,
      ...(broker.token ? { token: broker.token } : {}),
      provider: participants({ provider: flags.provider }, io.env).provider,
    };
    publish = { providerVersion: version, ...(branch ? { branch } : {}) };
  } else {
    source = { kind: 'files', paths: pacts.length > 0 ? pacts : [DEFAULT_PACT_DIR] };
  }
  const reportDir = resolve(flags['report-dir'] ?? 'reports/contracts');
  ensureWritableDir(reportDir);
  io.stderr.write(
    `sagemaker-conformance: verifying ${source.kind === 'files' ? source.paths.join(', ') : `the pacts of ${source.provider} in ${source.url}`} against ${targetName}\n`,
  );
  const startedAt = new Date().toISOString();
  const outcome = await verifyPacts({
    target,
    source,
    region: flags.region,
    profile: flags.profile,
    timeoutMs: duration('timeout', flags.timeout, 30000),
    ...(publish ? { publish } : {}),
  });
  const report = verificationReport(outcome, target.kind, startedAt);
  const files = writeReports(report, reportDir, secretsOf(io.env));
  for (const line of failedInteractionLines(outcome.contracts)) io.stderr.write(`✗ ${line}\n`);
  if (outcome.problem) io.stderr.write(`${outcome.exitCode === 2 ? 'could not verify' : 'note'}: ${outcome.problem}\n`);
  for (const l of outcome.cleanup.leftovers) io.stderr.write(`left on the target: ${l.resource}/${l.name} (${l.reason})\n`);
  io.stderr.write(`reports: ${files.join(', ')}\n`);
  const s = outcome.contracts.summary;
  io.stdout.write(`contracts: ${contractsSummaryLine(outcome.contracts)}\n${s.verified} passed, ${s.failed} failed, 0 skipped\n`);
  return outcome.exitCode;
}

export const verifyCommand: Command = { run: verify };
