import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../client/sha256';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { IncomingHttpHeaders } from 'node:http';
import { createHash } from 'node:crypto';

const CONTENT_SHA256 = 'x-amz-content-sha256';

/** The parts of a SigV4 Authorization header: `AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export interface SigV4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(header: string | undefined): SigV4Authorization | undefined {
  const m = header
    ? /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(header.trim())
    : null;
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]! };
}

/** `20261127T010203Z` → a Date. */
function amzDate(value: string | undefined): Date | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))) : undefined;
}

/**
 * Does the signature match the request, signed again with the secret the mock knows for the key? The request is
 * rebuilt from exactly the headers the client says it signed, and the body as received.
 */
/** One signer per scope and key: a signer keeps its derived signing key, which costs four HMACs to make. */
const signers = new Map<string, SignatureV4>();

function signerFor(auth: SigV4Authorization, credentials: AwsCredentialIdentity): SignatureV4 {
  const applyChecksum = auth.signedHeaders.includes(CONTENT_SHA256);
  const key = `${credentials.accessKeyId}\n${credentials.secretAccessKey}\n${auth.service}\n${auth.region}\n${applyChecksum}`;
  let signer = signers.get(key);
  if (!signer) {
    signer = new SignatureV4({ service: auth.service, region: auth.region, credentials, sha256: NodeSha256, applyChecksum });
    if (signers.size > 64) signers.clear();
    signers.set(key, signer);
  }
  return signer;
}

export async function signatureMatches(
  auth: SigV4Authorization,
  credentials: AwsCredentialIdentity,
  request: { method: string; path: string; headers: IncomingHttpHeaders; body: string },
): Promise<boolean> {
  const date = amzDate(String(request.headers['x-amz-date'] ?? ''));
  if (!date) return false;
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    // The payload hash is computed again from the body as received, never taken from the client's header.
    if (name === CONTENT_SHA256) continue;
    const value = request.headers[name];
    if (value === undefined) return false;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const sentHash = request.headers[CONTENT_SHA256];
  if (typeof sentHash === 'string' && sentHash !== 'UNSIGNED-PAYLOAD' && auth.signedHeaders.includes(CONTENT_SHA256)) {
    if (createHash('sha256').update(request.body, 'utf8').digest('hex') !== sentHash) return false;
  }
  const [path, query = ''] = request.path.split('?');
  // Clients differ in whether they sign x-amz-content-sha256 (the JS SDK does, botocore does not): sign as the client did.
  const signer = signerFor(auth, credentials);
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: String(request.headers.host ?? ''),
      path: path!,
      query: Object.fromEntries(new URLSearchParams(query)),
      headers,
      body: request.body,
    },
    { signingDate: date, signableHeaders: new Set(auth.signedHeaders), unsignableHeaders: new Set() },
  );
  return parseAuthorization(signed.headers.authorization)?.signature === auth.signature;
}
