/** What `run --compare DIR` adds to a report (src/report/compare.ts computes it). */

/** Whether a case's answer is the one the recording holds for it: `--compare DIR`. */
export interface CaseComparison {
  /** `same`: status, code, member named and output shape all as recorded; `unrecorded`: the recording has no such case. */
  asRecorded: 'same' | 'differs' | 'unrecorded';
  /** What differs, one line each (`status 400, recorded 403`). */
  differences?: string[];
}

export interface ComparisonSummary {
  recording: { dir: string; target: string; region: string; recordedOn: string };
  same: number;
  differs: number;
  unrecorded: number;
}
