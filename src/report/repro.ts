import type { RawRequest } from '../cases/types';
import type { StepRecord } from './results';
import { shellQuote } from '../io/shell';

/**
 * Lines a person pastes into a shell to send a case's request again: the `aws` CLI's and curl's. Credentials are
 * environment-variable references only, never values; the body is quoted so that any text (a quote, a `$`, a newline)
 * reaches the target as the run sent it.
 */

/** Where the run sent its requests. */
export interface ReproTarget {
  /** The target's base URL; null for a real AWS region (its public endpoint). */
  url: string | null;
  region: string;
}

/** The wire protocol's names (contracts/service.json): `X-Amz-Target` prefix, signing name, content type. */
export interface ReproService {
  targetPrefix: string;
  signingName: string;
  contentType: string;
}

export const SAGEMAKER_WIRE: ReproService = { targetPrefix: 'SageMaker', signingName: 'sagemaker', contentType: 'application/x-amz-json-1.1' };

/** `CreateEndpointConfig` → `create-endpoint-config`: the CLI's name for an operation. */
export function kebabOperation(operation: string): string {
  return operation.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** The URL a request went to: the target's, or the region's public endpoint. */
export function endpointOf(target: ReproTarget): string {
  return target.url ?? `https://api.sagemaker.${target.region}.amazonaws.com/`;
}

/** What a step sent on the wire: its body text, headers and signing. */
export function wireOf(step: Pick<StepRecord, 'operation' | 'request' | 'raw'>, service: ReproService = SAGEMAKER_WIRE): RawRequest {
  return (
    step.raw ?? { target: `${service.targetPrefix}.${step.operation}`, contentType: service.contentType, body: JSON.stringify(step.request), signing: 'valid' }
  );
}

/** The region a raw step signed for: the run's, or another (the protocol case for a wrong region). Mirrors client/raw.ts. */
function signingRegion(raw: RawRequest, region: string): string {
  return raw.signing === 'other-region' ? (region === 'us-west-2' ? 'eu-west-1' : 'us-west-2') : region;
}

/** Why a step has no `aws` line, or undefined when it has one. */
export function noAwsLineReason(step: Pick<StepRecord, 'raw'>, kind: string): string | undefined {
  if (step.raw) return 'a raw protocol request (its body, headers or signature are the point): the aws CLI cannot send it';
  // The CLI serialises members by their shape: a list given a string, say, never leaves as the case wrote it.
  if (kind === 'type') return "a member of the wrong JSON type: the aws CLI's serialiser does not send it as written";
  return undefined;
}

/** `aws sagemaker create-endpoint-config --cli-input-json '{...}' --endpoint-url URL --region R`, or undefined (see noAwsLineReason). */
export function awsLine(
  step: Pick<StepRecord, 'operation' | 'request' | 'raw'>,
  kind: string,
  target: ReproTarget,
  bodyWord = shellQuote(JSON.stringify(step.request)),
): string | undefined {
  if (noAwsLineReason(step, kind)) return undefined;
  const endpoint = target.url ? ` --endpoint-url ${shellQuote(target.url)}` : '';
  return `aws sagemaker ${kebabOperation(step.operation)} --cli-input-json ${bodyWord}${endpoint} --region ${shellQuote(target.region)}`;
}

/** A curl line (7.75 or later, for `--aws-sigv4`) sending exactly what the step sent, signed as it was. */
export function curlLine(
  step: Pick<StepRecord, 'operation' | 'request' | 'raw'>,
  target: ReproTarget,
  service: ReproService = SAGEMAKER_WIRE,
  bodyWord?: string,
): string {
  const raw = wireOf(step, service);
  const parts = ['curl -sS -i'];
  if (raw.signing !== 'none') {
    parts.push(`--aws-sigv4 ${shellQuote(`aws:amz:${signingRegion(raw, target.region)}:${service.signingName}`)}`);
    // A wrong secret is the point of that case: any text other than the real one will do.
    parts.push(raw.signing === 'wrong-secret' ? `--user "$AWS_ACCESS_KEY_ID:not-the-secret"` : `--user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`);
  }
  // An empty header value after the colon makes curl leave out the header it would add itself.
  parts.push(`-H ${shellQuote(`Content-Type: ${raw.contentType ?? ''}`.replace(/: $/, ':'))}`);
  if (raw.target !== null) parts.push(`-H ${shellQuote(`X-Amz-Target: ${raw.target}`)}`);
  parts.push(`--data-binary ${bodyWord ?? shellQuote(raw.body)}`, shellQuote(endpointOf(target)));
  return parts.join(' ');
}

/** One step of a case's repro: what was sent, and the lines that send it again. */
export interface ReproStep {
  operation: string;
  /** The body as sent (for a raw step, its text exactly). */
  body: string;
  /** How a raw step differs from an ordinary call (headers, signing), in words; undefined for an ordinary call. */
  wire?: string;
  /** The aws line reading the body from `$body` (see `BODY_LINE`); undefined where the CLI cannot send it. */
  aws?: string;
  /** Why there is no aws line. */
  noAws?: string;
  /** The curl line reading the body from `$body`. */
  curl: string;
}

/** Steps shown in a repro: a listing walked over many pages shows its first few. */
export const MAX_REPRO_STEPS = 6;

/** The shell line that puts a step's body in `$body`, which its aws and curl lines read (the body is written once). */
export function bodyLine(body: string): string {
  return `body=${shellQuote(body)}`;
}

const BODY_WORD = '"$body"';

const SIGNING_WORDS: Record<RawRequest['signing'], string> = {
  valid: '',
  none: 'unsigned',
  'wrong-secret': 'signed with a wrong secret key',
  'other-region': 'signed for another region',
};

function wireNote(raw: RawRequest | undefined, service: ReproService): string | undefined {
  if (!raw) return undefined;
  const notes = [
    raw.target === null ? 'no X-Amz-Target header' : `X-Amz-Target: ${raw.target}`,
    raw.contentType === null ? 'no Content-Type header' : raw.contentType !== service.contentType ? `Content-Type: ${raw.contentType}` : '',
    SIGNING_WORDS[raw.signing],
  ];
  return notes.filter(Boolean).join(', ');
}

/** The steps of a case as lines to paste (every step: a later one needs what an earlier one created). */
export function reproSteps(
  steps: readonly Pick<StepRecord, 'operation' | 'request' | 'raw'>[],
  kind: string,
  target: ReproTarget,
  service: ReproService = SAGEMAKER_WIRE,
): ReproStep[] {
  return steps.slice(0, MAX_REPRO_STEPS).map((step) => {
    const aws = awsLine(step, kind, target, BODY_WORD);
    const noAws = noAwsLineReason(step, kind);
    const wire = wireNote(step.raw, service);
    return {
      operation: step.operation,
      body: wireOf(step, service).body,
      ...(wire ? { wire } : {}),
      ...(aws ? { aws } : {}),
      ...(noAws ? { noAws } : {}),
      curl: curlLine(step, target, service, BODY_WORD),
    };
  });
}

/** A step's repro as shell lines: the body, then the aws line (or why there is none), then the curl line. */
export function reproScript(step: ReproStep): string[] {
  return [bodyLine(step.body), step.aws ?? `# no aws line: ${step.noAws ?? ''}`, step.curl];
}
