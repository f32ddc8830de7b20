import { COMMVAULT_SEED, CommvaultErrorCode, GROUP_NOT_FOUND_MESSAGE, INJECTED_ERROR_MESSAGE, type UserGroup } from "../../../emulators/commvault";
import { startCommvault, type Harness } from "./helpers";

describe("Commvault emulator: test controls and faults", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCommvault();
  });
  afterAll(() => h.server.close());
  beforeEach(() => h.control.reset());

  describe("controls", () => {
    it("drift edits read-shape fields without auth or rules and answers the read shape", async () => {
      const drifted = await h.control.service<UserGroup>("drift", {
        id: 3,
        changes: {
          description: "edited in the Command Center",
          enableTwoFactorAuthentication: "DISABLED_AT_COMPANY",
          users: [{ id: 77, name: "outsider" }],
          restrictedConsoleTypes: [{ consoleType: "API" }],
          plan: COMMVAULT_SEED.plans.bronze,
        },
      });
      expect(drifted).toMatchObject({ id: 3, description: "edited in the Command Center", plan: COMMVAULT_SEED.plans.bronze });
      expect((await h.call("GET", "/V4/UserGroup/3")).body).toEqual({ ...drifted, id: "3" }); // the read gives ids as strings (default variant)
      const removed = await h.control.service<UserGroup>("drift", { id: 3, changes: { plan: null } });
      expect("plan" in removed).toBe(false);
      await expect(h.control.service("drift", { id: 3, changes: { enabled: "no" } })).rejects.toThrow(/400.*'changes.enabled'/);
      await expect(h.control.service("drift", { id: 3, changes: { id: 9 } })).rejects.toThrow(/Unknown member 'changes.id'/);
      await expect(h.control.service("drift", { id: 42, changes: {} })).rejects.toThrow(/no user group with id 42/);
    });

    it("seed adds directory entries and groups that the API then resolves", async () => {
      await h.control.service("seed", {
        users: [{ id: 31, name: "ivan" }],
        externalGroups: [{ id: 131, name: "CORP\\dbas" }],
        plans: [{ id: 231, name: "Laptop-Platinum" }],
        companies: [{ id: 9, name: "Globex", eligibleToAllowMultipleCompanyMembers: true, disableTwoFactorAuthentication: true }],
        userGroups: [
          { id: 20, name: "globex-admins", company: { id: 9 }, users: [{ id: 31, name: "ivan" }] },
          { id: 1, name: "master", description: "replaced" },
        ],
      });
      const globex = (await h.call("GET", "/V4/UserGroup/20")).body;
      expect(globex).toMatchObject({
        company: { id: 9, name: "Globex" },
        eligibleToAllowMultipleCompanyMembers: true,
        enableTwoFactorAuthentication: "DISABLED_AT_COMPANY",
        enableLocalAuthentication: "ON",
        users: [{ id: 31, name: "ivan" }],
      });
      expect((await h.call("GET", "/V4/UserGroup/1")).body).toMatchObject({ description: "replaced", users: [] });
      const res = await h.call("PUT", "/V4/UserGroup/20", {
        associatedExternalGroups: [{ name: "corp\\DBAS" }],
        laptopPlan: { name: "Laptop-Platinum" },
        allowMultipleCompanyMembers: true,
      });
      expect(res.body).toEqual({ errorMessage: "", errorCode: 0 });
      expect((await h.call("POST", "/V4/UserGroup", { name: "next" })).body.id).toBe(21);
      await expect(h.control.service("seed", { userGroups: [{ id: 30, company: { id: 99 } }] })).rejects.toThrow(/company 99/);
    });

    it("delete-group removes a group; state lists groups and the directory; reset restores the seed", async () => {
      expect(await h.control.service("delete-group", { id: 3 })).toEqual({ deleted: true });
      expect(await h.control.service("delete-group", { id: 3 })).toEqual({ deleted: false });
      expect((await h.call("GET", "/V4/UserGroup/3")).status).toBe(404);
      const state = await h.control.service<any>("state");
      expect(state.userGroups.map((g: UserGroup) => g.id)).toEqual([1, 4]);
      expect(state.directory.users).toHaveLength(8);
      expect(state.directory.externalGroups.map((g: { name: string }) => g.name)).toEqual([
        "CORP\\ops-admins",
        "CORP\\backup-operators",
        "CORP\\auditors",
      ]);
      expect(state.directory.plans.map((p: { id: number }) => p.id)).toEqual([201, 202, 203]);
      expect(state.directory.companies.map((c: { name: string }) => c.name)).toEqual(["CommCell", "Acme Tenant"]);
      await h.control.reset();
      expect((await h.call("GET", "/V4/UserGroup/3")).status).toBe(200);
    });
  });

  describe("faults", () => {
    it("errorCode: answers 200 with the errorCode and does not apply the operation", async () => {
      await h.control.faults([{ kind: "errorCode", errorCode: 587, message: "Failed to update user group", match: { operation: "UpdateUserGroup" } }]);
      const res = await h.call("PUT", "/V4/UserGroup/3", { newDescription: "should not land" });
      expect(res).toMatchObject({ status: 200, body: { errorCode: 587, errorMessage: "Failed to update user group" } });
      expect((await h.call("GET", "/V4/UserGroup/3")).body.description).not.toBe("should not land");

      await h.control.faults([{ kind: "errorCode", match: { operation: "CreateUserGroup" } }]);
      const created = await h.call("POST", "/V4/UserGroup", { name: "never" });
      expect(created.body).toEqual({ errorCode: CommvaultErrorCode.injected, errorMessage: INJECTED_ERROR_MESSAGE });
      expect((await h.call("GET", "/V4/UserGroup")).body.userGroups).toHaveLength(3);
      const log = await h.control.log();
      expect(log.at(-2)).toMatchObject({ operation: "CreateUserGroup", fault: "errorCode", error: "2" });
    });

    it("core faults answer in the Commvault error shape; an unknown route gets the web server's HTML 404, unlike an unknown group", async () => {
      await h.control.faults([
        { kind: "error5xx", status: 503, match: { operation: "GetUserGroup" } },
        { kind: "error5xx", match: { operation: "GetUserGroup" } },
        { kind: "rateLimit", retryAfterSeconds: 3, match: { operation: "GetUserGroup" } },
      ]);
      expect(await h.call("GET", "/V4/UserGroup/1")).toMatchObject({ status: 503, body: { errorCode: CommvaultErrorCode.unavailable } });
      expect(await h.call("GET", "/V4/UserGroup/1")).toMatchObject({ status: 500, body: { errorCode: CommvaultErrorCode.internal } });
      const limited = await h.call("GET", "/V4/UserGroup/1");
      expect(limited).toMatchObject({ status: 429, body: { errorCode: CommvaultErrorCode.rateLimited } });
      expect(limited.headers.get("retry-after")).toBe("3");
      expect((await h.call("GET", "/V4/UserGroup/1")).status).toBe(200);
      const unknown = await h.call("GET", "/V4/Users");
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get("content-type")).toMatch(/^text\/html/);
      expect(unknown.body).toMatch(/^<!doctype html>.*HTTP Status 404/);
      // Outside the base path too (a mistyped commvault:url), and before any token check.
      const outside = await fetch(h.url.replace(/\/commandcenter\/api$/, "/commandcenter/apix/V4/UserGroup/1"));
      expect([outside.status, outside.headers.get("content-type")]).toEqual([404, "text/html;charset=utf-8"]);
      // An unknown group on a known route: Commvault's own JSON answer.
      const group = await h.call("GET", "/V4/UserGroup/999999");
      expect(group).toMatchObject({ status: 404, body: { errorCode: CommvaultErrorCode.notFound, errorMessage: GROUP_NOT_FOUND_MESSAGE } });
    });
  });
});
