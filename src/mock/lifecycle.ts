import type { StoredResource } from './store';

/**
 * How the mock reads, lists and deletes what it stores: the documented lifecycle of a resource. A fault switches one
 * decision to a wrong one (filters ignored, pages that overlap), so the suite can prove its lifecycle cases notice.
 */
export interface LifecycleBehaviour {
  /** `NameContains` filters the listing. */
  filterByName: boolean;
  /** `CreationTimeAfter` (at or after) and `CreationTimeBefore` (strictly before) filter the listing. */
  filterByTime: boolean;
  /** `SortBy` is honoured (otherwise always by creation time). */
  sortBy: boolean;
  /** `SortOrder` is honoured (otherwise always ascending). */
  sortOrder: boolean;
  /** `MaxResults` bounds a page (otherwise every item on one page). */
  pageSize: boolean;
  /** Where the next page starts relative to the end of this one: 0, or -1 (an item repeated) or +1 (an item lost). */
  pageShift: number;
  /** Describe and delete of a name that does not exist answer 200 (an empty body) instead of the documented error. */
  missingFound: boolean;
  /** A delete answers 200 but keeps the resource (it is still describable and listed). */
  deleteKeeps: boolean;
  /** The error code of a name that does not exist. */
  notFoundCode: string;
}

export const specLifecycle: LifecycleBehaviour = {
  filterByName: true,
  filterByTime: true,
  sortBy: true,
  sortOrder: true,
  pageSize: true,
  pageShift: 0,
  missingFound: false,
  deleteKeeps: false,
  notFoundCode: 'ValidationException',
};

/** What the model documents when a listing leaves them out: "The default is CreationTime" and "The default is Descending". */
const DEFAULT_SORT_BY = 'CreationTime';
const DEFAULT_SORT_ORDER = 'Descending';
/** The model leaves the default page size unstated; the mock's is the model's largest, so a bare listing is one page. */
const DEFAULT_PAGE_SIZE = 100;

/** A listing's token: where the next page starts, in a form no client mistakes for a number it may change. */
function tokenFor(start: number): string {
  return Buffer.from(JSON.stringify({ start }), 'utf8').toString('base64url');
}

/** The start a token names, or undefined for one the mock did not issue. */
export function startOf(token: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { start?: unknown };
    return typeof parsed.start === 'number' && Number.isInteger(parsed.start) && parsed.start >= 0 ? parsed.start : undefined;
  } catch {
    return undefined;
  }
}

/** Seconds since the epoch, as awsJson1.1 writes timestamps; undefined for anything else. */
function epochSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms / 1000;
  }
  return undefined;
}

export interface ListPage {
  items: StoredResource[];
  nextToken?: string;
}

export class ForgedTokenError extends Error {
  override name = 'ForgedTokenError';
}

/**
 * One page of a listing as ListEndpointConfigs documents it: the name filter ("whose name contains the specified
 * string"), the time window ("greater than or equal to" CreationTimeAfter, "created before" CreationTimeBefore),
 * the sort key and order with their documented defaults, and at most MaxResults items per page.
 */
export function listPage(all: readonly StoredResource[], request: Record<string, unknown>, behaviour: LifecycleBehaviour = specLifecycle): ListPage {
  const contains = typeof request.NameContains === 'string' && behaviour.filterByName ? request.NameContains.toLowerCase() : undefined;
  const after = behaviour.filterByTime ? epochSeconds(request.CreationTimeAfter) : undefined;
  const before = behaviour.filterByTime ? epochSeconds(request.CreationTimeBefore) : undefined;
  const matching = all.filter(
    (r) =>
      (contains === undefined || r.name.toLowerCase().includes(contains)) &&
      (after === undefined || r.creationTime >= after) &&
      (before === undefined || r.creationTime < before),
  );
  const sortBy = behaviour.sortBy && typeof request.SortBy === 'string' ? request.SortBy : DEFAULT_SORT_BY;
  const order = behaviour.sortOrder ? (typeof request.SortOrder === 'string' ? request.SortOrder : DEFAULT_SORT_ORDER) : 'Ascending';
  const byKey =
    sortBy === 'Name'
      ? (a: StoredResource, b: StoredResource) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
      : (a: StoredResource, b: StoredResource) => a.creationTime - b.creationTime || (a.name < b.name ? -1 : 1);
  const sorted = [...matching].sort(order === 'Descending' ? (a, b) => byKey(b, a) : byKey);
  const size = behaviour.pageSize && typeof request.MaxResults === 'number' ? request.MaxResults : behaviour.pageSize ? DEFAULT_PAGE_SIZE : sorted.length;
  let start = 0;
  if (typeof request.NextToken === 'string' && request.NextToken !== '') {
    const named = startOf(request.NextToken);
    if (named === undefined) throw new ForgedTokenError('Invalid pagination token');
    start = named;
  }
  const end = start + Math.max(size, 1);
  const next = end + behaviour.pageShift;
  return { items: sorted.slice(start, end), ...(end < sorted.length ? { nextToken: tokenFor(Math.max(next, start + 1)) } : {}) };
}
