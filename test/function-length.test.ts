import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './helpers/source-files';

/** The longest a function in src/ may be, in lines, from its first line to its last. */
const MAX_LINES = 120;

/**
 * Functions other engineers are splitting right now, by file and name; the lead empties this list at merge.
 * Anything else over the limit fails, and so does an entry here that is no longer over it (a stale excuse).
 */
const ALLOWED = new Set<string>([]);

const ROOT = resolve(__dirname, '..');

/** A function's name as a reader finds it: declared, the variable or property it is assigned to, or `<anonymous>`. */
function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name))
    return parent.name.text;
  return '<anonymous>';
}

/** Every function with a body (declarations, methods, accessors, arrows, function expressions) longer than `max` lines. */
export function longFunctions(file: string, text: string, max = MAX_LINES): { name: string; lines: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const fn = node as ts.FunctionLikeDeclaration;
      const first = source.getLineAndCharacterOfPosition(fn.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(fn.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push({ name: nameOf(fn), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A function of `lines` lines, first to last. */
function functionOf(lines: number, shape: (body: string) => string): string {
  const body = Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`).join('\n');
  return shape(body);
}

describe('function length in src/', () => {
  it.each([
    ['a declaration', (b: string) => `export function big() {\n${b}\n}\n`, 'big'],
    ['an arrow', (b: string) => `const big = () => {\n${b}\n};\n`, 'big'],
    ['a method', (b: string) => `class A {\n  big() {\n${b}\n  }\n}\n`, 'big'],
    ['a function expression', (b: string) => `const o = { big: function () {\n${b}\n} };\n`, 'big'],
  ])(`flags %s of ${MAX_LINES + 1} lines and passes one of ${MAX_LINES}`, (_, shape, name) => {
    expect(longFunctions('x.ts', functionOf(MAX_LINES + 1, shape))).toEqual([{ name, lines: MAX_LINES + 1 }]);
    expect(longFunctions('x.ts', functionOf(MAX_LINES, shape))).toEqual([]);
  });

  const found = sourceFiles().flatMap((file) =>
    longFunctions(file, readFileSync(file, 'utf8')).map((f) => ({ key: `${relative(ROOT, file)} ${f.name}`, lines: f.lines })),
  );

  it(`has no function longer than ${MAX_LINES} lines outside the list of those being split`, () => {
    expect(found.filter((f) => !ALLOWED.has(f.key)).map((f) => `${f.key}: ${f.lines} lines`)).toEqual([]);
  });

  it('lists only functions that are still too long', () => {
    const long = new Set(found.map((f) => f.key));
    expect([...ALLOWED].filter((key) => !long.has(key))).toEqual([]);
  });
});
