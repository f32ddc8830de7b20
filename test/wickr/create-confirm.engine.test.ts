// Issue 19, item 5, through the real engine against the Wickr emulator: a read that lags the
// create (GetSecurityGroup of the new group answers 404 for a while) is never answered with a
// second create. Within the confirmation's bounded wait the group is found; beyond it the up
// fails saying what to do, and the next up gets the same group back with the same client token.
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { WickrSecurityGroup } from "../../provider";
import type { TestStack } from "../support/engine";
import { failureText } from "../reliability/support";
import { operations, TYPE_TOKEN, wickrEngineSuite } from "./support/harness";

describe("WickrSecurityGroup create: a lagging read never makes a second group", () => {
  const h = wickrEngineSuite();
  let stack: TestStack;

  const program = async () => {
    new WickrSecurityGroup("laggard", { networkId: DEFAULT_NETWORK_ID, name: "laggard", securityGroupSettings: { lockoutThreshold: 12, presenceEnabled: false } });
  };
  const named = async () => (await h.groups(DEFAULT_NETWORK_ID)).filter((g) => g.name === "laggard");
  const creates = async () => operations(await h.log()).filter((op) => op === "CreateSecurityGroup").length;

  it("waits out a read that lags the create by 2 s: one create, one group, every setting", async () => {
    await h.control.service("read-lag", { ms: 2000 });
    stack = await h.stack(program);
    await h.clearLog();
    await stack.up();
    expect(await creates()).toBe(1);
    const groups = await named();
    expect(groups).toHaveLength(1);
    expect(groups[0].securityGroupSettings).toMatchObject({ lockoutThreshold: 12, presenceEnabled: false });
    expect((await stack.state()).resources.find((r) => r.type === TYPE_TOKEN)?.id).toBe(`${DEFAULT_NETWORK_ID}/${groups[0].id}`);
  });

  it("a lag longer than the confirmation fails the up with what to do, sends no second create, and the next up gets the group back", async () => {
    await h.control.service("read-lag", { ms: 600_000 });
    stack = await h.stack(program);
    await h.clearLog();
    const text = await failureText(stack.up());
    expect(text).toContain("no other create was sent");
    expect(text).toContain("run `pulumi up` again: the same client token returns it");
    expect(text).toContain('set `wickr:newCreateTokens` (or WICKR_NEW_CREATE_TOKENS) to "laggard"');
    expect(await creates()).toBe(1);
    expect(await named()).toHaveLength(1);
    const [made] = await named();

    // The reads catch up; the next up sends the same token and takes that group.
    await h.control.service("read-lag", { ms: 0 });
    await stack.up();
    expect(await named()).toEqual([expect.objectContaining({ id: made.id })]);
    expect((await stack.state()).resources.find((r) => r.type === TYPE_TOKEN)?.id).toBe(`${DEFAULT_NETWORK_ID}/${made.id}`);
    expect(made.securityGroupSettings).toMatchObject({ lockoutThreshold: 12 });
    expect((await named())[0].securityGroupSettings).toMatchObject({ lockoutThreshold: 12, presenceEnabled: false });
  }, 120_000);
});
