import { existsSync } from 'node:fs';
import type { ArnConstraint, Clause, ErrorSpec, ReferenceConstraint } from '../spec/types';
import { ModelError, readModelJson } from './smithy';
import { isWithin } from '../spec/member-path';

/** A quotation from the model's documentation: the shape (or `Shape$member`) whose `smithy.api#documentation` says it. */
export interface DocQuote {
  shape: string;
  quote: string;
}

/** What people add to a member that the model cannot say: realistic values, and values that break its pattern. */
export interface MemberOverlay {
  /** A valid value (a template for strings; a whole object for structures, an element for `X[]`). */
  example?: unknown;
  fill?: string;
  astralFill?: string;
  pattern?: {
    invalid?: Record<string, string>;
    valid?: Record<string, string>;
    /** Why no value can break the pattern (so it has no reject case). */
    untestable?: string;
  };
  /** Accept cases for a huge enum besides its first and last value (a recent one, say). */
  enumAccept?: (string | number)[];
  references?: Omit<ReferenceConstraint, 'clause'> & { clause: DocQuote };
  arnOf?: ArnConstraint;
  /** A default the documentation states (the model has no `smithy.api#default` for it). */
  default?: { value: unknown } & DocQuote;
}

/**
 * A rule stated in prose, attached to the shape whose documentation states it (`clause.shape`, or `shape` where the
 * rule is about another shape than the one quoted): `Shape$member` for a member of a structure, `Shape` for every
 * member that targets it. The importer gives it to every path where that shape occurs, as a Smithy trait applies.
 */
export type RuleOverlay = { id: string; clause: DocQuote; shape?: string; [key: string]: unknown };

/**
 * The hand-written half of an imported spec: the baseline request, examples, pattern samples, rules stated in
 * prose, and cases left out with reasons. The importer merges it with the model; the model wins on every constraint.
 */
export interface Overlay {
  operation: string;
  baseline?: Record<string, unknown>;
  creates?: string;
  requires?: string[];
  /** Resources each case needs before it runs (default: the resource a describe or a delete acts on). */
  given?: string[];
  /** Per member path (`ProductionVariants[].VariantName`); wins over `shapes`. */
  members?: Record<string, MemberOverlay>;
  /** Per target shape id, for every member that targets it (every KmsKeyId, every S3 URI). */
  shapes?: Record<string, MemberOverlay>;
  /** Member paths that take another path's overlay where they have none of their own (`ShadowProductionVariants` as `ProductionVariants`). */
  sameAs?: Record<string, string>;
  contexts?: Record<string, Record<string, unknown>>;
  suppress?: Record<string, string>;
  rules?: RuleOverlay[];
  /** Rules taken out, each with why (a quotation the model dropped): kept so the next reader knows it was on purpose. */
  retired?: { id: string; path?: string; why: string }[];
  /** Errors the protocol adds to the modelled ones (ValidationException is not modelled). */
  errors?: ErrorSpec[];
  typeErrors?: { codes: string[]; clause: Clause };
  /** Output members: ARN checks. */
  output?: Record<string, MemberOverlay>;
}

/** A public record of what a real account did: where it is, and the words that show it. */
export interface ObservedSource {
  url: string;
  quote: string;
}

/**
 * What real accounts do beyond the model (`observed/<Operation>.json`, beside the overlays): rules and the contexts
 * their accept cases need, wire-case adjustments, and the error body the judge requires, each citing its source.
 */
export interface Observed {
  operation: string;
  rules?: { id: string; kind: string; path: string; source: ObservedSource; also?: string[]; why?: string; [key: string]: unknown }[];
  contexts?: Record<string, unknown>;
  protocol?: Record<string, { alsoStatus?: number[]; source: ObservedSource; why?: string }>;
  errorBody?: { required: string[]; source: ObservedSource; why?: string };
}

/** The observed file, or an empty one when there is none. */
export function readObserved(file: string | undefined, operation: string): Observed {
  const data = readOverlay(file, operation) as unknown as Observed;
  for (const rule of data.rules ?? []) {
    if (typeof rule.source?.url !== 'string' || typeof rule.source.quote !== 'string')
      throw new ModelError(`${file}: rule ${rule.id} needs "source": { "url", "quote" }: what a real account did, and where it is recorded`);
  }
  return data;
}

/** The overlay of one member: its shape's, then the path it is the same as, then its own, later ones winning. */
export function memberOverlay(overlay: Pick<Overlay, 'members' | 'shapes' | 'sameAs'>, path: string, shape: string): MemberOverlay {
  const alias = Object.entries(overlay.sameAs ?? {}).find(([from]) => isWithin(path, from));
  const aliased = alias ? overlay.members?.[alias[1] + path.slice(alias[0].length)] : undefined;
  return { ...(overlay.shapes?.[shape] ?? {}), ...(aliased ?? {}), ...(overlay.members?.[path] ?? {}) };
}

export function readOverlay(file: string | undefined, operation: string): Overlay {
  if (file === undefined || !existsSync(file)) return { operation };
  const data = readModelJson(file);
  if (typeof data !== 'object' || data === null || (data as Overlay).operation !== operation) {
    throw new ModelError(`${file}: an overlay for ${operation} must be a JSON object with "operation": "${operation}"`);
  }
  return data as Overlay;
}
