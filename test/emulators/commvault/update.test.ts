import { COMMVAULT_SEED, CommvaultErrorCode, type UserGroup } from "../../../emulators/commvault";
import { startCommvault, type Harness } from "./helpers";

const { users, externalGroups, plans, userGroups } = COMMVAULT_SEED;
const OK = { errorMessage: "", errorCode: 0 };

describe("Commvault emulator: PUT /V4/UserGroup/{id}", () => {
  let h: Harness;
  let id: number;
  const put = (body: unknown, groupId = id) => h.call("PUT", `/V4/UserGroup/${groupId}`, body);
  const read = async (groupId = id): Promise<UserGroup> => (await h.call("GET", `/V4/UserGroup/${groupId}`)).body;
  const expectOk = async (body: unknown, groupId = id) => {
    const res = await put(body, groupId);
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: OK });
  };
  const expectRefused = async (body: unknown, errorCode: number, groupId = id) => {
    const before = await read(groupId);
    const res = await put(body, groupId);
    expect(res.status).toBe(200);
    expect(res.body.errorCode).toBe(errorCode);
    expect(res.body.errorMessage).not.toBe("");
    expect(await read(groupId)).toEqual(before);
    return res.body.errorMessage as string;
  };

  beforeAll(async () => {
    h = await startCommvault();
  });
  afterAll(() => h.server.close());
  beforeEach(async () => {
    await h.control.reset();
    id = (await h.call("POST", "/V4/UserGroup", { name: "operators" })).body.id;
  });

  describe("scalar members", () => {
    it("an empty body changes nothing", async () => {
      const before = await read();
      await expectOk({});
      expect(await read()).toEqual(before);
    });

    it.each([
      [{ newName: "ops" }, { name: "ops" }],
      [{ newDescription: "The operators" }, { description: "The operators" }],
      [{ enabled: false }, { enabled: false }],
      [{ enforceFSQuota: true, quotaLimitInGB: 25 }, { enforceFSQuota: true, quotaLimitInGB: 25 }],
      [{ enableTwoFactorAuthentication: "ON" }, { enableTwoFactorAuthentication: "ON" }],
      [{ enableLocalAuthentication: "OFF" }, { enableLocalAuthentication: "OFF" }],
      [{ laptopAdmins: true }, { laptopAdmins: true }],
      [{ allowMultipleCompanyMembers: true }, { allowMultipleCompanyMembers: true }],
      [{ doNotInheritRestrictConsoleTypes: true }, { doNotInheritRestrictConsoleTypes: true }],
      [{ azureGUID: "0f8fad5b-d9cb-469f-a165-70867728950e" }, { azureGUID: "0f8fad5b-d9cb-469f-a165-70867728950e" }],
    ])("%j sets %j", async (body, expected) => {
      await expectOk(body);
      expect(await read()).toMatchObject(expected);
    });

    it("renames to its own name in another case; refuses a name used by another group", async () => {
      await expectOk({ newName: "OPERATORS" });
      expect((await read()).name).toBe("OPERATORS");
      const message = await expectRefused({ newName: "view all", newDescription: "x" }, CommvaultErrorCode.duplicateName);
      expect(message).toContain("View All");
    });

    it("quota: needs enforceFSQuota, at least 1; turning the quota off clears the limit", async () => {
      await expectRefused({ quotaLimitInGB: 10 }, CommvaultErrorCode.invalidQuota);
      await expectRefused({ enforceFSQuota: true, quotaLimitInGB: 0 }, CommvaultErrorCode.invalidQuota);
      await expectRefused({ enforceFSQuota: true, quotaLimitInGB: -3 }, CommvaultErrorCode.invalidQuota);
      await expectOk({ enforceFSQuota: true, quotaLimitInGB: 10 });
      await expectOk({ quotaLimitInGB: 20 });
      expect(await read()).toMatchObject({ enforceFSQuota: true, quotaLimitInGB: 20 });
      await expectRefused({ enforceFSQuota: false, quotaLimitInGB: 20 }, CommvaultErrorCode.invalidQuota);
      await expectOk({ enforceFSQuota: false });
      expect(await read()).toMatchObject({ enforceFSQuota: false, quotaLimitInGB: 0 });
    });

    it("DISABLED_AT_COMPANY as input is refused and nothing changes", async () => {
      await expectRefused({ newDescription: "x", enableTwoFactorAuthentication: "DISABLED_AT_COMPANY" }, CommvaultErrorCode.disabledAtCompany);
      await expectRefused({ enabled: false, enableLocalAuthentication: "DISABLED_AT_COMPANY" }, CommvaultErrorCode.disabledAtCompany);
    });

    it("turning 2FA or local auth ON/OFF on a group whose company disables it is refused", async () => {
      const tenant = userGroups.tenantAdmin.id;
      await expectRefused({ enableTwoFactorAuthentication: "ON" }, CommvaultErrorCode.disabledAtCompany, tenant);
      await expectRefused({ enableLocalAuthentication: "OFF" }, CommvaultErrorCode.disabledAtCompany, tenant);
      await expectOk({ newDescription: "still editable" }, tenant);
    });

    it("allowMultipleCompanyMembers true is refused on an ineligible group; false is accepted", async () => {
      const tenant = userGroups.tenantAdmin.id;
      await expectRefused({ allowMultipleCompanyMembers: true }, CommvaultErrorCode.multipleCompanyMembersNotAllowed, tenant);
      await expectOk({ allowMultipleCompanyMembers: false }, tenant);
    });
  });

  describe("users", () => {
    it("ADD by id, by name and by both; ADD is the default; ADD of a member is a no-op", async () => {
      await expectOk({ users: [{ id: users.alice.id }, { name: "BOB" }], userOperationType: "ADD" });
      await expectOk({ users: [{ id: users.carol.id, name: "carol" }, { id: users.alice.id }] });
      expect((await read()).users).toEqual([users.alice, users.bob, users.carol]);
    });

    it("DELETE removes members; DELETE of a non-member is a no-op", async () => {
      await expectOk({ users: [users.alice, users.bob, users.carol] });
      await expectOk({ users: [{ name: "bob" }, { id: users.dave.id }], userOperationType: "DELETE" });
      expect((await read()).users).toEqual([users.alice, users.carol]);
    });

    it("OVERWRITE is a 400 for users", async () => {
      const res = await put({ users: [users.alice], userOperationType: "OVERWRITE" });
      expect(res.status).toBe(400);
      expect(res.body.errorMessage).toContain("userOperationType");
    });

    it("an unknown user by name or by id, or an id and a name that disagree, is refused atomically", async () => {
      await expectOk({ users: [users.alice] });
      const byName = await expectRefused(
        { newDescription: "changed", laptopAdmins: true, users: [users.bob, { name: "mallory" }] },
        CommvaultErrorCode.unknownReference,
      );
      expect(byName).toContain("users[1]");
      expect(byName).toContain("mallory");
      const byId = await expectRefused(
        { users: [{ id: 999 }], associatedExternalGroups: [externalGroups.auditors] },
        CommvaultErrorCode.unknownReference,
      );
      expect(byId).toContain("999");
      await expectRefused({ users: [{ id: users.alice.id, name: "bob" }], userOperationType: "DELETE" }, CommvaultErrorCode.unknownReference);
      expect((await read()).users).toEqual([users.alice]);
    });
  });

  describe("external and local groups", () => {
    it("external groups: ADD (default), DELETE, OVERWRITE", async () => {
      await expectOk({ associatedExternalGroups: [{ name: "CORP\\ops-admins" }, { id: externalGroups.auditors.id }] });
      expect((await read()).associatedExternalGroups).toEqual([externalGroups.opsAdmins, externalGroups.auditors]);
      await expectOk({ associatedExternalGroups: [externalGroups.auditors], externalUserGroupsOperationType: "DELETE" });
      expect((await read()).associatedExternalGroups).toEqual([externalGroups.opsAdmins]);
      await expectOk({ associatedExternalGroups: [{ id: 102 }, { id: 103 }], externalUserGroupsOperationType: "OVERWRITE" });
      expect((await read()).associatedExternalGroups).toEqual([externalGroups.backupOperators, externalGroups.auditors]);
      await expectOk({ associatedExternalGroups: [], externalUserGroupsOperationType: "OVERWRITE" });
      expect((await read()).associatedExternalGroups).toEqual([]);
      await expectRefused({ associatedExternalGroups: [{ name: "CORP\\nobody" }] }, CommvaultErrorCode.unknownReference);
    });

    it("local groups: ADD (default), DELETE, OVERWRITE; itself is refused", async () => {
      const master = userGroups.master;
      const viewAll = userGroups.viewAll;
      await expectOk({ associatedLocalGroups: [{ name: "Master" }], localUserGroupsOperationType: "ADD" });
      await expectOk({ associatedLocalGroups: [{ id: viewAll.id }] });
      expect((await read()).associatedLocalGroups).toEqual([master, viewAll]);
      await expectOk({ associatedLocalGroups: [{ id: master.id }], localUserGroupsOperationType: "DELETE" });
      expect((await read()).associatedLocalGroups).toEqual([viewAll]);
      await expectOk({ associatedLocalGroups: [userGroups.tenantAdmin], localUserGroupsOperationType: "OVERWRITE" });
      expect((await read()).associatedLocalGroups).toEqual([userGroups.tenantAdmin]);
      await expectRefused({ associatedLocalGroups: [{ id }] }, CommvaultErrorCode.selfReference);
      await expectRefused({ associatedLocalGroups: [{ name: "ghosts" }] }, CommvaultErrorCode.unknownReference);
    });
  });

  describe("console types", () => {
    it("ADD (default), DELETE, OVERWRITE, read back as restrictedConsoleTypes", async () => {
      await expectOk({ restrictConsoleTypes: { consoleType: ["API", "MOBILE"] } });
      expect((await read()).restrictedConsoleTypes).toEqual([{ consoleType: "API" }, { consoleType: "MOBILE" }]);
      await expectOk({ restrictConsoleTypes: { consoleType: ["MOBILE", "WEBCONSOLE"] }, consoleTypeOperationType: "ADD" });
      await expectOk({ restrictConsoleTypes: { consoleType: ["API"] }, consoleTypeOperationType: "DELETE" });
      expect((await read()).restrictedConsoleTypes).toEqual([{ consoleType: "MOBILE" }, { consoleType: "WEBCONSOLE" }]);
      await expectOk({ restrictConsoleTypes: { consoleType: ["COMMANDCENTER", "COMMCELLCONSOLE"] }, consoleTypeOperationType: "OVERWRITE" });
      expect((await read()).restrictedConsoleTypes).toEqual([{ consoleType: "COMMANDCENTER" }, { consoleType: "COMMCELLCONSOLE" }]);
    });
  });

  describe("laptop plan", () => {
    it("ADD sets it (by name or id), ADD replaces it, DELETE must name the current plan", async () => {
      await expectOk({ laptopPlan: { name: "laptop-gold" } });
      expect((await read()).plan).toEqual(plans.gold);
      await expectOk({ laptopPlan: { id: plans.silver.id }, planOperationType: "ADD" });
      expect((await read()).plan).toEqual(plans.silver);
      await expectRefused({ laptopPlan: plans.gold, planOperationType: "DELETE" }, CommvaultErrorCode.planNotAssociated);
      await expectRefused({ laptopPlan: { id: 299 } }, CommvaultErrorCode.unknownReference);
      await expectOk({ laptopPlan: plans.silver, planOperationType: "DELETE" });
      const after = await read();
      expect("plan" in after).toBe(false);
      await expectRefused({ laptopPlan: plans.silver, planOperationType: "DELETE" }, CommvaultErrorCode.planNotAssociated);
    });
  });

  describe("malformed input is a 400 naming the member", () => {
    it.each<[unknown, string]>([
      [{ enabled: "true" }, "'enabled'"],
      [{ laptopAdmins: 1 }, "'laptopAdmins'"],
      [{ newName: 5 }, "'newName'"],
      [{ newName: "" }, "'newName'"],
      [{ newDescription: null }, "'newDescription'"],
      [{ azureGUID: false }, "'azureGUID'"],
      [{ enforceFSQuota: true, quotaLimitInGB: "10" }, "'quotaLimitInGB'"],
      [{ enforceFSQuota: true, quotaLimitInGB: 3.5 }, "'quotaLimitInGB'"],
      [{ enforceFSQuota: true, quotaLimitInGB: 2 ** 31 }, "'quotaLimitInGB'"],
      [{ enableTwoFactorAuthentication: "on" }, "'enableTwoFactorAuthentication'"],
      [{ enableLocalAuthentication: true }, "'enableLocalAuthentication'"],
      [{ users: [users.alice], userOperationType: "OVERWRITE" }, "'userOperationType'"],
      [{ laptopPlan: plans.gold, planOperationType: "OVERWRITE" }, "'planOperationType'"],
      [{ associatedExternalGroups: [{ id: 101 }], externalUserGroupsOperationType: "REPLACE" }, "'externalUserGroupsOperationType'"],
      [{ associatedLocalGroups: [{ id: 1 }], localUserGroupsOperationType: "add" }, "'localUserGroupsOperationType'"],
      [{ restrictConsoleTypes: { consoleType: ["API"] }, consoleTypeOperationType: "CLEAR" }, "'consoleTypeOperationType'"],
      [{ restrictConsoleTypes: { consoleType: ["DESKTOP"] } }, "'restrictConsoleTypes.consoleType[0]'"],
      [{ restrictConsoleTypes: ["API"] }, "'restrictConsoleTypes'"],
      [{ restrictConsoleTypes: {} }, "'restrictConsoleTypes.consoleType'"],
      [{ users: [{}] }, "'users[0]'"],
      [{ users: [{ name: "" }] }, "'users[0]'"],
      [{ users: [{ id: "11" }] }, "'users[0].id'"],
      [{ users: [{ id: 11, email: "a@b" }] }, "'users[0].email'"],
      [{ users: { id: 11 } }, "'users'"],
      [{ laptopPlan: {} }, "'laptopPlan'"],
      [{ name: "x" }, "Unknown member 'name'"],
      [{ restrictedConsoleTypes: [] }, "Unknown member 'restrictedConsoleTypes'"],
      [{ userOperationType: "ADD" }, "'userOperationType': sent without users"],
      [{ planOperationType: "DELETE" }, "'planOperationType': sent without laptopPlan"],
      [{ consoleTypeOperationType: "ADD" }, "'consoleTypeOperationType': sent without restrictConsoleTypes"],
      [{ externalUserGroupsOperationType: "ADD" }, "sent without associatedExternalGroups"],
      [{ localUserGroupsOperationType: "ADD" }, "sent without associatedLocalGroups"],
      [[], "request body"],
    ])("%j", async (body, member) => {
      const before = await read();
      const res = await put(body);
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe(CommvaultErrorCode.badRequest);
      expect(res.body.errorMessage).toContain(member);
      expect(await read()).toEqual(before);
    });

    it("an empty body or invalid JSON is a 400", async () => {
      expect((await h.call("PUT", `/V4/UserGroup/${id}`)).status).toBe(400);
      expect((await put("{")).status).toBe(400);
    });
  });
});
