import type { Exchange } from '../client/exchange';
import type { ServiceSpec } from '../spec/types';
import { parseBody, snippet } from './parse';
import { RUN_ID_TAG, tagsIn } from './tags';

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

type Send = (operation: string, body: Record<string, unknown>) => Promise<Exchange>;

const MAX_PAGES = 50;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function creationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value * 1000; // awsJson timestamps are epoch seconds
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return undefined;
}

function body(exchange: Exchange): Record<string, unknown> | undefined {
  if (exchange.response?.status !== 200) return undefined;
  const parsed = parseBody(exchange.response.body);
  return parsed.kind === 'object' ? parsed.value : undefined;
}

function failure(exchange: Exchange): string {
  return exchange.response ? `HTTP ${exchange.response.status}: ${snippet(exchange.response.body)}` : (exchange.transportError ?? 'no response');
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
    // Every page first, then decisions: deleting while paging would shift the pages.
    const items: Record<string, unknown>[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const listed = await send(resource.list.operation, { NameContains: options.prefix, MaxResults: 100, ...(token ? { NextToken: token } : {}) });
      const out = body(listed);
      if (!out) throw new Error(`${resource.list.operation} failed: ${failure(listed)}`);
      if (Array.isArray(out[resource.list.member])) items.push(...(out[resource.list.member] as Record<string, unknown>[]));
      token = typeof out.NextToken === 'string' ? out.NextToken : undefined;
      if (!token) break;
    }
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
      const tagged = body(await send(tagging.list, { [tagging.arnMember]: arn }));
      if (!tagged) {
        finding.reason = 'cannot read its tags';
        continue;
      }
      if (!tagsIn(tagged[tagging.tagsMember]).some((t) => t.Key === RUN_ID_TAG && t.Value.toLowerCase() === runId)) {
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
        deleted.response?.status === 200 ? { action: 'deleted', reason: 'ours and old enough' } : { action: 'failed', reason: failure(deleted) },
      );
    }
  }
  return findings;
}

/** Deletion order for a service: resources another operation requires come last. */
export function deletionOrder(service: ServiceSpec, required: Iterable<string>): string[] {
  const last = new Set(required);
  const types = Object.keys(service.resources);
  return [...types.filter((t) => !last.has(t)), ...types.filter((t) => last.has(t))];
}
