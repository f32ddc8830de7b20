// Per-endpoint pacing: an optional steady request rate, a shared pause when the service first
// says to slow down (429 with Retry-After), and the rate learned from the 429s, so concurrent
// calls wait together and then go at the pace the service accepts instead of hammering it.
//
// The rate a service accepts is often an account's, shared with every other client of the
// account (other stacks of a CI matrix, other processes): this process then gets a share of it,
// and the share changes as the others start and finish. So the learned rate follows AIMD, as
// TCP and the AWS SDKs' adaptive retry mode do: on a 429 it drops to BETA of the rate accepted
// over the last second (once per second: the answers of one burst count once), and while no
// 429 comes it grows by GROWTH requests a second every second, probing for what the others
// left. Once paced, a 429 holds back only the refused request (for its Retry-After) and slows
// the pace: the others keep the pace, so probing costs one late request, not a stalled second.

/** The learned rate after a 429: this share of the rate accepted over the last second. */
const BETA = 0.9;
/** How fast the learned rate grows while no 429 comes (requests a second, per second). */
const GROWTH = 1;
/** The learned rate never goes under this (requests a second). */
const LOWEST_RATE = 0.5;

export class Pacer {
  private nextSlot = 0;
  private pausedUntil = 0;
  /** The rate learned at the last 429 (requests a second) and when (ms); undefined until a 429. */
  private learned: { rate: number; at: number } | undefined;
  private readonly recentSuccesses: number[] = [];
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly requestsPerSecond?: number) {
    if (requestsPerSecond !== undefined && !(requestsPerSecond > 0)) {
      throw new Error("requestsPerSecond must be a positive number");
    }
  }

  /** The learned rate at `now`: as set at the last 429, grown since. */
  private learnedRate(now: number): number | undefined {
    if (this.learned === undefined) return undefined;
    return this.learned.rate + (GROWTH * Math.max(0, now - this.learned.at)) / 1000;
  }

  private intervalMs(now: number): number | undefined {
    const configured = this.requestsPerSecond === undefined ? undefined : 1000 / this.requestsPerSecond;
    const rate = this.learnedRate(now);
    const learned = rate === undefined ? undefined : 1000 / rate;
    if (configured === undefined) return learned;
    return learned === undefined ? configured : Math.max(configured, learned);
  }

  /**
   * Milliseconds the caller must wait before sending; reserves its slot at the configured rate.
   * The learned rate reserves nothing ahead: it changes while callers wait (it grows), so each
   * waiter is held by gapMs() at the rate of the moment, not by a slot fixed at an older one.
   */
  reserve(now = Date.now()): number {
    let start = Math.max(now, this.pausedUntil);
    if (this.requestsPerSecond !== undefined) {
      start = Math.max(start, this.nextSlot);
      this.nextSlot = start + 1000 / this.requestsPerSecond;
    }
    return start - now;
  }

  /**
   * Milliseconds still to wait, after the reserved slot, so that this request leaves at least
   * one interval after the last one sent: a caller woken late from an earlier slot must not
   * leave together with the next (a fixed one-second window would then see one too many).
   */
  gapMs(now = Date.now()): number {
    if (now < this.pausedUntil) return this.pausedUntil - now;
    const interval = this.intervalMs(now);
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
   * The service refused a request for its rate (429; `until`: when its Retry-After ends). The
   * first time, nothing paces the callers yet: everyone waits until `until`, then goes at BETA
   * of the rate accepted in the last second. Later, paced: the pace drops to BETA of the rate
   * accepted (at most once a second), and only the refused request waits (the caller does).
   */
  throttled(until: number, now = Date.now()): void {
    while (this.recentSuccesses.length > 0 && this.recentSuccesses[0] <= now - 1000) this.recentSuccesses.shift();
    const accepted = this.recentSuccesses.length;
    if (this.learned === undefined) {
      this.pause(until);
      this.learned = { rate: Math.max(LOWEST_RATE, accepted * BETA), at: Math.max(now, until) };
      return;
    }
    if (now - this.learned.at < 1000) return;
    const current = this.learnedRate(now) as number;
    this.learned = { rate: Math.max(LOWEST_RATE, Math.min(current, accepted) * BETA), at: now };
  }
}
