import { list, parseFlags, positiveInt, SPEC_FLAG } from '../args';
import { MOCK_HELP } from '../help';
import type { CliIo, Command } from '../io';
import { behaviourWithFaults, knownFaults } from '../../mock/faults';
import { startReferenceMock } from '../../mock/reference';
import { loadProfile } from '../../spec/profiles';
import { resolveRegion } from '../../client/credentials';

async function serveMock(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, {
    ...SPEC_FLAG,
    port: { type: 'string' },
    region: { type: 'string' },
    fault: { type: 'string', multiple: true },
    'list-faults': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    io.stdout.write(`${MOCK_HELP}\n`);
    return 0;
  }
  if (flags['list-faults']) {
    for (const [name, fault] of Object.entries(knownFaults(flags.spec))) {
      const note = fault.equivalent ? ` (equivalent to the spec, left out of the self-test: ${fault.equivalent})` : '';
      io.stdout.write(`${name.padEnd(36)} ${fault.description}${note}\n`);
    }
    return 0;
  }
  const port = flags.port === undefined ? 0 : positiveInt('port', flags.port, 0);
  const profile = loadProfile(flags.spec);
  const region = resolveRegion(flags.region);
  const mock = await startReferenceMock({ behaviour: behaviourWithFaults(list(flags.fault), profile.name), port, spec: profile.name, region });
  io.stdout.write(
    `reference mock listening on ${mock.url} (spec profile ${profile.name}, region ${region})${flags.fault ? ` with faults ${list(flags.fault).join(',')}` : ''}\n`,
  );
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await mock.close();
  return 0;
}

export const mockCommand: Command = { run: serveMock };
