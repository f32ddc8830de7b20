// Issue 20, defects 1-3, through the real engine against the emulators: the original of an
// adopted group (what destroy puts back) is known before the adoption's first write and
// survives a kill (1) or a lost answer (2) after it; two stacks adopting one group are told (3).
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { WickrSecurityGroup } from "../../provider";
import { Bed, killEngine, testBed } from "./support";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOLD_MS = 4000;

interface Group {
  id: string;
  name: string;
  isDefault?: boolean;
  securityGroupSettings: Record<string, unknown>;
}

describe("an adopted group's original survives what happens after the adoption's first write", () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await testBed();
  });
  afterAll(() => bed.close());
  afterEach(async () => {
    await bed.wickr.clearFaults();
    await bed.wickr.reset();
  });

  const defaultGroup = async (): Promise<Group> => {
    const state = await bed.wickr.service<{ networks: Array<{ networkId: string; groups: Group[] }> }>("state");
    return state.networks.find((n) => n.networkId === DEFAULT_NETWORK_ID)!.groups.find((g) => g.isDefault)!;
  };
  const adopting = (lockoutThreshold: number) => async () => {
    new WickrSecurityGroup("network-default", {
      networkId: DEFAULT_NETWORK_ID,
      adopt: "default",
      name: "adopted-by-pulumi",
      securityGroupSettings: { lockoutThreshold, maxTtl: 86400 },
    });
  };
  const essentials = (g: Group) => ({ name: g.name, lockoutThreshold: g.securityGroupSettings.lockoutThreshold, maxTtl: g.securityGroupSettings.maxTtl });
  const updates = async () => (await bed.wickr.log()).filter((e) => e.operation === "UpdateSecurityGroup").length;

  it("a kill after UpdateSecurityGroup reached the service, the README's recovery, then destroy: the original is back (defect 1)", async () => {
    const original = essentials(await defaultGroup());
    const stack = await bed.stack(adopting(15));
    await bed.wickr.clearLog();
    // The update is applied at once; its answer is held back, and the engine is killed meanwhile.
    await bed.wickr.faults([{ kind: "appliedLatency", latencyMs: HOLD_MS, match: { operation: "UpdateSecurityGroup" } }]);
    const up = stack.up().then(
      () => "finished",
      (err: unknown) => String(err),
    );
    const deadline = Date.now() + 120_000;
    while ((await updates()) < 1) {
      if (Date.now() > deadline) throw new Error("the up never reached its UpdateSecurityGroup");
      await sleep(25);
    }
    await sleep(200);
    expect(killEngine(stack.dir)).toBeGreaterThan(0);
    expect(await up).toMatch(/SIGKILL/);
    await sleep(HOLD_MS);
    await bed.wickr.clearFaults();
    expect(essentials(await defaultGroup())).toEqual({ name: "adopted-by-pulumi", lockoutThreshold: 15, maxTtl: 86400 });

    // The README's recovery.
    await stack.stack.cancel();
    await stack.up().catch(() => undefined);
    await stack.stack.refresh({ clearPendingCreates: true });
    await stack.up();
    expect(essentials(await defaultGroup())).toEqual({ name: "adopted-by-pulumi", lockoutThreshold: 15, maxTtl: 86400 });

    await stack.destroy();
    expect(essentials(await defaultGroup())).toEqual(original);
  });

  it("the adoption's update applied, its answer lost; the next up succeeds and destroy restores the original (defect 2)", async () => {
    const original = essentials(await defaultGroup());
    const stack = await bed.stack(adopting(15), { config: { "wickr:maxRetries": { value: "0" } } });
    await bed.wickr.faults([{ kind: "appliedDrop", match: { operation: "UpdateSecurityGroup" } }]);
    await expect(stack.up()).rejects.toThrow();
    await bed.wickr.clearFaults();
    await stack.up();
    expect(essentials(await defaultGroup())).toEqual({ name: "adopted-by-pulumi", lockoutThreshold: 15, maxTtl: 86400 });
    await stack.destroy();
    expect(essentials(await defaultGroup())).toEqual(original);
  });

  it("two stacks adopting one group: each is told at the adoption; destroying both puts the original back (defect 3)", async () => {
    const original = essentials(await defaultGroup());
    const a = await bed.stack(adopting(15));
    const b = await bed.stack(adopting(20));
    // The warnings the CLI prints for each up (the engine's diagnostic events).
    const warningsOf = async (s: typeof a) => {
      const warnings: string[] = [];
      await s.stack.up({ onEvent: (e) => e.diagnosticEvent?.severity === "warning" && warnings.push(e.diagnosticEvent.message) });
      return warnings.join("\n");
    };
    const told = /adopting group 12345678\/\S+; its name and settings as of now are recorded as the original[^]*Nothing at the service records an adoption: if another stack adopts/;
    expect(await warningsOf(a)).toMatch(told);
    expect(await warningsOf(b)).toMatch(told);
    // Told once, at the adoption: not again at the next up.
    expect(await warningsOf(a)).not.toMatch(told);
    // Destroyed in the reverse order of the adoptions, the original is back: B restores A's
    // values (its original), A then restores the original.
    await b.destroy();
    await a.destroy();
    expect(essentials(await defaultGroup())).toEqual(original);
  });
});
