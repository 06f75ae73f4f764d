/** Where requests go: the built-in mock, a moto_server, any URL, AWS, or a replayed recording (src/target/replay.ts). */
export type TargetKind = 'mock' | 'moto' | 'url' | 'aws' | 'replay';

/** A server the run started itself on loopback (mock, moto_server, replay): its alone, never reached through a proxy. */
export function startedByRun(kind: TargetKind): boolean {
  return kind === 'mock' || kind === 'moto' || kind === 'replay';
}

/** A server that checks signatures with the mock's one key (the mock, and a replay telling signed from wrongly signed). */
export function signsWithMockKey(kind: TargetKind): boolean {
  return kind === 'mock' || kind === 'replay';
}

/**
 * A target ready for requests, started above the engine (`target/`) and handed to a session, which stops it at its
 * close; `stop` ends whatever the run started (and nothing else).
 */
export interface StartedTarget {
  kind: TargetKind;
  /** Undefined for `aws`: the SDK picks the region's endpoint. */
  url?: string;
  /** Loopback targets get dummy credentials when none are configured. */
  local: boolean;
  label: string;
  stop(): Promise<void>;
  /** Why the target is known to be gone (a moto_server the run started has exited), else undefined. */
  gone?(): string | undefined;
  /** The PID of a server process the run started (moto_server). */
  pid?: number;
}
