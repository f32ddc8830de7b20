// Interruption through the real engine: `pulumi up` is killed (SIGKILL, with its provider
// processes) while creates are in flight and after the services received them. The next runs,
// with the engine's own handling of what the killed run left (the stack lock, pending creates),
// converge: no group made twice, no setting lost, and the groups are managed from then on.
import * as fs from "node:fs";
import * as path from "node:path";
import { exportStackEncrypted } from "../../provider/core/import";
import { changed } from "../support/engine";
import { Bed, expectFleet, fleet, holdings, killEngine, testBed } from "./support";

const LATENCY_MS = 2500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Every create of `operation` answers LATENCY_MS late (and takes effect then, answered or not). */
const slow = (operation: string) => ({ kind: "latency", latencyMs: LATENCY_MS, probability: 1, match: { operation } });

/**
 * The file backend (gocloud fileblob) renames each checkpoint into place atomically but writes
 * its `.attrs` sidecar in place, so a kill during a save can leave that sidecar empty; the CLI
 * then fails with "failed to load checkpoint: EOF". A missing sidecar is fine, so the repair a
 * user makes (README) is to delete the empty one. Returns how many it removed.
 */
function removeEmptySidecars(dir: string): number {
  let removed = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith(".attrs") && fs.statSync(file).size === 0) {
      fs.rmSync(file);
      removed += 1;
    }
  }
  return removed;
}

interface PendingOperation {
  type: string;
  resource: { urn: string; type: string };
}

async function pendingCreates(stack: Parameters<typeof exportStackEncrypted>[0]): Promise<PendingOperation[]> {
  const deployment = (await exportStackEncrypted(stack)).deployment as { pending_operations?: PendingOperation[] };
  return (deployment.pending_operations ?? []).filter((op) => op.type === "creating");
}

describe("interruption: a killed `pulumi up`", () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await testBed();
  });
  afterAll(() => bed.close());

  it("the next runs converge: no duplicates, nothing lost, managed from then on", async () => {
    const stack = await bed.stack(fleet("int", 3, 0));
    await bed.wickr.faults([slow("CreateSecurityGroup")]);
    await bed.commvault.faults([slow("CreateUserGroup")]);
    const creates = async () => ({
      wickr: (await bed.wickr.log()).filter((e) => e.operation === "CreateSecurityGroup").length,
      commvault: (await bed.commvault.log()).filter((e) => e.operation === "CreateUserGroup").length,
    });

    // Kill the engine once both services have creates in flight.
    const up = stack.up().then(
      () => "finished",
      (err: unknown) => String(err),
    );
    const deadline = Date.now() + 120_000;
    for (let c = await creates(); c.wickr < 2 || c.commvault < 2; c = await creates()) {
      if (Date.now() > deadline) throw new Error(`the up never reached its creates: ${JSON.stringify(c)}`);
      await sleep(25);
    }
    expect(killEngine(stack.dir)).toBeGreaterThan(0);
    expect(await up).toMatch(/SIGKILL/);
    await sleep(LATENCY_MS + 1000); // the creates the services received take effect, unanswered
    await bed.wickr.clearFaults();
    await bed.commvault.clearFaults();
    expect(removeEmptySidecars(path.join(stack.dir, "state"))).toBeLessThanOrEqual(1);

    // What the kill left: groups the services hold and the state only knows as pending creates.
    const left = await holdings(bed, "int");
    expect(left.wickrGroups.length).toBeGreaterThanOrEqual(2);
    expect(left.commvaultGroups.length).toBeGreaterThanOrEqual(2);
    const pending = await pendingCreates(stack.stack);
    expect(pending.length).toBeGreaterThanOrEqual(4);
    expect((await stack.state()).resources.filter((r) => r.type.includes(":dynamic/"))).toEqual([]);

    // The killed run's lock on the stack goes with `pulumi cancel`.
    await stack.stack.cancel();

    // The next up: each Wickr create is sent with the token of the killed run's, so the service
    // answers the group it made; a Commvault create finds the name taken and says what to do.
    const next = await stack.up().then(
      () => "finished",
      (err: unknown) => String(err),
    );
    expect(next).toMatch(/CommvaultUserGroup "int-c\d": a user group with the declared name already exists \(id \d+\)/);
    expect(next).toContain("commvault:resumeCreates");
    const afterNext = await holdings(bed, "int");
    expect(afterNext.wickrGroups.map((g) => g.name).sort()).toEqual(["int-w0", "int-w1", "int-w2"]);
    // Nothing made twice: each name is held once, the killed run's groups by the same ids. (A
    // group the killed run never sent may be created now, if its create ran before the failure.)
    const names = afterNext.commvaultGroups.map((g) => g.name);
    expect(new Set(names).size).toBe(names.length);
    const ids = (gs: Array<{ id: number; name: string }>) => Object.fromEntries(gs.map((g) => [g.name, g.id]));
    expect(ids(afterNext.commvaultGroups)).toMatchObject(ids(left.commvaultGroups));

    // Told which groups the interrupted run made, the next up finishes those creates.
    await stack.stack.setConfig("commvault:resumeCreates", { value: left.commvaultGroups.map((g) => g.name).join(", ") });
    await stack.up();
    await stack.stack.removeConfig("commvault:resumeCreates");
    await expectFleet(bed, "int", 3, 0);
    // Every pending create is done now; the engine clears its records of them.
    await stack.stack.refresh({ clearPendingCreates: true });
    expect(await pendingCreates(stack.stack)).toEqual([]);
    expect(changed((await stack.preview()).steps)).toEqual([]);

    // Managed from then on: changed, then destroyed (the finished Commvault groups are owned).
    stack.setProgram(fleet("int", 3, 1));
    await stack.up();
    await expectFleet(bed, "int", 3, 1);
    await stack.destroy();
    const gone = await holdings(bed, "int");
    expect([...gone.wickrGroups, ...gone.commvaultGroups]).toEqual([]);
  });
});
