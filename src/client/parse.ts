import type { RawResponse } from './exchange';
import { MAX_JSON_DEPTH, nestingDepth, parseBoundedJson } from '../io/bounded-json';
import { printable } from '../io/neutral';
import { redact } from './redact';

/** `cut`: the body nested deeper than MAX_JSON_DEPTH; `value` is cut there (src/io/bounded-json.ts). */
export type ParsedBody = { kind: 'object'; value: Record<string, unknown>; cut?: string } | { kind: 'invalid'; reason: string };

const SNIPPET = 200;

/** A short, printable copy of untrusted input for error messages. */
export function snippet(text: string): string {
  // Redact first, then shorten: a cut never leaves a piece of a secret that no longer looks like one.
  const flat = printable(redact(text).replace(/\s+/g, ' ').trim());
  return flat.length > SNIPPET ? `${flat.slice(0, SNIPPET)}… (${text.length} chars)` : flat;
}

/** Parses a target's body; anything but a JSON object is invalid, with a truncated copy in the reason. */
export function parseBody(text: string): ParsedBody {
  if (text.trim() === '') return { kind: 'invalid', reason: 'empty body' };
  let value: unknown;
  let cut = false;
  try {
    ({ value, cut } = parseBoundedJson(text));
  } catch {
    return { kind: 'invalid', reason: `body is not JSON: ${JSON.stringify(snippet(text))}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: `body is JSON but not an object: ${JSON.stringify(snippet(text))}` };
  }
  const why = cut ? { cut: `the body nests arrays and objects ${nestingDepth(text)} levels deep; it is kept cut at ${MAX_JSON_DEPTH}` } : {};
  return { kind: 'object', value: value as Record<string, unknown>, ...why };
}

/**
 * The error code from any place the protocol allows: the `x-amzn-ErrorType` header (part before `:`),
 * or `__type` in the body, with or without a `namespace#` prefix or a `:uri` suffix.
 */
export function errorCodeOf(response: RawResponse, body: Record<string, unknown> | undefined): string | undefined {
  const clean = (raw: string) => {
    const noUri = raw.split(':')[0]!;
    const hash = noUri.lastIndexOf('#');
    return (hash >= 0 ? noUri.slice(hash + 1) : noUri).trim() || undefined;
  };
  const header = response.headers['x-amzn-errortype'];
  if (header) return clean(header);
  const type = body?.__type;
  return typeof type === 'string' ? clean(type) : undefined;
}

export function errorMessageOf(body: Record<string, unknown> | undefined): string | undefined {
  const message = body?.message ?? body?.Message;
  return typeof message === 'string' ? message : undefined;
}

export function isJsonContentType(value: string | undefined): boolean {
  return value !== undefined && /^application\/(x-amz-json-1\.[01]|json)\b/i.test(value);
}
