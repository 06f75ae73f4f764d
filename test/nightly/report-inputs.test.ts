import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
/* eslint-disable @typescript-eslint/no-explicit-any -- the probes spoil reports field by field, whatever their type */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import type { ConformanceReport } from '../../src/report/model';
import { captureIo } from './helpers';

/** Someone else's reports, as merge and diff get them: each checked before it is read, bounded, and data in Markdown. */
const FIXTURES = resolve(__dirname, '../../fixtures/reports');
const dir = mkdtempSync(join(tmpdir(), 'sc-report-inputs-'));

function write(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

async function cli(args: string[]) {
  const io = captureIo({});
  const code = await main(args, io);
  return { code, io };
}

const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as ConformanceReport;

/** The text of a Markdown line outside its code spans (CommonMark: a run of n backticks closes only at the next run of n). */
function outsideCode(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '`' || (i > 0 && line[i - 1] === '\\')) {
      out += line[i++];
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let close = -1;
    for (let j = line.indexOf(fence, i + n); j >= 0; j = line.indexOf(fence, j + 1)) {
      if (line[j - 1] !== '`' && line[j + n] !== '`') {
        close = j;
        break;
      }
    }
    if (close < 0) {
      out += fence;
      i += n;
    } else i = close + n;
  }
  return out;
}

describe('merge and diff on reports from elsewhere', () => {
  it('refuses a report with only the fields the loader used to check, in one line naming the file and the field', async () => {
    const bare = write('bare.json', {
      runId: 'x',
      target: { region: 'us-east-1' },
      summary: {},
      cases: [{ id: 'a', status: 'passed', steps: [{ actual: {} }] }],
    });
    for (const args of [
      ['merge', '--out', join(dir, 'm1'), bare],
      ['diff', bare, bare],
    ]) {
      const { code, io } = await cli(args);
      expect(code).toBe(2);
      expect(io.err()).not.toMatch(/TypeError|Cannot read/);
      expect(io.err().trim().split('\n')[0]).toMatch(new RegExp(`${bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [a-z.]+ is missing`));
    }
  });

  it.each([
    ['a case status that is none', (r: Record<string, any>) => (r.cases[0].status = 'great'), 'cases[0].status is not a case status'],
    ['a title that is a number', (r: Record<string, any>) => (r.cases[1].title = 7), 'cases[1].title is not a string'],
    ['a step whose status is text', (r: Record<string, any>) => (r.cases[2].steps[0].actual.status = '200'), 'cases[2].steps[0].actual.status is not a number'],
    ['leftovers that are not a list', (r: Record<string, any>) => (r.cleanup.leftovers = {}), 'cleanup.leftovers is not a list'],
    ['groups that are not a list', (r: Record<string, any>) => (r.groups = 'many'), 'groups is not a list'],
    ['a spec without a name', (r: Record<string, any>) => delete r.suite.spec.name, 'suite.spec.name is missing'],
    ['a target name that is markup', (r: Record<string, any>) => (r.target.name = '<b>x</b>'), 'a label is 1 to 64'],
  ])('refuses %s (exit 2, one line)', async (_, spoil, words) => {
    const report = fixture('night1.us-east-1.json') as unknown as Record<string, any>;
    spoil(report);
    const file = write(`spoilt-${words.length}.json`, report);
    const { code, io } = await cli(['merge', '--out', join(dir, 'm2'), file]);
    expect(code).toBe(2);
    expect(io.err()).toContain(`${file}: `);
    expect(io.err()).toContain(words);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });

  it('escapes every report text in merged.md and drift.md: no live HTML, no Markdown breaking out, no control characters', async () => {
    const hostile = '`x` </code><img src=x onerror=alert(1)> `` [l](javascript:alert(1)) | \u0007\u001b]52;c;aGk=\u0007 \u0000';
    const before = fixture('night1.us-east-1.json') as unknown as Record<string, any>;
    before.cases[0].id = `id${hostile}`;
    before.cases[0].title = `title${hostile}`;
    before.cases[0].group = `group${hostile}`;
    before.cases[0].facts = { member: `member${hostile}` };
    before.cases[0].kind = `kind${hostile}`;
    before.cases[0].steps[0].actual.message = `message${hostile}`;
    before.cases[0].steps[0].actual.errorCode = `code${hostile}`;
    before.target.label = `label${hostile}`;
    before.problem = `problem${hostile}`;
    before.suite.spec.name = `spec${hostile}`;
    before.cleanup.leftovers = [{ resource: `r${hostile}`, name: `n${hostile}`, reason: `why${hostile}` }];
    before.groups = [{ title: `group${hostile}`, count: 1, operation: `op${hostile}` }];
    const after = structuredClone(before);
    after.cases[0].steps[0].actual.errorCode = `other${hostile}`;
    after.cases[0].steps[0].actual.status = 500;
    const a = write('hostile-a.json', before);
    const b = write('hostile-b.json', after);
    const out = join(dir, 'hostile-merged');
    await cli(['merge', '--out', out, a]);
    const drift = join(dir, 'drift.md');
    await cli(['diff', '--out', drift, a, b]);
    for (const file of [join(out, 'merged.md'), drift]) {
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('id'); // the hostile case is there
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      for (const line of text.split('\n')) {
        const prose = outsideCode(line);
        expect(prose).not.toMatch(/<[a-z/!]/i); // no element, no closing tag, no comment
        expect(prose).not.toMatch(/(^|[^\\])\]\(/); // no link
      }
    }
    expect(readFileSync(drift, 'utf8')).toContain('changed');
  });
});
