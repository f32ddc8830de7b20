// A request-rate limit, as a service's front door applies it; the requests over it are refused
// with the seconds to wait. Two algorithms, since nothing service-specific is known:
//   - "token-bucket": a bucket of `perSecond` tokens (one second's burst) refilled continuously
//     at `perSecond` a second, each request taking one. AWS documents its API throttling this way
//     (Amazon EC2 API request throttling, API Gateway request throttling): the Wickr default.
//   - "fixed-window": at most `perSecond` requests in each one-second window, a window starting
//     at the first request after the last one ended: the Commvault default (nothing is known of
//     a CommServe's limit; this is the stricter reading, since the time between windows is lost).
// The limit belongs to an account (the adapter names it: the AWS account a request is signed
// for, the CommServe), not to a connection or a process: every client of one account draws
// from the same bucket or windows, as a real account's quota is shared by all its callers.
export type RateLimitAlgorithm = "token-bucket" | "fixed-window";
export const RATE_LIMIT_ALGORITHMS: readonly RateLimitAlgorithm[] = ["token-bucket", "fixed-window"];

/** One account's draw on the limit: a window (its start, requests taken) or a bucket (tokens, when counted). */
interface Account {
  at: number;
  level: number;
}

export class RateLimiter {
  private perSecond: number | undefined;
  private algorithm: RateLimitAlgorithm;
  private readonly accounts = new Map<string, Account>();

  constructor(private readonly defaultAlgorithm: RateLimitAlgorithm = "fixed-window") {
    this.algorithm = defaultAlgorithm;
  }

  configure(perSecond: number | undefined, algorithm: RateLimitAlgorithm = this.defaultAlgorithm): void {
    if (perSecond !== undefined && (!Number.isInteger(perSecond) || perSecond < 1)) {
      throw new Error("perSecond must be a positive integer");
    }
    if (!RATE_LIMIT_ALGORITHMS.includes(algorithm)) throw new Error(`algorithm must be one of ${RATE_LIMIT_ALGORITHMS.join(", ")}`);
    this.perSecond = perSecond;
    this.algorithm = algorithm;
    this.accounts.clear();
  }

  /** undefined when the request of `account` may go; otherwise the Retry-After seconds. */
  take(now = Date.now(), account = ""): number | undefined {
    const rate = this.perSecond;
    if (rate === undefined) return undefined;
    let state = this.accounts.get(account);
    if (this.algorithm === "token-bucket") {
      // level: the tokens in the bucket at `at` (a new account's bucket is full).
      if (!state) this.accounts.set(account, (state = { at: now, level: rate }));
      state.level = Math.min(rate, state.level + ((now - state.at) * rate) / 1000);
      state.at = now;
      if (state.level >= 1) {
        state.level -= 1;
        return undefined;
      }
      return Math.max(1, Math.ceil((1 - state.level) / rate));
    }
    // level: the requests taken in the window that started at `at`.
    if (!state) this.accounts.set(account, (state = { at: 0, level: 0 }));
    if (now - state.at >= 1000) {
      state.at = now;
      state.level = 0;
    }
    if (state.level < rate) {
      state.level += 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((state.at + 1000 - now) / 1000));
  }
}
