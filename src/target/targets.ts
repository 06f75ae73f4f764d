import { addSecrets } from '../client/redact';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { behaviourWithFaults } from '../mock/faults';
import { BadInputError } from '../errors';
import { startReferenceMock } from '../mock/reference';
import type { EditionName } from '../spec/editions';
import { abortableSleep } from '../client/throttle';
import { readRecording, type Recording } from '../client/recording/read';
import type { RunIdentity } from '../client/recording/transform';
import { startReplay } from './replay';

import type { StartedTarget, TargetKind } from '../engine/started-target';

export type { StartedTarget, TargetKind };

/** What `--target` names, before anything is started. */
export interface TargetChoice {
  kind: TargetKind;
  url?: string;
  /** Faults to switch on in the reference mock (`mock:FAULT[,FAULT]`). */
  faults?: string[];
  /** The edition the reference mock enforces (default: the default edition). */
  edition?: EditionName;
  /** The region the reference mock is the endpoint of (default: the run's). */
  region?: string;
  /** The recording a `replay:DIR` target answers from. */
  recording?: Recording;
  /** The run's id, prefix and region, which a replay puts back into the recorded answers (set by openSession). */
  run?: RunIdentity;
}

export class TargetError extends BadInputError {
  override name = 'TargetError';
}

/** Parses `--target`: mock, mock:FAULT, moto, aws, replay:DIR (a recording), or an http(s) URL. */
export function parseTarget(text: string): TargetChoice {
  if (text === 'mock') return { kind: 'mock' };
  if (text.startsWith('mock:')) return { kind: 'mock', faults: text.slice('mock:'.length).split(',').filter(Boolean) };
  if (text === 'moto') return { kind: 'moto' };
  if (text === 'aws') return { kind: 'aws' };
  if (text.startsWith('replay:')) return { kind: 'replay', recording: readRecording(text.slice('replay:'.length)) };
  // A user name or password in the URL is never printed, stored or sent (Node would send it as Basic auth, so an
  // "unsigned" protocol case would not be): it is refused, and the message shows the URL without it.
  const shown = text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetError(`--target ${JSON.stringify(shown)} is not mock, mock:FAULT, moto, aws, replay:DIR or an http(s) URL`);
  }
  if (url.username !== '' || url.password !== '') {
    addSecrets(decodeURIComponent(url.password));
    throw new TargetError(
      `--target ${JSON.stringify(shown)} holds a user name or password (user:password@): requests are signed with AWS credentials, never sent with Basic auth; give the URL without them`,
    );
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

function exitText(child: ChildProcess): string | undefined {
  if (child.signalCode !== null) return `was killed by ${child.signalCode}`;
  if (child.exitCode !== null) return `exited with code ${child.exitCode}`;
  return undefined;
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ended = exitText(child);
    if (ended) throw new TargetError(`moto_server ${ended} before answering`);
    if (signal?.aborted) throw new TargetError(`interrupted (${String(signal.reason)}) while moto_server was starting`);
    try {
      await fetch(`${url}/moto-api/`, { signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(500)]) : AbortSignal.timeout(500) });
      return;
    } catch {
      await abortableSleep(50, signal);
    }
  }
  throw new TargetError(`moto_server did not answer on ${url} within ${timeoutMs} ms`);
}

/**
 * Python that makes the kernel send moto_server SIGTERM when this process dies, however it dies (even SIGKILL), then
 * becomes moto_server: prctl(PR_SET_PDEATHSIG) survives exec. If this process is already gone it exits at once.
 */
const ORPHAN_GUARD =
  'import ctypes,os,signal,sys\n' +
  'ctypes.CDLL(None).prctl(1, signal.SIGTERM)\n' +
  'if os.getppid() != int(sys.argv[1]): os._exit(1)\n' +
  'os.execv(sys.argv[2], sys.argv[2:])';

/** The program's path as this process's PATH finds it (a pyenv shim for python3 would put its own bin first). */
function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir || '.', program);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function spawnMoto(port: number, guarded: boolean): ChildProcess {
  const args = ['-H', '127.0.0.1', '-p', String(port)];
  const stdio: ['ignore', 'ignore', 'pipe'] = ['ignore', 'ignore', 'pipe'];
  const moto = onPath('moto_server');
  return guarded && moto && process.platform === 'linux'
    ? spawn('python3', ['-c', ORPHAN_GUARD, String(process.pid), moto, ...args], { stdio })
    : spawn('moto_server', args, { stdio });
}

/** Starts moto_server on a free loopback port; stops it by its own PID. It never outlives this process (Linux). */
export async function startMoto(signal?: AbortSignal): Promise<StartedTarget> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child = spawnMoto(port, true);
  const spawned = (c: ChildProcess) =>
    new Promise<void>((resolve, reject) => {
      c.once('spawn', resolve);
      c.once('error', (e) => reject(new TargetError(`cannot start moto_server (${e.message}); is moto installed (pip install 'moto[server]')?`)));
    });
  try {
    await spawned(child);
  } catch (error) {
    if (process.platform !== 'linux') throw error;
    child = spawnMoto(port, false); // no python3 on PATH: moto_server itself, without the guard
    await spawned(child);
  }
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilAnswering(url, child, 20000, signal);
  } catch (error) {
    await stop();
    const last = stderr.trim().split('\n').pop();
    throw new TargetError(`${(error as Error).message}${last && !/^interrupted/.test((error as Error).message) ? `: ${last}` : ''}`);
  }
  const gone = () => {
    const ended = stopping ? undefined : exitText(child);
    return ended ? `moto_server (PID ${child.pid}) ${ended} during the run; its state went with it` : undefined;
  };
  return { kind: 'moto', url, local: true, label: `moto_server on ${url}`, stop, gone, ...(child.pid ? { pid: child.pid } : {}) };
}

/** Starts (mock, moto) or names (URL, aws) the target. */
export async function startTarget(spec: TargetChoice, signal?: AbortSignal): Promise<StartedTarget> {
  switch (spec.kind) {
    case 'mock': {
      const mock = await startReferenceMock({
        behaviour: behaviourWithFaults(spec.faults ?? [], spec.edition),
        ...(spec.edition ? { edition: spec.edition } : {}),
        ...(spec.region ? { region: spec.region } : {}),
      });
      const faults = spec.faults?.length ? ` with fault ${spec.faults.join(',')}` : '';
      return { kind: 'mock', url: mock.url, local: true, label: `reference mock on ${mock.url}${faults}`, stop: () => mock.close() };
    }
    case 'moto':
      return startMoto(signal);
    case 'url':
      return { kind: 'url', url: spec.url!, local: isLoopback(spec.url!), label: spec.url!, stop: async () => {} };
    case 'aws':
      return { kind: 'aws', local: false, label: 'AWS', stop: async () => {} };
    case 'replay':
      if (!spec.recording || !spec.run) throw new TargetError('a replay target needs its recording and the run it answers');
      return startReplay(spec.recording, spec.run);
  }
}
