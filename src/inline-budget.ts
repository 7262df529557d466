import { ResourceExhaustedError } from './errors.js';

/** Bytes of inline content that every request of the process holds together. */
export class InlineBytesInFlight {
  private held = 0;

  constructor(private readonly limit: number) {}

  /** Takes `bytes` if they fit under the limit. */
  tryTake(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held -= bytes;
  }
}

/**
 * The inline content one request holds (each content read, each text and base64 it answers), bounded per request
 * and, with every other request, per process; it is given back when the request ends.
 */
export class InlineAllowance {
  private taken = 0;
  private ended = false;

  constructor(
    private readonly perRequest: number,
    private readonly inFlight: InlineBytesInFlight,
  ) {}

  take(bytes: number): void {
    // A request answered at its deadline may still be resolving: what it would read now could never be given back.
    if (this.ended) throw new ResourceExhaustedError('This request has already been answered; its content is no longer read.');
    if (this.taken + bytes > this.perRequest)
      throw new ResourceExhaustedError(
        `This request would hold more than ${this.perRequest} bytes of inline content (text, base64); ask for fewer, or use downloadUrl.`,
      );
    if (!this.inFlight.tryTake(bytes))
      throw new ResourceExhaustedError(
        'The gateway holds as much inline content as it may for other requests; try again shortly, or use downloadUrl.',
      );
    this.taken += bytes;
  }

  /** Gives back what the request holds; it takes nothing more. */
  release(): void {
    this.ended = true;
    this.inFlight.give(this.taken);
    this.taken = 0;
  }
}
