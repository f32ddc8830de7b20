// A fixed-window request-rate limit, as an API gateway applies it: at most `perSecond`
// requests in each one-second window; the rest are refused with the seconds to wait.
// The limit belongs to an account (the adapter names it: the AWS account a request is signed
// for, the CommServe), not to a connection or a process: every client of one account draws
// from the same windows, as a real account's quota is shared by all its callers.
interface Window {
  start: number;
  used: number;
}

export class RateLimiter {
  private perSecond: number | undefined;
  private readonly windows = new Map<string, Window>();

  configure(perSecond: number | undefined): void {
    if (perSecond !== undefined && (!Number.isInteger(perSecond) || perSecond < 1)) {
      throw new Error("perSecond must be a positive integer");
    }
    this.perSecond = perSecond;
    this.windows.clear();
  }

  /** undefined when the request of `account` may go; otherwise the Retry-After seconds. */
  take(now = Date.now(), account = ""): number | undefined {
    if (this.perSecond === undefined) return undefined;
    let window = this.windows.get(account);
    if (!window) this.windows.set(account, (window = { start: 0, used: 0 }));
    if (now - window.start >= 1000) {
      window.start = now;
      window.used = 0;
    }
    if (window.used < this.perSecond) {
      window.used += 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((window.start + 1000 - now) / 1000));
  }
}
