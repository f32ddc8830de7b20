// Issue 12, items 4 and 7, through the real engine against the Wickr emulator.
// 4: a member of a nested object set by hand since the last refresh is not reverted by an
//    update that changes another member (the object is completed from a fresh read).
// 7: a create answered with a remembered client token of a since-deleted group is not taken
//    for a new group, whatever the service's clock says (a read confirms it).
//    Changed for issue 19 (item 5): such an answer looks exactly like a read that lags a create,
//    so the provider no longer sends a second create on its own: the up fails saying what to do,
//    and the user's `wickr:newCreateTokens` lets the next up step past the remembered token.
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { WickrSecurityGroup } from "../../provider";
import type { TestStack } from "../support/engine";
import { failureText } from "../reliability/support";
import { operations, TYPE_TOKEN, wickrEngineSuite } from "./support/harness";

describe("WickrSecurityGroup plans against the service, not against state or clocks", () => {
  const h = wickrEngineSuite();
  let stack: TestStack;

  const groupIdOf = async (s: TestStack) => (await s.state()).resources.find((r) => r.type === TYPE_TOKEN)!.id!.split("/")[1];

  it("keeps a calling member set by hand when the program flips another one, without a refresh", async () => {
    const program = (canVideoCall: boolean) => async () => {
      new WickrSecurityGroup("callers", {
        networkId: DEFAULT_NETWORK_ID,
        name: "callers",
        securityGroupSettings: { calling: { canStart11Call: true, canVideoCall } },
      });
    };
    stack = await h.stack(program(true));
    await stack.up();
    const groupId = await groupIdOf(stack);
    // Someone turns forceTcpCall on in the console; no refresh follows.
    await h.control.service("drift", { networkId: DEFAULT_NETWORK_ID, groupId, securityGroupSettings: { calling: { forceTcpCall: true } } });

    stack.setProgram(program(false));
    await h.clearLog();
    await stack.up();
    const log = await h.log();
    expect(operations(log)).toEqual(["GetSecurityGroup", "UpdateSecurityGroup"]);
    const sent = (log[1].body as { securityGroupSettings: Record<string, Record<string, unknown>> }).securityGroupSettings;
    const calling = sent.CALLING ?? sent.calling;
    expect(calling).toMatchObject({ canStart11Call: true, canVideoCall: false, forceTcpCall: true });
    expect((await h.group(DEFAULT_NETWORK_ID, groupId))!.securityGroupSettings.calling).toMatchObject({ canVideoCall: false, forceTcpCall: true });
  });

  it("re-creates a destroyed group as a new one when the service remembers tokens and its clock runs ahead", async () => {
    // The service's clock 60 s ahead of this machine's: a replayed answer looks fresh by `modified`.
    await h.control.service("client-tokens", { retention: "remembered" });
    await h.control.service("clock", { offsetSeconds: 60 });
    const program = async () => {
      new WickrSecurityGroup("again", { networkId: DEFAULT_NETWORK_ID, name: "again", securityGroupSettings: { lockoutThreshold: 12 } });
    };
    stack = await h.stack(program);
    await stack.up();
    const first = await groupIdOf(stack);
    await stack.destroy();
    expect(await h.group(DEFAULT_NETWORK_ID, first)).toBeUndefined();

    await h.clearLog();
    const refused = await failureText(stack.up());
    expect(refused).toContain(`CreateSecurityGroup answered group ${DEFAULT_NETWORK_ID}/${first}`);
    expect(refused).toContain('set `wickr:newCreateTokens` (or WICKR_NEW_CREATE_TOKENS) to "again"');
    expect(operations(await h.log()).filter((op) => op === "CreateSecurityGroup")).toHaveLength(1);
    expect((await h.groups(DEFAULT_NETWORK_ID)).filter((g) => g.name === "again")).toEqual([]);

    await stack.stack.setConfig("wickr:newCreateTokens", { value: "again" });
    await stack.up();
    await stack.stack.removeConfig("wickr:newCreateTokens");
    const second = await groupIdOf(stack);
    expect(second).not.toBe(first);
    const held = await h.group(DEFAULT_NETWORK_ID, second);
    expect(held).toMatchObject({ name: "again", securityGroupSettings: { lockoutThreshold: 12 } });
    expect((await h.groups(DEFAULT_NETWORK_ID)).filter((g) => g.name === "again")).toHaveLength(1);
  });
});
