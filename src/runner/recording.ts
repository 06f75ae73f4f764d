import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Recorder } from '../client/recording/recorder';
import { RECORDING_HEADER_FILE } from '../client/recording/format';
import { decidingExchanges, recordedFacts } from '../report/compare';
import { readRecording, type Recording } from '../client/recording/read';
import { evidenceCounts, type Confirmation } from '../engine/evidence';
import type { EvidenceSummary } from '../report/evidence';
import type { ConformanceCase } from '../cases/types';
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
    { suite: { name: SUITE_NAME, version: SUITE_VERSION }, target, edition: plan.edition.name, modelChecksums: modelChecksums() },
    writeAtomic,
  );
}

/** Where recordings of real accounts are committed, one folder each: the evidence that makes a case AWS-validated. */
export const COMMITTED_RECORDINGS_DIR = join(CONTRACTS_DIR, 'recordings');

/** The committed recordings (none is fine). */
export function committedRecordings(dir = COMMITTED_RECORDINGS_DIR): Recording[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, RECORDING_HEADER_FILE)))
    .map((e) => readRecording(join(dir, e.name)));
}

/**
 * The cases a committed recording of a real account confirms: its deciding answer agrees with the case's last step
 * (an accept answered 200; a reject answered with a status and a code the step allows). A mock's recording confirms
 * nothing: only a real account's answer is evidence of AWS.
 */
export function confirmations(cases: readonly ConformanceCase[], edition: string, recordings = committedRecordings()): Map<string, Confirmation[]> {
  const out = new Map<string, Confirmation[]>();
  for (const recording of recordings) {
    const h = recording.header;
    if (h.target.kind !== 'aws' || h.edition !== edition) continue;
    const deciding = decidingExchanges(recording);
    for (const c of cases) {
      const e = deciding.get(c.id);
      const expect = c.steps[c.steps.length - 1]?.expect;
      if (!e || !expect) continue;
      const facts = recordedFacts(e.answer);
      const agrees =
        expect.outcome === 'accept'
          ? facts.status === 200
          : facts.status !== null &&
            [expect.status, ...(expect.alsoStatus ?? [])].includes(facts.status) &&
            facts.code !== null &&
            expect.errorCodes.includes(facts.code);
      if (!agrees) continue;
      const list = out.get(c.id) ?? [];
      list.push({ recording: recording.dir, target: h.target.label, region: h.region, recordedOn: h.recordedOn });
      out.set(c.id, list);
    }
  }
  return out;
}

/** Committed recordings made with another checksum of `operation` than `checksum`: stale once the model changed. */
export function staleRecordings(operation: string, checksum: string, recordings = committedRecordings()): string[] {
  return recordings
    .filter((r) => {
      const made = r.header.operations[operation]?.modelChecksum;
      return made !== undefined && made !== checksum;
    })
    .map((r) => r.dir);
}

/** The report's evidence section: per operation, AWS-validated cases (from committed recordings) and the rest by kind. */
export function evidenceSummary(cases: readonly ConformanceCase[], edition: string, recordings = committedRecordings()): EvidenceSummary {
  const real = recordings.filter((r) => r.header.target.kind === 'aws');
  return { recordings: real.length, operations: evidenceCounts(cases, confirmations(cases, edition, real)) };
}
