import { join } from 'node:path';
import type { Exchange } from '../exchange';
import {
  operationFile,
  RECORDED_HEADERS,
  RECORDING_FORMAT,
  RECORDING_FORMAT_VERSION,
  RECORDING_HEADER_FILE,
  type ExchangeContext,
  type RecordedAnswer,
  type RecordedExchange,
  type RecordedRequest,
  type RecordingHeader,
} from './format';
import { Normaliser, PLACEHOLDERS, type RunIdentity } from './transform';

/** What a recording says about the run that made it, beside the exchanges. */
export interface RecordingMeta {
  suite: { name: string; version: string };
  target: { kind: string; label: string };
  edition: string;
  /** Per operation: sha256 of its shapes in the vendored model (contracts/model/checksums.json). */
  modelChecksums: Record<string, string>;
}

const PHASES: ExchangeContext['phase'][] = ['setup', 'case', 'cleanup'];

/**
 * Collects a run's exchanges, normalised as they arrive (the order matters for tokens: a page's token is known
 * before the next page's request comes), and writes them sorted by where in the run they were made, so the same
 * table against the same target writes the same lines whatever the concurrency.
 */
export class Recorder {
  private readonly normaliser: Normaliser;
  private readonly exchanges: (RecordedExchange & { seq: number })[] = [];

  constructor(readonly run: RunIdentity) {
    this.normaliser = new Normaliser(run);
  }

  record(exchange: Exchange, context: ExchangeContext): void {
    const n = this.normaliser;
    const sent = exchange.sent ?? { target: null, contentType: null, signing: 'signed' as const };
    const request: RecordedRequest = {
      target: sent.target,
      contentType: sent.contentType,
      signing: sent.signing,
      ...n.body(exchange.requestBody, false),
    };
    const r = exchange.response;
    let answer: RecordedAnswer | undefined;
    if (r) {
      const headers: Record<string, string> = {};
      for (const name of RECORDED_HEADERS) {
        const value = r.headers[name];
        if (value !== undefined) headers[name] = name === 'x-amzn-requestid' ? PLACEHOLDERS.requestId : n.text(value);
      }
      answer = { status: r.status, headers, ...n.body(r.body, true), ...(r.truncated ? { truncatedAt: r.truncated.bytes } : {}) };
    }
    this.exchanges.push({
      ...context,
      operation: exchange.operation,
      request,
      ...(answer ? { answer } : {}),
      ...(!answer && exchange.transportError ? { transportError: n.text(exchange.transportError) } : {}),
      seq: this.exchanges.length,
    });
  }

  get size(): number {
    return this.exchanges.length;
  }

  /** The files of the recording, by name: recording.json and one `<Operation>.jsonl` per operation. */
  files(meta: RecordingMeta, recordedOn = new Date().toISOString().slice(0, 10)): Map<string, string> {
    const sorted = [...this.exchanges].sort(byPlace);
    const byOperation = new Map<string, string[]>();
    for (const { seq: _seq, ...exchange } of sorted) {
      const lines = byOperation.get(exchange.operation) ?? [];
      lines.push(JSON.stringify(exchange));
      byOperation.set(exchange.operation, lines);
    }
    const header: RecordingHeader = {
      format: RECORDING_FORMAT,
      formatVersion: RECORDING_FORMAT_VERSION,
      suite: meta.suite,
      target: { kind: meta.target.kind, label: this.normaliser.text(meta.target.label) },
      region: this.run.region,
      edition: meta.edition,
      recordedOn,
      operations: Object.fromEntries(
        [...byOperation.keys()]
          .sort()
          .map((op) => [
            op,
            { file: operationFile(op), exchanges: byOperation.get(op)!.length, ...(meta.modelChecksums[op] ? { modelChecksum: meta.modelChecksums[op] } : {}) },
          ]),
      ),
    };
    const files = new Map<string, string>([[RECORDING_HEADER_FILE, `${JSON.stringify(header, null, 2)}\n`]]);
    for (const [op, lines] of byOperation) files.set(operationFile(op), `${lines.join('\n')}\n`);
    return files;
  }

  /** Writes the recording into `dir` with `write` (the reports' atomic, redacting writer). */
  write(dir: string, meta: RecordingMeta, write: (file: string, text: string) => void): string[] {
    const written: string[] = [];
    for (const [name, text] of this.files(meta)) {
      write(join(dir, name), text);
      written.push(join(dir, name));
    }
    return written;
  }
}

/** Set-up first, then cases by id and step, then clean-up; within a place, as sent (clean-up: by request). */
function byPlace(a: RecordedExchange & { seq: number }, b: RecordedExchange & { seq: number }): number {
  const phase = PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase);
  if (phase !== 0) return phase;
  if (a.phase === 'case') {
    const c = cmp(a.case ?? '', b.case ?? '') || (a.step ?? 0) - (b.step ?? 0) || (a.page ?? 0) - (b.page ?? 0);
    if (c !== 0) return c;
  }
  if (a.phase === 'cleanup') {
    const key = cmp(`${a.operation} ${JSON.stringify(a.request)}`, `${b.operation} ${JSON.stringify(b.request)}`);
    if (key !== 0) return key;
  }
  return a.seq - b.seq;
}

/** Code-point order, the same on every machine (localeCompare is not). */
function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
