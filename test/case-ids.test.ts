/**
 * A case id is a name for people: the facts it spells (the member, the kind, the bound, the rule) are the case's
 * `facts`, and nothing outside the case table (src/cases/) takes them back out of the id. Selecting cases by an id
 * glob (`--only`) is fine; cutting an id apart is not.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { SRC, sourceFiles } from './helpers/source-files';

/** A case's id (`c.id`, `finding.id`) taken apart: a pattern's parts pulled out of it (`exec`, `match`), or the id split or cut. */
const TAKES_APART = [/\.(?:exec|match|matchAll)\(\s*[\w.?!]*[\w!]\??\.id\s*\)/, /\??\.id\.(?:split|match|matchAll|slice|substring|lastIndexOf|indexOf)\(/];

export function idReaders(text: string): string[] {
  return text.split('\n').filter((line) => TAKES_APART.some((p) => p.test(line)));
}

describe('case ids', () => {
  it('are not taken apart outside the case table', () => {
    const found = sourceFiles(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !file.startsWith('cases/'))
      .flatMap((file) => idReaders(readFileSync(join(SRC, file), 'utf8')).map((line) => `${file}: ${line.trim()}`));
    expect(found).toEqual([]);
  });

  it.each([
    ['a bound read out of an id', 'const lengthCase = /\\.length\\.(\\d+)(\\.|$)/.exec(c.id);'],
    ['an id split into its parts', "const member = finding.id.split('.')[0];"],
    ['a glob split out of a selector id', "selector.id.split('*').map(escapeRegExp)"],
  ])('flags %s', (_, line) => {
    expect(idReaders(line)).toHaveLength(1);
  });

  it('does not flag selecting cases by an id glob', () => {
    expect(idReaders('const selected = cases.filter((c) => patterns.some((p) => p.test(c.id)));')).toEqual([]);
  });
});
