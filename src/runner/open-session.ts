import { Session, type RunPlan, type SessionOptions } from '../engine/session';
import { startTarget, type TargetSpec } from '../target/targets';

export interface OpenOptions extends SessionOptions {
  target: TargetSpec;
  /** Aborts the target's start-up (waiting for moto_server). */
  signal?: AbortSignal;
}

/**
 * Starts the target a run names and hands it to a new session, which stops it at its close. The reference mock
 * serves the run's own profile in the run's region, so it enforces what the cases assert.
 *
 * @example
 * const session = await openSession(planRun(), { target: { kind: 'mock' } });
 * try { await session.setup(); ... } finally { await session.close(); }
 */
export async function openSession(plan: RunPlan, options: OpenOptions): Promise<Session> {
  const target = await startTarget(
    options.target.kind === 'mock' ? { profile: plan.profile.name, region: plan.region, ...options.target } : options.target,
    options.signal,
  );
  try {
    return await Session.open(plan, target, options);
  } catch (error) {
    await target.stop();
    throw error;
  }
}
