// Per-endpoint pacing: an optional steady request rate, a shared pause when the service says
// to slow down (429 with Retry-After), and the rate learned from it, so concurrent calls wait
// together and then go at the pace the service accepts instead of hammering it.

/**
 * How far under the accepted rate the learned pace stays, and how much slower it gets on each
 * further 429: pacing at exactly the accepted rate meets the limit again whenever arrival times
 * bunch up (a fixed one-second window then sees one request too many).
 */
const MARGIN = 0.05;

export class Pacer {
  private nextSlot = 0;
  private pausedUntil = 0;
  /** Milliseconds between request starts learned from throttling; undefined until a 429. */
  private learnedIntervalMs: number | undefined;
  private readonly recentSuccesses: number[] = [];
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly requestsPerSecond?: number) {
    if (requestsPerSecond !== undefined && !(requestsPerSecond > 0)) {
      throw new Error("requestsPerSecond must be a positive number");
    }
  }

  private intervalMs(): number | undefined {
    const configured = this.requestsPerSecond === undefined ? undefined : 1000 / this.requestsPerSecond;
    if (configured === undefined) return this.learnedIntervalMs;
    return this.learnedIntervalMs === undefined ? configured : Math.max(configured, this.learnedIntervalMs);
  }

  /** Milliseconds the caller must wait before sending; reserves its slot. */
  reserve(now = Date.now()): number {
    let start = Math.max(now, this.pausedUntil);
    const interval = this.intervalMs();
    if (interval !== undefined) {
      start = Math.max(start, this.nextSlot);
      this.nextSlot = start + interval;
    }
    return start - now;
  }

  /**
   * Milliseconds still to wait, after the reserved slot, so that this request leaves at least
   * one interval after the last one sent: a caller woken late from an earlier slot must not
   * leave together with the next (a fixed one-second window would then see one too many).
   */
  gapMs(now = Date.now()): number {
    const interval = this.intervalMs();
    return interval === undefined ? 0 : Math.max(0, this.lastSentAt + interval - now);
  }

  /** A request is leaving now (call right after gapMs() gave 0, in the same turn). */
  sent(now = Date.now()): void {
    this.lastSentAt = now;
  }

  /** The service asked every caller to wait until `until` (epoch ms). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** A request was accepted. */
  recordSuccess(now = Date.now()): void {
    this.recentSuccesses.push(now);
    while (this.recentSuccesses.length > 0 && this.recentSuccesses[0] <= now - 1000) this.recentSuccesses.shift();
  }

  /**
   * The service refused a request for its rate (429): pause everyone until `until`, and from
   * then on pace a little under the rate it accepted in the last second (a little slower
   * again each time it still refuses).
   */
  throttled(until: number, now = Date.now()): void {
    this.pause(until);
    while (this.recentSuccesses.length > 0 && this.recentSuccesses[0] <= now - 1000) this.recentSuccesses.shift();
    const accepted = Math.max(1, this.recentSuccesses.length);
    const interval = (1000 / accepted) * (1 + MARGIN);
    this.learnedIntervalMs = this.learnedIntervalMs === undefined ? interval : Math.max(interval, this.learnedIntervalMs * (1 + MARGIN));
  }
}
