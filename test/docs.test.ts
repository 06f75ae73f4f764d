import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CLI_REFERENCE, cliReference } from '../scripts/cli-reference';

// README.md and docs/: what a newcomer reads. Links must lead somewhere, the command-line reference must be what
// --help says now, and figures that a model refresh, a new case or a slower machine changes must not be written by
// hand (a command that prints them is named instead).
const ROOT = resolve(__dirname, '..');
const DOCS = join(ROOT, 'docs');
const PAGES = [
  join(ROOT, 'README.md'),
  ...readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(DOCS, f)),
];
const GENERATED = [CLI_REFERENCE];
const name = (file: string) => relative(ROOT, file);

/** The page without fenced code blocks, and with inline code reduced to a word: neither holds links. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`]*`/g, 'code');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2, ... */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  const withoutCode = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, heading] of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading!
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    found.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const [, id] of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(id!);
  return found;
}

/** Every relative link of a page, as [target file, anchor]. */
function relativeLinks(file: string): { link: string; target: string; anchor?: string }[] {
  return [...prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1]!)
    .filter((link) => !/^[a-z][a-z+.-]*:/i.test(link))
    .map((link) => {
      const [path, anchor] = link.split('#', 2) as [string, string | undefined];
      return { link, target: path === '' ? file : resolve(dirname(file), decodeURIComponent(path)), anchor };
    });
}

describe('README.md and docs/', () => {
  it('keeps README short enough to read in ten minutes, with the set-up, the main job and the test command', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThan(250);
    const shell = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) => m[1]!.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()));
    expect(shell).toEqual(expect.arrayContaining(['source scripts/setup.sh', 'npm run conformance', 'npm test']));
  });

  it.each(PAGES.map((file) => [name(file), file]))('%s: every relative link leads to a file, and every anchor to a heading', (_, file) => {
    const broken = relativeLinks(file).flatMap(({ link, target, anchor }) => {
      if (!existsSync(target)) return [`${link}: no such file`];
      if (anchor === undefined) return [];
      if (statSync(target).isDirectory() || !target.endsWith('.md')) return [`${link}: an anchor into a file that is not Markdown`];
      return anchors(readFileSync(target, 'utf8')).has(anchor) ? [] : [`${link}: ${name(target)} has no heading with anchor #${anchor}`];
    });
    expect(broken).toEqual([]);
  });

  it('links every page of docs/ from README', () => {
    const linked = new Set(relativeLinks(join(ROOT, 'README.md')).map(({ target }) => target));
    expect(PAGES.filter((file) => file.startsWith(DOCS) && !linked.has(file)).map(name)).toEqual([]);
  });

  // Figures a refresh or a new case changes (715 cases, 413/413 faults, 13 interactions), and measurements that go
  // stale (bench milliseconds, a report's MiB): the pages name the command that prints them instead.
  const STALE: [string, RegExp][] = [
    ['a count', /\b\d[\d,]*\s+(?:[a-z-]+\s+)?(?:cases|interactions|faults|constraints|deviations|findings)\b/gi],
    ['a count', /\(\d+,? (?:in both|from the page)/g],
    ['a score', /\b\d+\s*\/\s*\d+\s+(?:faults|cases|passed|caught)\b/gi],
    ['a measured time in a table', /\|\s*~?[\d.,]+\s*(?:ms|s)\b[^|\n]*\|/g],
    ['a measured rate', /\b\d[\d,.]*\s+(?:against\s+\d[\d,.]*\s+)?requests (?:a|per) second\b(?<!at most \d+ requests a second)/gi],
    ['a measured size', /\b\d+\.\d+\s*(?:MiB|MB|KiB|GB)\b/g],
  ];
  it.each(PAGES.filter((file) => !GENERATED.includes(file)).map((file) => [name(file), file]))('%s: writes no count or measurement by hand', (_, file) => {
    // Line breaks are spaces here: a count wrapped over two lines is still a count.
    const text = readFileSync(file, 'utf8').replace(/[ \t]*\n[ \t]*(?!\|)/g, ' ');
    const found = STALE.flatMap(([what, pattern]) =>
      [...text.matchAll(pattern)].map((m) => `${what}: ...${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 20)}...`),
    );
    expect(found).toEqual([]);
  });

  it("holds the command-line reference --help prints now (run 'npm run docs:cli' after changing a flag or its help)", async () => {
    const written = existsSync(CLI_REFERENCE) ? readFileSync(CLI_REFERENCE, 'utf8') : '';
    const now = await cliReference();
    if (written !== now) throw new Error("docs/cli.md differs from the CLI's --help: run 'npm run docs:cli' and commit docs/cli.md");
    expect(written).toContain('## sagemaker-conformance run');
  });
});
