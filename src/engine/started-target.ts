/** Where requests go: the built-in mock, a moto_server, any URL, or AWS. */
export type TargetKind = 'mock' | 'moto' | 'url' | 'aws';

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
