import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { behaviourWithFaults } from '../mock/faults';
import { BadInputError } from '../errors';
import { startReferenceMock } from '../mock/reference';
import type { SpecProfileName } from '../spec/profiles';

export type TargetKind = 'mock' | 'moto' | 'url' | 'aws';

/** What `--target` names, before anything is started. */
export interface TargetSpec {
  kind: TargetKind;
  url?: string;
  /** Faults to switch on in the reference mock (`mock:FAULT[,FAULT]`). */
  faults?: string[];
  /** The spec profile the reference mock enforces (default: the default profile). */
  profile?: SpecProfileName;
  /** The region the reference mock is the endpoint of (default: the run's). */
  region?: string;
}

/** A target ready for requests; `stop` ends whatever the run started (and nothing else). */
export interface StartedTarget {
  kind: TargetKind;
  /** Undefined for `aws`: the SDK picks the region's endpoint. */
  url?: string;
  /** Loopback targets get dummy credentials when none are configured. */
  local: boolean;
  label: string;
  stop(): Promise<void>;
}

export class TargetError extends BadInputError {
  override name = 'TargetError';
}

/** Parses `--target`: mock, mock:FAULT, moto, aws, or an http(s) URL. */
export function parseTarget(text: string): TargetSpec {
  if (text === 'mock') return { kind: 'mock' };
  if (text.startsWith('mock:')) return { kind: 'mock', faults: text.slice('mock:'.length).split(',').filter(Boolean) };
  if (text === 'moto') return { kind: 'moto' };
  if (text === 'aws') return { kind: 'aws' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetError(`--target ${JSON.stringify(text)} is not mock, mock:FAULT, moto, aws or an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetError(`--target URL must be http or https, not ${url.protocol}`);
  return { kind: 'url', url: url.toString().replace(/\/$/, '') };
}

/** The target to use when `--target` is not given: AWS_ENDPOINT_URL_SAGEMAKER if set, else the mock. */
export function defaultTarget(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_ENDPOINT_URL_SAGEMAKER || 'mock';
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new TargetError(`moto_server exited with code ${child.exitCode} before answering`);
    try {
      await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new TargetError(`moto_server did not answer on ${url} within ${timeoutMs} ms`);
}

/** Starts moto_server on a free loopback port; stops it by its own PID. */
export async function startMoto(): Promise<StartedTarget> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) => reject(new TargetError(`cannot start moto_server (${e.message}); is moto installed (pip install 'moto[server]')?`)));
  });
  await spawned;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilAnswering(url, child, 20000);
  } catch (error) {
    await stop();
    throw new TargetError(`${(error as Error).message}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`);
  }
  return { kind: 'moto', url, local: true, label: `moto_server on ${url}`, stop };
}

/** Starts (mock, moto) or names (URL, aws) the target. */
export async function startTarget(spec: TargetSpec): Promise<StartedTarget> {
  switch (spec.kind) {
    case 'mock': {
      const mock = await startReferenceMock({
        behaviour: behaviourWithFaults(spec.faults ?? [], spec.profile),
        ...(spec.profile ? { spec: spec.profile } : {}),
        ...(spec.region ? { region: spec.region } : {}),
      });
      const faults = spec.faults?.length ? ` with fault ${spec.faults.join(',')}` : '';
      return { kind: 'mock', url: mock.url, local: true, label: `reference mock on ${mock.url}${faults}`, stop: () => mock.close() };
    }
    case 'moto':
      return startMoto();
    case 'url':
      return { kind: 'url', url: spec.url!, local: isLoopback(spec.url!), label: spec.url!, stop: async () => {} };
    case 'aws':
      return { kind: 'aws', local: false, label: 'AWS', stop: async () => {} };
  }
}
