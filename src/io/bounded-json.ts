/**
 * JSON a target or a file controls, kept within a depth budget. V8 parses deep nesting without recursion, but
 * everything after it (the judge, redaction, shortening, `JSON.stringify` with indentation for the report)
 * recurses and repeats indentation per level: 3000 levels gave a 414 MiB report, 10000 overflowed the stack. So a
 * parsed value is cut at MAX_JSON_DEPTH, and the cut says so where it happened.
 */
export const MAX_JSON_DEPTH = 32;

/** What stands in for a value nested deeper than the budget. */
export function cutMarker(depth: number): string {
  return `<cut: nested deeper than ${depth} levels>`;
}

/** `value` with everything nested deeper than `maxDepth` replaced by a marker; whether anything was cut. */
export function cutDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): { value: unknown; cut: boolean } {
  let cut = false;
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (depth >= maxDepth) {
      cut = true;
      return cutMarker(maxDepth);
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    // fromEntries defines own properties: a key `__proto__` stays a key, and does not set the copy's prototype.
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
  };
  return { value: walk(value, 0), cut };
}

/** The deepest nesting of arrays and objects in JSON text, counted without parsing (strings skipped). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92)
        i++; // a backslash escapes the next character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123) max = Math.max(max, ++depth);
    else if (ch === 93 || ch === 125) depth--;
  }
  return max;
}

/** JSON.parse within the depth budget: deeper values are cut (and `cut` says so). Throws on invalid JSON. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): { value: unknown; cut: boolean } {
  const value: unknown = JSON.parse(text);
  // Cheap check first: most answers are a few levels deep and need no copy.
  if (nestingDepth(text) <= maxDepth) return { value, cut: false };
  return cutDepth(value, maxDepth);
}
