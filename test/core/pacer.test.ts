// Per-endpoint pacing: the steady request rate and the shared pause after a 429.
import fc from "fast-check";
import { Pacer } from "../../provider/core/pacer";

describe("Pacer", () => {
  it("without a rate never makes anyone wait", () => {
    const p = new Pacer();
    for (let i = 0; i < 10; i++) expect(p.reserve(1_000)).toBe(0);
  });

  it("spaces reservations 1000/requestsPerSecond ms apart", () => {
    const p = new Pacer(4);
    expect(p.reserve(1_000)).toBe(0);
    expect(p.reserve(1_000)).toBe(250);
    expect(p.reserve(1_000)).toBe(500);
    // Later callers get the next free slot, not an earlier one.
    expect(p.reserve(1_100)).toBe(650);
    // Once the reserved slots are in the past, a caller goes at once.
    expect(p.reserve(5_000)).toBe(0);
    expect(p.reserve(5_010)).toBe(240);
  });

  it("property: slots are never closer than 1000/rps and waits are never negative", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 40 }),
        (rps, gaps) => {
          const p = new Pacer(rps);
          let now = 10_000;
          const starts: number[] = [];
          for (const g of gaps) {
            now += g;
            const wait = p.reserve(now);
            expect(wait).toBeGreaterThanOrEqual(0);
            starts.push(now + wait);
          }
          for (let i = 1; i < starts.length; i++) {
            expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(1000 / rps - 1e-9);
          }
        },
      ),
    );
  });

  it("pause() makes every caller wait until the given time", () => {
    const p = new Pacer();
    p.pause(3_000);
    expect(p.reserve(1_000)).toBe(2_000);
    expect(p.reserve(2_500)).toBe(500);
    expect(p.reserve(3_000)).toBe(0);
    expect(p.reserve(4_000)).toBe(0);
  });

  it("pause() never shortens an earlier, longer pause", () => {
    const p = new Pacer();
    p.pause(5_000);
    p.pause(2_000);
    expect(p.reserve(1_000)).toBe(4_000);
  });

  it("pause() and a rate combine: the first slot after the pause, then spaced", () => {
    const p = new Pacer(10);
    p.pause(2_000);
    expect(p.reserve(1_000)).toBe(1_000);
    expect(p.reserve(1_000)).toBe(1_100);
    expect(p.reserve(1_000)).toBe(1_200);
  });

  it("uses the real clock by default", async () => {
    const p = new Pacer();
    p.pause(Date.now() + 200);
    const wait = p.reserve();
    expect(wait).toBeGreaterThan(100);
    expect(wait).toBeLessThanOrEqual(200);
  });

  it.each([0, -1, Number.NaN])("rejects requestsPerSecond %p", (rps) => {
    expect(() => new Pacer(rps)).toThrow("requestsPerSecond must be a positive number");
  });

  it("accepts a fractional rate", () => {
    const p = new Pacer(0.5);
    expect(p.reserve(0)).toBe(0);
    expect(p.reserve(0)).toBe(2_000);
  });
});

describe("Pacer keeps the requests it sends apart", () => {
  it("holds a caller woken late from an earlier slot an interval after the last one sent", () => {
    const p = new Pacer(10);
    expect(p.gapMs(1_000)).toBe(0);
    p.sent(1_000);
    // The next slot was 1_100, but its caller is ready at 1_050 after an earlier one left late.
    expect(p.gapMs(1_050)).toBe(50);
    expect(p.gapMs(1_100)).toBe(0);
    p.sent(1_130);
    expect(p.gapMs(1_131)).toBe(99);
  });

  it("holds nobody while no pace is set or learned", () => {
    const p = new Pacer();
    p.sent(1_000);
    expect(p.gapMs(1_000)).toBe(0);
  });

  it("applies the learned pace to the gap too", () => {
    const p = new Pacer();
    const t0 = 4_000_000;
    for (let i = 0; i < 10; i++) p.recordSuccess(t0 + i);
    p.throttled(t0 + 100, t0 + 50); // 9 a second from t0 + 100, 9.15 by t0 + 250
    p.sent(t0 + 200);
    expect(p.gapMs(t0 + 250)).toBeCloseTo(200 + 1000 / 9.15 - 250, 1);
  });
});

describe("Pacer learns the rate the service accepts (AIMD, issue 23)", () => {
  it("after the first 429, everyone waits for its Retry-After, then goes at 90% of the rate accepted in the last second", () => {
    const pacer = new Pacer();
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) pacer.recordSuccess(t0 + i * 10);
    pacer.throttled(t0 + 1000, t0 + 100);
    expect(pacer.reserve(t0 + 100)).toBe(900);
    expect(pacer.gapMs(t0 + 100)).toBe(900);
    pacer.sent(t0 + 1000);
    // 9 a second: the next one 111 ms later.
    expect(pacer.gapMs(t0 + 1000)).toBeCloseTo(111.1, 0);
  });

  it("the other 429s of the same burst change nothing", () => {
    const pacer = new Pacer();
    const t0 = 2_000_000;
    for (let i = 0; i < 10; i++) pacer.recordSuccess(t0 + i);
    pacer.throttled(t0 + 1000, t0 + 50);
    pacer.throttled(t0 + 1000, t0 + 60);
    pacer.throttled(t0 + 1000, t0 + 70);
    pacer.sent(t0 + 1000);
    expect(pacer.gapMs(t0 + 1000)).toBeCloseTo(111.1, 0);
  });

  it("grows by one request a second every second while no 429 comes (others sharing the account may have finished)", () => {
    const pacer = new Pacer();
    const t0 = 3_000_000;
    for (let i = 0; i < 2; i++) pacer.recordSuccess(t0 + i);
    pacer.throttled(t0 + 1000, t0 + 50); // 1.8 a second from t0 + 1000
    pacer.sent(t0 + 6_000); // 5 s later: 6.8 a second
    expect(pacer.gapMs(t0 + 6_000)).toBeCloseTo(1000 / 6.8, 0);
  });

  it("a later 429, once paced, slows the pace to 90% of what was accepted, and holds back no other caller", () => {
    const pacer = new Pacer();
    const t0 = 5_000_000;
    for (let i = 0; i < 10; i++) pacer.recordSuccess(t0 + i);
    pacer.throttled(t0 + 1000, t0 + 50); // 9 a second from t0 + 1000
    // 2 s later (11 a second by then) only 5 were accepted in the last second: others share the account.
    for (let i = 0; i < 5; i++) pacer.recordSuccess(t0 + 2_100 + i * 150);
    pacer.throttled(t0 + 4_000, t0 + 3_000);
    expect(pacer.reserve(t0 + 3_000)).toBe(0);
    pacer.sent(t0 + 3_000);
    expect(pacer.gapMs(t0 + 3_000)).toBeCloseTo(1000 / 4.5, 0);
  });

  it("property: whatever the 429s and successes, the pace stays at or above half a request a second and waits are never negative", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 2_000 })), { minLength: 1, maxLength: 60 }), (events) => {
        const pacer = new Pacer();
        let now = 10_000_000;
        for (const [refused, gap] of events) {
          now += gap;
          if (refused) pacer.throttled(now + 1000, now);
          else pacer.recordSuccess(now);
          const wait = pacer.gapMs(now);
          expect(wait).toBeGreaterThanOrEqual(0);
          pacer.sent(now + wait);
          expect(pacer.gapMs(now + wait)).toBeLessThanOrEqual(2_000 + 1e-9);
        }
      }),
    );
  });
});
