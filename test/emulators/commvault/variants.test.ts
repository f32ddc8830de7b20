// The readings of open questions the Commvault emulator plays (variants.ts): the id's type in
// the read, member lists only with additionalproperties, name-only references refused, users
// OVERWRITE, the plan switch, and the reference listings (users, all user groups, plans).
import { COMMVAULT_SEED, CommvaultErrorCode, DEFAULT_VARIANTS } from "../../../emulators/commvault";
import { startCommvault, type Harness } from "./helpers";

const { users, plans, externalGroups, userGroups } = COMMVAULT_SEED;

describe("Commvault emulator: variants", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCommvault();
  });
  afterAll(() => h.server.close());
  beforeEach(() => h.control.reset());

  const variants = (changes: Record<string, unknown>) => h.control.service("variants", changes);

  it("answers the id as a string by default and as a number as a variant; a reset restores the start options", async () => {
    expect((await h.call("GET", "/V4/UserGroup/3")).body.id).toBe("3");
    expect(await variants({ readId: "number" })).toEqual({ ...DEFAULT_VARIANTS, readId: "number" });
    expect((await h.call("GET", "/V4/UserGroup/3")).body.id).toBe(3);
    await h.control.reset();
    expect((await h.call("GET", "/V4/UserGroup/3")).body.id).toBe("3");
    await expect(variants({ readId: "hex" })).rejects.toThrow(/400.*readId/);
    await expect(variants({ colour: "red" })).rejects.toThrow(/400/);
  });

  it("a start option sets a variant for the server's life", async () => {
    const other = await startCommvault({ variants: { readId: "number" } });
    try {
      await other.control.reset();
      expect((await other.call("GET", "/V4/UserGroup/3")).body.id).toBe(3);
    } finally {
      await other.server.close();
    }
  });

  it("with additionalproperties=true adds the members the Terraform provider reads; without it the lists may be missing (variant)", async () => {
    const full = (await h.call("GET", "/V4/UserGroup/3?additionalproperties=true")).body;
    expect(full).toMatchObject({ associatedExternalGroups: [externalGroups.auditors], multiCommcellUserGroupSyncType: "NONE", globalConfigInfo: expect.any(Object) });
    expect((await h.call("GET", "/V4/UserGroup/3")).body.associatedExternalGroups).toEqual([externalGroups.auditors]);
    await variants({ membersNeedAdditionalProperties: true });
    const bare = (await h.call("GET", "/V4/UserGroup/3")).body;
    for (const member of ["users", "associatedExternalGroups", "associatedLocalGroups", "restrictedConsoleTypes"]) expect(member in bare).toBe(false);
    expect((await h.call("GET", "/V4/UserGroup/3?additionalproperties=true")).body.associatedExternalGroups).toEqual([externalGroups.auditors]);
  });

  it("refuses a name-only reference when ids are required (variant), naming the member", async () => {
    await variants({ referencesNeedId: true });
    const refused = await h.call("PUT", "/V4/UserGroup/3", { users: [users.bob, { name: "carol" }], userOperationType: "ADD" });
    expect(refused).toMatchObject({ status: 200, body: { errorCode: CommvaultErrorCode.referenceNeedsId, errorMessage: "users[1]: a reference needs an id" } });
    const plan = await h.call("PUT", "/V4/UserGroup/3", { laptopPlan: { name: plans.gold.name }, planOperationType: "ADD" });
    expect(plan.body.errorCode).toBe(CommvaultErrorCode.referenceNeedsId);
    expect((await h.call("PUT", "/V4/UserGroup/3", { users: [{ id: users.bob.id }], userOperationType: "ADD" })).body.errorCode).toBe(0);
  });

  it("accepts OVERWRITE for users only as a variant", async () => {
    expect((await h.call("PUT", "/V4/UserGroup/1", { users: [users.bob], userOperationType: "OVERWRITE" })).status).toBe(400);
    await variants({ usersOverwrite: true });
    expect((await h.call("PUT", "/V4/UserGroup/1", { users: [users.bob], userOperationType: "OVERWRITE" })).body.errorCode).toBe(0);
    expect((await h.call("GET", "/V4/UserGroup/1")).body.users).toEqual([users.bob]);
  });

  it("switches a plan with one ADD by default; with planSwitch deleteFirst the ADD is refused until the plan is removed", async () => {
    await h.call("PUT", "/V4/UserGroup/3", { laptopPlan: plans.gold, planOperationType: "ADD" });
    expect((await h.call("PUT", "/V4/UserGroup/3", { laptopPlan: plans.silver, planOperationType: "ADD" })).body.errorCode).toBe(0);
    expect((await h.call("GET", "/V4/UserGroup/3")).body.plan).toEqual(plans.silver);
    await variants({ planSwitch: "deleteFirst" });
    const refused = await h.call("PUT", "/V4/UserGroup/3", { laptopPlan: plans.gold, planOperationType: "ADD" });
    expect(refused.body.errorCode).toBe(CommvaultErrorCode.planAlreadyAssociated);
    expect((await h.call("GET", "/V4/UserGroup/3")).body.plan).toEqual(plans.silver);
    await h.call("PUT", "/V4/UserGroup/3", { laptopPlan: plans.silver, planOperationType: "DELETE" });
    expect((await h.call("PUT", "/V4/UserGroup/3", { laptopPlan: plans.gold, planOperationType: "ADD" })).body.errorCode).toBe(0);
  });

  it("lists users (V4), every user group with the external ones (legacy shape) and plans (V2) for reference resolution", async () => {
    const listedUsers = (await h.call("GET", "/V4/User")).body.users;
    expect(listedUsers).toContainEqual(users.alice);
    expect(listedUsers).toHaveLength(Object.keys(users).length);
    const groups = (await h.call("GET", "/UserGroup")).body.userGroups;
    expect(groups).toContainEqual({ userGroupEntity: { userGroupId: userGroups.master.id, userGroupName: "master" } });
    expect(groups).toContainEqual({ userGroupEntity: { userGroupId: externalGroups.auditors.id, userGroupName: externalGroups.auditors.name } });
    expect((await h.call("GET", "/V2/Plan")).body.plans).toContainEqual({ plan: { planId: plans.gold.id, planName: plans.gold.name } });
    expect((await h.call("GET", "/V4/User", undefined, null)).status).toBe(401);
  });
});
