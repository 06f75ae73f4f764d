import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary folder for the whole test run: every test's mkdtemp, every child process (moto_server, Pact's
 * verifier, Chromium, npm pack) and every worker (they inherit the environment) put their files under it, and
 * global-teardown removes it, so `npm test` leaves nothing in the machine's temporary folder.
 */
export default function globalSetup(): void {
  const root = mkdtempSync(join(tmpdir(), 'sagemaker-conformance-tests-'));
  process.env.SAGEMAKER_CONFORMANCE_TEST_TMP = root;
  process.env.TMPDIR = root;
  process.env.TMP = root;
  process.env.TEMP = root;
}
