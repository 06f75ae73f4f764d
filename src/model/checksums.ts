import { createHash } from 'node:crypto';
import type { SmithyModel, SmithyShape } from './smithy';

/** The shape ids an operation reaches: itself, its input, output and errors, and every member target under them. */
function shapesOf(model: SmithyModel, operationId: string): string[] {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || !model.shapes[id]) return;
    seen.add(id);
    const s: SmithyShape = model.shapes[id]!;
    for (const t of [s.input, s.output, ...(s.errors ?? [])]) if (t) visit(t.target);
    for (const m of [...Object.values(s.members ?? {}), s.member, s.key, s.value]) if (m) visit(m.target);
  };
  visit(operationId);
  return [...seen].sort();
}

/** JSON with keys sorted at every level: the same shapes hash the same whatever order the file lists them in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * The checksum of an operation in the model: sha256 over its shapes (the operation, its input, output, errors and
 * everything they reach), so a model refresh that changes any of them changes it, and one that changes only other
 * operations leaves it. Written `sha256:<base64url>`: the redaction takes a bare 64-hex value for a signature and
 * would blank it.
 */
export function operationChecksum(model: SmithyModel, operation: string, namespace = 'com.amazonaws.sagemaker'): string | undefined {
  const id = `${namespace}#${operation}`;
  if (!model.shapes[id]) return undefined;
  const hash = createHash('sha256');
  for (const shape of shapesOf(model, id)) hash.update(`${shape}=${canonical(model.shapes[shape])}\n`);
  return `sha256:${hash.digest('base64url')}`;
}

/** contracts/model/checksums.json: the model's checksum of every operation the suite tests, kept beside the model. */
export interface ChecksumsFile {
  $comment: string;
  operations: Record<string, string>;
}

export const CHECKSUMS_COMMENT =
  "sha256 of each operation's shapes in smithy/ (src/model/checksums.ts), written by 'import-model'. A recording names the checksum it was made with; a refresh that changes one says which recordings are stale.";

/** The checksums file with one operation's checksum set, and the one it had before (undefined: none). */
export function withChecksum(file: ChecksumsFile | undefined, operation: string, checksum: string): { file: ChecksumsFile; before: string | undefined } {
  const operations = { ...(file?.operations ?? {}) };
  const before = operations[operation];
  operations[operation] = checksum;
  const sorted = Object.fromEntries(
    Object.keys(operations)
      .sort()
      .map((k) => [k, operations[k]!]),
  );
  return { file: { $comment: CHECKSUMS_COMMENT, operations: sorted }, before };
}
