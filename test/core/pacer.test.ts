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
    p.throttled(t0 + 100, t0 + 50); // 105 ms
    p.sent(t0 + 200);
    expect(p.gapMs(t0 + 250)).toBe(55);
  });
});

describe("Pacer learns the rate the service accepts", () => {
  it("after a 429, paces 5% under the rate that succeeded in the last second", () => {
    const pacer = new Pacer();
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) pacer.recordSuccess(t0 + i * 10);
    pacer.throttled(t0 + 1000, t0 + 100);
    // Everyone waits for the pause, then goes one per 105 ms (10 a second, less 5%).
    expect(pacer.reserve(t0 + 100)).toBe(900);
    expect(pacer.reserve(t0 + 100)).toBe(1005);
    expect(pacer.reserve(t0 + 100)).toBe(1110);
  });

  it("slows down further when the service still refuses", () => {
    const pacer = new Pacer();
    const t0 = 2_000_000;
    for (let i = 0; i < 10; i++) pacer.recordSuccess(t0 + i);
    pacer.throttled(t0 + 100, t0 + 50);
    pacer.throttled(t0 + 100, t0 + 5_000); // nothing succeeded in the last second: 1 a second, less 5%
    const first = pacer.reserve(t0 + 5_000);
    const second = pacer.reserve(t0 + 5_000);
    expect(second - first).toBe(1050);
  });

  it("a further 429 at the learned pace slows it by 5% more", () => {
    const pacer = new Pacer();
    const t0 = 3_000_000;
    for (let i = 0; i < 10; i++) pacer.recordSuccess(t0 + i);
    pacer.throttled(t0 + 100, t0 + 50); // 105 ms
    for (let i = 0; i < 10; i++) pacer.recordSuccess(t0 + 1_001 + i * 99);
    pacer.throttled(t0 + 2_100, t0 + 2_000); // 10 accepted again: max(105, 105 * 1.05)
    const first = pacer.reserve(t0 + 2_100);
    expect(pacer.reserve(t0 + 2_100) - first).toBeCloseTo(110.25, 5);
  });
});
