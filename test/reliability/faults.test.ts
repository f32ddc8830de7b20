// Faults and concurrency through the real engine: with a fifth of all requests failing at
// random (5xx, 429, dropped connections, added latency) a multi-resource `up` converges,
// creates nothing twice and loses no update; two stacks on the same emulators in parallel
// both converge.
import { changed } from "../support/engine";
import { Bed, expectFleet, fleet, testBed } from "./support";

const FAULTS = [
  { kind: "error5xx", status: 503, probability: 0.05 },
  { kind: "error5xx", status: 500, probability: 0.04 },
  { kind: "rateLimit", retryAfterSeconds: 1, probability: 0.04 },
  { kind: "drop", probability: 0.04 },
  { kind: "latency", latencyMs: 300, probability: 0.04 },
];

describe("reliability under faults", () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await testBed();
  });
  afterAll(() => bed.close());

  it("converges with 20% of requests failing: no duplicates, nothing lost", async () => {
    const stack = await bed.stack(fleet("flt", 4, 0), { config: { "wickr:maxRetries": { value: "8" }, "commvault:maxRetries": { value: "8" } } });
    await bed.wickr.faults(FAULTS, 7);
    await bed.commvault.faults(FAULTS, 11);
    let injected = 0;
    try {
      await stack.up();
      await expectFleet(bed, "flt", 4, 0);

      stack.setProgram(fleet("flt", 4, 1));
      await stack.up();
      await expectFleet(bed, "flt", 4, 1);
      const log = [...(await bed.wickr.log()), ...(await bed.commvault.log())];
      injected = log.filter((e) => e.fault !== undefined || e.status === -1).length;
    } finally {
      await bed.wickr.clearFaults();
      await bed.commvault.clearFaults();
    }
    expect(injected).toBeGreaterThanOrEqual(3); // the faults really happened (latency is not counted)
    // Converged: nothing left to do, and the state matches the services.
    expect(changed((await stack.preview()).steps)).toEqual([]);
    await stack.refresh();
    expect(changed((await stack.preview()).steps)).toEqual([]);
    await stack.destroy();
  });

  it("two stacks managing different groups in parallel both converge", async () => {
    const a = await bed.stack(fleet("par-a", 3, 0));
    const b = await bed.stack(fleet("par-b", 3, 0));
    await Promise.all([a.up(), b.up()]);
    await expectFleet(bed, "par-a", 3, 0);
    await expectFleet(bed, "par-b", 3, 0);
    a.setProgram(fleet("par-a", 3, 1));
    b.setProgram(fleet("par-b", 3, 1));
    await Promise.all([a.up(), b.up()]);
    await expectFleet(bed, "par-a", 3, 1);
    await expectFleet(bed, "par-b", 3, 1);
    await Promise.all([a.destroy(), b.destroy()]);
  });
});
