import { COMMVAULT_SEED, CommvaultErrorCode, GROUP_NOT_FOUND_MESSAGE } from "../../../emulators/commvault";
import { startCommvault, type Harness } from "./helpers";

/** The directory's external groups, as the legacy listing names them after a reset. */
const COMMVAULT_SEED_EXTERNAL_NAMES = Object.values(COMMVAULT_SEED.externalGroups).map((g) => g.name);

const READ_SHAPE_KEYS = [
  "id", "name", "description", "enabled", "enforceFSQuota", "quotaLimitInGB", "enableTwoFactorAuthentication",
  "enableLocalAuthentication", "laptopAdmins", "allowMultipleCompanyMembers", "eligibleToAllowMultipleCompanyMembers",
  "users", "associatedExternalGroups", "associatedLocalGroups", "restrictedConsoleTypes",
  "doNotInheritRestrictConsoleTypes", "azureGUID", "showAzureGuidOption", "company", "GUID", "email", "serviceType",
  "associatedEntities",
];

describe("Commvault emulator: create, read, list, delete", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCommvault();
  });
  afterAll(() => h.server.close());
  beforeEach(() => h.control.reset());

  it("lists the seeded groups with their companies", async () => {
    const res = await h.call("GET", "/V4/UserGroup");
    expect(res.status).toBe(200);
    expect(res.body.userGroups).toEqual([
      { id: 1, name: "master", description: expect.any(String), enabled: true, company: { id: 0, name: "CommCell" } },
      { id: 3, name: "View All", description: expect.any(String), enabled: true, company: { id: 0, name: "CommCell" } },
      { id: 4, name: "Tenant Admin", description: expect.any(String), enabled: true, company: { id: 5, name: "Acme Tenant" } },
    ]);
  });

  it("the legacy listing leaves out the groups the CommServe made itself only with includeSystemCreated=false (cvpysdk's flag); a seed may mark one", async () => {
    const created = await h.call("POST", "/V4/UserGroup", { name: "ops" });
    await h.control.service("seed", { userGroups: [{ id: 900, name: "made-by-commserve", systemCreated: true }] });
    const names = async (query: string) => (await h.call("GET", `/UserGroup${query}`)).body.userGroups.map((g: { userGroupEntity: { userGroupName: string } }) => g.userGroupEntity.userGroupName);
    const external = [...COMMVAULT_SEED_EXTERNAL_NAMES];
    expect(await names("?includeSystemCreated=false")).toEqual(["ops", ...external]);
    expect(await names("?includeSystemCreated=true")).toEqual(["master", "View All", "Tenant Admin", "ops", "made-by-commserve", ...external]);
    expect(await names("")).toEqual(await names("?includeSystemCreated=true"));
    expect(created.status).toBe(200);
  });

  it("reads a seeded tenant group with the company's imposed settings", async () => {
    const res = await h.call("GET", `/V4/UserGroup/${COMMVAULT_SEED.userGroups.tenantAdmin.id}?additionalproperties=true`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Tenant Admin",
      enableTwoFactorAuthentication: "DISABLED_AT_COMPANY",
      enableLocalAuthentication: "DISABLED_AT_COMPANY",
      eligibleToAllowMultipleCompanyMembers: false,
      users: [COMMVAULT_SEED.users.heidi],
      company: { id: 5, name: "Acme Tenant" },
    });
  });

  it("creates a group with defaults and reads it back in the read shape", async () => {
    const created = await h.call("POST", "/V4/UserGroup", { name: "backup-admins", description: "Backup admins", enforceFSQuota: true, quotaLimitInGB: 50 });
    expect(created).toMatchObject({ status: 200, body: { id: 5, name: "backup-admins" } });
    expect(Object.keys(created.body).sort()).toEqual(["id", "name"]);

    const read = await h.call("GET", "/V4/UserGroup/5");
    expect(read.status).toBe(200);
    expect(Object.keys(read.body)).toEqual(READ_SHAPE_KEYS);
    expect(read.body).toEqual({
      id: "5", // a string, as the published read schema gives it (default variant)
      name: "backup-admins",
      description: "Backup admins",
      enabled: true,
      enforceFSQuota: true,
      quotaLimitInGB: 50,
      enableTwoFactorAuthentication: "OFF",
      enableLocalAuthentication: "ON",
      laptopAdmins: false,
      allowMultipleCompanyMembers: false,
      eligibleToAllowMultipleCompanyMembers: true,
      users: [],
      associatedExternalGroups: [],
      associatedLocalGroups: [],
      restrictedConsoleTypes: [],
      doNotInheritRestrictConsoleTypes: false,
      azureGUID: "",
      showAzureGuidOption: false,
      company: { id: 0, name: "CommCell" },
      GUID: expect.stringMatching(/^[0-9A-F-]{36}$/),
      email: "",
      serviceType: "LOCAL",
      associatedEntities: [],
    });
    const list = await h.call("GET", "/V4/UserGroup");
    expect(list.body.userGroups.map((g: { id: number }) => g.id)).toEqual([1, 3, 4, 5]);
    const second = await h.call("POST", "/V4/UserGroup", { name: "second" });
    expect(second.body.id).toBe(6);
  });

  it("refuses a duplicate name (case-insensitive) and bad quotas on create with 200 + errorCode", async () => {
    const dup = await h.call("POST", "/V4/UserGroup", { name: "MASTER" });
    expect(dup).toMatchObject({ status: 200, body: { errorCode: CommvaultErrorCode.duplicateName } });
    expect(dup.body.errorMessage).toContain("master");
    const quotaOff = await h.call("POST", "/V4/UserGroup", { name: "q", quotaLimitInGB: 5 });
    expect(quotaOff).toMatchObject({ status: 200, body: { errorCode: CommvaultErrorCode.invalidQuota } });
    const quotaZero = await h.call("POST", "/V4/UserGroup", { name: "q", enforceFSQuota: true, quotaLimitInGB: 0 });
    expect(quotaZero).toMatchObject({ status: 200, body: { errorCode: CommvaultErrorCode.invalidQuota } });
    expect((await h.call("GET", "/V4/UserGroup")).body.userGroups).toHaveLength(3);
  });

  it("answers 400 for malformed create bodies, naming the member", async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: "x", color: "red" }, "'color'"],
      [{ name: 7 }, "'name'"],
      [{ name: "" }, "'name'"],
      [{ name: "x", enforceFSQuota: "true" }, "'enforceFSQuota'"],
      [{ name: "x", enforceFSQuota: true, quotaLimitInGB: 2.5 }, "'quotaLimitInGB'"],
      [{ name: "x", enforceFSQuota: true, quotaLimitInGB: 2 ** 31 }, "'quotaLimitInGB'"],
      [["x"], "request body"],
    ];
    for (const [body, member] of cases) {
      const res = await h.call("POST", "/V4/UserGroup", body);
      expect(res.status).toBe(400);
      expect(res.body.errorCode).toBe(CommvaultErrorCode.badRequest);
      expect(res.body.errorMessage).toContain(member);
    }
    const notJson = await h.call("POST", "/V4/UserGroup", "{not json");
    expect(notJson.status).toBe(400);
  });

  it("deletes a group, then answers 404; a non-integer id is a 400", async () => {
    const { body } = await h.call("POST", "/V4/UserGroup", { name: "temp" });
    await h.call("PUT", "/V4/UserGroup/1", { associatedLocalGroups: [{ id: body.id }] });
    expect(await h.call("DELETE", `/V4/UserGroup/${body.id}`)).toMatchObject({ status: 200, body: { errorMessage: "", errorCode: 0 } });
    const gone = { status: 404, body: { errorCode: CommvaultErrorCode.notFound, errorMessage: GROUP_NOT_FOUND_MESSAGE } };
    expect(await h.call("GET", `/V4/UserGroup/${body.id}`)).toMatchObject(gone);
    expect(await h.call("DELETE", `/V4/UserGroup/${body.id}`)).toMatchObject(gone);
    expect(await h.call("PUT", `/V4/UserGroup/${body.id}`, {})).toMatchObject(gone);
    expect((await h.call("GET", "/V4/UserGroup/1")).body.associatedLocalGroups).toEqual([]);
    for (const id of ["abc", "1.5", "2147483648"]) {
      const res = await h.call("GET", `/V4/UserGroup/${id}`);
      expect(res.status).toBe(400);
      expect(res.body.errorMessage).toContain("userGroupId");
    }
  });

  it("serves under another base path when asked", async () => {
    const other = await startCommvault({ basePath: "/webconsole/api" });
    try {
      expect(other.url).toMatch(/\/webconsole\/api$/);
      expect((await other.call("GET", "/V4/UserGroup/1")).status).toBe(200);
      const port = new URL(other.url).port;
      const wrongBase = await fetch(`http://127.0.0.1:${port}/commandcenter/api/V4/UserGroup/1`);
      expect(wrongBase.status).toBe(404);
    } finally {
      await other.server.close();
    }
  });
});
