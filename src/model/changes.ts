import type { ConformanceCase } from '../cases/types';
import type { MemberConstraints, OperationSpec } from '../spec/types';
import { CONSTRAINT_KINDS, type TraitKindName } from './trait-kinds';
import { idStep } from '../spec/member-path';

/** One constraint of one member, in a form two specs can be compared by: `length` → `0..63`. */
type Facets = Record<string, string>;

export interface ConstraintChange {
  path: string;
  kind: string;
  /** Absent when the constraint is new. */
  old?: string;
  /** Absent when the constraint is gone. */
  new?: string;
}

export interface SpecChanges {
  /** False when there was no spec to compare with (a first import). */
  compared: boolean;
  from?: string;
  to: string;
  membersAdded: string[];
  membersRemoved: string[];
  constraints: ConstraintChange[];
  casesAdded: string[];
  casesRemoved: string[];
  casesChanged: string[];
}

function bounds(b: { min?: number; max?: number } | undefined): string | undefined {
  return b ? `${b.min ?? '-inf'}..${b.max ?? 'inf'}` : undefined;
}

/** What a member constrains, one string per kind, so a change reads as "old → new". */
function facetsOf(spec: MemberConstraints): Facets {
  const enumValues = spec.enum ? `${spec.enum.values.length} values` : undefined;
  const constraint: Record<TraitKindName, string | undefined> = {
    required: spec.required ? 'required' : undefined,
    length: bounds(spec.length),
    count: bounds(spec.count),
    range: bounds(spec.range),
    pattern: spec.pattern?.regex,
    enum: enumValues,
  };
  // In the order of the one table of constraint kinds the importer and its walk share.
  const out: Record<string, string | undefined> = {
    type: spec.type,
    ...Object.fromEntries(CONSTRAINT_KINDS.map((kind) => [kind, constraint[kind]])),
    default: spec.default ? JSON.stringify(spec.default.value) : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Every member of the input by its case-id path, with its constraints. */
function membersOf(spec: MemberConstraints, path = '', out = new Map<string, MemberConstraints>()): Map<string, MemberConstraints> {
  for (const [name, member] of Object.entries(spec.members ?? {})) {
    const p = idStep(path, name);
    out.set(p, member);
    membersOf(member, p, out);
  }
  if (spec.item) {
    out.set(idStep(path, '[]'), spec.item);
    membersOf(spec.item, idStep(path, '[]'), out);
  }
  if (spec.key) out.set(idStep(path, '$key'), spec.key);
  if (spec.value) {
    out.set(idStep(path, '$value'), spec.value);
    membersOf(spec.value, idStep(path, '$value'), out);
  }
  return out;
}

function enumDelta(old: MemberConstraints, now: MemberConstraints): ConstraintChange[] {
  if (!old.enum || !now.enum) return [];
  const added = now.enum.values.filter((v) => !old.enum!.values.includes(v));
  const removed = old.enum.values.filter((v) => !now.enum!.values.includes(v));
  if (added.length === 0 && removed.length === 0) return [];
  const list = (vs: unknown[]) => (vs.length > 6 ? `${vs.slice(0, 6).map(String).join(', ')}, ... (${vs.length})` : vs.map(String).join(', '));
  return [
    {
      path: '',
      kind: 'enum',
      old: `${old.enum.values.length} values${removed.length ? `; removed: ${list(removed)}` : ''}`,
      new: `${now.enum.values.length} values${added.length ? `; added: ${list(added)}` : ''}`,
    },
  ];
}

/**
 * What a case sends and expects, for telling a changed case from an unchanged one. Names carry the case's place in
 * the table, which a new case before it moves, so `names` turns them back into a placeholder.
 */
function fingerprint(c: ConformanceCase, names: RegExp): string {
  return JSON.stringify(c.steps.map((s) => [s.operation, s.request, s.expect])).replace(names, '{name}');
}

/**
 * What a refresh changes: members and constraints added, removed and changed (with the old and new bound), and the
 * cases that appear, disappear or change, by id. Both case lists must be made with the same sample context.
 */
export function specChanges(
  old: { spec: OperationSpec; cases: ConformanceCase[] } | undefined,
  now: { spec: OperationSpec; cases: ConformanceCase[] },
  names: RegExp = /$^/g,
): SpecChanges {
  const to = now.spec.spec.sources.model ?? now.spec.spec.name;
  if (!old) {
    return { compared: false, to, membersAdded: [], membersRemoved: [], constraints: [], casesAdded: [], casesRemoved: [], casesChanged: [] };
  }
  const before = membersOf(old.spec.input);
  const after = membersOf(now.spec.input);
  const constraints: ConstraintChange[] = [];
  for (const [path, member] of after) {
    const was = before.get(path);
    const a = was ? facetsOf(was) : {};
    const b = facetsOf(member);
    for (const kind of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (kind === 'type' && !was) continue;
      if (kind === 'enum' && a.enum !== undefined && b.enum !== undefined) {
        constraints.push(...enumDelta(was!, member).map((c) => ({ ...c, path })));
        continue;
      }
      if (a[kind] !== b[kind])
        constraints.push({ path, kind, ...(a[kind] !== undefined ? { old: a[kind] } : {}), ...(b[kind] !== undefined ? { new: b[kind] } : {}) });
    }
  }
  for (const [path, member] of before) {
    if (after.has(path)) continue;
    for (const [kind, value] of Object.entries(facetsOf(member))) if (kind !== 'type') constraints.push({ path, kind, old: value });
  }
  const oldCases = new Map(old.cases.map((c) => [c.id, fingerprint(c, names)]));
  const newCases = new Map(now.cases.map((c) => [c.id, fingerprint(c, names)]));
  return {
    compared: true,
    from: old.spec.spec.sources.model ?? old.spec.spec.name,
    to,
    membersAdded: [...after.keys()].filter((p) => !before.has(p)),
    membersRemoved: [...before.keys()].filter((p) => !after.has(p)),
    constraints,
    casesAdded: [...newCases.keys()].filter((id) => !oldCases.has(id)),
    casesRemoved: [...oldCases.keys()].filter((id) => !newCases.has(id)),
    casesChanged: [...newCases].filter(([id, f]) => oldCases.has(id) && oldCases.get(id) !== f).map(([id]) => id),
  };
}

function constraintLine(c: ConstraintChange): string {
  if (c.old === undefined) return `+ ${c.path} ${c.kind} ${c.new}`;
  if (c.new === undefined) return `- ${c.path} ${c.kind} ${c.old}`;
  return `~ ${c.path} ${c.kind} ${c.old} -> ${c.new}`;
}

/** The summary for a terminal: one line per change, grouped. */
export function changesText(changes: SpecChanges): string {
  if (!changes.compared) return `no earlier spec to compare with: every member and case is new\n`;
  const lines = [`changes from ${changes.from}`, `          to ${changes.to}`];
  const section = (title: string, items: string[]) => {
    lines.push(`${title}: ${items.length === 0 ? 'none' : items.length}`);
    for (const item of items) lines.push(`  ${item}`);
  };
  section('members added', changes.membersAdded);
  section('members removed', changes.membersRemoved);
  section('constraints added (+), removed (-), changed (~)', changes.constraints.map(constraintLine));
  section('cases added', changes.casesAdded);
  section('cases removed', changes.casesRemoved);
  section('cases changed (request or expectation)', changes.casesChanged);
  return `${lines.join('\n')}\n`;
}

/** Inline code in a table cell: a backtick would end it and a bar would end the cell. */
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

/** The same summary as Markdown, for a pull request's description. */
export function changesMarkdown(operation: string, changes: SpecChanges): string {
  const out = [`## ${operation}: model refresh`, ''];
  if (!changes.compared) return `${out.join('\n')}No earlier spec to compare with: every member and case is new.\n`;
  out.push(`From ${code(changes.from!)} to ${code(changes.to)}.`, '');
  const list = (title: string, items: string[]) => {
    out.push(`### ${title} (${items.length})`, '');
    if (items.length === 0) out.push('None.');
    for (const item of items) out.push(`- ${code(item)}`);
    out.push('');
  };
  list('Members added', changes.membersAdded);
  list('Members removed', changes.membersRemoved);
  out.push(`### Constraints added, removed and changed (${changes.constraints.length})`, '');
  if (changes.constraints.length === 0) out.push('None.');
  else {
    out.push('| member | constraint | old | new |', '| --- | --- | --- | --- |');
    for (const c of changes.constraints)
      out.push(`| ${code(c.path)} | ${c.kind} | ${c.old !== undefined ? code(c.old) : '(none)'} | ${c.new !== undefined ? code(c.new) : '(none)'} |`);
  }
  out.push('');
  list('Cases added', changes.casesAdded);
  list('Cases removed', changes.casesRemoved);
  list('Cases changed (request or expectation)', changes.casesChanged);
  return `${out.join('\n')}\n`;
}
