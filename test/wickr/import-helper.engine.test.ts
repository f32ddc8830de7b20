// Import as users do it: importWickrSecurityGroup (Automation API) with the stock Pulumi host.
// One read, no write; the program then previews no change and manages the group from then on.
import { EmulatorControl } from "../../emulators/core/control-client";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { importWickrSecurityGroup, WickrSecurityGroup } from "../../provider";
import { changed, TestStack } from "../support/engine";

describe("importWickrSecurityGroup", () => {
  let emus: RunningEmulators;
  let control: EmulatorControl;
  let stack: TestStack;
  const program = (maxBor: number) => async () => {
    new WickrSecurityGroup("imported", { networkId: DEFAULT_NETWORK_ID, name: "legacy", securityGroupSettings: { maxBor, quickResponses: ["ok"] } });
  };

  beforeAll(async () => {
    emus = await startEmulators();
    control = new EmulatorControl(emus.wickr.controlUrl);
    await control.service("seed", {
      networks: [{ networkId: DEFAULT_NETWORK_ID, groups: [{ id: "legacy01", name: "legacy", securityGroupSettings: { maxBor: 30, quickResponses: ["ok"] } }] }],
    });
    stack = await TestStack.create(program(30), { config: emus.stackConfig(), env: emus.stackEnv() });
  });
  afterAll(async () => {
    await stack.dispose();
    await emus.close();
  });

  it("imports by networkId/groupId with reads only; no diff after; a change then is one update", async () => {
    await expect(importWickrSecurityGroup(stack.stack, "imported", "not-an-id")).rejects.toThrow(/not of the form/);
    await control.clearLog();
    await importWickrSecurityGroup(stack.stack, "imported", `${DEFAULT_NETWORK_ID}/legacy01`, {
      args: { networkId: DEFAULT_NETWORK_ID, name: "legacy", securityGroupSettings: { maxBor: 30, quickResponses: ["ok"] } },
    });
    const log = await control.log();
    expect(log.filter((e) => e.method !== "GET")).toEqual([]);
    expect(changed((await stack.preview()).steps)).toEqual([]);

    stack.setProgram(program(60));
    const preview = await stack.preview();
    expect(changed(preview.steps).map((s) => [s.op, Object.keys(s.detailedDiff)])).toEqual([["update", ["securityGroupSettings.maxBor"]]]);
    await control.clearLog();
    await stack.up();
    expect((await control.log()).filter((e) => e.method !== "GET").map((e) => [e.operation, e.body])).toEqual([
      ["UpdateSecurityGroup", { securityGroupSettings: { maxBor: 60 } }],
    ]);
    await expect(importWickrSecurityGroup(stack.stack, "imported", `${DEFAULT_NETWORK_ID}/legacy01`)).rejects.toThrow(/already in the stack's state/);
  });
});
