import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Recorder } from '../client/recording/recorder';
import type { RunPlan } from '../engine/plan';
import { CONTRACTS_DIR } from '../spec/contracts-dir';
import { SUITE_NAME, SUITE_VERSION } from '../version';
import { makeDirs, writeAtomic } from '../report/write';

/** Where the vendored model's checksum of each operation is kept (written from the model, checked by a test). */
export const CHECKSUMS_FILE = join(CONTRACTS_DIR, 'model', 'checksums.json');

/** The kept checksums, operation → `sha256:...` (none when the file is missing). */
export function modelChecksums(): Record<string, string> {
  if (!existsSync(CHECKSUMS_FILE)) return {};
  return (JSON.parse(readFileSync(CHECKSUMS_FILE, 'utf8')) as { operations: Record<string, string> }).operations;
}

/** A recorder for the run's exchanges (`--record`): it knows the run's names and region, to replace them. */
export function recorderFor(plan: RunPlan): Recorder {
  return new Recorder({ runId: plan.runId, prefix: plan.prefix, region: plan.region });
}

/** Writes what the recorder holds into `dir` (made if missing), with the header naming the run; returns the files. */
export function writeRecording(recorder: Recorder, dir: string, plan: RunPlan, target: { kind: string; label: string }): string[] {
  makeDirs(dir);
  return recorder.write(
    dir,
    { suite: { name: SUITE_NAME, version: SUITE_VERSION }, target, edition: plan.profile.name, modelChecksums: modelChecksums() },
    writeAtomic,
  );
}
