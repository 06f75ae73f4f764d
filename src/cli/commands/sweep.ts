import { duration, parseFlags, TARGET_FLAGS, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { RawSageMakerClient } from '../../client/client';
import { resolveCredentials, resolveRegion } from '../../client/credentials';
import { callerIdentity } from '../../client/identity';
import { sendPatiently, DEFAULT_THROTTLE_POLICY } from '../../client/throttle';
import { deletionOrder, sweep } from '../../engine/sweep';
import { UsageError } from '../../errors';
import { loadService, loadOperations } from '../../spec/load';
import { startTarget } from '../../target/targets';
import { chosenTarget } from './safety';

/** The flags `sweep` takes: the parser and the help both read them. */
const SWEEP_FLAGS = {
  ...TARGET_FLAGS,
  'older-than': { type: 'string' },
  'dry-run': { type: 'boolean' },
  prefix: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

async function runSweep(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, SWEEP_FLAGS);
  if (flags.help) {
    io.stdout.write(helpText('sweep', SWEEP_FLAGS));
    return 0;
  }
  const { choice: target } = chosenTarget(flags, io.env);
  const olderThanMs = duration('older-than', flags['older-than'], 6 * 3600000);
  const prefix = flags.prefix ?? 'sc-';
  if (!/^[a-z][a-z0-9-]{1,15}$/i.test(prefix)) throw new UsageError('--prefix must be 2 to 16 letters, digits or hyphens, starting with a letter');
  const region = resolveRegion(flags.region, io.env);
  const service = loadService();
  const started = await startTarget(target);
  const credentials = resolveCredentials(started.local, flags.profile, io.env);
  const client = new RawSageMakerClient({
    endpoint: started.url,
    region,
    credentials,
    timeoutMs: 15000,
    maxAttempts: started.local ? 3 : 10,
    retryMode: started.local ? 'standard' : 'adaptive',
  });
  try {
    if (started.kind === 'aws') {
      const who = await callerIdentity({ region, credentials });
      io.stderr.write(`sweep: account ${who.account} (${who.arn}), region ${region}\n`);
    }
    io.stderr.write(
      `sweep: ${started.label}, names ${prefix}<run id>-…, older than ${flags['older-than'] ?? '6h'}, tagged by the suite${flags['dry-run'] ? ' (dry run: nothing is deleted)' : ''}\n`,
    );
    const required = [...loadOperations().values()].flatMap((op) => op.requires ?? []);
    const findings = await sweep((op, body) => sendPatiently(() => client.send(op, body), DEFAULT_THROTTLE_POLICY), {
      service,
      order: deletionOrder(service, required),
      prefix,
      olderThanMs,
      dryRun: flags['dry-run'] ?? false,
    });
    for (const f of findings) io.stdout.write(`${f.action.padEnd(12)} ${f.resource}/${f.name}  ${f.createdAt ?? ''}  ${f.reason}\n`);
    const count = (action: string) => findings.filter((f) => f.action === action).length;
    io.stderr.write(`sweep: ${count('deleted')} deleted, ${count('would-delete')} would be deleted, ${count('kept')} kept, ${count('failed')} failed\n`);
    return count('failed') > 0 ? 1 : 0;
  } catch (error) {
    io.stderr.write(`sweep: ${(error as Error).message}\n`);
    return 2;
  } finally {
    client.destroy();
    await started.stop();
  }
}

export const sweepCommand: Command = { run: runSweep };
