import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { replayLine } from '../../src/cli/replay-line';
import { shellWord } from '../../src/io/shell';
import { behaviourWithFaults } from '../../src/mock/faults';
import { startReferenceMock } from '../../src/mock/reference';
import { captureIo } from '../helpers/io';

/** The words a POSIX shell reads from a line of plain and single-quoted words (all the replay line uses). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/(?:[^\s']+|'[^']*')+/g)) words.push(m[0].replace(/'([^']*)'/g, '$1'));
  return words;
}

describe('the replay line of explore --save', () => {
  it('names the target, the region and every flag that reaches the target, quoted for a shell', () => {
    const line = replayLine('found cases.json', {
      target: 'http://127.0.0.1:5000',
      region: 'eu-west-1',
      edition: 'seed',
      timeout: '5s',
      'max-body': '64KiB',
      profile: "o'brien",
    });
    expect(line).toBe(
      "sagemaker-conformance run --target http://127.0.0.1:5000 --region eu-west-1 --profile 'o'\\''brien' --edition seed --timeout 5s --max-body 64KiB --cases 'found cases.json' --only '*.explore-*'",
    );
    expect(shellWord('a b')).toBe("'a b'");
    expect(replayLine('f.json', { target: 'aws', region: 'us-east-1', 'allow-aws': true, 'execution-role-arn': 'arn:aws:iam::1:role/x' })).toContain(
      '--target aws --allow-aws --region us-east-1 --execution-role-arn arn:aws:iam::1:role/x',
    );
  });

  it('replays, run as printed, against the target the findings came from, where they recur', async () => {
    const faulty = await startReferenceMock({ behaviour: behaviourWithFaults(['EndpointConfigName.pattern-ignored']), region: 'eu-west-1' });
    const dir = mkdtempSync(join(tmpdir(), 'sc-replay-'));
    try {
      const file = join(dir, 'found.json');
      const io = captureIo({});
      const code = await main(
        [
          'explore',
          '--target',
          faulty.url,
          '--region',
          'eu-west-1',
          '--seed',
          '7',
          '--max-requests',
          '150',
          '--max-findings',
          '1',
          '--save',
          file,
          '--report-dir',
          join(dir, 'explore'),
        ],
        io,
      );
      expect(code).toBe(1);
      const line = /replay: (sagemaker-conformance run .*)$/m.exec(io.err())?.[1];
      expect(line).toContain(`--target ${faulty.url} --region eu-west-1`);
      const words = shellWords(line!).slice(1);
      const replay = captureIo({});
      expect(await main([...words, '--report-dir', join(dir, 'replay')], replay)).toBe(1);
      expect(replay.err()).toContain(faulty.url);
    } finally {
      await faulty.close();
    }
  }, 60_000);
});
