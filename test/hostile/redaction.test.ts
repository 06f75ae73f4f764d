import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redact } from '../../src/client/redact';
import { startCli } from '../helpers/cli-child';
import { errorAnswer, ordinary, startHostileTarget, type HostileTarget } from '../helpers/hostile-target';

const KEY_ID = 'TESTKEYID0123456789';
const SECRET = 'sekrit-value-0123456789';
const TOKEN = 'session-token-0123456789-abcdef';

/** A target that echoes every request header (Authorization, X-Amz-Security-Token) back in its answers. */
function echoing() {
  return startHostileTarget((call, res) => {
    // The secrets first, so that even a short excerpt of the answer (a progress line, a 200-character snippet) holds them.
    const { authorization, 'x-amz-security-token': token, ...rest } = call.headers;
    const echo = JSON.stringify({ 'x-amz-security-token': token, authorization, ...rest });
    if (call.operation === '') {
      // The container credentials endpoint.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ AccessKeyId: KEY_ID, SecretAccessKey: SECRET, Token: TOKEN, Expiration: new Date(Date.now() + 3600000).toISOString() }));
      return;
    }
    if (call.operation === 'CreateEndpointConfig') return errorAnswer(res, 400, 'ValidationException', `you sent ${echo}`);
    if (call.operation === 'DeleteModel') return errorAnswer(res, 500, 'InternalFailure', `cannot delete; you sent ${echo}`);
    if (call.operation === 'ListTags') return errorAnswer(res, 400, 'ValidationException', `no tags; you sent ${echo}`);
    return ordinary(call, res);
  });
}

describe('no credential reaches any output', () => {
  let target: HostileTarget;
  let dir: string;
  beforeEach(async () => {
    target = await echoing();
    dir = mkdtempSync(join(tmpdir(), 'sc-redact-'));
  });
  afterEach(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sources: [string, (dir: string, url: string) => { env: NodeJS.ProcessEnv; args: string[] }][] = [
    ['the environment', () => ({ env: { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN }, args: [] })],
    [
      'a profile file',
      (d) => {
        const file = join(d, 'credentials');
        writeFileSync(file, `[ci]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`);
        return { env: { AWS_SHARED_CREDENTIALS_FILE: file, AWS_CONFIG_FILE: join(d, 'no-config') }, args: ['--profile', 'ci'] };
      },
    ],
    ['a container credentials endpoint', (_d, url) => ({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${url}/creds` }, args: [] })],
  ];

  it.each(sources)('with credentials from %s', async (_name, source) => {
    const { env, args } = source(dir, target.url);
    const reports = join(dir, 'reports');
    const cli = startCli(['run', '--target', target.url, '--report-dir', reports, '--only', 'EndpointConfigName.*', ...args], env);
    try {
      expect((await cli.exited).code).toBe(1);
      const signed = target.seen.filter((c) => c.headers.authorization);
      expect(signed.length).toBeGreaterThan(10);
      expect(signed.every((c) => c.headers['x-amz-security-token'] === TOKEN && String(c.headers.authorization).includes(KEY_ID))).toBe(true);
      const signatures = signed.map((c) => /Signature=([0-9a-f]{64})/.exec(String(c.headers.authorization))![1]!);
      const outputs = [cli.stdout(), cli.stderr(), ...readdirSync(reports).map((f) => readFileSync(join(reports, f), 'utf8'))].join('\n');
      // The target did echo them: the outputs hold its answers, with the secrets taken out.
      expect(outputs).toContain('x-amz-security-token');
      expect(cli.stderr()).toContain('left on the target');
      for (const secret of [KEY_ID, SECRET, TOKEN, ...signatures]) expect(outputs).not.toContain(secret);
      expect(outputs).not.toMatch(/\d{8}\/us-east-1\/sagemaker\/aws4_request/);
    } finally {
      await cli.kill();
    }
  });
});

describe('redact', () => {
  it('removes a bare signature, a credential scope and a security token header', () => {
    const hex = 'ab'.repeat(32);
    const text = redact(`sig ${hex} scope 20260101/us-east-1/sagemaker/aws4_request "X-Amz-Security-Token": "tok/en+="`);
    expect(text).not.toContain(hex);
    expect(text).not.toContain('aws4_request');
    expect(text).not.toContain('tok/en');
  });
});
