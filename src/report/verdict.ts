/** One thing the judge looked at. */
export interface Check {
  name: string;
  pass: boolean;
  expected?: unknown;
  actual?: unknown;
}

/** What the target answered, as a report keeps it (never request headers, so never credentials). */
export interface ActualResponse {
  operation: string;
  status?: number;
  requestId?: string;
  contentType?: string;
  errorCode?: string;
  message?: string;
  body?: unknown;
  /** The body's whole size, when it was longer than `--max-body` (only its start was read). */
  bodyBytes?: number;
  transportError?: string;
  attempts?: number;
}

export type StepVerdict =
  | { kind: 'pass'; checks: Check[]; actual: ActualResponse }
  | { kind: 'mismatch'; checks: Check[]; actual: ActualResponse }
  | { kind: 'error'; reason: string; checks: Check[]; actual: ActualResponse };
