import type { MemberConstraints, OperationSpec } from './types';
import { memberAtAwsPath } from './member-path';
import type { Violation } from './violation';

export type { Violation };

/**
 * AWS's wording, both ways, in one place: validation records rendered as SageMaker words them, and the member paths a
 * target's message names read back. Nothing else in src/ renders a violation or reads one out of a message.
 */

/** How much of a target's message is read: enough for any real one, and a bound on the work a hostile one costs. */
const READ_LIMIT = 64 * 1024;

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One violation as AWS words it: `Value 'x' at 'endpointConfigName' failed to satisfy constraint: Member must ...`. */
export function violationText(v: Violation): string {
  if (v.verbatim !== undefined) return v.verbatim;
  return `Value ${v.value === undefined ? 'null' : `'${shown(v.value)}'`} at '${v.at}' failed to satisfy constraint: ${v.constraint}`;
}

/** The ValidationException message for a request's violations: one listing all, as SageMaker sends them. */
export function validationMessage(violations: readonly Violation[]): string {
  const count = violations.length;
  // A business rule's message as captured on a real account is sent as it is, the way SageMaker sends those.
  if (count === 1 && violations[0]!.verbatim !== undefined) return violations[0]!.verbatim;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${violations.map(violationText).join('; ')}`;
}

/**
 * The member paths a target's message names (`at 'tags.1.member.key'`), in AWS's message form: whole paths, compared
 * whole (the word `value` that starts every such message, or the `key` inside `kmsKeyId`, is never taken for a
 * member). Reads a bounded
 * prefix with a linear pattern (one fixed prefix, then a run of one negated class), so a hostile message costs little.
 */
export function memberPathsIn(message: string | undefined): string[] {
  return [...(message ?? '').slice(0, READ_LIMIT).matchAll(/\bat '([^']+)'/g)].map((m) => m[1]!);
}

/** The member a violation's own message names (a captured message may name none: ''). */
export function namedAt(v: Violation): string {
  return v.verbatim !== undefined ? (memberPathsIn(v.verbatim)[0] ?? '') : v.at;
}

/** The members of the operation a target's message names, in the order it names them (paths the spec lacks left out). */
export function membersNamedIn(op: OperationSpec, message: string | undefined): { id: string; spec: MemberConstraints }[] {
  return memberPathsIn(message).flatMap((p) => memberAtAwsPath(op, p) ?? []);
}

/**
 * A message with its values masked (quoted text, bracketed lists, numbers): what stays the same when the same
 * deviation meets other values; its first 100 characters. Linear in the message: the bracket pass is a scan, not a
 * pattern (`\[[^\]]*\]` retries from every `[` of an unclosed run).
 */
export function messageShape(message: string | undefined): string {
  const quoted = (message ?? '(no message)').slice(0, READ_LIMIT).replace(/'[^']*'|"[^"]*"/g, "'…'");
  return maskBrackets(quoted).replace(/\d+/g, 'n').slice(0, 100);
}

/** Every `[...]` (from a `[` to the next `]`) replaced by `[…]`, as `text.replace(/\[[^\]]*\]/g, '[…]')` would. */
function maskBrackets(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('[', from);
    const close = open < 0 ? -1 : text.indexOf(']', open + 1);
    if (close < 0) return out + text.slice(from);
    out += `${text.slice(from, open)}[…]`;
    from = close + 1;
  }
}
