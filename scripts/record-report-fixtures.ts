/**
 * Re-records the reports under fixtures/reports/ that the diff and merge tests read: two "nights" of a
 * sharded eu-west-1 run and an unsharded us-east-1 run against the reference mock; on night 2, eu-west-1 has a
 * deliberate deviation switched on (the drift the tests must find). Run: node --import tsx scripts/record-report-fixtures.ts
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runConformance } from '../src/runner/run';
import type { TargetChoice } from '../src/target/targets';

const DIR = resolve(__dirname, '../fixtures/reports');
const ONLY = ['EndpointConfigName.*'];

async function record(file: string, target: TargetChoice, region: string, runId: string, shard?: { index: number; count: number }): Promise<void> {
  const { report } = await runConformance({ target, region, runId, only: ONLY, ...(shard ? { shard } : {}) });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, file), `${JSON.stringify(report, null, 2)}\n`);
}

async function main(): Promise<void> {
  const healthy: TargetChoice = { kind: 'mock' };
  const drifted: TargetChoice = { kind: 'mock', faults: ['EndpointConfigName.length.max+1'] };
  for (const [night, eu] of [
    ['night1', healthy],
    ['night2', drifted],
  ] as const) {
    const n = night === 'night1' ? 'n1' : 'n2';
    await record(`${night}.eu-west-1.shard-1-of-2.json`, eu, 'eu-west-1', `${n}eu1`, { index: 1, count: 2 });
    await record(`${night}.eu-west-1.shard-2-of-2.json`, eu, 'eu-west-1', `${n}eu2`, { index: 2, count: 2 });
    await record(`${night}.us-east-1.json`, healthy, 'us-east-1', `${n}us`);
  }
}

void main();
