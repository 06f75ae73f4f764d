/**
 * Someone else's Smithy model and overlay, taken as data (issue 23, point 2): bounds no value can have stop the
 * import naming the trait, bounds no case can reach are listed as uncovered, and no pattern can hang the import,
 * the mock or the reference validator, whatever sample or request it meets.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { validateInput } from '../../src/spec/validate';
import type { MemberConstraints } from '../../src/spec/types';
import { captureIo } from '../helpers/io';

const dir = mkdtempSync(join(tmpdir(), 'sc-hostile-model-'));
writeFileSync(
  join(dir, 'PROVENANCE.json'),
  JSON.stringify({ repository: 'example/models', path: 'probe.json', commit: 'synthetic', date: '2026-01-01', licence: 'Apache-2.0' }),
);

/** A one-operation model whose input has one required member of the given shape. */
function modelFile(name: string, shape: { type: string; traits: Record<string, unknown> }): string {
  const file = join(dir, `${name}.json`);
  const shapes = {
    'ex#Probe': { type: 'operation', input: { target: 'ex#ProbeInput' }, output: { target: 'ex#ProbeOutput' } },
    'ex#ProbeInput': { type: 'structure', members: { Name: { target: 'ex#Name', traits: { 'smithy.api#required': {} } } } },
    'ex#ProbeOutput': { type: 'structure', members: {} },
    'ex#Name': shape,
  };
  writeFileSync(file, JSON.stringify({ smithy: '2.0', shapes }));
  return file;
}

async function importModel(name: string, shape: { type: string; traits: Record<string, unknown> }, overlay?: object) {
  const args = ['import-model', '--operation', 'Probe', '--smithy', modelFile(name, shape), '--out', join(dir, `out-${name}`)];
  if (overlay) {
    writeFileSync(join(dir, `${name}.overlay.json`), JSON.stringify({ operation: 'Probe', ...overlay }));
    args.push('--overlay', join(dir, `${name}.overlay.json`));
  }
  const io = captureIo({});
  const started = Date.now();
  const code = await main(args, io);
  return { code, err: io.err(), out: io.out(), ms: Date.now() - started, outDir: join(dir, `out-${name}`) };
}

describe('import-model on a model whose bounds are impossible', () => {
  it.each([
    ['a negative length', 'string', { 'smithy.api#length': { min: -5, max: -1 } }, /smithy\.api#length min -5 max -1 \(member Name\): min -5 is negative/],
    ['a minimum above the maximum', 'string', { 'smithy.api#length': { min: 10, max: 3 } }, /smithy\.api#length .*min 10 is greater than max 3/],
    ['a fraction of a character', 'string', { 'smithy.api#length': { min: 1.5, max: 3 } }, /smithy\.api#length .*min 1\.5 is not a whole number/],
    ['a fraction on an integer', 'integer', { 'smithy.api#range': { min: 0.5, max: 3 } }, /smithy\.api#range .*min 0\.5 is not a whole number/],
    ['a bound that is no number', 'integer', { 'smithy.api#range': { min: 'many' } }, /smithy\.api#range .*min "many" is not a number/],
  ])('refuses %s in one line naming the trait, exit 2', async (name, type, traits, message) => {
    const r = await importModel(name.replace(/\W+/g, '-'), { type, traits });
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/unexpected error|\n\s+at /);
  });
});

describe('import-model on bounds up to 2^53', () => {
  it.each([
    [
      'a length maximum of 2^53',
      'string',
      { 'smithy.api#length': { min: 1, max: 2 ** 53 } },
      'length',
      /max 9007199254740992 is past the longest value a case builds/,
    ],
    [
      'a range maximum of 2^53',
      'long',
      { 'smithy.api#range': { min: 0, max: 2 ** 53 } },
      'range',
      /max 9007199254740992 is past 9007199254740990 \(2\^53 - 2\)/,
    ],
  ])('imports %s and lists the bound as uncovered with why', async (name, type, traits, kind, reason) => {
    const r = await importModel(name.replace(/\W+/g, '-'), { type, traits });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const uncovered = JSON.parse(readFileSync(join(r.outDir, 'uncovered', 'Probe.json'), 'utf8')) as { uncovered: { kind: string; reason: string }[] };
    expect(uncovered.uncovered).toEqual([expect.objectContaining({ kind, reason: expect.stringMatching(reason) })]);
    // The bound that is left is still tested.
    expect(r.out).toMatch(/\d+ cases/);
  });
});

describe('patterns a model or an overlay brings', () => {
  const evil = `${'a'.repeat(40)}!`;

  it('matches a backtracking pattern against an overlay sample of forty a and "!" promptly, with a clear outcome', async () => {
    const r = await importModel(
      'redos',
      { type: 'string', traits: { 'smithy.api#pattern': '^(a+)+b$' } },
      { members: { Name: { example: 'ab', pattern: { invalid: { evil } } } } },
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(5000);
  });

  it('gives up a pattern only JavaScript can run after its time limit, and stops the import in one line', async () => {
    const r = await importModel(
      'redos-lookahead',
      { type: 'string', traits: { 'smithy.api#pattern': '^(?!x)(a+)+b$' } },
      { members: { Name: { example: 'ab', pattern: { invalid: { evil } } } } },
    );
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/pattern sample "evil" could not be matched against the model's pattern \^\(\?!x\)\(a\+\)\+b\$ within 1000 ms/);
    expect(r.ms).toBeLessThan(5000);
  });

  it('is matched against a hostile request value by the reference validator (and so the mock) in linear time', () => {
    const input: MemberConstraints = {
      type: 'structure',
      members: { Name: { type: 'string', pattern: { regex: '^(a+)+b$', match: 'as-written', clause: { source: 'model#ex', member: 'Name', text: 'p' } } } },
    };
    const started = Date.now();
    // 30 a's take JavaScript's backtracking engine some seconds; a million take RE2 a fraction of one.
    for (const value of [`${'a'.repeat(30)}!`, `${'a'.repeat(1_000_000)}!`]) {
      const result = validateInput(input, { Name: value });
      expect(result).toEqual({
        kind: 'invalid',
        violations: [expect.objectContaining({ kind: 'pattern', member: 'Name', constraint: 'Member must satisfy regular expression pattern: ^(a+)+b$' })],
      });
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
