import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';
import type { ConformanceReport } from '../../src/report/model';

/** What one in-process CLI invocation did: exit code, output, and the report if one was written. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  reportDir: string;
  report?: ConformanceReport;
}

function sink(): { stream: CliIo['stdout']; text: () => string } {
  let text = '';
  return {
    stream: {
      write: (chunk: string | Uint8Array) => {
        text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      },
    } as CliIo['stdout'],
    text: () => text,
  };
}

/** Runs `main(argv)` (argv starting with the command) with captured output and a fresh report folder (unless argv names one). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'sc-cli-'));
  // Right after the command, so a flag left without its value at the end stays without one.
  const args = argv.includes('--report-dir') ? argv : [argv[0]!, '--report-dir', reportDir, ...argv.slice(1)];
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream, env: { ...env } });
  const file = join(reportDir, 'conformance.json');
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport) : undefined;
  return { code, stdout: out.text(), stderr: err.text(), reportDir, ...(report ? { report } : {}) };
}

export function removeReportDir(run: CliRun | undefined): void {
  if (run) rmSync(run.reportDir, { recursive: true, force: true });
}
