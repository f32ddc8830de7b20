// Issue 19, defects 6 and 7, through the real engine against the Wickr emulator.
// 6: `up` sends exactly the paths its preview showed: a console rename made since the last
//    refresh is not sent back by an update that changes only lockoutThreshold.
// 7: destroying an adopted group restores only what the program changed, and only where the
//    service still holds the program's value (later console changes are left alone).
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { WickrSecurityGroup } from "../../provider";
import type { TestStack } from "../support/engine";
import { operations, TYPE_TOKEN, writes, wickrEngineSuite } from "./support/harness";

describe("WickrSecurityGroup writes only what its preview showed", () => {
  const h = wickrEngineSuite();
  let stack: TestStack;

  const groupIdOf = async (s: TestStack) => (await s.state()).resources.find((r) => r.type === TYPE_TOKEN)!.id!.split("/")[1];
  const defaultGroup = async () => (await h.groups(DEFAULT_NETWORK_ID)).find((g) => g.isDefault)!;

  it("does not send back a rename made by hand since the last refresh (defect 6)", async () => {
    const program = (lockoutThreshold: number) => async () => {
      new WickrSecurityGroup("ops", { networkId: DEFAULT_NETWORK_ID, name: "ops", securityGroupSettings: { lockoutThreshold } });
    };
    stack = await h.stack(program(12));
    await stack.up();
    const groupId = await groupIdOf(stack);
    await h.control.service("drift", { networkId: DEFAULT_NETWORK_ID, groupId, name: "ops-renamed-by-hand" });

    stack.setProgram(program(13));
    await h.clearLog();
    await stack.up();
    const sent = writes(await h.log());
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toEqual({ securityGroupSettings: { lockoutThreshold: 13 } });
    expect(await h.group(DEFAULT_NETWORK_ID, groupId)).toMatchObject({ name: "ops-renamed-by-hand", securityGroupSettings: { lockoutThreshold: 13 } });
  });

  it("changes nothing for a previewed path the service already holds: the service refuses the value as unchanged, a read confirms it", async () => {
    const program = (lockoutThreshold: number) => async () => {
      new WickrSecurityGroup("ops", { networkId: DEFAULT_NETWORK_ID, name: "ops", securityGroupSettings: { lockoutThreshold } });
    };
    stack = await h.stack(program(12));
    await stack.up();
    const groupId = await groupIdOf(stack);
    await h.control.service("drift", { networkId: DEFAULT_NETWORK_ID, groupId, securityGroupSettings: { lockoutThreshold: 13 } });
    stack.setProgram(program(13));
    await h.clearLog();
    await stack.up();
    // One update of the previewed path, without a read first (issue 23); 402 ParameterUnchanged
    // says the group holds it already, and the read after it finds nothing left to send.
    expect((await h.log()).map((e) => `${e.operation} ${e.status}`)).toEqual(["UpdateSecurityGroup 402", "GetSecurityGroup 200"]);
    expect(writes(await h.log()).filter((e) => e.status === 200)).toEqual([]);
    expect(await h.group(DEFAULT_NETWORK_ID, groupId)).toMatchObject({ name: "ops", securityGroupSettings: { lockoutThreshold: 13 } });
  });

  it("restores on destroy only what the program changed, where the service still holds its value (defect 7)", async () => {
    const original = await defaultGroup();
    const originalSettings = original.securityGroupSettings as Record<string, unknown>;
    stack = await h.stack(async () => {
      new WickrSecurityGroup("default", {
        networkId: DEFAULT_NETWORK_ID,
        adopt: "default",
        securityGroupSettings: { lockoutThreshold: 15, isLinkPreviewEnabled: !originalSettings.isLinkPreviewEnabled },
      });
    });
    await stack.up();
    // Console changes after the adoption: a setting the program never managed, a rename, and
    // one of the program's own settings changed again by hand.
    await h.control.service("drift", {
      networkId: DEFAULT_NETWORK_ID,
      groupId: original.id,
      name: "renamed-by-hand",
      securityGroupSettings: { presenceEnabled: !originalSettings.presenceEnabled, isLinkPreviewEnabled: originalSettings.isLinkPreviewEnabled },
    });
    await h.clearLog();
    const destroyed = await stack.destroy();
    expect(operations(writes(await h.log()))).toEqual(["UpdateSecurityGroup"]);
    expect(writes(await h.log())[0].body).toEqual({ securityGroupSettings: { lockoutThreshold: originalSettings.lockoutThreshold } });
    expect(await h.group(DEFAULT_NETWORK_ID, original.id)).toMatchObject({
      name: "renamed-by-hand",
      securityGroupSettings: {
        lockoutThreshold: originalSettings.lockoutThreshold,
        presenceEnabled: !originalSettings.presenceEnabled,
        isLinkPreviewEnabled: originalSettings.isLinkPreviewEnabled,
      },
    });
    expect(destroyed.stdout).toContain("changed by hand since");
  });
});
