/** How the mock reads a request off the wire: the body, the X-Amz-Target header, the signature, the JSON. */
import type { IncomingMessage } from 'node:http';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ApiError } from './api-error';
import { parseAuthorization, signatureMatches } from './auth';
import type { ProtocolBehaviour } from './behaviour';
import { nullsAsNone, withoutNulls } from './members';

/** The whole body, as text. */
export async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The operation X-Amz-Target names: `<service>.<Operation>`, matched exactly (shape names are case-sensitive) unless
 * a fault matches it without regard to case; undefined for one the mock does not serve.
 */
export function operationOf(amzTarget: string, targetPrefix: string, operations: ReadonlyMap<string, unknown>, wire: ProtocolBehaviour): string | undefined {
  const [prefix, operation] = amzTarget.split('.');
  if (!prefix || !operation) return undefined;
  if (wire.targetCaseInsensitive) {
    if (prefix.toLowerCase() !== targetPrefix.toLowerCase()) return undefined;
    return [...operations.keys()].find((name) => name.toLowerCase() === operation.toLowerCase());
  }
  return prefix === targetPrefix && operations.has(operation) ? operation : undefined;
}

/** Where the mock stands when it checks a signature: its region (if it is regional) and the one key it knows. */
export interface SigningEndpoint {
  region?: string;
  credentials: AwsCredentialIdentity;
}

/**
 * SigV4 as a regional endpoint reads it: a signature there, for this region, made with the key's secret. The region
 * the request is for (the mock's own, or us-east-1, for an unsigned request a fault lets in).
 */
export async function authenticate(req: IncomingMessage, text: string, endpoint: SigningEndpoint, wire: ProtocolBehaviour): Promise<string> {
  const header = req.headers.authorization;
  const auth = parseAuthorization(header);
  if (!header) {
    if (wire.requireSignature) throw new ApiError(wire.unsignedStatus, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    return endpoint.region ?? 'us-east-1';
  }
  if (!auth) throw new ApiError(400, 'IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature');
  if (wire.checkRegion && endpoint.region && auth.region !== endpoint.region) {
    throw new ApiError(403, 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${auth.region}'.`);
  }
  if (wire.verifySignatures && auth.accessKeyId === endpoint.credentials.accessKeyId) {
    const request = { method: req.method ?? 'POST', path: req.url ?? '/', headers: req.headers, body: text };
    if (!(await signatureMatches(auth, endpoint.credentials, request))) {
      throw new ApiError(
        403,
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      );
    }
  }
  return auth.region;
}

/** The body as the protocol reads it: a JSON object, whose null members are absent. */
export function parseRequest(req: IncomingMessage, text: string, wire: ProtocolBehaviour): Record<string, unknown> {
  const contentType = String(req.headers['content-type'] ?? '');
  if (wire.rejectContentTypeParameters && contentType.includes(';')) {
    throw new ApiError(415, 'UnsupportedMediaTypeException', `Unsupported media type ${JSON.stringify(contentType)}`);
  }
  let request: unknown;
  try {
    request = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, 'SerializationException', 'Request body is not valid JSON');
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    if (wire.nonObjectBodyAsEmpty) return {};
    throw new ApiError(400, 'SerializationException', 'Request body must be a JSON object');
  }
  return wire.nullAsNone ? (nullsAsNone(request) as Record<string, unknown>) : (withoutNulls(request) as Record<string, unknown>);
}
