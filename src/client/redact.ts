/**
 * The one redaction point. Every byte the suite writes (stdout, stderr, every report, drift and merged files, Pact's
 * verifier output) passes through `redact`, which knows:
 * - the credentials the SDK's chain actually resolved, whatever their source (environment, profile, SSO, web identity,
 *   container or instance role): `resolveCredentials` registers them here as it hands them to the SDK;
 * - the parts of an Authorization header (the credential scope, the signature), any 64-hex signature, access key ids,
 *   and the value of a security-token header or query parameter.
 */
const PATTERNS: [RegExp, string][] = [
  [/\b(AKIA|ASIA|AROA|AIDA)[0-9A-Z]{12,}\b/g, '<redacted>'], // access key ids
  [/Credential=[^,\s"']+/g, 'Credential=<redacted>'],
  [/\b\d{8}\/[a-z0-9-]+\/[a-z0-9-]+\/aws4_request\b/g, '<redacted>'], // a credential scope on its own
  [/\b[0-9a-fA-F]{64}\b/g, '<redacted>'], // SigV4 signatures (and any other 64-hex value)
  [/(x-amz-security-token["']?\s*[:=]\s*["']?)[^"'\s&,;}]+/gi, '$1<redacted>'],
  [/(authorization["']?\s*[:=]\s*["']?AWS4-HMAC-SHA256)[^"'\n}]*/gi, '$1 <redacted>'],
];

const known = new Set<string>();

/** Values shorter than this are not treated as secrets (they would match ordinary text). */
const MIN_SECRET = 8;

/** Listeners told about each new secret (the bin's parent process, which redacts a child's output). */
const listeners: ((secret: string) => void)[] = [];

/** Registers values that must never be written anywhere (resolved credentials, secrets from the environment). */
export function addSecrets(...values: (string | undefined | null)[]): void {
  for (const value of values) {
    if (typeof value !== 'string' || value.length < MIN_SECRET || known.has(value)) continue;
    known.add(value);
    for (const listener of listeners) listener(value);
  }
}

export function onSecret(listener: (secret: string) => void): void {
  listeners.push(listener);
}

/** The secrets known from the environment: read once when the CLI starts. */
export function addEnvironmentSecrets(env: NodeJS.ProcessEnv): void {
  addSecrets(env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN, env.AWS_ACCESS_KEY_ID, env.PACT_BROKER_TOKEN, env.PACT_BROKER_PASSWORD);
}

/** No run of this many characters of a known secret is left anywhere, whatever cut it (shortening, a target). */
export const FRAGMENT = 12;

/**
 * Removes anything credential-like from text: every registered secret (and `secrets`), any run of FRAGMENT
 * characters of one, access key ids, SigV4 signatures and scopes, security tokens. A faulty target may echo request
 * headers into its answers. `placeholder` is what takes their place: `<redacted>` in plain text and JSON, its
 * escaped form in XML, HTML and Markdown, so redacting an escaped document keeps it well-formed.
 */
export function redact(text: string, secrets: readonly string[] = [], placeholder = '<redacted>'): string {
  let out = text;
  const all = [...known, ...secrets].filter((secret) => secret.length >= MIN_SECRET);
  for (const secret of all) if (out.includes(secret)) out = out.split(secret).join(placeholder);
  for (const secret of all) out = withoutFragments(out, secret, placeholder);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement.replace('<redacted>', placeholder.replace(/\$/g, '$$$$')));
  return out;
}

const WORDLIKE = /^[a-z._ -]+$/;

/** Every run of FRAGMENT or more characters of `secret` in `text` replaced (what shortening or a target left). */
function withoutFragments(text: string, secret: string, placeholder: string): string {
  if (secret.length < FRAGMENT) return text;
  let out = text;
  for (let i = 0; i + FRAGMENT <= secret.length; i++) {
    const piece = secret.slice(i, i + FRAGMENT);
    // A run of lower-case words (`conformance-dummy-secret`'s `conformance-`) is ordinary text, not a piece of a
    // key: real keys, tokens and key ids are random upper case, digits and base64.
    if (WORDLIKE.test(piece) || !out.includes(piece)) continue;
    // Grow the match to the longest run of the secret that starts with this piece.
    let at = out.indexOf(piece);
    while (at >= 0) {
      let end = at + FRAGMENT;
      while (end < out.length && i + (end - at) < secret.length && out[end] === secret[i + (end - at)]) end++;
      out = `${out.slice(0, at)}${placeholder}${out.slice(end)}`;
      at = out.indexOf(piece, at + placeholder.length);
    }
  }
  return out;
}

/** The placeholder as it must appear inside escaped XML, HTML or Markdown text. */
export const ESCAPED_PLACEHOLDER = '&lt;redacted&gt;';

/**
 * A value with every string in it redacted (keys too): reports are redacted as data before they are escaped and
 * shortened, so no format's escaping can split a secret and no shortening can leave a piece of one.
 */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
  // The same object gives the same copy: renderers find a case's deciding step by identity.
  const seen = new Map<object, unknown>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redact(v, secrets);
    if (v === null || typeof v !== 'object' || depth > 256) return v;
    if (seen.has(v)) return seen.get(v);
    let out: unknown;
    if (Array.isArray(v)) out = v.map((x) => walk(x, depth + 1));
    else {
      const copy: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) copy[redact(k, secrets)] = walk(x, depth + 1);
      out = copy;
    }
    seen.set(v, out);
    return out;
  };
  return walk(value, 0) as T;
}

type Out = { write: (chunk: string) => unknown; isTTY?: boolean };

/** A stream whose every write goes through `redact` (the CLI's stdout and stderr). */
export function redactingStream<T extends Out>(stream: T): T {
  const wrapped = { write: (chunk: string) => stream.write(redact(String(chunk))) };
  Object.defineProperty(wrapped, 'isTTY', { get: () => stream.isTTY, enumerable: true });
  return wrapped as unknown as T;
}
