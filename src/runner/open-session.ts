import type { CallerIdentity } from '../client/identity';
import { Session, SetupError, type RunPlan, type SessionOptions } from '../engine/session';
import { startTarget, type TargetChoice } from '../target/targets';

export interface OpenOptions extends SessionOptions {
  target: TargetChoice;
  /** Aborts the target's start-up (waiting for moto_server). */
  signal?: AbortSignal;
}

/**
 * Starts the target a run names and hands it to a new session, which stops it at its close. The reference mock
 * serves the run's own edition in the run's region, so it enforces what the cases assert.
 *
 * @example
 * const session = await openSession(planRun(), { target: { kind: 'mock' } });
 * try { await session.setup(); ... } finally { await session.close(); }
 */
export async function openSession(plan: RunPlan, options: OpenOptions): Promise<Session> {
  const run = { runId: plan.runId, prefix: plan.prefix, region: plan.region };
  const target = await startTarget(
    options.target.kind === 'mock'
      ? { edition: plan.edition.name, region: plan.region, ...options.target }
      : options.target.kind === 'replay'
        ? { ...options.target, run }
        : options.target,
    options.signal,
  );
  try {
    return await Session.open(plan, target, options);
  } catch (error) {
    await target.stop();
    throw error;
  }
}

export interface ConfirmOptions {
  target: TargetChoice;
  /** Ask STS who the session acts as (default: for `aws` only; loopback targets have no account). */
  confirmIdentity?: boolean;
  /** Called with the account and region before anything is created. */
  onIdentity?: (identity: CallerIdentity, region: string) => void;
}

/**
 * The account the session acts as, confirmed with STS before anything is created (undefined where not asked); a
 * failure is a SetupError, so the run stops with nothing made.
 */
export async function confirmAccount(session: Session, plan: RunPlan, options: ConfirmOptions): Promise<string | undefined> {
  if (!(options.confirmIdentity ?? options.target.kind === 'aws')) return undefined;
  let identity: CallerIdentity;
  try {
    identity = await session.identity();
  } catch (error) {
    throw new SetupError(`cannot confirm the account with STS GetCallerIdentity (nothing was created): ${(error as Error).message}`);
  }
  options.onIdentity?.(identity, plan.region);
  return identity.account;
}
