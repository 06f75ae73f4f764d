/**
 * AWS's wording lives in one place, both ways (src/spec/wording.ts): the reference validator returns records, and
 * no module outside src/spec/ reads a validation message (the validator's or a target's) with a regular expression.
 * The check reads the source: a regular expression applied (`.test`, `.exec`, `.match`, `.matchAll`, `.search`, or
 * `.replace`/`.split` with a pattern) to something named as a message, a violation or a constraint is flagged.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { SRC, sourceFiles } from './helpers/source-files';

/**
 * Files that apply a pattern to a message that is not a validation message, each with why. Every entry must still
 * match something (a stale entry fails), so the list cannot hide a new reader.
 */
const ALLOWED: Record<string, string> = {
  'cli/args.ts': "node:util parseArgs's own error for the command line, reworded: the user's flags, not a validation message",
  'client/client.ts': "errors from Node's sockets and the SDK (ECONNREFUSED, a TLS failure), classified into a transport code",
  'pact/verifier-output.ts': "the Pact verifier's mismatch text, its whitespace folded onto one line: Pact's words, not a validation message",
};

/** String literals emptied (so the words of an error text are not taken for a variable), a chained `.x(` joined to its line. */
function statements(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "''");
    if (line.trimStart().startsWith('.') && lines.length > 0) lines[lines.length - 1] += line.trim();
    else lines.push(line);
  }
  return lines;
}

const APPLIES_PATTERN = /\.(?:test|exec|match|matchAll|search)\(|\.(?:replace|replaceAll|split)\(\s*\//;
const NAMES_A_MESSAGE = /message|violation|\bmust\b|constraint/i;

/** The statements of a source text that apply a pattern to a message, a violation or a constraint. */
export function messageReaders(text: string): string[] {
  return statements(text).filter(
    (s) => APPLIES_PATTERN.test(s) && NAMES_A_MESSAGE.test(s) && !s.trimStart().startsWith('//') && !s.trimStart().startsWith('*'),
  );
}

describe('reading validation messages', () => {
  const found = sourceFiles(SRC)
    .map((file) => relative(SRC, file))
    .filter((file) => !file.startsWith('spec/'))
    .map((file) => [file, messageReaders(readFileSync(join(SRC, file), 'utf8'))] as const)
    .filter(([, readers]) => readers.length > 0);

  it('happens with a regular expression in src/spec/ only', () => {
    const unexplained = found.filter(([file]) => ALLOWED[file] === undefined).map(([file, readers]) => `${file}: ${readers.map((r) => r.trim()).join(' | ')}`);
    expect(unexplained).toEqual([]);
  });

  it('has no stale entry in its list of exceptions', () => {
    const flagged = new Set(found.map(([file]) => file));
    expect(Object.keys(ALLOWED).filter((file) => !flagged.has(file))).toEqual([]);
  });

  it.each([
    ['a phrase tested on a message', 'const kind = PHRASES.find(([phrase]) => phrase.test(message))?.[1];'],
    ['a constraint tested for its words', 'apply: overlooking((_, path, must) => /enum value set/.test(must)),'],
    ['a path rewritten in violations', "violations.map((v) => v.replace(/ at '([^']+)'/g, (_, p) => p))"],
    ['a chained replace on a message', "return (message ?? '(no message)')\n    .replace(/'[^']*'/g, \"'…'\")"],
    ['paths matched out of a message', "return [...(message ?? '').matchAll(/\\bat '([^']+)'/g)];"],
  ])('flags %s', (_, source) => {
    expect(messageReaders(source)).toHaveLength(1);
  });

  it('does not flag the words of an error text', () => {
    expect(messageReaders("if (!/^[a-z]+$/.test(id)) throw new Error('--run-id must be letters');")).toEqual([]);
  });
});
