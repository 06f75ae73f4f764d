import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSmithyModel } from '../../src/model/smithy';
import { readOverlay } from '../../src/model/overlay';
import { importChecked } from '../../src/model/refresh';
import { readRecording } from '../../src/client/recording/read';
import { RECORDING_FORMAT, RECORDING_FORMAT_VERSION, RECORDING_HEADER_FILE } from '../../src/client/recording/format';

/**
 * The importer's files (a Smithy model, an overlay, the provenance) and a recording's files come from other people:
 * each is read within the limits every input file gets (a regular file, a size, a depth), and a recording names only
 * files in its own folder. Before, `/dev/zero` as a model read until memory ran out and a FIFO blocked for ever.
 */
describe("the importer's and a recording's files", () => {
  const work = mkdtempSync(join(tmpdir(), 'sc-inputs-'));
  const fifo = join(work, 'fifo');
  beforeAll(() => execFileSync('mkfifo', [fifo]));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each([
    ['/dev/zero', () => '/dev/zero', /a device, not a regular file/],
    ['a FIFO', () => fifo, /a FIFO, not a regular file/],
    ['a folder', () => work, /a folder, not a regular file/],
    [
      'JSON nested 10000 deep',
      () => (writeFileSync(join(work, 'deep.json'), '['.repeat(10000) + ']'.repeat(10000)), join(work, 'deep.json')),
      /nested 10000 levels deep/,
    ],
  ])('refuses %s as a Smithy model or an overlay, in one line and at once', (_name, make, reason) => {
    const file = make();
    const started = Date.now();
    expect(() => readSmithyModel(file)).toThrow(reason);
    expect(() => readOverlay(file, 'CreateEndpointConfig')).toThrow(reason);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a FIFO as the provenance file', () => {
    const model = join(work, 'model.json');
    writeFileSync(model, JSON.stringify({ smithy: '2.0', shapes: {} }));
    expect(() => importChecked({ model, operation: 'CreateEndpointConfig', provenance: fifo } as Parameters<typeof importChecked>[0])).toThrow(
      /fifo: not a readable JSON file: a FIFO, not a regular file/,
    );
  });

  function recording(name: string, files: Record<string, string>, listed: Record<string, string> = { CreateEndpointConfig: 'CreateEndpointConfig.jsonl' }) {
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    const operations = Object.fromEntries(Object.entries(listed).map(([op, file]) => [op, { file, exchanges: 1 }]));
    writeFileSync(join(dir, RECORDING_HEADER_FILE), JSON.stringify({ format: RECORDING_FORMAT, formatVersion: RECORDING_FORMAT_VERSION, operations }));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  }

  it('reads a recording whose files are what it says', () => {
    const dir = recording('sound', { 'CreateEndpointConfig.jsonl': `${JSON.stringify({ operation: 'CreateEndpointConfig' })}\n` });
    expect(readRecording(dir).exchanges).toHaveLength(1);
  });

  it('refuses a recording that names a file out of its folder', () => {
    writeFileSync(join(work, 'outside.jsonl'), `${JSON.stringify({ operation: 'CreateEndpointConfig' })}\n`);
    const dir = recording('escape', {}, { CreateEndpointConfig: '../outside.jsonl' });
    expect(() => readRecording(dir)).toThrow(/lists "..\/outside.jsonl" for CreateEndpointConfig: a recording's files are names in its own folder/);
  });

  it('refuses a recording whose exchange file is a FIFO, or holds a line nested past the limit or not an object', () => {
    const withFifo = recording('with-fifo', {});
    execFileSync('mkfifo', [join(withFifo, 'CreateEndpointConfig.jsonl')]);
    expect(() => readRecording(withFifo)).toThrow(/CreateEndpointConfig.jsonl is not a readable recording file: a FIFO, not a regular file/);
    const deep = recording('deep', { 'CreateEndpointConfig.jsonl': `${'['.repeat(5000)}${']'.repeat(5000)}\n` });
    expect(() => readRecording(deep)).toThrow(/line 1 nests deeper than 256 levels/);
    const notObject = recording('array', { 'CreateEndpointConfig.jsonl': '[1]\n' });
    expect(() => readRecording(notObject)).toThrow(/line 1 is not an exchange/);
  });

  it('refuses a FIFO as the recording header', () => {
    const dir = join(work, 'header-fifo');
    mkdirSync(dir);
    execFileSync('mkfifo', [join(dir, RECORDING_HEADER_FILE)]);
    expect(() => readRecording(dir)).toThrow(/is not a readable JSON file: a FIFO, not a regular file/);
  });
});
