import type { Clause } from '../spec/types';

/** The public pages a clause comes from: the SageMaker API reference and the Smithy model AWS publishes. */
export const API_REFERENCE = 'https://docs.aws.amazon.com/sagemaker/latest/APIReference';
export const SMITHY_MODEL = 'https://github.com/aws/api-models-aws/blob/main/sagemaker/service/2017-07-24/sagemaker-2017-07-24.json';

/** `owner/repo/path/to/file@commit` (a report's `suite.spec.sources` entry) as the file's page on GitHub at that commit. */
export function sourceFileUrl(source: string | undefined): string | undefined {
  const m = /^([\w.-]+)\/([\w.-]+)\/(.+)@([0-9a-f]{7,40})$/.exec(source ?? '');
  return m ? `https://github.com/${m[1]}/${m[2]}/blob/${m[4]}/${m[3]}` : undefined;
}

/**
 * The public page (and section) a clause cites, so a report reader can open it:
 * - `spec#API_CreateEndpointConfig_RequestParameters` → the operation's API reference page, that section;
 * - `facts#...` about `Shape.Member` → the data type's page at the member (`API_ProductionVariant.html#sagemaker-Type-ProductionVariant-VariantName`),
 *   about anything else → the operation's page;
 * - a Smithy shape id (`model#com.amazonaws.sagemaker#ProductionVariantList smithy.api#length`, with or without the
 *   `model#`) → the model file, at the commit the report's `sources.model` names when it names one.
 * - `evidence#<https URL>` (public evidence of what AWS answers where no document states it: a tool that relies on it)
 *   → that URL.
 * Undefined for a source it cannot place.
 */
export function clauseUrl(clause: Pick<Clause, 'source' | 'member'>, sources: Record<string, string>, operation: string): string | undefined {
  const page = `${API_REFERENCE}/API_${operation}.html`;
  const [doc, section = ''] = splitOnce(clause.source.trim(), '#');
  if (doc === 'model' || (/^[a-z][\w.]*\.[a-z]\w*$/i.test(doc) && /^\w/.test(section))) return sourceFileUrl(sources.model) ?? SMITHY_MODEL;
  if (doc === 'evidence') return /^https:\/\/[^\s]+$/.test(section) ? section : undefined;
  if (doc === 'spec') return /^API_\w+$/.test(section) && section !== `API_${operation}` ? `${page}#${section}` : page;
  if (doc === 'facts') {
    const shaped = /^([A-Z]\w*)\.([A-Z]\w*)$/.exec(clause.member);
    if (shaped) return `${API_REFERENCE}/API_${shaped[1]}.html#sagemaker-Type-${shaped[1]}-${shaped[2]}`;
    return page;
  }
  return undefined;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
