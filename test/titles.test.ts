import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { main } from '../src/cli/main';
import { listOperations } from '../src/spec/load';
import { loadEdition } from '../src/spec/editions';
import { renderMarkdown } from '../src/report/markdown';
import { renderHtml } from '../src/report/html';
import type { ConformanceReport } from '../src/report/model';
import { captureIo } from './helpers/io';

/** The names a newcomer reads first say what the suite covers: every operation of the endpoint configuration. */
const ROOT = resolve(__dirname, '..');
const OPERATIONS = listOperations(loadEdition().dir);

describe('what the suite says it covers', () => {
  it('covers more than one operation (or this test says nothing)', () => {
    expect(OPERATIONS.length).toBeGreaterThan(1);
  });

  it("names every operation in --help's first lines", async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    const head = io.out().split('\n').slice(0, 2).join('\n');
    expect(head).toMatch(/^sagemaker-conformance: conformance tests for Amazon SageMaker's endpoint configuration API/);
    for (const op of OPERATIONS) expect(head).toContain(op);
  });

  it("names every operation in package.json's description and the endpoint configuration in action.yml's name", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { description: string };
    for (const op of OPERATIONS) expect(pkg.description).toContain(op);
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { name: string; description: string };
    expect(action.name).toBe('SageMaker endpoint configuration conformance');
    for (const op of OPERATIONS) expect(action.description).toContain(op);
  });

  it("titles a run's Markdown and HTML by the operations its cases are of", () => {
    const base = JSON.parse(readFileSync(join(ROOT, 'fixtures/reports/night1.us-east-1.json'), 'utf8')) as ConformanceReport;
    const report: ConformanceReport = {
      ...base,
      cases: [
        { ...base.cases[0]!, operation: 'CreateEndpointConfig' },
        { ...base.cases[1]!, id: 'DescribeEndpointConfig.x', operation: 'DescribeEndpointConfig' },
      ],
    };
    expect(renderMarkdown(report).split('\n')[0]).toMatch(/^# Conformance: CreateEndpointConfig, DescribeEndpointConfig against /);
    expect(renderHtml(report)).toContain('<h1>CreateEndpointConfig, DescribeEndpointConfig conformance against');
  });
});
