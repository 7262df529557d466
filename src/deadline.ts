/**
 * The deadline of one GraphQL execution, as its resolvers see it: `signal` aborts when it passes, so that S3 work the
 * request started (a copy between stores) stops instead of completing after the client was told it failed; work that
 * keeps moving says so with `progressed()`, and the deadline then counts from its last progress.
 */
export class RequestDeadline {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  /** performance.now() of the execution's start or its last progress. */
  lastProgress = performance.now();

  progressed(): void {
    this.lastProgress = performance.now();
  }

  expire(reason: Error): void {
    this.controller.abort(reason);
  }
}
