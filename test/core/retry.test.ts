// When to retry and how long to wait: shouldRetry, parseRetryAfter, backoffDelay.
import fc from "fast-check";
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableConnectionError,
  isRetryableStatus,
  parseRetryAfter,
  RetryPolicy,
  shouldRetry,
} from "../../provider/core/retry";

describe("shouldRetry", () => {
  it.each<[number, string | undefined, boolean, boolean]>([
    // status, code, idempotent, expected
    [429, undefined, true, true],
    [429, undefined, false, true],
    [500, undefined, true, true],
    [502, undefined, true, true],
    [503, undefined, true, true],
    [504, undefined, true, true],
    [500, undefined, false, false],
    [502, undefined, false, false],
    [503, undefined, false, false],
    [504, undefined, false, false],
    [200, undefined, true, false],
    [400, undefined, true, false],
    [401, undefined, true, false],
    [403, undefined, true, false],
    [404, undefined, true, false],
    [409, undefined, true, false],
    [501, undefined, true, false],
    [505, undefined, true, false],
    [0, "ECONNRESET", true, true],
    [0, "ECONNREFUSED", true, true],
    [0, "EPIPE", true, true],
    [0, "ETIMEDOUT", true, true],
    [0, "UND_ERR_SOCKET", true, true],
    [0, "UND_ERR_CONNECT_TIMEOUT", true, true],
    [0, "UND_ERR_HEADERS_TIMEOUT", true, true],
    [0, "UND_ERR_BODY_TIMEOUT", true, true],
    [0, "UND_ERR_CLOSED", true, true],
    [0, "ECONNRESET", false, false],
    [0, "ETIMEDOUT", false, false],
    [0, "ResponseTooLarge", true, false],
    [0, "ENOTFOUND", true, false],
    [0, undefined, true, false],
    // A status with an answer ignores connection codes.
    [400, "ECONNRESET", true, false],
  ])("status %i code %s idempotent %s → %s", (status, code, idempotent, expected) => {
    expect(shouldRetry({ status, code, idempotent })).toBe(expected);
  });

  it("isRetryableStatus and isRetryableConnectionError agree with the table", () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([0, 200, 301, 400, 401, 404, 501, 599].some(isRetryableStatus)).toBe(false);
    expect(isRetryableConnectionError(undefined)).toBe(false);
    expect(isRetryableConnectionError("econnreset")).toBe(false);
    expect(isRetryableConnectionError("ECONNRESET")).toBe(true);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2025, 0, 15, 12, 0, 0);

  it.each<[string, number]>([
    ["0", 0],
    ["1", 1000],
    ["120", 120_000],
    ["1.5", 1500],
    [" 3 ", 3000],
  ])("seconds %j → %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it("reads an HTTP date relative to now", () => {
    const in5s = new Date(now + 5000).toUTCString();
    expect(parseRetryAfter(in5s, now)).toBe(5000);
    expect(parseRetryAfter("Wed, 15 Jan 2025 12:01:00 GMT", now)).toBe(60_000);
  });

  it("a date in the past means no wait", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now)).toBe(0);
  });

  it("uses Date.now() when no time is given", () => {
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    const ms = parseRetryAfter(inOneMinute);
    expect(ms).toBeGreaterThan(55_000);
    expect(ms).toBeLessThanOrEqual(60_000);
  });

  it.each([undefined, "", "   ", "soon", "abc", "later-ish", "12abc", "Infinity", "NaN"])("garbage %j → undefined", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it("is never negative", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), (s) => {
        const ms = parseRetryAfter(String(s), now);
        // Negative seconds are not a Retry-After value at all.
        return s < 0 ? ms === undefined : ms !== undefined && ms >= 0;
      }),
    );
  });
});

describe("backoffDelay", () => {
  const policyArb = fc
    .record({
      baseDelayMs: fc.integer({ min: 1, max: 2_000 }),
      extra: fc.integer({ min: 0, max: 60_000 }),
      maxRetries: fc.integer({ min: 0, max: 10 }),
    })
    .map(({ baseDelayMs, extra, maxRetries }): RetryPolicy => ({ baseDelayMs, maxDelayMs: baseDelayMs + extra, maxRetries, maxRetryAfterMs: 60_000 }));
  const randomArb = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const ceilingOf = (attempt: number, p: RetryPolicy) => Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));

  it("without Retry-After stays within [ceiling/2, ceiling] (full jitter, capped by maxDelayMs)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), policyArb, randomArb, (attempt, policy, r) => {
        const ceiling = ceilingOf(attempt, policy);
        const d = backoffDelay(attempt, policy, undefined, () => r);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
        expect(d).toBeLessThanOrEqual(policy.maxDelayMs);
      }),
    );
  });

  it("is never below Retry-After, and never far above it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), policyArb, randomArb, fc.integer({ min: 0, max: 120_000 }), (attempt, policy, r, retryAfter) => {
        const d = backoffDelay(attempt, policy, retryAfter, () => r);
        expect(d).toBeGreaterThanOrEqual(retryAfter);
        expect(d).toBeLessThanOrEqual(retryAfter + ceilingOf(attempt, policy));
      }),
    );
  });

  it("grows exponentially from baseDelayMs up to maxDelayMs", () => {
    const policy: RetryPolicy = { maxRetries: 10, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 60_000 };
    const top = (a: number) => backoffDelay(a, policy, undefined, () => 0.999999);
    const bottom = (a: number) => backoffDelay(a, policy, undefined, () => 0);
    expect([1, 2, 3, 4, 5, 6].map(top)).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([1, 2, 3, 4, 5, 6].map(bottom)).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it("works with Math.random by default and the default policy", () => {
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(1, DEFAULT_RETRY_POLICY, undefined);
      expect(d).toBeGreaterThanOrEqual(DEFAULT_RETRY_POLICY.baseDelayMs / 2);
      expect(d).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.baseDelayMs);
    }
    expect(backoffDelay(1, DEFAULT_RETRY_POLICY, 1000)).toBeGreaterThanOrEqual(1000);
  });
});
