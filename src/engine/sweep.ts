import type { ServiceSpec } from '../spec/types';
import { deletionOrder, escapeRegExp, failureOf, listResources, type Send } from './listing';
import { RUN_ID_TAG } from '../client/tags';
import { runIdTagOf } from './ledger';

/** What the sweeper decided about one listed resource. */
export interface SweepFinding {
  resource: string;
  name: string;
  arn: string;
  createdAt?: string;
  runId?: string;
  action: 'deleted' | 'would-delete' | 'kept' | 'failed';
  reason: string;
}

export interface SweepOptions {
  service: ServiceSpec;
  /** Resource types in deletion order: dependents (endpoint configs) before what they need (models). */
  order: string[];
  /** Name prefix of the run's resources (`sc-`); the run id and a hyphen follow it. */
  prefix: string;
  /** Only resources at least this old: younger ones may belong to a run still going. */
  olderThanMs: number;
  dryRun: boolean;
  now?: number;
}

function creationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000; // awsJson timestamps are epoch seconds
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return undefined;
}

/**
 * Finds and deletes what crashed runs left behind. A resource is ours only if all three hold:
 * its name is `<prefix><run id>-…`, it is older than `olderThanMs`, and it carries the suite's run-id tag with the
 * run id its name holds. A name alone is not enough (`sc-prod-…` could be anyone's); a resource without the tag is
 * listed as kept, never deleted.
 */
export async function sweep(send: Send, options: SweepOptions): Promise<SweepFinding[]> {
  const tagging = options.service.tagging;
  if (!tagging) throw new Error('contracts/service.json has no tagging operations: the sweeper cannot tell our resources from others');
  const now = options.now ?? Date.now();
  const ours = new RegExp(`^${escapeRegExp(options.prefix)}([a-z0-9]{1,12})-`, 'i');
  const findings: SweepFinding[] = [];
  for (const type of options.order) {
    const resource = options.service.resources[type];
    if (!resource) continue;
    const { items, problem } = await listResources(send, resource, options.prefix);
    if (problem) throw new Error(problem);
    for (const item of items) {
      const name = item[resource.nameMember];
      const arn = item[resource.arnMember];
      if (typeof name !== 'string' || typeof arn !== 'string') continue;
      const runId = ours.exec(name)?.[1]?.toLowerCase();
      if (!runId) continue; // contains the prefix but does not start with it
      const created = creationMs(item.CreationTime);
      const finding: SweepFinding = {
        resource: resource.arnType,
        name,
        arn,
        runId,
        action: 'kept',
        reason: '',
        ...(created ? { createdAt: new Date(created).toISOString() } : {}),
      };
      findings.push(finding);
      if (created === undefined || now - created < options.olderThanMs) {
        finding.reason = created === undefined ? 'no creation time listed' : 'younger than --older-than (a run may still be using it)';
        continue;
      }
      const tag = await runIdTagOf(send, tagging, arn);
      if (tag === null) {
        finding.reason = 'cannot read its tags';
        continue;
      }
      if (tag?.toLowerCase() !== runId) {
        finding.reason = `no ${RUN_ID_TAG}=${runId} tag: not proven to be ours`;
        continue;
      }
      if (options.dryRun) {
        Object.assign(finding, { action: 'would-delete', reason: 'ours and old enough (dry run)' });
        continue;
      }
      const deleted = await send(resource.delete, { [resource.nameMember]: name });
      Object.assign(
        finding,
        deleted.response?.status === 200 ? { action: 'deleted', reason: 'ours and old enough' } : { action: 'failed', reason: failureOf(deleted) },
      );
    }
  }
  return findings;
}

export { deletionOrder };
