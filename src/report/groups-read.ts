import type { ConformanceReport } from './model';

/**
 * A run report's deviation groups as `merge` shows them beside other targets': what the cause is, how many cases it
 * explains, for which operation, and one case that shows it. Reports written before groups have none; the group's
 * own type belongs to the run report, so only these few fields are read, each where the report may name it.
 */
export interface DeviationGroupLine {
  text: string;
  count: number;
  operation?: string;
  representative?: string;
  /** Every case of the group is listed in the run's expectations file (a known deviation). */
  covered?: boolean;
}

const TEXT_FIELDS = ['title', 'cause', 'summary', 'label', 'key', 'id'] as const;
const CASE_FIELDS = ['representative', 'example', 'case'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first of `fields` that `group` holds as a string of its own (never an inherited property such as `constructor`). */
function ownString(group: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (const f of fields) {
    if (!Object.hasOwn(group, f)) continue;
    const v = group[f];
    if (typeof v === 'string') return v;
    if (isObject(v) && Object.hasOwn(v, 'id') && typeof v.id === 'string') return v.id;
  }
  return undefined;
}

/**
 * Reads a report's `groups` field: absent is none; anything but a list of objects, or a group whose count is not a
 * whole number of cases, is an Error naming the field (`groups[3].count`), for the loader to put in its one line.
 */
export function readGroups(value: unknown): DeviationGroupLine[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error('groups is not a list');
  const lines: DeviationGroupLine[] = [];
  for (const [i, g] of value.entries()) {
    if (!isObject(g)) throw new Error(`groups[${i}] is not an object`);
    const ids = Object.hasOwn(g, 'cases') ? g.cases : Object.hasOwn(g, 'ids') ? g.ids : undefined;
    const count = Object.hasOwn(g, 'count') ? g.count : Array.isArray(ids) ? ids.length : undefined;
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw new Error(`groups[${i}].count is not a number of cases`);
    if (Object.hasOwn(g, 'operation') && typeof g.operation !== 'string') throw new Error(`groups[${i}].operation is not a string`);
    const representative = ownString(g, CASE_FIELDS) ?? (Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : undefined);
    lines.push({
      text: ownString(g, TEXT_FIELDS) ?? '(a group without a title)',
      count,
      ...(typeof g.operation === 'string' ? { operation: g.operation } : {}),
      ...(representative !== undefined ? { representative } : {}),
      ...(Object.hasOwn(g, 'covered') && g.covered === true ? { covered: true } : {}),
    });
  }
  return lines;
}

/** The groups a (loaded, checked) run report carries. */
export function reportGroups(report: ConformanceReport): DeviationGroupLine[] {
  return readGroups((report as unknown as Record<string, unknown>).groups);
}
