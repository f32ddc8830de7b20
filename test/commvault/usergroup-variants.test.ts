// The core of CommvaultUserGroup through the real engine against each reading of the open
// questions the emulator plays (emulators/commvault/variants.ts, README "Choices"): create with
// every field, every field changed, membership added and removed, a plan switched, drift found
// by refresh and put back, import by id, adopt, destroy, and a refused login. Each variant set
// gets its own emulator started with it.
import { COMMVAULT_SEED, COMMVAULT_TEST_CREDENTIALS, createCommvaultEmulator, VARIANT_SETS, type CommvaultVariants, type UserGroup } from "../../emulators/commvault";
import { EmulatorControl } from "../../emulators/core/control-client";
import { importCommvaultUserGroup } from "../../provider/commvault/import";
import { CommvaultUserGroup, type CommvaultUserGroupArgs } from "../../provider/commvault/resource";
import { changed, TestStack } from "../support/engine";
import { groupResource, groupState, passwordConfig, puts, TYPE_TOKEN, type Emulator } from "./helpers";

const { users, plans, externalGroups, userGroups } = COMMVAULT_SEED;

const CREATED: CommvaultUserGroupArgs = {
  name: "v-main",
  description: "Operations",
  enabled: true,
  enforceFSQuota: true,
  quotaLimitInGB: 250,
  enableTwoFactorAuthentication: "ON",
  enableLocalAuthentication: "ON",
  laptopAdmins: true,
  allowMultipleCompanyMembers: true,
  azureGUID: "3f2b6c1e-0b7d-4e58-a3c4-5d6e7f809a1b",
  laptopPlan: "Laptop-Gold",
  users: ["alice", "bob"],
  associatedExternalGroups: ["CORP\\ops-admins"],
  associatedLocalGroups: ["View All"],
  restrictConsoleTypes: ["API"],
  doNotInheritRestrictConsoleTypes: true,
};

/** Every field changed: members added and removed, the plan switched. */
const CHANGED: CommvaultUserGroupArgs = {
  name: "v-main-renamed",
  description: "Operations (changed)",
  enabled: false,
  enforceFSQuota: true,
  quotaLimitInGB: 300,
  enableTwoFactorAuthentication: "OFF",
  enableLocalAuthentication: "OFF",
  laptopAdmins: false,
  allowMultipleCompanyMembers: false,
  azureGUID: "0f8fad5b-d9cb-469f-a165-70867728950e",
  laptopPlan: { id: plans.silver.id },
  users: ["carol", "alice"],
  associatedExternalGroups: [{ id: externalGroups.auditors.id }],
  associatedLocalGroups: ["master"],
  restrictConsoleTypes: ["MOBILE"],
  doNotInheritRestrictConsoleTypes: false,
};

const ids = (refs: Array<{ id: number }> | undefined) => (refs ?? []).map((r) => r.id).sort((a, b) => a - b);

/** The service's group in the declarative terms the checks compare. */
function held(g: UserGroup | undefined) {
  return g && {
    name: g.name,
    description: g.description,
    enabled: g.enabled,
    quota: [g.enforceFSQuota, g.quotaLimitInGB],
    auth: [g.enableTwoFactorAuthentication, g.enableLocalAuthentication],
    laptopAdmins: g.laptopAdmins,
    allowMultipleCompanyMembers: g.allowMultipleCompanyMembers,
    azureGUID: g.azureGUID,
    plan: g.plan?.id,
    users: ids(g.users),
    external: ids(g.associatedExternalGroups),
    local: ids(g.associatedLocalGroups),
    consoles: g.restrictedConsoleTypes.map((c) => c.consoleType).sort(),
    doNotInherit: g.doNotInheritRestrictConsoleTypes,
  };
}

describe.each(VARIANT_SETS.map((v) => [v.name, v.variants] as const))("CommvaultUserGroup core flow against the emulator variant: %s", (_name, variants: Partial<CommvaultVariants>) => {
  let emu: Emulator;

  beforeAll(async () => {
    const server = createCommvaultEmulator({ variants });
    const url = await server.listen(0);
    emu = { server, control: new EmulatorControl(server.controlUrl), url };
  });
  afterAll(async () => {
    await emu?.server.close();
  });

  it("creates, changes every field, follows drift, imports, adopts and destroys", async () => {
    await emu.control.service("seed", { userGroups: [{ id: 40, name: "v-imported", description: "made by hand", users: [users.heidi], plan: plans.bronze }] });
    const config = { ...passwordConfig(emu.url), ...(variants.usersOverwrite ? { "commvault:usersOverwrite": { value: "true" } } : {}) };
    const declare = (main: CommvaultUserGroupArgs, extra: Array<[string, CommvaultUserGroupArgs]> = []) => async () => {
      const out: Record<string, unknown> = { main: new CommvaultUserGroup("main", main).groupId };
      for (const [name, args] of extra) out[name] = new CommvaultUserGroup(name, args).groupId;
      return out;
    };
    const stack = await TestStack.create(declare(CREATED), { config });
    try {
      // ---- create with every field --------------------------------------------------------------
      const created = await stack.up();
      const id = created.outputs?.main as number;
      expect(typeof id).toBe("number");
      expect((await groupResource(stack, "main")).id).toBe(String(id));
      expect(held(await groupState(emu.control, id))).toEqual({
        name: "v-main",
        description: "Operations",
        enabled: true,
        quota: [true, 250],
        auth: ["ON", "ON"],
        laptopAdmins: true,
        allowMultipleCompanyMembers: true,
        azureGUID: CREATED.azureGUID,
        plan: plans.gold.id,
        users: [users.alice.id, users.bob.id],
        external: [externalGroups.opsAdmins.id],
        local: [userGroups.viewAll.id],
        consoles: ["API"],
        doNotInherit: true,
      });
      expect(changed((await stack.preview()).steps)).toEqual([]);

      // ---- every field changed, members added and removed, the plan switched -------------------
      await emu.control.clearLog();
      stack.setProgram(declare(CHANGED));
      await stack.up();
      expect(held(await groupState(emu.control, id))).toEqual({
        name: "v-main-renamed",
        description: "Operations (changed)",
        enabled: false,
        quota: [true, 300],
        auth: ["OFF", "OFF"],
        laptopAdmins: false,
        allowMultipleCompanyMembers: false,
        azureGUID: CHANGED.azureGUID,
        plan: plans.silver.id,
        users: [users.alice.id, users.carol.id],
        external: [externalGroups.auditors.id],
        local: [userGroups.master.id],
        consoles: ["MOBILE"],
        doNotInherit: false,
      });
      const sent = puts(await emu.control.log()).map((e) => e.body as { userOperationType?: string; planOperationType?: string });
      expect(sent.map((b) => b.userOperationType).filter(Boolean)).toEqual(variants.usersOverwrite ? ["OVERWRITE"] : ["DELETE", "ADD"]);
      // The plan switch: one ADD, or (refused while a plan is set) DELETE of the old, ADD of the new.
      expect(sent.map((b) => b.planOperationType).filter(Boolean)).toEqual(variants.planSwitch === "deleteFirst" ? ["ADD", "DELETE", "ADD"] : ["ADD"]);
      expect(changed((await stack.preview()).steps)).toEqual([]);

      // ---- drift: refresh records it, the next up puts the managed fields back -----------------
      await emu.control.service("drift", { id, changes: { description: "edited by hand", users: [users.alice, users.dave] } });
      await stack.stack.refresh();
      expect((await groupResource(stack, "main")).outputs.reported).toMatchObject({ description: "edited by hand" });
      expect(changed((await stack.preview()).steps).map((s) => [s.name, [...s.diffs].sort()])).toEqual([["main", ["description", "users"]]]);
      await stack.up();
      expect(held(await groupState(emu.control, id))).toMatchObject({ description: "Operations (changed)", users: [users.alice.id, users.carol.id] });

      // ---- import by id, then adopt by name ------------------------------------------------------
      const IMPORTED = { name: "v-imported", description: "made by hand", users: ["heidi"], laptopPlan: "Laptop-Bronze" } satisfies CommvaultUserGroupArgs;
      const ADOPTED: CommvaultUserGroupArgs = { name: "View All", description: "adopted by the program", adopt: "byName" };
      stack.setProgram(declare(CHANGED, [["imported", IMPORTED]]));
      await importCommvaultUserGroup(stack.stack, "imported", 40, { args: IMPORTED });
      expect(changed((await stack.preview()).steps)).toEqual([]);
      stack.setProgram(declare(CHANGED, [["imported", { ...IMPORTED, users: ["heidi", "grace"] }], ["adopted", ADOPTED]]));
      await stack.up();
      expect(ids((await groupState(emu.control, 40))?.users)).toEqual([users.grace.id, users.heidi.id]);
      expect((await groupState(emu.control, userGroups.viewAll.id))?.description).toBe("adopted by the program");
      expect(changed((await stack.preview()).steps)).toEqual([]);

      // ---- destroy: owned and imported groups go, the adopted one stays ------------------------
      await stack.destroy();
      expect(await groupState(emu.control, id)).toBeUndefined();
      expect(await groupState(emu.control, 40)).toBeUndefined();
      expect((await groupState(emu.control, userGroups.viewAll.id))?.name).toBe("View All");
      expect((await stack.state()).resources.filter((r) => r.type === TYPE_TOKEN)).toEqual([]);

      // ---- a refused login says why, without the password -----------------------------------
      await stack.stack.setConfig("commvault:password", { value: "not-the-password", secret: true });
      stack.setProgram(declare({ name: "v-never" }));
      const refused = await stack.up().then(
        () => "succeeded",
        (e: Error) => e.message,
      );
      expect(refused).toMatch(/Invalid username or password/);
      expect(refused).not.toContain("not-the-password");
      expect(refused).not.toContain(COMMVAULT_TEST_CREDENTIALS.password);
    } finally {
      await stack.dispose();
    }
  });
});
