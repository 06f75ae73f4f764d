/** A resource the run created but could not tag (it is still deleted by the run; the sweeper would not touch it). */
export interface Untagged {
  arn: string;
  reason: string;
}

export interface CleanupReport {
  deleted: string[];
  /** Resources the run created and could not delete, with the reason. */
  leftovers: { resource: string; name: string; reason: string }[];
  /** Set when the target itself was gone at clean-up (moto_server exited): nothing could be left on it. */
  targetGone?: string;
  /** Names without the run's prefix that a faulty target accepted and that carry another run's tag: left alone. */
  kept?: { resource: string; name: string; reason: string }[];
}
