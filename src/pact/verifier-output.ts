/** What Pact's verifier says: its result JSON, and the environment variables that filter what it runs. */

/** Pact's verifier result JSON, as far as the report needs it. */
export interface VerifierJson {
  result?: boolean;
  errors?: { interaction?: string; mismatch?: Record<string, unknown> & { type?: string; mismatches?: Record<string, unknown>[]; message?: string } }[];
  pendingErrors?: VerifierJson['errors'];
  /** One entry per interaction Pact ran (pact-core 19): its description and `Ok` or `Error`. */
  interactionResults?: { description?: string; result?: string }[];
}

export function mismatchLines(mismatch: NonNullable<VerifierJson['errors']>[number]['mismatch']): string[] {
  if (!mismatch) return ['failed'];
  if (Array.isArray(mismatch.mismatches) && mismatch.mismatches.length > 0) {
    return mismatch.mismatches.map((m) =>
      String(m.mismatch ?? m.description ?? JSON.stringify(m))
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  return [
    String(mismatch.message ?? mismatch.type ?? JSON.stringify(mismatch))
      .replace(/\s+/g, ' ')
      .trim(),
  ];
}

export function parseVerifierJson(text: unknown): VerifierJson | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as VerifierJson) : undefined;
  } catch {
    return undefined;
  }
}

/** Why interactions were not run: Pact's own filters, when set in the environment. */
export function pactFilters(env: NodeJS.ProcessEnv): string[] {
  return ['PACT_DESCRIPTION', 'PACT_PROVIDER_STATE', 'PACT_PROVIDER_NO_STATE'].filter((name) => env[name]).map((name) => `${name}=${env[name]}`);
}
