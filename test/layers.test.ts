import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layers of src/, bottom first: a module may import its own layer and those below it, never one above.
 * This list is the one place the order is written; docs/layout.md draws it.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'version', 'io'], // what every layer may say: bad input, the suite's name and version, safe input and output
  ['spec'], // the meaning of the contracts: their types, loading, member paths, template values, the reference validator, rules
  ['cases'], // the case table, generated from the spec
  ['model'], // the Smithy importer: writes contracts, checks its cases with the spec's validator
  ['client'], // the wire: SDK client, raw sender, credentials, response parsing, redaction, tags
  ['mock'], // the reference mock: serves the spec's operations
  ['report'], // results and the documents made of them
  ['engine'], // plan, ledger, session (running steps), judge, expectations, sweeper
  ['target'], // starting and naming targets (mock, moto, a URL, AWS), handed to the engine
  ['runner', 'explore'], // a whole run: starts the target, hands it to a session, runs the table, makes the report; or explores it
  ['selftest'], // the fault battery
  ['pact'], // contracts for consumers, their verification
  // The command, and the package's public entry (src/index.ts): both are faces for users over the whole library, so
  // the entry sits at the top with the CLI, free to re-export from any layer below. src/pact.ts, the light Pact entry,
  // is in the pact layer by its name and re-exports only from src/pact/.
  ['cli', 'index'],
  ['jest'], // the Jest suite API
];

import { SRC, sourceFiles } from './helpers/source-files';

/** `engine/session` for src/engine/session.ts. */
function moduleOf(file: string): string {
  return relative(SRC, file)
    .replace(/\.ts$/, '')
    .replace(/\/index$/, '');
}

/** The src/ modules a file imports: static imports and re-exports (types included), import() and require(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)'(\.{1,2}\/[^']*)'/gm)].map((m) => m[1]!);
  return specifiers.flatMap((s) => {
    const base = resolve(dirname(file), s);
    const found = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    return found ? [moduleOf(found)] : [];
  });
}

function layerOf(module: string): number {
  const top = module.split('/')[0]!;
  const index = LAYERS.findIndex((layer) => layer.includes(top));
  if (index < 0) throw new Error(`src/${module}.ts is in no layer: add its folder to LAYERS in test/layers.test.ts (and to docs/layout.md)`);
  return index;
}

type Graph = ReadonlyMap<string, readonly string[]>;

const graph: Graph = new Map(sourceFiles(SRC).map((file) => [moduleOf(file), importsOf(file)]));

function upwardImports(graph: Graph): string[] {
  return [...graph].flatMap(([from, imports]) =>
    imports
      .filter((to) => layerOf(to) > layerOf(from))
      .map((to) => `${from} (${LAYERS[layerOf(from)]!.join('/')}) imports ${to} (${LAYERS[layerOf(to)]!.join('/')})`),
  );
}

/** Strongly connected components of more than one module (or a module importing itself): the import circles. */
function circles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("src/'s dependency picture", () => {
  it('has every module in a layer', () => {
    for (const module of graph.keys()) expect(() => layerOf(module)).not.toThrow();
  });

  it('has no import from a lower layer to a higher one', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  it('has no import circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('sees imports of every form the code uses (a check that finds nothing proves nothing)', () => {
    expect(graph.get('runner/run')).toEqual(expect.arrayContaining(['engine/session', 'report/model', 'errors']));
    expect(graph.get('cli/main')!.length).toBeGreaterThan(0);
    expect(graph.size).toBeGreaterThan(80);
  });

  it('fails on an upward import and on a circle', () => {
    expect(upwardImports(new Map([['spec/load', ['engine/run']]]))).toEqual(['spec/load (spec) imports engine/run (engine)']);
    expect(
      circles(
        new Map([
          ['cases/a', ['cases/b']],
          ['cases/b', ['cases/c']],
          ['cases/c', ['cases/a']],
        ]),
      ),
    ).toEqual([['cases/a', 'cases/b', 'cases/c']]);
  });
});
