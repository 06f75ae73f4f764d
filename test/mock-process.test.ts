import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitUntil } from './helpers/processes';
import { directClient } from './helpers/target';

const ROOT = resolve(__dirname, '..');

/** Starts the standalone mock as docs/targets.md says (`npx sagemaker-conformance mock`); the child's PID is npx's, as `$!` is. */
function startWithNpx(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn('npx', ['sagemaker-conformance', 'mock', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) done({ child, url: m[1]!, stderr: () => err });
    });
    child.once('exit', (code) => fail(new Error(`mock exited ${code}: ${err}`)));
  });
}

async function listening(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/mock-api/state`);
    return true;
  } catch {
    return false;
  }
}

describe('the standalone mock', () => {
  it('stops when the PID the shell got (npx) is sent SIGTERM, and --log prints one line per request', async () => {
    const { child, url, stderr } = await startWithNpx(['--log']);
    try {
      const client = directClient(url);
      await client.send('ListEndpointConfigs', {});
      await client.send('DescribeEndpointConfig', { EndpointConfigName: 'nope' });
      client.destroy();
      await fetch(`${url}/mock-api/state`);
      // The log lines come through a pipe from another process: wait for them rather than for a fixed time, which a
      // loaded machine can outlast.
      const logLines = () =>
        stderr()
          .split('\n')
          .filter((l) => l !== '');
      await waitUntil(() => logLines().length >= 3, 20000);
      expect(logLines()).toEqual([
        expect.stringMatching(/^\S+Z POST \/ ListEndpointConfigs 200 [\d.]+ ms$/),
        expect.stringMatching(/^\S+Z POST \/ DescribeEndpointConfig 400 [\d.]+ ms$/),
        expect.stringMatching(/^\S+Z GET \/mock-api\/state - 200 [\d.]+ ms$/),
      ]);
      const npxExited = new Promise((done) => child.once('exit', done));
      process.kill(child.pid!, 'SIGTERM');
      await npxExited;
      // The mock notices that npx is gone (it checks every half second) and stops listening.
      let up = true;
      const deadline = Date.now() + 20000;
      while (up && Date.now() < deadline) {
        await sleep(100);
        up = await listening(url);
      }
      expect(up).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120000);
});
