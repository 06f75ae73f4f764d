/**
 * Names and cases other people wrote (issue 23, points 3 and 4). A name read from a file or a flag is looked up as an
 * own name: JavaScript's own (`toString`, `constructor`, `__proto__`, `hasOwnProperty`) are unknown names, refused in
 * one line, or plain strings. A cases file is read within the limits of every input file, and what it says (ids,
 * titles, clauses) is text in every report: no control character reaches Markdown raw, and no id leaves its code span.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliInProcess, removeReportDir, type CliRun } from '../helpers/cli-in-process';

const JS_NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty'];
const ONE_CASE = ['--only', 'EndpointConfigName.length.64'];
const REJECTED = { outcome: 'reject', status: 400, errorCodes: ['ValidationException'] };

let dir: string;
const runs: CliRun[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sc-names-'));
});
afterAll(() => {
  runs.forEach(removeReportDir);
  rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<CliRun> {
  const run = await runCliInProcess(argv);
  runs.push(run);
  return run;
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A found case in the behaviour format, as `explore --save` writes them. */
function foundCase(id: string, title = 'a create explore found is accepted', clauseText = 'found by explore', expect: object = { outcome: 'accept' }) {
  return {
    id,
    member: 'EndpointConfigName',
    title,
    clause: { source: 'explore', member: 'EndpointConfigName', text: clauseText },
    steps: [{ operation: 'CreateEndpointConfig', request: { $baseline: true }, expect }],
  };
}

function expectRefusedInOneLine(run: CliRun, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr.split('\n')[0]).toMatch(message);
  expect(run.stderr).not.toMatch(/TypeError|unexpected error|\n\s+at /);
  expect(run.report).toBeUndefined();
}

describe("JavaScript's own names, read from a file or a flag", () => {
  it.each(JS_NAMES)('refuses a --resources file naming "%s" as an unknown resource', async (name) => {
    const run = await cli(['run', '--resources', file(`resources-${name}.json`, JSON.stringify({ [name]: 'x' })), ...ONE_CASE]);
    expectRefusedInOneLine(run, new RegExp(`unknown resource "${name}"; known: execution-role`));
  });

  it.each(JS_NAMES)('refuses --resource %s=x as an unknown resource', async (name) => {
    expectRefusedInOneLine(await cli(['run', '--resource', `${name}=x`, ...ONE_CASE]), new RegExp(`unknown resource "${name}"`));
  });

  it.each(JS_NAMES)('refuses --target mock:%s as an unknown fault', async (name) => {
    expectRefusedInOneLine(await cli(['run', '--target', `mock:${name}`, ...ONE_CASE]), new RegExp(`unknown fault "${name}"`));
  });

  it.each(JS_NAMES)('refuses the command "%s" as an unknown command', async (name) => {
    expectRefusedInOneLine(await cli([name]), new RegExp(`unknown command "${name}"`));
  });

  it.each(JS_NAMES)('refuses an expectations file naming "%s" as no case id', async (name) => {
    const run = await cli(['run', '--expectations', file(`expectations-${name}.json`, JSON.stringify({ [name]: 'a reason' })), ...ONE_CASE]);
    expectRefusedInOneLine(run, new RegExp(`"${name}" is not a case id`));
  });

  it('runs found cases whose ids are JavaScript names like any other id, and reports each', async () => {
    const cases = file('js-ids.json', JSON.stringify({ operation: 'CreateEndpointConfig', cases: JS_NAMES.map((id) => foundCase(id)) }));
    const run = await cli(['run', '--cases', cases, ...JS_NAMES.flatMap((id) => ['--only', id])]);
    expect(run.stderr).not.toMatch(/matches no case/);
    expect(run.code).toBe(0);
    expect(run.report!.cases.map((c) => c.id).sort()).toEqual([...JS_NAMES].sort());
  });
});

describe('a cases file (run --cases)', () => {
  it('is refused past the 64 MiB every input file may have, before reading it', async () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, `{"operation":"CreateEndpointConfig","cases":[],"pad":"${'x'.repeat(70 * 1024 * 1024)}"}`);
    try {
      expectRefusedInOneLine(
        await cli(['run', '--cases', big, ...ONE_CASE]),
        /--cases .*big\.json: 734\d+ bytes, more than the 67108864 bytes an input file may have/,
      );
    } finally {
      rmSync(big);
    }
  });

  it('is refused nested 50,000 deep, without a stack overflow', async () => {
    const deep = foundCase('found.deep') as Record<string, unknown>;
    const text = JSON.stringify({ operation: 'CreateEndpointConfig', cases: [deep] }).replace(
      '"$baseline":true',
      `"$baseline":true,"x":${'['.repeat(50000)}${']'.repeat(50000)}`,
    );
    const run = await cli(['run', '--cases', file('deep.json', text), ...ONE_CASE]);
    expectRefusedInOneLine(run, /--cases .*deep\.json: JSON nested 5000\d levels deep, more than the 256 an input file may have/);
  });

  it('is refused from a FIFO, a folder or a device rather than read', async () => {
    expectRefusedInOneLine(await cli(['run', '--cases', '/dev/zero', ...ONE_CASE]), /--cases \/dev\/zero: a device, not a regular file/);
    expectRefusedInOneLine(await cli(['run', '--cases', dir, ...ONE_CASE]), /a folder, not a regular file/);
  });

  it('shows ids, titles and clauses as text in every report: no NUL, OSC 52 or bell raw, no id out of its code span', async () => {
    const osc52 = '\u001b]52;c;ZXZpbA==\u0007';
    const hostile = [
      foundCase('found.nul\u0000x', `title with NUL \u0000 and ${osc52}`),
      // Two that fail against the mock, so their titles and clauses are shown under "Needs attention" too.
      foundCase(`found.osc${osc52}y`, `a title with ${osc52}`, `clause ${osc52} <img src=x onerror=alert(1)>`, REJECTED),
      foundCase('found.tick`<img src=x onerror=alert(2)>`', 'title `<img src=x onerror=alert(3)>` | cell', 'clause', REJECTED),
    ];
    const run = await cli(['run', '--cases', file('hostile.json', JSON.stringify({ operation: 'CreateEndpointConfig', cases: hostile })), '--only', 'found.*']);
    expect(run.code).toBe(1);
    expect(run.report!.cases).toHaveLength(3);
    const md = readFileSync(join(run.reportDir, 'conformance.md'), 'utf8');
    const html = readFileSync(join(run.reportDir, 'conformance.html'), 'utf8');
    const junit = readFileSync(join(run.reportDir, 'junit.xml'), 'utf8');
    for (const text of [md, html, junit, run.stdout, run.stderr]) {
      expect(text).not.toContain('\u0000');
      expect(text).not.toContain('\u001b');
      expect(text).not.toContain('\u0007');
    }
    for (const text of [html, junit]) expect(text).not.toContain('<img');
    // In Markdown an <img> inside a code span is inert text; outside one it would be live HTML.
    expect(md).toContain('| `found.nul\\x00x` |');
    expect(md).toContain('| `found.osc\\e]52;c;ZXZpbA==\\x07y` |');
    expect(md).toContain('| `` found.tick`<img src=x onerror=alert(2)>` `` |');
    expect(md).toContain('### `` found.tick`<img src=x onerror=alert(2)>` ``: ❌ failed');
    expect(md).toContain('title \\`&lt;img src=x onerror=alert(3)&gt;\\` \\| cell');
    const outsideCodeSpans = md.replace(/(`+)[^`][\s\S]*?\1(?!`)/g, '');
    expect(outsideCodeSpans).not.toContain('<img');
  });
});
