// Issue 15, lookups: `WickrSecurityGroup.get` and `CommvaultUserGroup.get` through the real
// engine (a user-driven Get, ReadResource) against the emulators: the outputs are the group as
// the service holds it, nothing is ever written, and destroy leaves the group.
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { CommvaultUserGroup, lookupCommvaultUserGroup, lookupWickrSecurityGroup, WickrSecurityGroup } from "../../provider";
import { atLeast, GET_MIN_SDK } from "../../provider/core/lookup";
import { TestStack } from "../support/engine";
import { startWickrEngineHarness, WickrEngineHarness, writes as wickrWrites } from "../wickr/support/harness";
import { passwordConfig, startEmulator, writes as commvaultWrites, type Emulator } from "../commvault/helpers";
import { isolatedAwsEnv } from "../support/aws-env";

describe("WickrSecurityGroup.get", () => {
  let h: WickrEngineHarness;
  let stack: TestStack | undefined;
  let afterDone = () => {};
  afterEach(() => afterDone());
  beforeAll(async () => {
    h = await startWickrEngineHarness();
  });
  afterAll(async () => {
    await stack?.dispose();
    await h?.close();
  });

  it("reads an existing group by networkId/groupId into outputs, writes nothing, and destroy leaves it", async () => {
    const group = (await h.groups(DEFAULT_NETWORK_ID)).find((g) => g.isDefault)!;
    await h.control.service("drift", { networkId: DEFAULT_NETWORK_ID, groupId: group.id, securityGroupSettings: { lockoutThreshold: 9 } });
    stack = await h.stack(async () => {
      const found = WickrSecurityGroup.get("found", `${DEFAULT_NETWORK_ID}/${group.id}`);
      return {
        name: found.name,
        groupId: found.groupId,
        isDefault: found.isDefault,
        lockoutThreshold: found.securityGroupSettings.apply((s) => (s as Record<string, unknown> | undefined)?.lockoutThreshold),
        reportedName: found.reported.apply((r) => r.name),
      };
    });
    await h.clearLog();
    const up = await stack.up();
    expect(up.steps.filter((s) => s.name === "found").map((s) => s.op)).toEqual(["read"]);
    expect(up.outputs).toMatchObject({ name: group.name, groupId: group.id, isDefault: true, lockoutThreshold: 9, reportedName: group.name });
    const destroyed = await stack.destroy();
    expect(destroyed.steps.filter((s) => s.op === "delete" && s.name === "found")).toHaveLength(0);
    expect(wickrWrites(await h.log())).toEqual([]);
    expect(await h.group(DEFAULT_NETWORK_ID, group.id)).toBeDefined();
  });

  it("lookupWickrSecurityGroup reads the same group from the program (any supported SDK)", async () => {
    const group = (await h.groups(DEFAULT_NETWORK_ID)).find((g) => g.isDefault)!;
    await stack?.dispose();
    // An inline program runs in this process: the key pair the provider process gets, here too.
    const saved = { ...process.env };
    Object.assign(process.env, isolatedAwsEnv());
    afterDone = () => (process.env = saved);
    stack = await h.stack(async () => {
      const found = await lookupWickrSecurityGroup(`${DEFAULT_NETWORK_ID}/${group.id}`);
      return { name: found.name, groupId: found.groupId, isDefault: found.isDefault };
    });
    await h.clearLog();
    const up = await stack.up();
    expect(up.outputs).toEqual({ name: group.name, groupId: group.id, isDefault: true });
    expect(wickrWrites(await h.log())).toEqual([]);
  });

  it("fails the lookup of a group that does not exist, naming it", async () => {
    await stack?.dispose();
    stack = await h.stack(async () => {
      WickrSecurityGroup.get("missing", `${DEFAULT_NETWORK_ID}/no-such-group`);
    });
    await expect(stack.up()).rejects.toThrow(/missing|no-such-group/);
  });
});

describe("CommvaultUserGroup.get", () => {
  let emulator: Emulator;
  let stack: TestStack | undefined;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await stack?.dispose();
    await emulator?.server.close();
  });

  it("reads an existing group by its numeric id, members by {id, name}, writes nothing, and destroy leaves it", async () => {
    await emulator.control.service("seed", { userGroups: [{ id: 700, name: "made-by-hand", description: "console", users: [{ id: 11, name: "alice" }] }] });
    stack = await TestStack.create(
      async () => {
        const found = CommvaultUserGroup.get("found", "700");
        return { name: found.name, description: found.description, users: found.users, groupId: found.groupId, secretIsNot: pulumi.output("x") };
      },
      { config: passwordConfig(emulator.url) },
    );
    await emulator.control.clearLog();
    const up = await stack.up();
    expect(up.steps.filter((s) => s.name === "found").map((s) => s.op)).toEqual(["read"]);
    expect(up.outputs).toMatchObject({ name: "made-by-hand", description: "console", users: [{ id: 11, name: "alice" }] });
    await stack.destroy();
    expect(commvaultWrites(await emulator.control.log())).toEqual([]);
    const state = await emulator.control.service<{ userGroups: Array<{ id: number }> }>("state");
    expect(state.userGroups.some((g) => g.id === 700)).toBe(true);
  });

  it("lookupCommvaultUserGroup reads the same group from the program, and a missing id fails naming it", async () => {
    await stack?.dispose();
    await emulator.control.service("seed", { userGroups: [{ id: 700, name: "made-by-hand", description: "console", users: [{ id: 11, name: "alice" }] }] });
    stack = await TestStack.create(
      async () => {
        const found = await lookupCommvaultUserGroup("700");
        const missing = await lookupCommvaultUserGroup("99999").then(
          () => "found",
          (err: Error) => err.message,
        );
        return { name: found.name, users: found.users, missing };
      },
      { config: passwordConfig(emulator.url) },
    );
    await emulator.control.clearLog();
    expect((await stack.up()).outputs).toEqual({
      name: "made-by-hand",
      users: [{ id: 11, name: "alice" }],
      missing: "CommvaultUserGroup 99999: there is no such CommvaultUserGroup to look up",
    });
    expect(commvaultWrites(await emulator.control.log())).toEqual([]);
  });
});

describe("which SDKs serve a dynamic resource's get", () => {
  it("needs 3.268.0 or later (the host's Get fallback to inputs); older ones are told to use the lookup functions", () => {
    expect(GET_MIN_SDK).toBe("3.268.0");
    expect(atLeast("3.276.0", GET_MIN_SDK)).toBe(true);
    expect(atLeast("3.268.0", GET_MIN_SDK)).toBe(true);
    expect(atLeast("3.267.0", GET_MIN_SDK)).toBe(false);
    expect(atLeast("3.216.0", GET_MIN_SDK)).toBe(false);
    expect(atLeast("4.0.0-alpha.1", GET_MIN_SDK)).toBe(true);
  });
});
