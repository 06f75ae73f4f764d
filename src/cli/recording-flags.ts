import { ArgsError } from './args';
import type { CliIo } from './io';
import { readRecording } from '../client/recording/read';
import type { RunPlan } from '../engine/plan';
import type { ConformanceReport } from '../report/model';
import { finishRecording, recorderOf, type RecordingRequest, type RecordingResult } from '../runner/recording-result';
import { ensureWritableDir } from '../report/write';

/** `--record DIR` and `--compare DIR`, checked before anything starts: the folder to record into, the recording to compare with. */
export function recordingRequest(flags: { record?: string | undefined; compare?: string | undefined }): RecordingRequest {
  if (flags.record !== undefined && flags.record.trim() === '') throw new ArgsError('--record must name a folder, not be empty');
  // The folder is made (and found writable) before the run, not after it.
  if (flags.record !== undefined) {
    try {
      ensureWritableDir(flags.record);
    } catch (error) {
      throw new ArgsError(`--record: ${(error as Error).message.replace(/^cannot write reports to /, 'cannot write the recording to ')}`);
    }
  }
  // A recording to compare with is read (and refused if it is not one) before anything starts.
  return {
    ...(flags.record !== undefined ? { record: flags.record } : {}),
    ...(flags.compare !== undefined ? { reference: readRecording(flags.compare) } : {}),
  };
}

/** What recording and comparing gave, in lines on stderr. */
export function printRecording(result: RecordingResult, io: CliIo): void {
  const { unrecorded, compared, recorded } = result;
  if (unrecorded.length > 0)
    io.stderr.write(
      `${unrecorded.length} case(s) not recorded in the replayed recording (skipped, neither passed nor failed): ${unrecorded
        .slice(0, 5)
        .map((c) => c.id)
        .join(', ')}${unrecorded.length > 5 ? ', ...' : ''}\n`,
    );
  if (compared) {
    const { summary, differing } = compared;
    io.stderr.write(`compared with ${compared.dir}: ${summary.same} same as recorded, ${summary.differs} differ, ${summary.unrecorded} not in the recording\n`);
    for (const c of differing.slice(0, 20))
      io.stderr.write(`  ${c.id} (${c.status}): differs from ${compared.who}: ${(c.comparison?.differences ?? []).join('; ')}\n`);
    if (differing.length > 20) io.stderr.write(`  ... ${differing.length - 20} more in conformance.json\n`);
  }
  if (recorded) io.stderr.write(`recording: ${recorded.exchanges} exchanges in ${recorded.files.length - 1} operation file(s) under ${recorded.dir}\n`);
}

/**
 * What `--record DIR` and `--compare DIR` add to a run, in one place: the recorder the session is given, and at the
 * end the recording written, the answers compared with a recorded one, and the cases a replay did not hold counted.
 */
export function recordingFlags(flags: { record?: string | undefined; compare?: string | undefined }, plan: RunPlan) {
  const request = recordingRequest(flags);
  const recorder = recorderOf(request, plan);
  return {
    recorder,
    /** Writes the recording, adds the comparison to the report, and says how many cases a replay did not hold. */
    finish(report: ConformanceReport, io: CliIo): void {
      printRecording(finishRecording(report, plan, request, recorder), io);
    },
  };
}
