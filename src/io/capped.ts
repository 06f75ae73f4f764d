/**
 * What a target sent, as a report keeps it: bounded whatever the target sends. A report stores the start of each
 * text and its whole size, so the whole table's reports stay a few megabytes even when every answer carries a
 * 1 MB ARN (they were 700 MB). What we sent (request bodies) is ours, bounded by the case table, and kept whole.
 */

/** The longest string of a target's body a report keeps whole (an ARN is at most 2048 characters; most are far shorter). */
export const STORED_TEXT = 1024;

/**
 * The longest error message a result keeps whole (the JSON report keeps 4000 characters of it). Long enough that a
 * message echoing a value of 8192 characters still holds the member path after it, for explore's reading of it.
 */
export const STORED_MESSAGE = 65536;

/** The largest body a report keeps as JSON (after each string is capped); past it, its start as text. */
export const STORED_BODY = 65536;

/** `text` whole when short; else its first `max` characters and how long it was: `arn:aws:…… (999000 chars)`. */
export function cappedText(text: string, max = STORED_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** A parsed body (or any value a target sent) with every string capped, and the whole kept within STORED_BODY. */
export function cappedValue(value: unknown): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return cappedText(v);
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    // fromEntries keeps a key `__proto__` a key; keys are capped as values are.
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [cappedText(k, 256), walk(x)]));
  };
  const capped = walk(value);
  const text = JSON.stringify(capped);
  return text !== undefined && text.length > STORED_BODY ? cappedText(text, STORED_TEXT) : capped;
}
