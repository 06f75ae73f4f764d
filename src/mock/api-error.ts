/** An error the mock answers with: its HTTP status, its code (the protocol's `__type`) and its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
