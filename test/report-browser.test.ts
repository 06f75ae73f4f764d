/// <reference lib="dom" />
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/chromium';
import { removeReportDir, runCliInProcess, type CliRun } from './helpers/cli-in-process';
import { renderHtml } from '../src/report/html';
import { buildMatrix } from '../src/report/matrix';
import { groupByOperation } from '../src/report/model';
import type { ConformanceReport } from '../src/report/model';
import { mergeReports } from '../src/report/merged';
import { renderMergedHtml } from '../src/report/merged-render';

/** Screenshots go where people look for output; reports/ is git-ignored. */
const SHOTS = resolve(__dirname, '../reports');
const WIDTH = 1280;

let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let run: CliRun;
let page: Page;

beforeAll(async () => {
  chromium = await launchChromium();
  browser = chromium.browser;
  // The mock with moto's expectations: 44 unexpected passes among 27 passes, the page a reader of a moto run gets.
  run = await runCliInProcess(['run', '--target', 'mock', '--expectations', 'fixtures/expectations/moto.json']);
  // One failure with a value far wider than any window, as a target may answer.
  const report = run.report!;
  const failing = report.cases.find((c) => c.id === 'EndpointConfigName.length.64')!;
  failing.status = 'failed';
  failing.failures = [{ kind: 'mismatch', step: 0, check: 'error.message', expected: 'names the member', actual: 'x'.repeat(3000) }];
  failing.actual = { ...failing.actual!, message: `no-spaces-${'y'.repeat(2000)}` };
  writeFileSync(join(run.reportDir, 'conformance.html'), renderHtml(report));
  page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
  await page.goto(pathToFileURL(join(run.reportDir, 'conformance.html')).href);
});

afterAll(async () => {
  await chromium?.close();
  removeReportDir(run);
});

const report = () => run.report!;

describe('the HTML report in headless Chromium', () => {
  it(`has no horizontal overflow at ${WIDTH} px`, async () => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(WIDTH);
  });

  it('shows the counts and scores, then the deviation groups and what needs attention, then the matrix, then the cases', async () => {
    const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent ?? ''));
    // Every case passes or is listed in moto's expectations: no group (the run grouped none).
    expect(headings.map((h) => h.replace(/ \(\d+\)$/, ''))).toEqual(['Score by operation', 'Needs attention', 'Conformance matrix', 'Cases by member']);
    const first = await page.$$eval('.attention a', (as) => as.slice(0, 2).map((a) => a.getAttribute('href')));
    expect(first[0]).toBe('#case-EndpointConfigName.length.64');
    expect(await page.$$eval('.attention li', (lis) => lis.length)).toBe(report().cases.filter((c) => c.status !== 'passed').length);
  });

  it('draws one matrix cell per member and kind of rule, coloured by the worst case, each linking to a row', async () => {
    // One matrix block per operation, in table order.
    const blocks = [...groupByOperation(report().cases, report().suite.spec.name)].map(([, cases]) => buildMatrix(cases));
    const cells = await page.$$eval('td.cell', (tds) =>
      tds.map((td) => ({ member: td.dataset.member, kind: td.dataset.kind, worst: td.dataset.worst, href: td.querySelector('a')!.getAttribute('href')! })),
    );
    const pairs = blocks.flatMap((expected) =>
      expected.members.flatMap((m) =>
        expected.kinds.filter((k) => expected.cells[m]![k]).map((k) => ({ member: m, kind: k, worst: expected.cells[m]![k]!.worst })),
      ),
    );
    expect(cells.map(({ member, kind, worst }) => ({ member, kind, worst }))).toEqual(pairs);
    expect(blocks[0]!.kinds).toEqual(expect.arrayContaining(['required', 'length', 'count', 'pattern', 'type', 'range', 'enum', 'behaviour']));
    const missing = await page.evaluate((hrefs) => hrefs.filter((h) => !document.getElementById(h.slice(1))), [...new Set(cells.map((c) => c.href))]);
    expect(missing).toEqual([]);
  });

  it('follows a matrix link to its row', async () => {
    const cell = page.locator('td.cell[data-member="Tags"][data-kind="count"] a');
    await cell.click();
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/^#case-Tags\.count\./);
    expect(await page.locator(`tr${hash.replace(/\./g, '\\.')}`).isVisible()).toBe(true);
  });

  it('keeps the whole of a long value one click away', async () => {
    const more = page.locator('#case-EndpointConfigName\\.length\\.64 details.more').last();
    expect(await more.evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    await more.locator('summary').click();
    expect(await more.textContent()).toContain(`no-spaces-${'y'.repeat(2000)}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
    mkdirSync(SHOTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'conformance-1280.png'), fullPage: false });
    // The matrix's first screen, as a reader scrolled to it sees it: an element screenshot of the whole matrix makes
    // Chromium lay the long page out again at the matrix's full height, which outlasts the test on a loaded machine.
    await page
      .locator('table.matrix:not(.operations)')
      .first()
      .evaluate((table) => table.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SHOTS, 'conformance-matrix.png'), fullPage: false });
  });

  it('fits the merged report at the same width too', async () => {
    const fixtures = resolve(__dirname, '../fixtures/reports');
    const files = ['night1.us-east-1.json', 'night1.eu-west-1.shard-1-of-2.json', 'night1.eu-west-1.shard-2-of-2.json'];
    const merged = mergeReports(files.map((f) => ({ file: f, report: JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as ConformanceReport })));
    const other = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    await other.setContent(renderMergedHtml(merged));
    expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);
    expect(await other.$$eval('h2', (hs) => hs.map((h) => h.textContent))).toEqual(['Score by operation', 'Conformance matrix: CreateEndpointConfig', 'Cases']);
    await other.screenshot({ path: join(SHOTS, 'merged-1280.png') });
    await other.close();
  });
});
