import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { captureIo } from './helpers';

describe('--target aws safety', () => {
  const reportDir = () => mkdtempSync(join(tmpdir(), 'sc-safety-'));

  it('refuses to run without --allow-aws or SAGEMAKER_CONFORMANCE_ALLOW_AWS=1, before writing anything', async () => {
    const io = captureIo({});
    const dir = reportDir();
    expect(await main(['run', '--target', 'aws', '--report-dir', dir, '--execution-role-arn', 'arn:aws:iam::111122223333:role/x'], io)).toBe(2);
    expect(io.err()).toContain('--allow-aws');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('accepts the environment variable as the confirmation, then asks for the execution role', async () => {
    const io = captureIo({ SAGEMAKER_CONFORMANCE_ALLOW_AWS: '1' });
    expect(await main(['run', '--target', 'aws', '--report-dir', reportDir()], io)).toBe(2);
    expect(io.err()).not.toContain('--allow-aws');
    expect(io.err()).toContain('--execution-role-arn');
  });

  it('refuses --model-name together with --execution-role-arn', async () => {
    const io = captureIo({});
    expect(await main(['run', '--model-name', 'm', '--execution-role-arn', 'arn:aws:iam::111122223333:role/x'], io)).toBe(2);
    expect(io.err()).toContain('one or the other');
  });

  it('refuses to sweep a real account without --allow-aws', async () => {
    const io = captureIo({});
    expect(await main(['sweep', '--target', 'aws'], io)).toBe(2);
    expect(io.err()).toContain('--allow-aws');
  });

  it.each([
    ['--shard', '0/2'],
    ['--shard', '3/2'],
    ['--shard', 'half'],
    ['--retry-mode', 'eager'],
  ])('rejects %s %s as bad input', async (flag, value) => {
    const io = captureIo({});
    expect(await main(['run', flag, value, '--report-dir', reportDir()], io)).toBe(2);
    expect(io.err()).toContain(flag);
  });
});
