/**
 * The recording format (docs/recordings.md): a folder with `recording.json` (what made it) and one JSON Lines file per
 * operation, one exchange a line, every varying value already replaced by a placeholder, so two recordings of the
 * same target compare line by line and a pull request shows what changed.
 */

/** Bumped when a reader of the previous version would misread a recording. */
export const RECORDING_FORMAT_VERSION = 1;
export const RECORDING_FORMAT = 'sagemaker-conformance-recording';
export const RECORDING_HEADER_FILE = 'recording.json';

/** Bodies longer than this many characters keep their head only, with their size (as reports cut bodies). */
export const RECORDED_BODY_LIMIT = 16 * 1024;

/** How a request was signed: the signature itself never matters, only which way it was made. */
export type Signing = 'signed' | 'none' | 'wrong-secret' | 'other-region';

/** The request as sent, normalised: the headers that choose the operation and the body. */
export interface RecordedRequest {
  /** X-Amz-Target as sent (null: none was sent). */
  target: string | null;
  /** Content-Type as sent (null: none was sent). */
  contentType: string | null;
  signing: Signing;
  /** The body as JSON, when the text is JSON that reads back to exactly the same text; else `bodyText`. */
  body?: unknown;
  bodyText?: string;
}

/** The answer as it came, normalised: status, the headers the judge reads, the body (cut past the limit). */
export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  bodyText?: string;
  /** Set when the body was longer than the limit: its size in characters; `bodyText` holds its head. */
  bodySize?: number;
  /** The client had cut the body (`--max-body`): how many bytes arrived in all. */
  truncatedAt?: number;
}

/** Where in the run an exchange was made. */
export interface ExchangeContext {
  phase: 'setup' | 'case' | 'cleanup';
  /** The case and step, for case exchanges; `page` counts the pages of a paginated step from 0. */
  case?: string;
  step?: number;
  page?: number;
}

/** One line of an operation's file. */
export interface RecordedExchange extends ExchangeContext {
  operation: string;
  request: RecordedRequest;
  answer?: RecordedAnswer;
  /** No answer came: why (normalised). */
  transportError?: string;
}

/** The headers a recording keeps: the ones the judge reads. */
export const RECORDED_HEADERS = ['content-type', 'x-amzn-errortype', 'x-amzn-requestid'] as const;

export interface RecordedOperation {
  file: string;
  exchanges: number;
  /** sha256 of the operation's shapes in the vendored Smithy model when the recording was made (contracts/model/checksums.json). */
  modelChecksum?: string;
}

/** recording.json. */
export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  formatVersion: number;
  suite: { name: string; version: string };
  target: { kind: string; label: string };
  region: string;
  edition: string;
  /** The day the recording was made (UTC), so two nights' recordings differ here only. */
  recordedOn: string;
  operations: Record<string, RecordedOperation>;
}

/** The file of an operation's exchanges. */
export function operationFile(operation: string): string {
  return `${operation}.jsonl`;
}
