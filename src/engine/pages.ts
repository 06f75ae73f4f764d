import type { Exchange } from '../client/exchange';
import type { CaseStep } from '../cases/types';
import type { OperationSpec, ResourceSpec } from '../spec/types';
import { judgeStep, type JudgeContext, type PriorStep } from './judge';
import { okBody } from './listing';
import type { Check, StepVerdict } from '../report/verdict';

/** A listing longer than this many pages is not the few configurations a case made: the walk stops and says so. */
export const MAX_CASE_PAGES = 20;

/** One page of a walked listing: the exact request sent (with the token of the page before) and what came back. */
export interface Page {
  request: Record<string, unknown>;
  exchange: Exchange;
}

export type SendStep = (operation: string, request: Record<string, unknown>) => Promise<Exchange>;

/** The members the operation's `paginated` trait names, and the resource whose names its items carry. */
interface Listing {
  paginated: NonNullable<OperationSpec['paginated']>;
  nameMember: string;
}

function listingOf(ctx: JudgeContext, operation: string): Listing | undefined {
  const paginated = ctx.operations.get(operation)?.paginated;
  const resource = Object.values(ctx.service.resources).find((r: ResourceSpec) => r.list.operation === operation);
  return paginated && resource ? { paginated, nameMember: resource.nameMember } : undefined;
}

/**
 * Sends a paginated step, then again with each page's token, until a page has none (or is not a 200, or
 * MAX_CASE_PAGES were read). Every request is the step's own with only the token added.
 */
export async function walkPages(ctx: JudgeContext, step: CaseStep, send: SendStep): Promise<Page[]> {
  const listing = listingOf(ctx, step.operation);
  const pages: Page[] = [];
  let request = step.request;
  for (let n = 0; n < MAX_CASE_PAGES; n++) {
    const exchange = await send(step.operation, request);
    pages.push({ request, exchange });
    const token = listing ? okBody(exchange)?.[listing.paginated.outputToken] : undefined;
    if (typeof token !== 'string' || token === '') break;
    request = { ...step.request, [listing!.paginated.inputToken]: token };
  }
  return pages;
}

function check(name: string, pass: boolean, expected: unknown, actual: unknown): Check {
  return pass ? { name, pass } : { name, pass, expected, actual };
}

function namesOn(body: Record<string, unknown> | undefined, listing: Listing): unknown[] {
  const items = body?.[listing.paginated.items];
  return Array.isArray(items)
    ? items.map((item) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[listing.nameMember] : item))
    : [];
}

/**
 * Judges every page of a walked listing as the step's accept (status, schema, ...), each page against its page size,
 * and the pages together against the step's `listed`: no name outside the request's `NameContains`, every name once,
 * and exactly the names expected (in order, when the step asks for an order).
 */
export function judgePages(ctx: JudgeContext, step: CaseStep, pages: readonly Page[], prior: PriorStep[]): StepVerdict[] {
  const listing = listingOf(ctx, step.operation);
  const expect = step.expect;
  const listed = expect.outcome === 'accept' ? expect.listed : undefined;
  const perPage: CaseStep = expect.outcome === 'accept' ? { ...step, expect: { outcome: 'accept' } } : step;
  const verdicts = pages.map((page) => judgeStep(ctx, { ...perPage, request: page.request }, page.exchange, prior));
  if (!listing || verdicts.some((v) => v.kind === 'error')) return verdicts;
  const sizeMember = listing.paginated.pageSize;
  const size = sizeMember ? step.request[sizeMember] : undefined;
  const all: unknown[] = [];
  pages.forEach((page, i) => {
    const names = namesOn(okBody(page.exchange), listing);
    all.push(...names);
    if (typeof size === 'number') verdicts[i]!.checks.push(check('page.size', names.length <= size, `at most ${size} items (${sizeMember})`, names.length));
  });
  const last = verdicts[verdicts.length - 1]!;
  const lastToken = okBody(pages[pages.length - 1]!.exchange)?.[listing.paginated.outputToken];
  if (pages.length >= MAX_CASE_PAGES && typeof lastToken === 'string' && lastToken !== '')
    last.checks.push(
      check('pages.end', false, `the last page within ${MAX_CASE_PAGES} pages`, `still a ${listing.paginated.outputToken} after ${pages.length} pages`),
    );
  if (listed) {
    const filter = typeof step.request.NameContains === 'string' ? step.request.NameContains.toLowerCase() : undefined;
    const outside = all.filter((n) => filter !== undefined && !(typeof n === 'string' && n.toLowerCase().includes(filter)));
    if (filter !== undefined)
      last.checks.push(
        check('listed.filter', outside.length === 0, `only names containing "${step.request.NameContains as string}"`, { outside: outside.slice(0, 10) }),
      );
    // The case's own names only: on a shared account nothing else is looked at (the filter check above fails on it).
    const own = all.filter((n) => !outside.includes(n));
    const repeated = own.filter((n, i) => own.indexOf(n) !== i);
    last.checks.push(check('listed.once', repeated.length === 0, 'every name once across the pages', { repeated }));
    const distinct = own.filter((n, i) => own.indexOf(n) === i);
    const expected = listed.names;
    const same = listed.ordered
      ? distinct.length === expected.length && distinct.every((n, i) => n === expected[i])
      : distinct.length === expected.length && expected.every((n) => distinct.includes(n));
    last.checks.push(check('listed.names', same, listed.ordered ? expected : { anyOrder: expected }, distinct));
  }
  for (const v of verdicts) if (v.kind === 'pass' && v.checks.some((c) => !c.pass)) (v as { kind: string }).kind = 'mismatch';
  return verdicts;
}
