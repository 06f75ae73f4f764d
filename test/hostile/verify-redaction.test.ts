import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from '../helpers/cli-child';
import { errorAnswer, ordinary, startHostileTarget } from '../helpers/hostile-target';

const KEY_ID = 'TESTKEYID0123456789';
const TOKEN = 'session-token-0123456789-abcdef';

describe("Pact's verifier output", () => {
  it('passes through the redaction filter, although Pact writes it from native code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-verify-redact-'));
    // Nothing is there before the provider states run (a describe finds nothing), so verify sends the pact's create,
    // which the target answers by echoing the request's headers, signature and token among them.
    const target = await startHostileTarget((call, res) => {
      if (call.operation === 'CreateEndpointConfig') return errorAnswer(res, 400, 'ValidationException', `echo ${JSON.stringify(call.headers)}`);
      if (call.operation === 'DescribeEndpointConfig') return errorAnswer(res, 400, 'ValidationException', 'Could not find endpoint configuration "x".');
      if (call.operation === 'DescribeModel') return errorAnswer(res, 400, 'ValidationException', 'Could not find model "x".');
      return ordinary(call, res);
    });
    try {
      const pact = startCli(['pact', '--dir', join(dir, 'pacts')]);
      expect((await pact.exited).code).toBe(0);
      const cli = startCli(['verify', '--target', target.url, '--pact', join(dir, 'pacts'), '--report-dir', join(dir, 'reports')], {
        AWS_ACCESS_KEY_ID: KEY_ID,
        AWS_SECRET_ACCESS_KEY: 'sekrit-value-0123456789',
        AWS_SESSION_TOKEN: TOKEN,
      });
      expect((await cli.exited).code).toBe(1);
      const signatures = target.seen.flatMap((c) => /Signature=([0-9a-f]{64})/.exec(String(c.headers.authorization ?? ''))?.[1] ?? []);
      expect(signatures.length).toBeGreaterThan(0);
      const reports = join(dir, 'reports');
      const outputs = [cli.stdout(), cli.stderr(), ...readdirSync(reports).map((f) => readFileSync(join(reports, f), 'utf8'))].join('\n');
      expect(cli.stdout()).toContain('echo {'); // Pact printed the target's echo
      for (const secret of [KEY_ID, TOKEN, ...signatures]) expect(outputs).not.toContain(secret);
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
