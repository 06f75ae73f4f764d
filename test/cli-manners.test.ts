import { main, COMMANDS } from '../src/cli/main';
import { progressPrinter, useColour } from '../src/cli/progress';
import { didYouMean } from '../src/cli/args';
import type { CaseResult } from '../src/report/results';
import { captureIo } from './helpers/io';

const ESC = '\u001b[';

function fakeStream(isTTY: boolean) {
  let text = '';
  return { isTTY, write: (s: string) => ((text += s), true), text: () => text };
}

const result = (id: string, status: CaseResult['status']) => ({ id, status, durationMs: 2, failures: [] }) as unknown as CaseResult;

describe('colour', () => {
  it.each([
    ['a terminal', true, {}, true],
    ['a pipe', false, {}, false],
    ['NO_COLOR on a terminal', true, { NO_COLOR: '1' }, false],
    ['TERM=dumb on a terminal', true, { TERM: 'dumb' }, false],
    ['FORCE_COLOR in a pipe', false, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0 on a terminal', true, { FORCE_COLOR: '0' }, true],
    ['FORCE_COLOR and NO_COLOR', false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
  ])('on %s: %s', (_, tty, env, expected) => {
    expect(useColour({ isTTY: tty as boolean }, env as NodeJS.ProcessEnv)).toBe(expected);
  });

  it('is left out of the progress lines with NO_COLOR, and TERM=dumb', () => {
    for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }]) {
      const stream = fakeStream(true);
      progressPrinter(stream, env)(result('A.length.1', 'passed'), 1, 2);
      expect(stream.text()).not.toContain(ESC);
      expect(stream.text()).toContain('A.length.1');
    }
  });
});

describe('progress', () => {
  it('counts the cases that ran, not the skipped ones', () => {
    const stream = fakeStream(true);
    const print = progressPrinter(stream, { NO_COLOR: '1' });
    print(result('a', 'passed'), 1, 3);
    print(result('b', 'skipped'), 2, 3);
    print(result('c', 'failed'), 3, 3);
    expect(
      stream
        .text()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(0, 5)),
    ).toEqual(['[1/3]', '[1/3]', '[2/3]']);
  });
});

describe('stdout is data', () => {
  it('list prints one line per case on stdout and the count on stderr', async () => {
    const io = captureIo();
    expect(await main(['list', '--only', 'Tags.count.*'], io)).toBe(0);
    expect(io.out().trim().split('\n')).toHaveLength(3);
    expect(io.err()).toBe('3 cases\n');
  });
});

describe('help', () => {
  it.each(Object.keys(COMMANDS))('of %s lists exactly the flags its parser takes', async (command) => {
    const io = captureIo();
    expect(await main([command, '--help'], io)).toBe(0);
    const listed = [
      ...io
        .out()
        .slice(io.out().indexOf('\nFlags:'))
        .matchAll(/^ {2}(?:-\w, )?--([\w-]+)/gm),
    ].map((m) => m[1]!);
    expect(listed).toContain('help');
    // Every listed flag is one the parser knows (--help first, so nothing runs), and an unlisted one is refused.
    for (const flag of listed) {
      const probe = captureIo();
      await main([command, '--help', `--${flag}`], probe);
      expect(probe.err()).not.toMatch(/unknown flag/);
    }
    const bad = captureIo();
    expect(await main([command, '--help', '--surely-not-a-flag'], bad)).toBe(2);
    expect(bad.err()).toMatch(/unknown flag --surely-not-a-flag/);
  });

  it('names the version', async () => {
    const io = captureIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('did you mean', () => {
  it.each([
    [['run', '--tagret', 'mock'], /unknown flag --tagret; did you mean --target\?/],
    [['run', '--expectation', 'x'], /did you mean --expectations\?/],
    [['list', '--jsno'], /did you mean --json\?/],
    [['rnu'], /unknown command "rnu"; did you mean "run"\?/],
    [['mokc'], /did you mean "mock"\?/],
  ])('%j', async (argv, says) => {
    const io = captureIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(says);
  });

  it('guesses nothing for a word far from every flag', () => {
    expect(didYouMean('frobnicate', ['target', 'region', 'only'])).toBeUndefined();
  });
});
