import { ArgsError } from './args';
import type { CliIo } from './io';
import type { Recorder } from '../client/recording/recorder';
import { readRecording } from '../client/recording/read';
import { NOT_RECORDED_REASON } from '../client/recording/not-recorded';
import type { RunPlan } from '../engine/plan';
import type { ConformanceReport } from '../report/model';
import { compareWithRecording } from '../report/compare';
import { recorderFor, writeRecording } from '../runner/recording';
import { ensureWritableDir } from '../report/write';

/**
 * What `--record DIR` and `--compare DIR` add to a run, in one place: the recorder the session is given, and at the
 * end the recording written, the answers compared with a recorded one, and the cases a replay did not hold counted.
 */
export function recordingFlags(flags: { record?: string | undefined; compare?: string | undefined }, plan: RunPlan) {
  if (flags.record !== undefined && flags.record.trim() === '') throw new ArgsError('--record must name a folder, not be empty');
  // The folder is made (and found writable) before the run, not after it.
  if (flags.record !== undefined) {
    try {
      ensureWritableDir(flags.record);
    } catch (error) {
      throw new ArgsError(`--record: ${(error as Error).message.replace(/^cannot write reports to /, 'cannot write the recording to ')}`);
    }
  }
  const recorder: Recorder | undefined = flags.record !== undefined ? recorderFor(plan) : undefined;
  // A recording to compare with is read (and refused if it is not one) before anything starts.
  const reference = flags.compare !== undefined ? readRecording(flags.compare) : undefined;
  return {
    recorder,
    /** Writes the recording, adds the comparison to the report, and says how many cases a replay did not hold. */
    finish(report: ConformanceReport, io: CliIo): void {
      const unrecorded = report.cases.filter(
        (c) => c.status === 'skipped' && c.failures.some((f) => f.kind === 'skipped' && f.reason.startsWith(NOT_RECORDED_REASON)),
      );
      if (unrecorded.length > 0)
        io.stderr.write(
          `${unrecorded.length} case(s) not recorded in the replayed recording (skipped, neither passed nor failed): ${unrecorded
            .slice(0, 5)
            .map((c) => c.id)
            .join(', ')}${unrecorded.length > 5 ? ', ...' : ''}\n`,
        );
      if (reference) {
        const compared = compareWithRecording(report, reference, plan);
        report.comparison = compared.summary;
        io.stderr.write(
          `compared with ${reference.dir}: ${compared.summary.same} same as recorded, ${compared.summary.differs} differ, ${compared.summary.unrecorded} not in the recording\n`,
        );
        // "AWS" where the recording is a real account's: what an emulator team wants to read beside pass and fail.
        const who = reference.header.target.kind === 'aws' ? 'AWS' : 'the recording';
        const differing = report.cases.filter((c) => c.comparison?.asRecorded === 'differs');
        for (const c of differing.slice(0, 20))
          io.stderr.write(`  ${c.id} (${c.status}): differs from ${who}: ${(c.comparison?.differences ?? []).join('; ')}\n`);
        if (differing.length > 20) io.stderr.write(`  ... ${differing.length - 20} more in conformance.json\n`);
      }
      if (recorder && flags.record !== undefined) {
        const files = writeRecording(recorder, flags.record, plan, { kind: report.target.kind, label: report.target.label });
        io.stderr.write(`recording: ${recorder.size} exchanges in ${files.length - 1} operation file(s) under ${flags.record}\n`);
      }
    },
  };
}
