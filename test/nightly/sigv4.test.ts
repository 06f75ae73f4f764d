import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance } from '../../src/runner/run';
import type { RunningMock } from '../../src/mock/server';
import { errorAnswer, startProxy, type Answer, type Proxy, type SeenRequest } from './helpers';
import { startReferenceMock } from '../../src/mock/reference';

/** The one key pair this target accepts (test data, not a secret). */
const KEY = { accessKeyId: 'AKIDSIGV4TEST', secretAccessKey: 'sigv4-test-secret-0123456789' };
const REGION = 'us-east-1';
const SCOPE = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/;

/**
 * Recomputes the request's SigV4 signature for KEY over exactly the headers the client signed, with
 * @smithy/signature-v4, and answers as AWS does when it differs; valid requests go on to the mock.
 */
async function verify(req: SeenRequest, port: number): Promise<Answer | undefined> {
  const m = SCOPE.exec(String(req.headers.authorization ?? ''));
  if (!m) return errorAnswer(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const [, keyId, , region, service, signedHeaders, signature] = m;
  if (keyId !== KEY.accessKeyId) return errorAnswer(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (region !== REGION || service !== 'sagemaker')
    return errorAnswer(403, 'InvalidSignatureException', `Credential should be scoped to a valid region and service (${region}/${service})`);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders!.split(';')) headers[name] = String(req.headers[name] ?? '');
  const signer = new SignatureV4({ service: 'sagemaker', region: REGION, credentials: KEY, sha256: Sha256 });
  const amzDate = headers['x-amz-date']!;
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signed = await signer.sign(
    { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port, path: '/', query: {}, headers, body: req.body },
    { signingDate },
  );
  const expected = / Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization))?.[1];
  if (expected !== signature)
    return errorAnswer(403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
  return undefined;
}

const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE'];

describe('a target that checks SigV4 signatures', () => {
  let mock: RunningMock;
  let target: Proxy;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    mock = await startReferenceMock();
    let port = 0;
    target = await startProxy(mock.url, { intercept: (req) => verify(req, port) });
    port = Number(new URL(target.url).port);
  });
  afterAll(async () => {
    await target.close();
    await mock.close();
  });
  beforeEach(() => {
    for (const k of ENV_KEYS) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
    target.seen.length = 0;
  });
  afterEach(() => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  const run = () =>
    runConformance({
      target: { kind: 'url', url: target.url },
      region: REGION,
      only: ['CreateEndpointConfig.baseline', 'EndpointConfigName.*', 'Tags.count.*'],
    });

  it('accepts every request signed with credentials from environment variables', async () => {
    process.env.AWS_ACCESS_KEY_ID = KEY.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = KEY.secretAccessKey;
    const { report, exitCode } = await run();
    expect(exitCode).toBe(0);
    expect(report.summary.failed + report.summary.errored).toBe(0);
    expect(target.seen.length).toBeGreaterThan(report.cases.length);
    expect(mock.store.count()).toBe(0);
  });

  it('accepts every request signed with credentials from a profile in a shared credentials file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-profile-'));
    writeFileSync(join(dir, 'credentials'), `[conformance-test]\naws_access_key_id = ${KEY.accessKeyId}\naws_secret_access_key = ${KEY.secretAccessKey}\n`);
    writeFileSync(join(dir, 'config'), `[profile conformance-test]\nregion = ${REGION}\n`);
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_PROFILE = 'conformance-test';
    const { exitCode } = await run();
    expect(exitCode).toBe(0);
  });

  it.each([
    ['a wrong secret', { ...KEY, secretAccessKey: 'not-the-secret-key-at-all' }, 'InvalidSignatureException'],
    ['an unknown key id', { ...KEY, accessKeyId: 'AKIDSOMEONEELSE' }, 'UnrecognizedClientException'],
  ])('rejects requests signed with %s, and the run stops before creating anything', async (_, key, code) => {
    process.env.AWS_ACCESS_KEY_ID = key.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = key.secretAccessKey;
    const { report, exitCode } = await run();
    expect(exitCode).toBe(2);
    expect(report.problem).toContain(`HTTP 403 ${code}`);
    expect(mock.store.count()).toBe(0);
  });
});
