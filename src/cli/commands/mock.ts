import { BadInputError } from '../../errors';
import { list, parseFlags, positiveInt, SPEC_FLAG, editionFlag, type Options } from '../args';
import { helpText } from '../help';
import type { CliIo, Command } from '../io';
import { behaviourWithFaults, knownFaults } from '../../mock/faults';
import { startReferenceMock } from '../../mock/reference';
import type { RequestLogEntry } from '../../mock/server';
import { loadService } from '../../spec/load';
import { loadEdition } from '../../spec/editions';
import type { ServiceSpec } from '../../spec/types';
import { resolveRegion } from '../../client/credentials';
import { whenAnyEnds, wrapperAncestors } from '../wrappers';

/** Every operation the mock answers: each resource's create, describe, delete and list, and tagging. */
export function servedOperations(service: ServiceSpec): string[] {
  const ops = Object.values(service.resources).flatMap((r) => [r.create, r.describe, r.delete, r.list.operation]);
  if (service.tagging) ops.push(service.tagging.add, service.tagging.list);
  return [...new Set(ops)];
}

function wrap(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = indent.trimEnd();
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width) {
      lines.push(line);
      line = indent.trimEnd();
    }
    line += `${line.trim() ? ' ' : indent}${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The flags `mock` takes: the parser and the help both read them. */
const MOCK_FLAGS = {
  ...SPEC_FLAG,
  port: { type: 'string' },
  region: { type: 'string' },
  fault: { type: 'string', multiple: true },
  'list-faults': { type: 'boolean' },
  log: { type: 'boolean' },
  'error-type-header': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

async function serveMock(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, MOCK_FLAGS);
  if (flags.help) {
    io.stdout.write(
      helpText('mock', MOCK_FLAGS, `Operations served (from contracts/service.json):\n${wrap(servedOperations(loadService()).join(', '), '  ')}`),
    );
    return 0;
  }
  if (flags['list-faults']) {
    for (const [name, fault] of Object.entries(knownFaults(editionFlag(flags)))) {
      const note = fault.equivalent
        ? ` (equivalent to the spec, left out of the self-test: ${fault.equivalent})`
        : fault.combination
          ? ` (only a combination reveals it, so explore finds it and the table cannot: ${fault.combination})`
          : '';
      io.stdout.write(`${name.padEnd(36)} ${fault.description}${note}\n`);
    }
    return 0;
  }
  const port = flags.port === undefined ? 0 : positiveInt('port', flags.port, 0);
  const edition = loadEdition(editionFlag(flags));
  const region = resolveRegion(flags.region);
  const mock = await listening(port, () =>
    startReferenceMock({
      behaviour: behaviourWithFaults(list(flags.fault), edition.name),
      port,
      edition: edition.name,
      region,
      ...(flags['error-type-header'] ? { errorTypeHeader: true } : {}),
      ...(flags.log
        ? {
            onRequest: (e: RequestLogEntry) =>
              io.stderr.write(`${new Date().toISOString()} ${e.method} ${e.path} ${e.operation || '-'} ${e.status} ${e.ms} ms\n`),
          }
        : {}),
    }),
  );
  io.stdout.write(
    `reference mock listening on ${mock.url} (edition ${edition.name}, region ${region})${flags.fault ? ` with faults ${list(flags.fault).join(',')}` : ''}\n`,
  );
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
    // Started through npx, the PID a user's shell holds is npm's, and npm does not pass SIGTERM on: stop when it ends.
    whenAnyEnds(wrapperAncestors(), stop);
  });
  await mock.close();
  return 0;
}

/** A port the mock cannot listen on: the user's choice of port, said in one line (exit 2), not a stack trace. */
class PortError extends BadInputError {
  override name = 'PortError';
  override readonly showsUsage = false;
}

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'is in use (another process listens on it); pick another, or leave --port out for a free one',
  EACCES: 'may not be listened on by this user (ports below 1024 need privileges); pick a port from 1024',
};

async function listening<T>(port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const why = LISTEN_ERRORS[(error as NodeJS.ErrnoException).code ?? ''];
    if (why) throw new PortError(`--port ${port}: 127.0.0.1:${port} ${why}`);
    throw error;
  }
}

export const mockCommand: Command = { run: serveMock };
