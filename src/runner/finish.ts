import type { CleanupReport, Session } from '../engine/session';

/** How a session ended: what its clean-up did, what interrupted it, and the report's problem line so far. */
export interface SessionEnd {
  cleanup: CleanupReport;
  interruptedAt?: string;
  problem?: string;
}

/**
 * Closes the session (a clean-up that throws becomes a leftover, never the caller's exception) and adds to `problem`
 * what the end tells: an interruption that came during clean-up, a target gone before its resources were, resources
 * left behind. Run and explore end their sessions alike through this one function.
 */
export async function finishSession(session: Session | undefined, problem: string | undefined, signal: AbortSignal | undefined): Promise<SessionEnd> {
  let cleanup: CleanupReport = { deleted: [], leftovers: [] };
  if (session) {
    try {
      cleanup = await session.close();
    } catch (error) {
      cleanup.leftovers.push({ resource: '*', name: '*', reason: `cleanup failed: ${(error as Error).message}` });
    }
  }
  const interruptedAt = session?.interruption ?? (signal?.aborted ? `interrupted (${String(signal.reason ?? 'aborted')})` : undefined);
  if (interruptedAt && !problem) problem = `${interruptedAt} during clean-up`;
  if (cleanup.targetGone) problem = problem ? `${problem}; ${cleanup.targetGone}` : cleanup.targetGone;
  if (cleanup.leftovers.length > 0 && !problem) problem = `${cleanup.leftovers.length} resource(s) could not be deleted`;
  return { cleanup, ...(interruptedAt ? { interruptedAt } : {}), ...(problem ? { problem } : {}) };
}
