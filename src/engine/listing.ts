import type { Exchange } from '../client/exchange';
import type { ResourceSpec, ServiceSpec } from '../spec/types';
import { parseBody, snippet } from '../client/parse';
import { escapeRegExp } from '../io/glob';

export type Send = (operation: string, body: Record<string, unknown>) => Promise<Exchange>;

const MAX_PAGES = 50;

/** Text matched literally inside a regular expression. */
export { escapeRegExp };

/** The JSON object of a 200 answer, or undefined. */
export function okBody(exchange: Exchange): Record<string, unknown> | undefined {
  if (exchange.response?.status !== 200) return undefined;
  const parsed = parseBody(exchange.response.body);
  return parsed.kind === 'object' ? parsed.value : undefined;
}

/** Why a call did not answer 200, in one line. */
export function failureOf(exchange: Exchange): string {
  return exchange.response ? `HTTP ${exchange.response.status}: ${snippet(exchange.response.body)}` : (exchange.transportError ?? 'no response');
}

/**
 * Every listed resource of one type whose name contains `nameContains`, all pages first (deleting while paging would
 * shift them). `problem` says why listing stopped early; the items listed until then are kept. A target whose
 * filtered listing fails (moto 5.2.1 answers HTTP 500 to `NameContains` once a nameless resource exists) is listed
 * again without the filter, and the names are matched here.
 */
export async function listResources(send: Send, resource: ResourceSpec, nameContains: string): Promise<{ items: Record<string, unknown>[]; problem?: string }> {
  const filtered = await listPages(send, resource, { NameContains: nameContains });
  if (!filtered.problem || filtered.items.length > 0 || !filtered.status || filtered.status < 500) return filtered;
  const all = await listPages(send, resource, {});
  if (all.problem) return { items: [], problem: `${filtered.problem}; without the name filter: ${all.problem}` };
  const needle = nameContains.toLowerCase();
  const items = all.items.filter((item) => {
    const name = item[resource.nameMember];
    return typeof name === 'string' && name.toLowerCase().includes(needle);
  });
  return { items };
}

async function listPages(
  send: Send,
  resource: ResourceSpec,
  filter: Record<string, unknown>,
): Promise<{ items: Record<string, unknown>[]; problem?: string; status?: number }> {
  const items: Record<string, unknown>[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = await send(resource.list.operation, { ...filter, MaxResults: 100, ...(token ? { NextToken: token } : {}) });
    const out = okBody(listed);
    if (!out)
      return { items, problem: `${resource.list.operation} failed: ${failureOf(listed)}`, ...(listed.response ? { status: listed.response.status } : {}) };
    if (Array.isArray(out[resource.list.member])) items.push(...(out[resource.list.member] as Record<string, unknown>[]));
    token = typeof out.NextToken === 'string' ? out.NextToken : undefined;
    if (!token) break;
  }
  return { items };
}

/** Deletion order for a service: resources another operation requires come last, after what depends on them. */
export function deletionOrder(service: ServiceSpec, required: Iterable<string>): string[] {
  const last = new Set(required);
  const types = Object.keys(service.resources);
  return [...types.filter((t) => !last.has(t)), ...types.filter((t) => last.has(t))];
}
