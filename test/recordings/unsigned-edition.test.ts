import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { behaviourWithFaults } from '../../src/mock/faults';
import { startReferenceMock } from '../../src/mock/reference';
import { captureIo } from '../helpers/io';

/**
 * An edition chooses which constraints are tested, not how the protocol behaves: an unsigned request answered as
 * Coral's JSON services answer it (HTTP 400, MissingAuthenticationTokenException) passes in every edition.
 */
describe.each(['seed', 'model'])('protocol.unsigned in the %s edition', (edition) => {
  it.each([400, 403])('passes against a target answering an unsigned request with %i and the protocol code', async (status) => {
    const behaviour = behaviourWithFaults([], edition);
    const mock = await startReferenceMock({ edition: edition, behaviour: { ...behaviour, protocol: { ...behaviour.protocol, unsignedStatus: status } } });
    const reportDir = mkdtempSync(join(tmpdir(), 'unsigned-'));
    try {
      const io = captureIo();
      const code = await main(['run', '--edition', edition, '--target', mock.url, '--only', 'protocol.unsigned', '--report-dir', reportDir], io);
      const report = JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8'));
      expect(report.cases.map((c: { id: string; status: string }) => `${c.id} ${c.status}`)).toEqual(['protocol.unsigned passed']);
      expect(report.cases[0].steps[0].actual).toMatchObject({ status, errorCode: 'MissingAuthenticationTokenException' });
      expect(code).toBe(0);
    } finally {
      await mock.close();
    }
  });

  it('still fails a target answering with 401', async () => {
    const mock = await startReferenceMock({ edition: edition, behaviour: behaviourWithFaults(['unsigned-status-401'], edition) });
    const reportDir = mkdtempSync(join(tmpdir(), 'unsigned-'));
    try {
      const code = await main(['run', '--edition', edition, '--target', mock.url, '--only', 'protocol.unsigned', '--report-dir', reportDir], captureIo());
      expect(code).toBe(1);
    } finally {
      await mock.close();
    }
  });
});
