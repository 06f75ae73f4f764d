/** One call as it crossed the wire: what was sent and what came back (or why nothing did). */
export interface Exchange {
  operation: string;
  requestBody: string;
  /** The headers that choose the operation, and how the request was signed (a recording keeps them). */
  sent?: SentRequest;
  response?: RawResponse;
  /** Set when no HTTP response arrived: connection refused, DNS, TLS, timeout, reset. */
  transportError?: string;
  /**
   * True when no attempt can have reached the target (connection refused, name not resolved, TLS handshake
   * failed, no credentials to sign with): nothing can have been created, so there is nothing to clean up.
   */
  unsent?: boolean;
  /** No answer because the run aborted the call (Ctrl-C, or clean-up's time ran out). */
  aborted?: boolean;
  attempts: number;
  durationMs: number;
  /** Still throttled after every retry: the case cannot be judged (errored, never failed). */
  throttled?: boolean;
}

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body as read: at most `--max-body` bytes of it. */
  body: string;
  /** Set when the body was longer than the limit: `body` holds its first `limit` bytes; `bytes` arrived in all. */
  truncated?: { bytes: number; limit: number; abandoned: boolean };
}

export interface SentRequest {
  /** X-Amz-Target as sent (null: none). */
  target: string | null;
  /** Content-Type as sent (null: none). */
  contentType: string | null;
  signing: 'signed' | 'none' | 'wrong-secret' | 'other-region';
}
