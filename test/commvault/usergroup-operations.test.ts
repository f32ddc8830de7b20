// CommvaultUserGroup through the real Pulumi engine against the Commvault emulator, with a
// ready (console-issued) access token: refused updates, unknown references, drift and
// refresh, import by id, company-imposed settings, deleting a group that is already gone.
import { COMMVAULT_SEED, COMMVAULT_TEST_ACCESS_TOKEN } from "../../emulators/commvault";
import { importCommvaultUserGroup } from "../../provider/commvault/import";
import { CommvaultUserGroup, type CommvaultUserGroupArgs } from "../../provider/commvault/resource";
import { changed, TestStack } from "../support/engine";
import {
  calls,
  groupByName,
  groupResource,
  groupState,
  puts,
  startEmulator,
  expectNoSecretInState,
  tokenConfig,
  TYPE_TOKEN,
  writes,
  type Emulator,
} from "./helpers";

const { users, plans, companies } = COMMVAULT_SEED;

const APP = {
  name: "cv-app",
  description: "Application owners",
  users: ["alice", "bob"],
  laptopPlan: "Laptop-Gold",
} satisfies CommvaultUserGroupArgs;

const program = (...groups: Array<[string, CommvaultUserGroupArgs]>) => async () => {
  const ids: Record<string, unknown> = {};
  for (const [name, args] of groups) ids[name] = new CommvaultUserGroup(name, args).groupId;
  return ids;
};

describe("CommvaultUserGroup through the engine (access token)", () => {
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu?.server.close();
  });

  const log = async () => emu.control.log();
  const clear = async () => emu.control.clearLog();

  it("refuses what Commvault refuses without touching the state, follows drift, and destroys a group already gone", async () => {
    const stack = await TestStack.create(program(["app", APP]), { config: tokenConfig(emu.url) });
    try {
      // Create: a ready token never logs in. The references are looked up once (check), the
      // name is checked free, POST takes name and description, one PUT the rest, ids and names.
      const created = await stack.up();
      expect(changed(created.steps).map((s) => [s.name, s.op, s.type])).toEqual([["app", "create", TYPE_TOKEN]]);
      const createLog = await log();
      expect(calls(createLog)).toEqual(["GET ListUsers", "GET ListPlans", "GET ListUserGroups", "POST CreateUserGroup", "PUT UpdateUserGroup", "GET GetUserGroup"]);
      expect(createLog[3].body).toEqual({ name: "cv-app", description: "Application owners" });
      expect(createLog[4].body).toEqual({
        laptopPlan: plans.gold,
        planOperationType: "ADD",
        users: [users.alice, users.bob],
        userOperationType: "ADD",
      });
      const id = created.outputs?.app as number;
      expect(typeof id).toBe("number");

      // HTTP 200 with a non-zero errorCode fails the update with Commvault's message; nothing changes.
      const before = await groupResource(stack, "app");
      await emu.control.faults([{ kind: "errorCode", match: { operation: "UpdateUserGroup" } }]);
      stack.setProgram(program(["app", { ...APP, description: "Owners of the applications" }]));
      await clear();
      await expect(stack.up()).rejects.toThrow(
        /CommvaultUserGroup "app" \(id \d+\): commvault UpdateUserGroup failed: HTTP 200 errorCode 2: The operation failed \(injected errorCode fault\)[^\n]*\(nothing was changed; the state records the group as the service holds it\)/,
      );
      expect(puts(await log()).map((e) => [e.body, e.status, e.fault])).toEqual([[{ newDescription: "Owners of the applications" }, 200, "errorCode"]]);
      expect((await groupState(emu.control, id))?.description).toBe("Application owners");

      // An unknown user: found at preview from the CommServe's user list, naming the path;
      // nothing is written.
      stack.setProgram(program(["app", { ...APP, users: ["alice", "bob", "zed"] }]));
      await clear();
      await expect(stack.preview()).rejects.toThrow(/users\[2\][^\n]*no user named "zed" on the CommServe/);
      // The list is read once per run, and once more when a name is missing from it.
      expect(calls(await log())).toEqual(["GET ListUsers", "GET ListUsers"]);
      await clear();
      await expect(stack.up()).rejects.toThrow(/users\[2\][^\n]*no user named "zed" on the CommServe/);
      expect(writes(await log())).toEqual([]);
      expect((await groupState(emu.control, id))?.users.map((u) => u.name)).toEqual(["alice", "bob"]);

      // An unknown user in a new group: refused before anything is created.
      stack.setProgram(program(["app", APP], ["ghost", { name: "cv-ghost", users: ["zed"] }]));
      await clear();
      await expect(stack.up()).rejects.toThrow(/users\[0\][^\n]*no user named "zed" on the CommServe/);
      expect(writes(await log())).toEqual([]);
      expect(await groupByName(emu.control, "cv-ghost")).toBeUndefined();

      // A name another group already has (made outside this program): the create is refused,
      // naming the group that holds the name and the two ways on; nothing is sent.
      const holder = COMMVAULT_SEED.userGroups.viewAll;
      stack.setProgram(program(["app", APP], ["clash", { name: holder.name, description: "mine" }]));
      await clear();
      await expect(stack.up()).rejects.toThrow(
        new RegExp(
          `CommvaultUserGroup "clash": a user group with the declared name already exists \\(id ${holder.id}\\); the create was not sent[^\\n]*` +
            "If an interrupted `pulumi up` made it[^\\n]*set `commvault:resumeCreates`[^\\n]*`pulumi refresh --clear-pending-creates`[^\\n]*adopt: \"byName\"",
        ),
      );
      expect(writes(await log())).toEqual([]);
      expect((await groupState(emu.control, holder.id))?.description).toBe("Members can view all entities");
      // After the four failures the state holds the group exactly as before, and no ghost.
      const afterFailures = (await stack.state()).resources.filter((r) => r.type === TYPE_TOKEN);
      expect(afterFailures.map((r) => [r.urn.split("::").pop(), r.inputs, r.outputs])).toEqual([["app", before.inputs, before.outputs]]);

      // Someone edits the group in the Command Center, managed and unmanaged fields alike.
      stack.setProgram(program(["app", APP]));
      await emu.control.service("drift", {
        id,
        changes: {
          description: "edited by hand",
          users: [users.alice, users.dave],
          laptopAdmins: true,
          restrictedConsoleTypes: [{ consoleType: "API" }],
        },
      });
      await clear();
      await stack.refresh();
      expect(calls(await log())).toEqual(["GET GetUserGroup"]);
      const refreshed = await groupResource(stack, "app");
      expect(refreshed.inputs.description).toBe("edited by hand");
      expect(refreshed.inputs.users).toEqual(["alice", { id: users.dave.id, name: "dave" }]);
      // Unmanaged fields are recorded in `reported` only, never as inputs.
      expect(refreshed.inputs).not.toHaveProperty("laptopAdmins");
      expect(refreshed.inputs).not.toHaveProperty("restrictConsoleTypes");
      expect(refreshed.outputs.reported.laptopAdmins).toBe(true);

      await clear();
      const driftPreview = await stack.preview();
      const driftStep = changed(driftPreview.steps);
      expect(driftStep.map((s) => s.op)).toEqual(["update"]);
      expect([...driftStep[0].diffs].sort()).toEqual(["description", "users"]);
      expect(calls(await log())).toEqual(["GET ListUsers"]); // bob, no longer a member, is looked up

      // The next up puts the managed fields back and leaves the unmanaged ones alone: users
      // need a DELETE and an ADD (no OVERWRITE for users), so the ADD takes a second PUT.
      const restored = await stack.up();
      expect(changed(restored.steps).map((s) => s.op)).toEqual(["update"]);
      expect(puts(await log()).map((e) => e.body)).toEqual([
        { newDescription: "Application owners", users: [{ id: users.dave.id, name: "dave" }], userOperationType: "DELETE" },
        { users: [users.bob], userOperationType: "ADD" },
      ]);
      const group = await groupState(emu.control, id);
      expect(group).toMatchObject({ description: "Application owners", laptopAdmins: true, restrictedConsoleTypes: [{ consoleType: "API" }] });
      expect(group?.users.map((u) => u.name).sort()).toEqual(["alice", "bob"]);

      // Refresh without drift finds nothing, and the program previews with no change.
      const settled = await groupResource(stack, "app");
      await clear();
      await stack.refresh();
      const again = await groupResource(stack, "app");
      expect(again.inputs).toEqual(settled.inputs);
      expect(again.outputs).toEqual(settled.outputs);
      expect(changed((await stack.preview()).steps)).toEqual([]);
      expect(calls(await log())).toEqual(["GET GetUserGroup"]);

      // The access token is in no state file (the stack's config keeps it as a secret).
      await expectNoSecretInState(stack);

      // Destroy of a group someone already deleted succeeds.
      await emu.control.service("delete-group", { id });
      await clear();
      await stack.destroy();
      expect((await log()).map((e) => [e.method, e.operation, e.status])).toEqual([["DELETE", "DeleteUserGroup", 404]]);
    } finally {
      await stack.dispose();
    }
  });

  it("imports existing groups by id; a company-imposed setting makes no diff", async () => {
    // An Acme Tenant group: the company imposes DISABLED_AT_COMPANY on both authentication settings.
    await emu.control.service("seed", {
      userGroups: [
        { id: 40, name: "Tenant Ops", company: { id: companies.acme.id }, description: "Tenant operators", users: [users.heidi], plan: plans.silver },
        { id: 41, name: "Auditors", description: "Read-only auditors", users: [users.grace, users.frank], restrictedConsoleTypes: [{ consoleType: "MOBILE" }] },
      ],
    });
    const TENANT = {
      name: "Tenant Ops",
      description: "Tenant operators",
      users: ["heidi"],
      laptopPlan: "Laptop-Silver",
      enableTwoFactorAuthentication: "ON",
    } satisfies CommvaultUserGroupArgs;
    const AUDITORS = {
      name: "Auditors",
      description: "Read-only auditors",
      users: ["frank", { id: users.grace.id }],
      restrictConsoleTypes: ["MOBILE"],
    } satisfies CommvaultUserGroupArgs;

    // This stack has no commvault config at all: the provider falls back to the environment.
    const stack = await TestStack.create(
      async () => {
        new CommvaultUserGroup("tenant", TENANT, { import: "40" });
      },
      { env: { COMMVAULT_URL: emu.url, COMMVAULT_TOKEN: COMMVAULT_TEST_ACCESS_TOKEN } },
    );
    try {
      // The `import` option cannot work with a dynamic provider: a clear error, and no call.
      await clear();
      await expect(stack.preview()).rejects.toThrow(/CommvaultUserGroup "tenant": the `import` resource option cannot work[^\n]*pulumi\/pulumi#16175/);
      expect(await log()).toEqual([]);

      // Import by id alone, as `pulumi import` would: reads only (the import previews the program
      // first, whose checks list the users and plans it names), the group read once, no write.
      stack.setProgram(program(["tenant", TENANT], ["auditors", AUDITORS]));
      await clear();
      await importCommvaultUserGroup(stack.stack, "tenant", 40);
      const importCalls = calls(await log());
      expect(importCalls.filter((c) => !c.startsWith("GET "))).toEqual([]);
      expect(importCalls.filter((c) => c === "GET GetUserGroup")).toEqual(["GET GetUserGroup"]);
      const tenant = await groupResource(stack, "tenant");
      expect(tenant.id).toBe("40");
      expect(tenant.outputs).toMatchObject({
        groupId: 40,
        company: { id: companies.acme.id, name: companies.acme.name },
        enableTwoFactorAuthentication: "DISABLED_AT_COMPANY",
        adopted: false,
      });

      // Import with the program's arguments: managed from the start in the program's forms.
      await clear();
      await importCommvaultUserGroup(stack.stack, "auditors", 41, { args: AUDITORS });
      const argCalls = calls(await log());
      expect(argCalls.filter((c) => !c.startsWith("GET "))).toEqual([]);
      expect(argCalls.filter((c) => c === "GET GetUserGroup")).toEqual(["GET GetUserGroup"]);
      expect((await groupResource(stack, "auditors")).inputs).toMatchObject({ users: [{ id: users.grace.id }, "frank"], restrictConsoleTypes: ["MOBILE"] });

      // A resource already in the state, or one the program does not declare (issue 19, defect 2),
      // is refused before the state is touched.
      const beforeMissing = await stack.state();
      await expect(importCommvaultUserGroup(stack.stack, "tenant", 999)).rejects.toThrow(/already in the stack's state/);
      await expect(importCommvaultUserGroup(stack.stack, "missing", 999)).rejects.toThrow(/declares no CommvaultUserGroup named "missing".*the state is untouched/);
      expect((await stack.state()).resources.map((r) => r.urn)).toEqual(beforeMissing.resources.map((r) => r.urn));

      // The program matches the imported groups: no change (the imposed value is not fought), no call.
      await clear();
      const preview = await stack.preview();
      expect(changed(preview.steps)).toEqual([]);
      expect(preview.steps.map((s) => [s.name, s.op]).sort()).toEqual([
        ["auditors", "same"],
        ["tenant", "same"],
      ]);
      expect(await log()).toEqual([]);

      // Refresh finds no drift, and says why the declared two-factor setting does not apply.
      const settled = await stack.state();
      const refresh = await stack.refresh();
      expect(refresh.stdout).toMatch(/CommvaultUserGroup "tenant" \(id 40\): enableTwoFactorAuthentication is DISABLED_AT_COMPANY, imposed by company "Acme Tenant"/);
      const refreshed = await stack.state();
      for (const name of ["tenant", "auditors"]) {
        const pick = (st: typeof settled) => st.resources.filter((r) => r.urn.endsWith(`::${name}`)).map((r) => [r.inputs, r.outputs]);
        expect(pick(refreshed)).toEqual(pick(settled));
      }

      // A change to an imported group sends only that member; the imposed setting is never sent.
      stack.setProgram(
        program(["tenant", { ...TENANT, description: "Tenant operators (EU)" }], ["auditors", { ...AUDITORS, restrictConsoleTypes: ["MOBILE", "API"] }]),
      );
      await clear();
      const update = await stack.up();
      const steps = changed(update.steps);
      expect(steps.map((s) => [s.name, s.op]).sort()).toEqual([
        ["auditors", "update"],
        ["tenant", "update"],
      ]);
      // Imported with its arguments, the engine's property diff names only the changed set.
      const auditorsDiff = steps.find((s) => s.name === "auditors")!;
      expect(auditorsDiff.diffs).toEqual(["restrictConsoleTypes"]);
      expect(Object.keys(auditorsDiff.detailedDiff).every((k) => k.startsWith("restrictConsoleTypes["))).toBe(true);
      const bodies = puts(await log()).map((e) => [e.path, e.body]);
      expect(bodies).toEqual(
        expect.arrayContaining([
          ["/V4/UserGroup/40", { newDescription: "Tenant operators (EU)" }],
          ["/V4/UserGroup/41", { restrictConsoleTypes: { consoleType: ["API"] }, consoleTypeOperationType: "ADD" }],
        ]),
      );
      expect(bodies).toHaveLength(2);
      expect(changed((await stack.preview()).steps)).toEqual([]);

      // Importing kept the stack's secrets encrypted.
      await expectNoSecretInState(stack);

      // Imported groups are managed: destroy deletes them.
      await clear();
      await stack.destroy();
      expect(writes(await log()).map((e) => `${e.method} ${e.path} ${e.status}`).sort()).toEqual([
        "DELETE /V4/UserGroup/40 200",
        "DELETE /V4/UserGroup/41 200",
      ]);
    } finally {
      await stack.dispose();
    }
  });
});
