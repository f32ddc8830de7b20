// Issue 19, items 3 and 4, through the real engine against the Wickr emulator: a group is gone
// only when the Wickr API, reached with credentials that see its network, says so. An HTML 404
// (a proxy, a wrong endpoint), a 404 UnknownOperationException (an AWS front door that serves no
// such path) or another account's credentials fail `refresh` and `destroy`, naming the endpoint
// and region, and keep the group in the state and at the service. The network's deletion, seen
// by the account's own credentials, still reads as gone.
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { DEFAULT_NETWORK_ID, WICKR_OTHER_ACCOUNT_CREDENTIALS, WICKR_TEST_CREDENTIALS, WICKR_TEST_REGION } from "../../emulators/wickr";
import { WickrSecurityGroup } from "../../provider";
import type { TestStack } from "../support/engine";
import { failureText } from "../reliability/support";
import { startWickrEngineHarness, TYPE_TOKEN, WickrEngineHarness, writes } from "./support/harness";

describe("WickrSecurityGroup: only the service's own word makes a group gone", () => {
  let h: WickrEngineHarness;
  let stack: TestStack | undefined;

  beforeAll(async () => {
    h = await startWickrEngineHarness();
  });
  afterEach(async () => {
    await h.control.clearFaults();
    await stack?.dispose();
    stack = undefined;
    await h.control.reset();
  });
  afterAll(async () => h?.close());

  const program = async () => {
    new WickrSecurityGroup("kept", { networkId: DEFAULT_NETWORK_ID, name: "kept", securityGroupSettings: { lockoutThreshold: 12 } });
  };
  const groupIdOf = async (s: TestStack) => (await s.state()).resources.find((r) => r.type === TYPE_TOKEN)?.id?.split("/")[1];
  const env = (s: TestStack) => (s.stack.workspace as LocalWorkspace).envVars;

  /** refresh and destroy both fail with an error naming where the calls went; nothing is lost or written. */
  async function expectKept(s: TestStack, groupId: string, explains: RegExp): Promise<void> {
    const url = h.emulator.url;
    await h.clearLog();
    const refreshed = await failureText(s.refresh());
    expect(refreshed).toMatch(explains);
    expect(refreshed).toContain("This does not show that the group is gone");
    expect(refreshed).toContain(`endpoint ${url}, region ${WICKR_TEST_REGION}`);
    expect(refreshed).toContain("the state keeps the group");
    expect(await groupIdOf(s)).toBe(groupId);

    const destroyed = await failureText(s.destroy());
    expect(destroyed).toMatch(explains);
    expect(destroyed).toContain(`endpoint ${url}, region ${WICKR_TEST_REGION}`);
    expect(destroyed).toContain("`pulumi destroy --run-program`");
    expect(await groupIdOf(s)).toBe(groupId);
    expect(writes(await h.log()).filter((e) => e.status >= 200 && e.status < 300)).toEqual([]);
    expect(await h.group(DEFAULT_NETWORK_ID, groupId)).toMatchObject({ name: "kept" });
  }

  it.each([
    ["html404", /HTTP 404.*not the Wickr API's own answer/s],
    ["unknownOperation", /HTTP 404 UnknownOperationException.*not the Wickr API's own answer/s],
  ])("a %s answer (wrong endpoint, proxy) fails refresh and destroy and keeps the group", async (kind, explains) => {
    stack = await h.stack(program);
    await stack.up();
    const groupId = (await groupIdOf(stack))!;
    await h.control.faults([{ kind, probability: 1 }]);
    await expectKept(stack, groupId, explains);
    // With the right endpoint again, destroy deletes the group.
    await h.control.clearFaults();
    await stack.destroy();
    expect(await h.group(DEFAULT_NETWORK_ID, groupId)).toBeUndefined();
  });

  it("credentials of another account (403 AccessDeniedException, its ListNetworks empty) fail refresh and destroy and keep the group", async () => {
    stack = await h.stack(program);
    await stack.up();
    const groupId = (await groupIdOf(stack))!;
    Object.assign(env(stack), { AWS_ACCESS_KEY_ID: WICKR_OTHER_ACCOUNT_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: WICKR_OTHER_ACCOUNT_CREDENTIALS.secretAccessKey });
    await expectKept(stack, groupId, /AccessDeniedException.*belongs to account 123456789012, and these credentials list no network at all: these may be another account's credentials/s);
    Object.assign(env(stack), { AWS_ACCESS_KEY_ID: WICKR_TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: WICKR_TEST_CREDENTIALS.secretAccessKey });
    await stack.destroy();
    expect(await h.group(DEFAULT_NETWORK_ID, groupId)).toBeUndefined();
  });

  it("the network's deletion, seen by its own account's credentials, reads as gone: refresh drops the group, destroy is done", async () => {
    for (const phase of ["deleting", "gone"]) {
      stack = await h.stack(program);
      await stack.up();
      expect((await stack.state()).resources.find((r) => r.type === TYPE_TOKEN)?.outputs?.networkAccountId).toBe("123456789012");
      await h.control.service("network-deletion", { networkId: DEFAULT_NETWORK_ID, phase });
      await stack.refresh();
      expect(await groupIdOf(stack)).toBeUndefined();
      await stack.dispose();
      await h.control.reset();

      // destroy without a refresh first
      stack = await h.stack(program);
      await stack.up();
      await h.control.service("network-deletion", { networkId: DEFAULT_NETWORK_ID, phase });
      await stack.destroy();
      expect(await groupIdOf(stack)).toBeUndefined();
      await stack.dispose();
      stack = undefined;
      await h.control.reset();
    }
  });

  it("a group deleted by hand (the service's own 404 in a network the credentials see) is gone", async () => {
    stack = await h.stack(program);
    await stack.up();
    const groupId = (await groupIdOf(stack))!;
    await h.control.service("delete-group", { networkId: DEFAULT_NETWORK_ID, groupId });
    await stack.refresh();
    expect(await groupIdOf(stack)).toBeUndefined();
  });
});
