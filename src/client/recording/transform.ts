import { randomUUID } from 'node:crypto';
import { redact } from '../redact';
import { RECORDED_BODY_LIMIT } from './format';

/**
 * The transformers a recording applies before anything is written (and replay applies to each request it is
 * asked), so that what varies from run to run reads the same in every recording: the run's names, account ids,
 * the region, request ids and other UUIDs, dates and times, the pagination tokens the target issued, and any
 * secret the redaction knows.
 */
export const PLACEHOLDERS = {
  runId: '<run-id>',
  /** The run id in capitals, as the table's upper-case names carry it. */
  runIdUpper: '<RUN-ID>',
  /** The run id as a number, as the table's digits-only names carry it. */
  runNumber: '<run-number>',
  account: '<account-id>',
  region: '<region>',
  requestId: '<request-id>',
  date: '<date>',
  timestamp: '<timestamp>',
  token: '<token>',
  loopback: '<loopback>',
  secret: '<secret>',
} as const;

/** The account id a replayed answer names where the recording says `<account-id>`. */
export const REPLAY_ACCOUNT = '123456789012';

export interface RunIdentity {
  runId: string;
  /** The prefix of every name the run makes (`sc-`): names are `<prefix><runId>-...`. */
  prefix: string;
  region: string;
}

const ARN_ACCOUNT = /(arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:)\d{12}(?=:)/g;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const LOOPBACK = /\b(?:127\.0\.0\.1|localhost|\[::1\]):\d+/g;
/** Members holding a point in time: epoch seconds on the wire. */
const TIME_MEMBER = /(Time|Date|Timestamp)(After|Before)?$/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One run's transformer: knows the run's id, prefix and region, and the tokens the target issued during the run
 * (only those are tokens: a case's own made-up NextToken stays as sent, so it is matched as sent).
 */
export class Normaliser {
  private readonly issued = new Set<string>();
  private readonly names: RegExp;
  private readonly number: RegExp | undefined;

  constructor(readonly run: RunIdentity) {
    // The run's names, not its bare id: a short `--run-id` could occur anywhere. Case is kept: `Sc-ABC123-001`.
    this.names = new RegExp(`(${escape(run.prefix)})(${escape(run.runId)})`, 'gi');
    const digits = String(Number.parseInt(run.runId, 36));
    // The digits-only names (`<run number><seq>`); too short a number would match ordinary values.
    this.number = digits.length >= 6 ? new RegExp(`\\b${digits}(?=\\d{3}\\b)`, 'g') : undefined;
  }

  text(value: string): string {
    if (this.issued.has(value)) return PLACEHOLDERS.token;
    if (value === this.run.runId) return PLACEHOLDERS.runId;
    const named = value.replace(
      this.names,
      (_, prefix: string, id: string) => `${prefix}${id === this.run.runId ? PLACEHOLDERS.runId : PLACEHOLDERS.runIdUpper}`,
    );
    const out = (this.number ? named.replace(this.number, PLACEHOLDERS.runNumber) : named)
      .replace(ARN_ACCOUNT, `$1${PLACEHOLDERS.account}`)
      .replace(new RegExp(`\\b${escape(this.run.region)}\\b`, 'g'), PLACEHOLDERS.region)
      .replace(ISO_DATE, PLACEHOLDERS.date)
      .replace(LOOPBACK, PLACEHOLDERS.loopback);
    return redact(out, [], PLACEHOLDERS.secret);
  }

  /** A JSON value with every string and point in time normalised; `issuing` registers NextTokens (an answer's). */
  json(value: unknown, issuing: boolean, key?: string): unknown {
    if (typeof value === 'string') {
      if (key === 'NextToken' && issuing && value !== '') {
        this.issued.add(value);
        return PLACEHOLDERS.token;
      }
      return this.text(value);
    }
    if (typeof value === 'number' && key !== undefined && TIME_MEMBER.test(key)) return PLACEHOLDERS.timestamp;
    if (Array.isArray(value)) return value.map((v) => this.json(v, issuing));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.text(k), this.json(v, issuing, k)]));
    return value;
  }

  /**
   * A body as a recording holds it: JSON (normalised) when the text reads back to exactly itself, else the text
   * (normalised), cut to its head past RECORDED_BODY_LIMIT with its size.
   */
  body(text: string, issuing: boolean): { body?: unknown; bodyText?: string; bodySize?: number } {
    if (text.length > RECORDED_BODY_LIMIT) return { bodyText: this.text(text.slice(0, RECORDED_BODY_LIMIT)), bodySize: text.length };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { bodyText: this.text(text) };
    }
    if (JSON.stringify(parsed) !== text) return { bodyText: this.text(text) };
    return { body: this.json(parsed, issuing) };
  }
}

/**
 * The reverse, for replay: a recorded answer's placeholders filled with this run's values (its names, region),
 * fresh request ids and times, and tokens this replay issues and will recognise when they come back.
 */
export class Restorer {
  private issuedCount = 0;

  constructor(
    private readonly run: RunIdentity,
    private readonly normaliser: Normaliser,
  ) {}

  text(value: string): string {
    if (value === PLACEHOLDERS.token) return this.issue();
    if (value === PLACEHOLDERS.runId) return this.run.runId;
    return value
      .split(PLACEHOLDERS.runId)
      .join(this.run.runId)
      .split(PLACEHOLDERS.runIdUpper)
      .join(this.run.runId.toUpperCase())
      .split(PLACEHOLDERS.runNumber)
      .join(String(Number.parseInt(this.run.runId, 36)))
      .split(PLACEHOLDERS.account)
      .join(REPLAY_ACCOUNT)
      .split(PLACEHOLDERS.region)
      .join(this.run.region)
      .replace(/<request-id>/g, () => randomUUID())
      .split(PLACEHOLDERS.date)
      .join(new Date().toISOString());
  }

  json(value: unknown): unknown {
    if (value === PLACEHOLDERS.timestamp) return Math.floor(Date.now() / 1000);
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.json(v));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.text(k), this.json(v)]));
    return value;
  }

  /** A token the replay hands out; the normaliser knows it when a next request sends it back. */
  private issue(): string {
    this.issuedCount += 1;
    const token = `replay-token-${this.issuedCount}`;
    this.normaliser.json(token, true, 'NextToken');
    return token;
  }
}
