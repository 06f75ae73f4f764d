import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeAtomic } from '../src/report/write';

// Set by a test to make the next write stop half-way, as a full disk would.
let mockDiskFull = false;
jest.mock('node:fs', () => {
  const actual = jest.requireActual<typeof import('node:fs')>('node:fs');
  return {
    ...actual,
    writeFileSync: (path: fs.PathOrFileDescriptor, data: string, options?: fs.WriteFileOptions) => {
      if (!mockDiskFull) return actual.writeFileSync(path, data, options);
      actual.writeFileSync(path, String(data).slice(0, 5));
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    },
  };
});

describe('writeAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'sc-atomic-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('replaces the file whole and leaves no temporary file', () => {
    const file = join(dir, 'conformance.json');
    writeAtomic(file, '{"run": 1}\n');
    writeAtomic(file, '{"run": 2}\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"run": 2}\n');
    expect(fs.readdirSync(dir)).toEqual(['conformance.json']);
  });

  it('keeps the previous report and removes the half-written temporary when a write fails part-way', () => {
    const file = join(dir, 'conformance.json');
    writeAtomic(file, '{"run": 1}\n');
    mockDiskFull = true;
    try {
      expect(() => writeAtomic(file, '{"run": 2, "cases": []}\n')).toThrow(/ENOSPC/);
    } finally {
      mockDiskFull = false;
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('{"run": 1}\n');
    expect(fs.readdirSync(dir)).toEqual(['conformance.json']);
  });

  it('never leaves a half-written report when the process is killed while writing', async () => {
    const file = join(dir, 'conformance.json');
    // A child rewrites a 4 MB report in a bounded loop and is killed mid-way; whatever it leaves must parse.
    const script = `
      const { writeAtomic } = require(${JSON.stringify(resolve(__dirname, '../src/report/write.ts'))});
      const text = JSON.stringify({ cases: Array.from({ length: 40000 }, (_, i) => ({ id: 'case-' + i, status: 'passed', pad: 'x'.repeat(80) })) });
      process.stdout.write('writing\\n');
      for (let i = 0; i < 2000; i++) writeAtomic(${JSON.stringify(file)}, text);
    `;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((done) => child.once('exit', done));
    await new Promise<void>((started) => child.stdout.once('data', () => started()));
    // Kill it only once a first write has landed (on a loaded machine that can take longer than a fixed pause),
    // and then in the middle of the writes that follow.
    for (let waited = 0; !fs.existsSync(file) && waited < 20000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const left = fs.readdirSync(dir);
    expect(left.filter((f) => !f.endsWith('.tmp'))).toEqual(['conformance.json']);
    expect(() => JSON.parse(fs.readFileSync(file, 'utf8'))).not.toThrow();
  });
});
