// A fixed-window request-rate limit, as an API gateway applies it: at most `perSecond`
// requests in each one-second window; the rest are refused with the seconds to wait.
export class RateLimiter {
  private perSecond: number | undefined;
  private windowStart = 0;
  private used = 0;

  configure(perSecond: number | undefined): void {
    if (perSecond !== undefined && (!Number.isInteger(perSecond) || perSecond < 1)) {
      throw new Error("perSecond must be a positive integer");
    }
    this.perSecond = perSecond;
    this.used = 0;
    this.windowStart = 0;
  }

  /** undefined when the request may go; otherwise the Retry-After seconds. */
  take(now = Date.now()): number | undefined {
    if (this.perSecond === undefined) return undefined;
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used < this.perSecond) {
      this.used += 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((this.windowStart + 1000 - now) / 1000));
  }
}
