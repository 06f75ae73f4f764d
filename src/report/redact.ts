const PATTERNS: RegExp[] = [
  /\b(AKIA|ASIA|AROA|AIDA)[0-9A-Z]{12,}\b/g, // access key ids
  /Signature=[0-9a-f]{64}/g,
  /Credential=[^,\s"]+/g,
  /X-Amz-Security-Token=[^&\s"]+/gi,
];

/**
 * Removes anything credential-like from report text: access key ids, SigV4 signatures and scopes, and the exact
 * secret values of the run. A faulty target may echo request headers into its answers; those must not reach a report.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('<redacted>');
  for (const pattern of PATTERNS) out = out.replace(pattern, '<redacted>');
  return out;
}
