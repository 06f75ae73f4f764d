import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { captureIo } from './io';
import type { ConformanceReport } from '../../src/report/model';

/** What one in-process CLI invocation did: exit code, output, and the report if one was written. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  reportDir: string;
  report?: ConformanceReport;
}

/** Runs `main(argv)` (argv starting with the command) with captured output and a fresh report folder (unless argv names one). */
export async function runCliInProcess(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'sc-cli-'));
  // Right after the command, so a flag left without its value at the end stays without one.
  const args = argv.includes('--report-dir') ? argv : [argv[0]!, '--report-dir', reportDir, ...argv.slice(1)];
  const io = captureIo({ ...env });
  const code = await main(args, io);
  const file = join(reportDir, 'conformance.json');
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport) : undefined;
  return { code, stdout: io.out(), stderr: io.err(), reportDir, ...(report ? { report } : {}) };
}

export function removeReportDir(run: CliRun | undefined): void {
  if (run) rmSync(run.reportDir, { recursive: true, force: true });
}
