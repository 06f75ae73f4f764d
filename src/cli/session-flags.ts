import { resolve } from 'node:path';
import { ArgsError, editionFlag, positiveInt, size, timerDuration } from './args';
import type { CliIo } from './io';
import { UsageError } from '../errors';
import { DEFAULT_MAX_BODY_BYTES } from '../client/client';
import { AWS_THROTTLE_BUDGET_MS, THROTTLE_BUDGET_MS } from '../engine/session';
import type { TargetChoice } from '../target/targets';

/** The flag values every command that opens a session on a target reads (run, explore), as the parser gives them. */
export interface SessionFlagValues {
  edition?: string | undefined;
  spec?: string | undefined;
  region?: string | undefined;
  profile?: string | undefined;
  'report-dir'?: string | undefined;
  'model-name'?: string | undefined;
  'run-id'?: string | undefined;
  'execution-role-arn'?: string | undefined;
  image?: string | undefined;
  timeout?: string | undefined;
  'retry-mode'?: string | undefined;
  'max-attempts'?: string | undefined;
  'max-body'?: string | undefined;
  'throttle-budget'?: string | undefined;
}

/**
 * The checks and options a session's flags mean, the same for every command that opens one: a bad value is refused
 * before anything starts, and a real account gets its own defaults (adaptive retries, more attempts).
 */
export function sessionFlags(flags: SessionFlagValues, target: TargetChoice, io: CliIo) {
  if (flags['run-id'] !== undefined && !/^[a-z0-9]{1,12}$/.test(flags['run-id'])) throw new ArgsError('--run-id must be 1 to 12 lower-case letters or digits');
  if (flags['report-dir'] !== undefined && flags['report-dir'].trim() === '') throw new ArgsError('--report-dir must name a folder, not be empty');
  const aws = target.kind === 'aws';
  if (flags['model-name'] !== undefined && (flags['execution-role-arn'] !== undefined || flags.image !== undefined)) {
    throw new ArgsError('--model-name names an existing model; --execution-role-arn and --image describe the one the run would create: give one or the other');
  }
  if (aws && flags['model-name'] === undefined && flags['execution-role-arn'] === undefined) {
    throw new UsageError("--target aws needs --execution-role-arn (a role SageMaker can assume) for the run's own model, or --model-name of an existing model");
  }
  const retryMode = flags['retry-mode'] ?? (aws ? 'adaptive' : 'standard');
  if (retryMode !== 'standard' && retryMode !== 'adaptive') throw new ArgsError(`--retry-mode must be standard or adaptive, not ${JSON.stringify(retryMode)}`);
  const edition = editionFlag(flags);
  return {
    aws,
    reportDir: resolve(flags['report-dir'] ?? 'reports'),
    options: {
      target,
      ...(edition !== undefined ? { edition } : {}),
      region: flags.region,
      credentialProfile: flags.profile,
      modelName: flags['model-name'],
      runId: flags['run-id'],
      timeoutMs: timerDuration('timeout', flags.timeout, 10000),
      maxAttempts: positiveInt('max-attempts', flags['max-attempts'], aws ? 10 : 3),
      retryMode: retryMode as 'standard' | 'adaptive',
      maxBodyBytes: size('max-body', flags['max-body'], DEFAULT_MAX_BODY_BYTES),
      throttleBudgetMs: timerDuration('throttle-budget', flags['throttle-budget'], aws ? AWS_THROTTLE_BUDGET_MS : THROTTLE_BUDGET_MS),
      onNotice: (line: string) => io.stderr.write(`${line}\n`),
      ...(flags['execution-role-arn'] !== undefined ? { executionRoleArn: flags['execution-role-arn'] } : {}),
      ...(flags.image !== undefined ? { image: flags.image } : {}),
      onIdentity: (who: { account: string; arn: string }, region: string) =>
        io.stderr.write(`sagemaker-conformance: account ${who.account} (${who.arn}), region ${region}\n`),
    },
  };
}
