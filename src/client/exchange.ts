/** One call as it crossed the wire: what was sent and what came back (or why nothing did). */
export interface Exchange {
  operation: string;
  requestBody: string;
  response?: RawResponse;
  /** Set when no HTTP response arrived: connection refused, DNS, TLS, timeout, reset. */
  transportError?: string;
  /**
   * True when no attempt can have reached the target (connection refused, name not resolved, TLS handshake
   * failed, no credentials to sign with): nothing can have been created, so there is nothing to clean up.
   */
  unsent?: boolean;
  attempts: number;
  durationMs: number;
  /** Still throttled after every retry: the case cannot be judged (errored, never failed). */
  throttled?: boolean;
}

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}
