// CommvaultUserGroup through the real Pulumi engine against the Commvault emulator, logging
// in with username and password: create with every field, one PUT per change carrying only
// what changed, sets without order, ADD/DELETE/OVERWRITE planning, validation before any
// call, token expiry in the middle of an up, secrets kept out of the state, destroy.
//
// To keep the engine runs few, one stack holds one group per field: every group is created
// with every field set, and each `up` changes each group's own field alone, so the request
// log shows, group by group, the one PUT that change costs.
import * as pulumi from "@pulumi/pulumi";
import { COMMVAULT_SEED, type UserGroup } from "../../emulators/commvault";
import type { LogEntry } from "../../emulators/core/server";
import { CommvaultUserGroup, type CommvaultUserGroupArgs } from "../../provider/commvault/resource";
import { changed, TestStack, type StepSummary } from "../support/engine";
import { calls, expectNoSecretInState, groupState, logins, passwordConfig, puts, startEmulator, TYPE_TOKEN, writes, type Emulator } from "./helpers";

const { users, externalGroups, plans, userGroups, companies } = COMMVAULT_SEED;

type Args = CommvaultUserGroupArgs & Record<string, unknown>;

/** Every field set. */
const FULL: Args = {
  name: "cv-ops",
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
  users: ["bob", "alice", users.carol.id],
  associatedExternalGroups: ["CORP\\ops-admins", { id: externalGroups.backupOperators.id }],
  associatedLocalGroups: ["View All"],
  restrictConsoleTypes: ["WEBCONSOLE", "API"],
  doNotInheritRestrictConsoleTypes: true,
};

/** The one PUT that creates FULL's settings beyond what POST takes (lists in canonical order; every reference as {id, name} from the CommServe; the local groups go in the POST). */
const FULL_CREATE_PUT = {
  enabled: true,
  enableTwoFactorAuthentication: "ON",
  enableLocalAuthentication: "ON",
  laptopAdmins: true,
  allowMultipleCompanyMembers: true,
  azureGUID: FULL.azureGUID,
  doNotInheritRestrictConsoleTypes: true,
  laptopPlan: plans.gold,
  planOperationType: "ADD",
  users: [users.carol, users.alice, users.bob],
  userOperationType: "ADD",
  associatedExternalGroups: [externalGroups.backupOperators, externalGroups.opsAdmins],
  externalUserGroupsOperationType: "ADD",
  restrictConsoleTypes: { consoleType: ["API", "WEBCONSOLE"] },
  consoleTypeOperationType: "ADD",
};

const without = (args: Args, key: string): Args => Object.fromEntries(Object.entries(args).filter(([k]) => k !== key)) as Args;

interface FieldCase {
  /** The resource's name; also names its group `cv-<key>`. */
  key: string;
  /** The field that changes. */
  field: string;
  /** The group's arguments before the change (default: FULL). */
  before?: (a: Args) => Args;
  change: (a: Args) => Args;
  /** The one PUT the change must cost. */
  put: Record<string, unknown>;
  /** What the service holds afterwards. */
  service: (g: UserGroup) => unknown;
  expected: unknown;
  /** Top-level keys of the engine's diff, when more than the field (an input that leaves). */
  diffs?: string[];
}

const GUID2 = "0f8fad5b-d9cb-469f-a165-70867728950e";
const ids = (refs: Array<{ id: number }> | undefined) => (refs ?? []).map((r) => r.id).sort((a, b) => a - b);

const CASES: FieldCase[] = [
  { key: "name", field: "name", change: (a) => ({ ...a, name: "cv-name-renamed" }), put: { newName: "cv-name-renamed" }, service: (g) => g.name, expected: "cv-name-renamed" },
  { key: "description", field: "description", change: (a) => ({ ...a, description: "Ops engineers" }), put: { newDescription: "Ops engineers" }, service: (g) => g.description, expected: "Ops engineers" },
  { key: "enabled", field: "enabled", change: (a) => ({ ...a, enabled: false }), put: { enabled: false }, service: (g) => g.enabled, expected: false },
  { key: "quotaLimitInGB", field: "quotaLimitInGB", change: (a) => ({ ...a, quotaLimitInGB: 300 }), put: { quotaLimitInGB: 300 }, service: (g) => g.quotaLimitInGB, expected: 300 },
  {
    key: "enableTwoFactorAuthentication",
    field: "enableTwoFactorAuthentication",
    change: (a) => ({ ...a, enableTwoFactorAuthentication: "OFF" }),
    put: { enableTwoFactorAuthentication: "OFF" },
    service: (g) => g.enableTwoFactorAuthentication,
    expected: "OFF",
  },
  {
    key: "enableLocalAuthentication",
    field: "enableLocalAuthentication",
    change: (a) => ({ ...a, enableLocalAuthentication: "OFF" }),
    put: { enableLocalAuthentication: "OFF" },
    service: (g) => g.enableLocalAuthentication,
    expected: "OFF",
  },
  { key: "laptopAdmins", field: "laptopAdmins", change: (a) => ({ ...a, laptopAdmins: false }), put: { laptopAdmins: false }, service: (g) => g.laptopAdmins, expected: false },
  {
    key: "allowMultipleCompanyMembers",
    field: "allowMultipleCompanyMembers",
    change: (a) => ({ ...a, allowMultipleCompanyMembers: false }),
    put: { allowMultipleCompanyMembers: false },
    service: (g) => g.allowMultipleCompanyMembers,
    expected: false,
  },
  { key: "azureGUID", field: "azureGUID", change: (a) => ({ ...a, azureGUID: GUID2 }), put: { azureGUID: GUID2 }, service: (g) => g.azureGUID, expected: GUID2 },
  // Switching plans: one ADD of the new plan.
  {
    key: "laptopPlan",
    field: "laptopPlan",
    change: (a) => ({ ...a, laptopPlan: "Laptop-Silver" }),
    put: { laptopPlan: plans.silver, planOperationType: "ADD" },
    service: (g) => g.plan,
    expected: plans.silver,
  },
  {
    key: "users",
    field: "users",
    change: (a) => ({ ...a, users: [...(a.users as never[]), "dave"] }),
    put: { users: [users.dave], userOperationType: "ADD" },
    service: (g) => ids(g.users),
    expected: [users.alice.id, users.bob.id, users.carol.id, users.dave.id],
  },
  {
    key: "associatedExternalGroups",
    field: "associatedExternalGroups",
    change: (a) => ({ ...a, associatedExternalGroups: [...(a.associatedExternalGroups as never[]), "CORP\\auditors"] }),
    put: { associatedExternalGroups: [externalGroups.auditors], externalUserGroupsOperationType: "ADD" },
    service: (g) => ids(g.associatedExternalGroups),
    expected: [101, 102, 103],
  },
  {
    key: "associatedLocalGroups",
    field: "associatedLocalGroups",
    change: (a) => ({ ...a, associatedLocalGroups: ["View All", "master"] }),
    put: { associatedLocalGroups: [userGroups.master], localUserGroupsOperationType: "ADD" },
    service: (g) => ids(g.associatedLocalGroups),
    expected: [userGroups.master.id, userGroups.viewAll.id],
  },
  {
    key: "restrictConsoleTypes",
    field: "restrictConsoleTypes",
    change: (a) => ({ ...a, restrictConsoleTypes: ["WEBCONSOLE", "API", "MOBILE"] }),
    put: { restrictConsoleTypes: { consoleType: ["MOBILE"] }, consoleTypeOperationType: "ADD" },
    service: (g) => g.restrictedConsoleTypes.map((c) => c.consoleType).sort(),
    expected: ["API", "MOBILE", "WEBCONSOLE"],
  },
  {
    key: "doNotInheritRestrictConsoleTypes",
    field: "doNotInheritRestrictConsoleTypes",
    change: (a) => ({ ...a, doNotInheritRestrictConsoleTypes: false }),
    put: { doNotInheritRestrictConsoleTypes: false },
    service: (g) => g.doNotInheritRestrictConsoleTypes,
    expected: false,
  },
  // The quota limit may only be declared while the quota is enforced. Turning enforcement on
  // is one field alone; turning it off also stops declaring the limit (the engine shows the
  // limit leave the inputs; only the flag is sent).
  {
    key: "enforceFSQuota-on",
    field: "enforceFSQuota",
    before: (a) => ({ ...without(a, "quotaLimitInGB"), enforceFSQuota: false }),
    change: (a) => ({ ...a, enforceFSQuota: true }),
    put: { enforceFSQuota: true },
    service: (g) => g.enforceFSQuota,
    expected: true,
  },
  {
    key: "enforceFSQuota-off",
    field: "enforceFSQuota",
    change: (a) => ({ ...without(a, "quotaLimitInGB"), enforceFSQuota: false }),
    put: { enforceFSQuota: false },
    service: (g) => [g.enforceFSQuota, g.quotaLimitInGB],
    expected: [false, 0],
    diffs: ["enforceFSQuota", "quotaLimitInGB"],
  },
];

/** Each case's group before its change. */
const initial = (c: FieldCase): Args => (c.before ?? ((a) => a))({ ...FULL, name: `cv-${c.key}` });

describe("CommvaultUserGroup through the engine (username and password)", () => {
  let emu: Emulator;
  let stack: TestStack;
  /** The arguments each group's resource declares now. */
  const args = new Map<string, Args>(CASES.map((c) => [c.key, initial(c)]));
  /** Every PUT body the provider sent during the test. */
  const sent: unknown[] = [];

  const program = () => {
    const snapshot = new Map(args);
    return async () => {
      const ids: Record<string, pulumi.Output<number>> = {};
      const extras: Record<string, unknown> = {};
      for (const [key, a] of snapshot) {
        const group = new CommvaultUserGroup(key, a);
        ids[key] = group.groupId;
        if (key === "name") Object.assign(extras, { company: group.company, GUID: group.GUID, serviceType: group.serviceType, eligible: group.eligibleToAllowMultipleCompanyMembers });
      }
      return { ids, ...extras };
    };
  };

  beforeAll(async () => {
    emu = await startEmulator();
    stack = await TestStack.create(program(), { config: passwordConfig(emu.url) });
  });
  afterAll(async () => {
    await stack?.dispose();
    await emu?.server.close();
  });

  const clear = () => emu.control.clearLog();
  const log = async (): Promise<LogEntry[]> => {
    const entries = await emu.control.log();
    sent.push(...puts(entries).map((e) => e.body));
    return entries;
  };
  const path = (id: number) => `/V4/UserGroup/${id}`;

  it("creates with every field, changes each field alone with one PUT, plans list operations, survives token expiry, destroys", async () => {
    // ---- create: POST with what it takes, then one PUT with everything else; one login --------
    const created = await stack.up();
    expect(changed(created.steps).map((s) => [s.op, s.type])).toEqual(CASES.map(() => ["create", TYPE_TOKEN]));
    const groupIds = created.outputs?.ids as Record<string, number>;
    let entries = await log();
    expect(logins(entries)).toHaveLength(1);
    expect(entries.filter((e) => e.operation === "CreateUserGroup")).toHaveLength(CASES.length);
    expect(puts(entries)).toHaveLength(CASES.length);
    expect(entries.filter((e) => e.operation === "GetUserGroup")).toHaveLength(CASES.length);
    const full = groupIds.name;
    expect(entries.find((e) => e.operation === "CreateUserGroup" && (e.body as { name: string }).name === "cv-name")?.body).toEqual({
      name: "cv-name",
      description: "Operations",
      enforceFSQuota: true,
      quotaLimitInGB: 250,
      localUserGroups: [userGroups.viewAll],
    });
    expect(puts(entries).filter((e) => e.path === path(full)).map((e) => e.body)).toEqual([FULL_CREATE_PUT]);
    expect(created.outputs).toMatchObject({
      company: { id: companies.commCell.id, name: companies.commCell.name },
      GUID: expect.stringMatching(/^[0-9A-F]{8}-[0-9A-F]{4}-/),
      serviceType: "LOCAL",
      eligible: true,
    });
    const group = (await groupState(emu.control, full)) as UserGroup;
    expect(group).toMatchObject({
      name: "cv-name",
      description: "Operations",
      enabled: true,
      enforceFSQuota: true,
      quotaLimitInGB: 250,
      enableTwoFactorAuthentication: "ON",
      enableLocalAuthentication: "ON",
      laptopAdmins: true,
      allowMultipleCompanyMembers: true,
      azureGUID: FULL.azureGUID,
      doNotInheritRestrictConsoleTypes: true,
      plan: plans.gold,
    });
    expect(ids(group.users)).toEqual([users.alice.id, users.bob.id, users.carol.id]);
    expect(ids(group.associatedExternalGroups)).toEqual([externalGroups.opsAdmins.id, externalGroups.backupOperators.id]);
    expect(ids(group.associatedLocalGroups)).toEqual([userGroups.viewAll.id]);
    expect(group.restrictedConsoleTypes.map((c) => c.consoleType).sort()).toEqual(["API", "WEBCONSOLE"]);

    // ---- the same program: no change and no call ----------------------------------------------
    await clear();
    expect(changed((await stack.preview()).steps)).toEqual([]);
    expect(await log()).toEqual([]);

    // ---- every list reordered: no diff and no call, not even on up -----------------------------
    for (const [key, a] of args) {
      args.set(key, {
        ...a,
        users: [...(a.users as never[])].reverse(),
        associatedExternalGroups: [...(a.associatedExternalGroups as never[])].reverse(),
        restrictConsoleTypes: [...(a.restrictConsoleTypes as never[])].reverse(),
      });
    }
    stack.setProgram(program());
    const reordered = await stack.up();
    expect(changed(reordered.steps)).toEqual([]);
    expect(reordered.steps.map((s) => s.op)).toEqual(CASES.map(() => "same"));
    expect(await log()).toEqual([]);

    // ---- each field alone: one PUT carrying only that member (and its operation type) ----------
    for (const c of CASES) args.set(c.key, c.change(args.get(c.key)!));
    stack.setProgram(program());
    const updated = await stack.up();
    entries = await log();
    expect(logins(entries)).toHaveLength(1);
    const byName = new Map<string, StepSummary>(changed(updated.steps).map((s) => [s.name, s]));
    for (const c of CASES) {
      const step = byName.get(c.key);
      const diffs = c.diffs ?? [c.field];
      const id = groupIds[c.key];
      const stray = Object.keys(step?.detailedDiff ?? {}).filter((k) => !diffs.some((f) => k === f || k.startsWith(`${f}[`)));
      expect({ key: c.key, op: step?.op, diffs: [...(step?.diffs ?? [])].sort(), stray }).toEqual({ key: c.key, op: "update", diffs, stray: [] });
      expect({ key: c.key, puts: puts(entries).filter((e) => e.path === path(id)).map((e) => e.body) }).toEqual({ key: c.key, puts: [c.put] });
      expect({ key: c.key, service: c.service((await groupState(emu.control, id)) as UserGroup) }).toEqual({ key: c.key, service: c.expected });
    }
    expect(puts(entries)).toHaveLength(CASES.length);

    // ---- bad input fails before any call, naming the resource and each property path ------------
    await clear();
    const good = new Map(args);
    args.set("users", {
      ...args.get("users")!,
      enableTwoFactorAuthentication: "DISABLED_AT_COMPANY",
      quotaLimitInGB: 0,
      users: ["alice", {}],
      restrictConsoleTypes: ["SSH"],
      colour: "red",
    } as never);
    stack.setProgram(program());
    const invalid = await stack.preview().then(
      () => "previewed",
      (e: Error) => e.message,
    );
    for (const [property, problem] of [
      ["enableTwoFactorAuthentication", 'must be "ON" or "OFF"'],
      ["quotaLimitInGB", "Too small"],
      ["users[1]", ""],
      ["restrictConsoleTypes[0]", ""],
      ["colour", "unknown property"],
    ]) {
      expect(invalid).toMatch(new RegExp(`CommvaultUserGroup resource 'users': property ${property.replace(/[[\]]/g, "\\$&")} value .* has a problem: ${problem}`));
    }
    // A cross-field rule, on the group as it would be after the change.
    args.set("users", { ...good.get("users")!, enforceFSQuota: false });
    stack.setProgram(program());
    await expect(stack.preview()).rejects.toThrow(/CommvaultUserGroup resource 'users': property quotaLimitInGB value .* has a problem: quotaLimitInGB only applies while enforceFSQuota is true/);
    expect(await log()).toEqual([]);
    for (const [k, v] of good) args.set(k, v);

    // ---- add two users and remove one: one DELETE and one ADD naming exactly those users ------
    const usersId = groupIds.users;
    args.set("users", { ...args.get("users")!, users: ["alice", users.carol.id, "dave", "erin", "frank"] });
    stack.setProgram(program());
    await clear();
    const preview = await stack.preview();
    expect(changed(preview.steps).map((s) => [s.name, s.op, s.diffs])).toEqual([["users", "update", ["users"]]]);
    // A preview never calls a write endpoint: it only looks the new members up, once.
    expect(writes(await log())).toEqual([]);
    expect(calls(await log())).toEqual(["POST Login", "GET ListUsers"]);
    await clear();
    await stack.up();
    entries = await log();
    expect(calls(entries)).toEqual(["POST Login", "GET ListUsers", "PUT UpdateUserGroup", "PUT UpdateUserGroup", "GET GetUserGroup"]);
    expect(puts(entries).map((e) => [e.path, e.body])).toEqual([
      // DELETE first: a failure half-way has granted nothing new.
      [path(usersId), { users: [{ id: users.bob.id, name: "bob" }], userOperationType: "DELETE" }],
      [path(usersId), { users: [users.erin, users.frank], userOperationType: "ADD" }],
    ]);
    expect(ids((await groupState(emu.control, usersId))?.users)).toEqual([users.alice.id, users.carol.id, users.dave.id, users.erin.id, users.frank.id]);

    // ---- many changes at once: every scalar and one operation per list in a single PUT ---------
    // Local groups and console types need both ADD and DELETE, where OVERWRITE is allowed and
    // smaller; users and external groups only lose members; the plan goes.
    const planId = groupIds.laptopPlan;
    args.set("laptopPlan", {
      ...args.get("laptopPlan")!,
      description: "Operations (all at once)",
      enabled: false,
      laptopPlan: null,
      users: ["alice", users.carol.id],
      associatedExternalGroups: ["CORP\\ops-admins"],
      associatedLocalGroups: ["master"],
      restrictConsoleTypes: ["COMMANDCENTER"],
    });
    stack.setProgram(program());
    await clear();
    const many = await stack.up();
    expect(changed(many.steps).map((s) => [s.name, [...s.diffs].sort()])).toEqual([
      ["laptopPlan", ["associatedExternalGroups", "associatedLocalGroups", "description", "enabled", "laptopPlan", "restrictConsoleTypes", "users"]],
    ]);
    expect(puts(await log()).map((e) => [e.path, e.body])).toEqual([
      [
        path(planId),
        {
          newDescription: "Operations (all at once)",
          enabled: false,
          laptopPlan: { id: plans.silver.id, name: plans.silver.name },
          planOperationType: "DELETE",
          users: [{ id: users.bob.id, name: "bob" }],
          userOperationType: "DELETE",
          associatedExternalGroups: [{ id: externalGroups.backupOperators.id, name: externalGroups.backupOperators.name }],
          externalUserGroupsOperationType: "DELETE",
          associatedLocalGroups: [userGroups.master],
          localUserGroupsOperationType: "OVERWRITE",
          restrictConsoleTypes: { consoleType: ["COMMANDCENTER"] },
          consoleTypeOperationType: "OVERWRITE",
        },
      ],
    ]);
    const afterMany = (await groupState(emu.control, planId)) as UserGroup;
    expect(afterMany.plan).toBeUndefined();
    expect(ids(afterMany.users)).toEqual([users.alice.id, users.carol.id]);
    expect(ids(afterMany.associatedLocalGroups)).toEqual([userGroups.master.id]);
    expect(afterMany.restrictedConsoleTypes).toEqual([{ consoleType: "COMMANDCENTER" }]);

    // ---- the session token expires in the middle of an up: one more login, no failure ----------
    await emu.control.faults([{ kind: "expireToken", match: { operation: "UpdateUserGroup" } }]);
    args.set("description", { ...args.get("description")!, description: "Ops engineers (after expiry)" });
    stack.setProgram(program());
    await clear();
    const renewed = await stack.up();
    expect(changed(renewed.steps).map((s) => [s.name, s.op])).toEqual([["description", "update"]]);
    entries = await log();
    expect(entries.map((e) => [e.method, e.operation, e.status, e.fault ?? ""])).toEqual([
      ["POST", "Login", 200, ""],
      ["PUT", "UpdateUserGroup", 401, "expireToken"],
      ["POST", "Login", 200, ""],
      ["PUT", "UpdateUserGroup", 200, ""],
      ["GET", "GetUserGroup", 200, ""],
    ]);
    expect(puts(entries).map((e) => e.body)).toEqual([{ newDescription: "Ops engineers (after expiry)" }, { newDescription: "Ops engineers (after expiry)" }]);
    expect((await groupState(emu.control, groupIds.description))?.description).toBe("Ops engineers (after expiry)");

    // ---- never OVERWRITE for users; the password and tokens stay out of the state --------------
    expect(sent.filter((b) => (b as { userOperationType?: string }).userOperationType === "OVERWRITE")).toEqual([]);
    await expectNoSecretInState(stack);

    // ---- destroy: one login, one DELETE per group ---------------------------------------------
    await clear();
    await stack.destroy();
    entries = await log();
    expect(logins(entries)).toHaveLength(1);
    expect(writes(entries).map((e) => `${e.method} ${e.path} ${e.status}`).sort()).toEqual(
      Object.values(groupIds)
        .map((id) => `DELETE ${path(id)} 200`)
        .sort(),
    );
    expect((await stack.state()).resources.filter((r) => r.type === TYPE_TOKEN)).toEqual([]);
  });
});
