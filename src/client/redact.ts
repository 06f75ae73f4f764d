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

/**
 * Removes anything credential-like from text: every registered secret (and `secrets`), access key ids, SigV4
 * signatures and scopes, security tokens. A faulty target may echo request headers into its answers.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of [...known, ...secrets]) if (secret.length >= MIN_SECRET && out.includes(secret)) out = out.split(secret).join('<redacted>');
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

type Out = { write: (chunk: string) => unknown; isTTY?: boolean };

/** A stream whose every write goes through `redact` (the CLI's stdout and stderr). */
export function redactingStream<T extends Out>(stream: T): T {
  const wrapped = { write: (chunk: string) => stream.write(redact(String(chunk))) };
  Object.defineProperty(wrapped, 'isTTY', { get: () => stream.isTTY, enumerable: true });
  return wrapped as unknown as T;
}
