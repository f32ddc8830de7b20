// Issue 20 ("suspected, worth settling"), through the real engine against the Wickr emulator: a
// `pulumi up` killed (SIGKILL, with its provider processes) after CreateSecurityGroup reached the
// service, then the program edited (another group name and settings) before the next run. The
// next `pulumi up` must get back the group the killed run made, not make a second one: the
// client token comes from the resource and its network, not from the settings, and the create
// brings the group it gets back to the edited program.
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { WickrSecurityGroup } from "../../provider";
import type { TestStack } from "../support/engine";
import { startWickrEngineHarness, TYPE_TOKEN, WickrEngineHarness } from "../wickr/support/harness";
import { killEngine } from "./support";

const LATENCY_MS = 2500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A kill during a state save can leave the file backend's `.attrs` sidecar empty (README: delete it). */
function removeEmptySidecars(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith(".attrs") && fs.statSync(file).size === 0) fs.rmSync(file);
  }
}

describe("interruption: a killed Wickr create, then an edited program", () => {
  let h: WickrEngineHarness;
  let stack: TestStack | undefined;

  beforeAll(async () => {
    h = await startWickrEngineHarness();
  });
  afterAll(async () => {
    await stack?.dispose();
    await h?.close();
  });

  const program = (name: string, lockoutThreshold: number, presenceEnabled: boolean) => async () => {
    new WickrSecurityGroup("edited", { networkId: DEFAULT_NETWORK_ID, name, securityGroupSettings: { lockoutThreshold, presenceEnabled } });
  };
  const ours = async () => (await h.groups(DEFAULT_NETWORK_ID)).filter((g) => !g.isDefault);

  it("the next up gets back the group the killed run made and brings it to the edited program", async () => {
    stack = await h.stack(program("before-edit", 12, true));
    await h.control.faults([{ kind: "latency", latencyMs: LATENCY_MS, probability: 1, match: { operation: "CreateSecurityGroup" } }]);
    const up = stack.up().then(
      () => "finished",
      (err: unknown) => String(err),
    );
    const deadline = Date.now() + 120_000;
    while (!(await h.log()).some((e) => e.operation === "CreateSecurityGroup")) {
      if (Date.now() > deadline) throw new Error("the up never reached its create");
      await sleep(25);
    }
    expect(killEngine(stack.dir)).toBeGreaterThan(0);
    expect(await up).toMatch(/SIGKILL/);
    await sleep(LATENCY_MS + 1000); // the create the service received takes effect, unanswered
    await h.control.clearFaults();
    removeEmptySidecars(path.join(stack.dir, "state"));
    const left = await ours();
    expect(left.map((g) => g.name)).toEqual(["before-edit"]);
    expect((await stack.state()).resources.filter((r) => r.type === TYPE_TOKEN)).toEqual([]);

    // The README's recovery, with the program edited in between.
    await stack.stack.cancel();
    stack.setProgram(program("after-edit", 15, false));
    await stack.up();
    const now = await ours();
    expect(now).toHaveLength(1);
    expect(now[0].id).toBe(left[0].id);
    expect(now[0]).toMatchObject({ name: "after-edit", securityGroupSettings: { lockoutThreshold: 15, presenceEnabled: false } });
    await stack.stack.refresh({ clearPendingCreates: true });
    expect((await stack.state()).resources.find((r) => r.type === TYPE_TOKEN)?.id).toBe(`${DEFAULT_NETWORK_ID}/${left[0].id}`);

    await stack.destroy();
    expect(await ours()).toEqual([]);
  });
});
