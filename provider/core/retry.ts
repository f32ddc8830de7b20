// When and how long to wait before trying a failed call again.

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The longest `Retry-After` honoured. A server asking for a longer wait makes the call fail
   * at once with a clear error instead of parking every request to the endpoint that long.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 200, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

/** Statuses worth another try: throttling and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Connection-level failures (no answer) worth another try. */
const RETRYABLE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

export function isRetryableConnectionError(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/**
 * Whether a failure may be retried. A throttled call (429) never reached the service's
 * logic, so it is retried whatever the method; anything else only for idempotent calls.
 */
export function shouldRetry(opts: { status: number; code?: string; idempotent: boolean }): boolean {
  if (opts.status === 429) return true;
  if (!opts.idempotent) return false;
  return opts.status === 0 ? isRetryableConnectionError(opts.code) : isRetryableStatus(opts.status);
}

/** Seconds or an HTTP date, as `Retry-After` may carry; undefined when absent or not of either form. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return Number(text) * 1000;
  // An HTTP date (IMF-fixdate, or the obsolete RFC 850 / asctime forms): always names GMT or a weekday.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with full jitter; a server's Retry-After is a floor, never shortened.
 * `attempt` is 1 for the first retry.
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, Math.min(jittered, retryAfterMs + policy.baseDelayMs));
}
