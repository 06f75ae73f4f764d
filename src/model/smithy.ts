import { readInputBytes, readInputJson } from '../io/input-file';
import { BadInputError } from '../errors';

/** A Smithy 2.0 JSON AST model, as far as the importer reads it (https://smithy.io/2.0/spec/json-ast.html). */
export interface SmithyModel {
  smithy: string;
  shapes: Record<string, SmithyShape>;
}

export type Traits = Record<string, unknown>;

export interface SmithyMember {
  target: string;
  traits?: Traits;
}

export interface SmithyShape {
  type: string;
  traits?: Traits;
  members?: Record<string, SmithyMember>;
  member?: SmithyMember;
  key?: SmithyMember;
  value?: SmithyMember;
  input?: { target: string };
  output?: { target: string };
  errors?: { target: string }[];
}

export class ModelError extends BadInputError {
  override name = 'ModelError';
  // A model or overlay problem is not a usage problem: --help would not help.
  override readonly showsUsage: boolean = false;
}

/**
 * Reads one of the importer's JSON files (the model, an overlay, the provenance) within the input limits every file a
 * user names gets: a regular file (not a FIFO or /dev/zero), at most 64 MiB, nested at most 256 deep. Anything else
 * is bad input, named in one line.
 */
export function readModelJson(file: string): unknown {
  try {
    return readInputJson(file);
  } catch (error) {
    throw new ModelError(`${file}: not a readable JSON file: ${(error as Error).message}`);
  }
}

/** A model file's bytes within the same limits, for its checksum. */
export function readModelBytes(file: string): Buffer {
  try {
    return readInputBytes(file);
  } catch (error) {
    throw new ModelError(`${file}: not a readable file: ${(error as Error).message}`);
  }
}

/** Reads a JSON AST model file; a file that is not one is bad input, named in one line. */
export function readSmithyModel(file: string): SmithyModel {
  const data = readModelJson(file);
  const model = data as Partial<SmithyModel>;
  if (typeof model !== 'object' || model === null || typeof model.smithy !== 'string' || typeof model.shapes !== 'object' || model.shapes === null) {
    throw new ModelError(`${file}: not a Smithy JSON AST model (no "smithy" version or "shapes")`);
  }
  if (!model.smithy.startsWith('2.')) throw new ModelError(`${file}: Smithy ${model.smithy} model; the importer reads Smithy 2.0 JSON AST`);
  return model as SmithyModel;
}

/** The prelude's simple shapes (`smithy.api#String`, ...), which a model file does not define. */
const PRELUDE: Record<string, string> = {
  String: 'string',
  Blob: 'blob',
  Boolean: 'boolean',
  PrimitiveBoolean: 'boolean',
  Byte: 'byte',
  PrimitiveByte: 'byte',
  Short: 'short',
  PrimitiveShort: 'short',
  Integer: 'integer',
  PrimitiveInteger: 'integer',
  Long: 'long',
  PrimitiveLong: 'long',
  Float: 'float',
  PrimitiveFloat: 'float',
  Double: 'double',
  PrimitiveDouble: 'double',
  BigInteger: 'bigInteger',
  BigDecimal: 'bigDecimal',
  Timestamp: 'timestamp',
  Document: 'document',
  Unit: 'structure',
};

export function shapeOf(model: SmithyModel, id: string): SmithyShape {
  // Ids are the model's text: `constructor` or `__proto__` is a shape the model does not have, not Object's own.
  const shape = Object.hasOwn(model.shapes, id) ? model.shapes[id] : undefined;
  if (shape) return shape;
  const name = id.slice('smithy.api#'.length);
  const prelude = id.startsWith('smithy.api#') && Object.hasOwn(PRELUDE, name) ? PRELUDE[name] : undefined;
  if (prelude) return prelude === 'structure' ? { type: 'structure', members: {} } : { type: prelude };
  throw new ModelError(`the model has no shape ${id}`);
}

/** A member's traits merged with its target's, the member's winning (Smithy's rule for constraint traits). */
export function mergedTraits(model: SmithyModel, member: SmithyMember): Traits {
  return { ...(shapeOf(model, member.target).traits ?? {}), ...(member.traits ?? {}) };
}

/** Which shape a trait in the merged set came from: the member (`Shape$member`) or its target. */
export function traitSource(memberId: string, member: SmithyMember, trait: string): string {
  return member.traits && trait in member.traits ? memberId : member.target;
}

/** Documentation as plain text: block tags become spaces, inline tags (`<code>`) vanish, entities decoded, white space collapsed. */
export function plainText(html: unknown): string {
  if (typeof html !== 'string') return '';
  return html
    .replace(/<\/?(p|li|ul|ol|br|note|important|div|dl|dt|dd)\b[^>]*>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The values of an `enum` or `intEnum` shape, or of a Smithy 1.0 `smithy.api#enum` trait, in model order. */
export function enumValues(shape: SmithyShape): (string | number)[] | undefined {
  if (shape.type === 'enum' || shape.type === 'intEnum') {
    return Object.entries(shape.members ?? {}).map(([name, m]) => {
      const value = m.traits?.['smithy.api#enumValue'];
      return typeof value === 'string' || typeof value === 'number' ? value : name;
    });
  }
  const legacy = shape.traits?.['smithy.api#enum'];
  if (Array.isArray(legacy)) return legacy.map((e: { value: string }) => e.value);
  return undefined;
}

/** The operation shape's id in the model's service namespace. */
export function operationId(model: SmithyModel, operation: string): string {
  const id = Object.keys(model.shapes).find((k) => k.endsWith(`#${operation}`) && model.shapes[k]!.type === 'operation');
  if (!id) throw new ModelError(`the model has no operation ${operation}`);
  return id;
}
