// Per-endpoint pacing: an optional steady request rate, and a shared pause when the
// service says to slow down (429 with Retry-After), so concurrent calls wait together
// instead of hammering the endpoint.

export class Pacer {
  private nextSlot = 0;
  private pausedUntil = 0;

  constructor(private readonly requestsPerSecond?: number) {
    if (requestsPerSecond !== undefined && !(requestsPerSecond > 0)) {
      throw new Error("requestsPerSecond must be a positive number");
    }
  }

  /** Milliseconds the caller must wait before sending; reserves its slot. */
  reserve(now = Date.now()): number {
    let start = Math.max(now, this.pausedUntil);
    if (this.requestsPerSecond !== undefined) {
      start = Math.max(start, this.nextSlot);
      this.nextSlot = start + 1000 / this.requestsPerSecond;
    }
    return start - now;
  }

  /** The service asked every caller to wait until `until` (epoch ms). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
}
