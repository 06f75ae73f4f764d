import { BadInputError } from '../errors';

/** A target's name as a column of a merged report: short, printable, and safe in any report format. */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._@+:-]{0,63}$/;

export class LabelError extends BadInputError {
  override name = 'LabelError';
}

/** Checks a target label (`moto-5.2.1`, `mock`, `localstack@4.1`); `where` says where it was given, for the one-line error. */
export function checkLabel(label: string, where: string): string {
  if (!LABEL.test(label))
    throw new LabelError(
      `${where} ${JSON.stringify(label)}: a label is 1 to 64 letters, digits and . _ @ + : - starting with a letter or digit (e.g. moto-5.2.1)`,
    );
  return label;
}
