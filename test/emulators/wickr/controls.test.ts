// The Wickr emulator's test controls (seed, drift, delete-group, state, reset) and the core's
// faults and rate limit answered in Wickr's error shapes.
import type { SecurityGroup } from "../../../emulators/wickr";
import {
  DEFAULT_GROUP_ID,
  DEFAULT_NETWORK_ID,
  WICKR_OTHER_ACCOUNT_CREDENTIALS,
  DEFAULT_SECURITY_GROUP_SETTINGS,
  SSO_DEFAULT_GROUP_ID,
  SSO_DEFAULT_SETTINGS_EXTRA,
  SSO_NETWORK_ID,
} from "../../../emulators/wickr";
import { answered, groupPath, groupsPath, startWickr, WickrHarness } from "./helpers";

let h: WickrHarness;
beforeAll(async () => {
  h = await startWickr();
});
afterAll(() => h.emulator.close());
beforeEach(() => h.control.reset());

const path = groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID);

describe("faults", () => {
  it("error5xx → InternalServerError 500, logged", async () => {
    await h.control.faults([{ kind: "error5xx", match: { operation: "GetSecurityGroup" } }]);
    const res = await h.client.get(path);
    expect(res.status).toBe(500);
    expect(res.headers.get("x-amzn-errortype")).toBe("InternalServerError");
    expect(res.body).toEqual({ message: "Injected server error" });
    expect((await h.client.get(path)).status).toBe(200);
    const log = await h.control.log();
    expect(log[0]).toMatchObject({ operation: "GetSecurityGroup", status: 500, fault: "error5xx", error: "InternalServerError" });
    expect(log[1]).toMatchObject({ operation: "GetSecurityGroup", status: 200 });
    expect(log[1].fault).toBeUndefined();
  });

  it("error5xx with status 503 → InternalServerError 503", async () => {
    await h.control.faults([{ kind: "error5xx", status: 503 }]);
    const res = await h.client.get(path);
    expect(res.status).toBe(503);
    expect(res.headers.get("x-amzn-errortype")).toBe("InternalServerError");
  });

  it("rateLimit → RateLimitError 429 with Retry-After, logged", async () => {
    await h.control.faults([{ kind: "rateLimit", retryAfterSeconds: 7, match: { method: "PATCH" } }]);
    expect((await h.client.get(path)).status).toBe(200);
    const res = await h.client.patch(path, { name: "x" });
    expect(res.status).toBe(429);
    expect(res.headers.get("x-amzn-errortype")).toBe("RateLimitError");
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.body).toEqual({ message: "Too many requests sent" });
    const log = await h.control.log();
    expect(log[1]).toMatchObject({ operation: "UpdateSecurityGroup", status: 429, fault: "rateLimit", error: "RateLimitError" });
    expect((await h.client.get(path)).body.securityGroup.name).toBe("default");
  });

  it("drop → the connection closes without an answer, logged", async () => {
    await h.control.faults([{ kind: "drop", match: { operation: "DeleteSecurityGroup" } }]);
    await expect(h.client.delete(groupPath(DEFAULT_NETWORK_ID, "whatever"))).rejects.toThrow();
    const log = await h.control.log();
    expect(log[0]).toMatchObject({ operation: "DeleteSecurityGroup", status: -1, fault: "drop" });
  });

  it("the rate-limit control answers RateLimitError with Retry-After", async () => {
    await h.control.rateLimit(1);
    const results = [await h.client.get(path), await h.client.get(path)];
    const limited = results.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    expect(limited!.headers.get("x-amzn-errortype")).toBe("RateLimitError");
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});

describe("faults a provider must not read as \"gone\" (issue 19)", () => {
  it("html404 → a web server's 404 page (HTML, no error type), logged", async () => {
    await h.control.faults([{ kind: "html404", match: { operation: "GetSecurityGroup" } }]);
    const res = await h.client.get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("x-amzn-errortype")).toBeNull();
    expect(res.text).toContain("<h1>Not Found</h1>");
    expect((await h.control.log())[0]).toMatchObject({ operation: "GetSecurityGroup", status: 404, fault: "html404" });
  });

  it("unknownOperation → 404 UnknownOperationException, as a path no operation serves gets", async () => {
    await h.control.faults([{ kind: "unknownOperation", probability: 1 }]);
    const res = await h.client.delete(path);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    await h.control.clearFaults();
    const unrouted = await h.client.get("/v2/nothing-here");
    expect([unrouted.status, unrouted.headers.get("x-amzn-errortype")]).toEqual([404, "UnknownOperationException"]);
  });

  it("otherAccount, and the other account's key pair: ListNetworks lists nothing, everything else is 403 AccessDeniedException", async () => {
    await h.control.faults([{ kind: "otherAccount", probability: 1 }]);
    for (const credentials of [undefined, WICKR_OTHER_ACCOUNT_CREDENTIALS]) {
      const list = await h.client.get("/networks", { credentials });
      expect([list.status, list.body]).toEqual([200, { networks: [] }]);
      const read = await h.client.get(path, { credentials });
      expect(read.status).toBe(403);
      expect(read.headers.get("x-amzn-errortype")).toBe("AccessDeniedException");
      expect(read.body.message).toBe(
        `User: arn:aws:iam::210987654321:user/emulator-other is not authorized to perform: wickr:GetSecurityGroup on resource: arn:aws:wickr:us-east-1:123456789012:network/${DEFAULT_NETWORK_ID}`,
      );
      const network = await h.client.get(`/networks/${DEFAULT_NETWORK_ID}`, { credentials });
      expect(network.status).toBe(403);
      await h.control.clearFaults();
    }
    // The account's own key pair sees its networks as before.
    expect((await h.client.get(path)).status).toBe(200);
  });
});

describe("read-lag", () => {
  it("hides a created group from GetSecurityGroup (404 ResourceNotFoundError) and ListSecurityGroups for ms, then shows it", async () => {
    expect(await h.control.service("read-lag", { ms: 400 })).toEqual({ ms: 400 });
    const made = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "late", securityGroupSettings: {} }, { headers: { "x-client-token": "lag-1" } });
    expect(made.status).toBe(200);
    const id = made.body.securityGroup.id;
    const early = await h.client.get(groupPath(DEFAULT_NETWORK_ID, id));
    expect([early.status, early.headers.get("x-amzn-errortype")]).toEqual([404, "ResourceNotFoundError"]);
    expect((await h.client.get(groupsPath(DEFAULT_NETWORK_ID))).body.securityGroups.map((g: SecurityGroup) => g.name)).toEqual(["default"]);
    // The same token still answers the group (the service knows it); the state control shows it.
    const again = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "late", securityGroupSettings: {} }, { headers: { "x-client-token": "lag-1" } });
    expect(again.body.securityGroup.id).toBe(id);
    await new Promise((r) => setTimeout(r, 450));
    expect((await h.client.get(groupPath(DEFAULT_NETWORK_ID, id))).status).toBe(200);
    expect((await h.client.get(groupsPath(DEFAULT_NETWORK_ID))).body.securityGroups).toHaveLength(2);
    // Seeded groups never lag; a bad body is refused; reset ends the lag.
    await expect(h.control.service("read-lag", { ms: -1 })).rejects.toThrow(/ms must be an integer >= 0/);
  });
});

describe("drift", () => {
  it("changes a group as the console would, merging settings (nested ones member by member), bypassing SigV4", async () => {
    const before = (await h.client.get(path)).body.securityGroup as SecurityGroup;
    const drifted = await h.control.service<SecurityGroup>("drift", {
      networkId: DEFAULT_NETWORK_ID,
      groupId: DEFAULT_GROUP_ID,
      name: "console-renamed",
      securityGroupSettings: { maxBor: 120, calling: { canStart11Call: false, canVideoCall: false } },
    });
    expect(drifted).toMatchObject({ id: DEFAULT_GROUP_ID, name: "console-renamed", isDefault: true });
    expect(drifted.modified).toBeGreaterThanOrEqual(before.modified);
    const settings = { ...DEFAULT_SECURITY_GROUP_SETTINGS, ...SSO_DEFAULT_SETTINGS_EXTRA, maxBor: 120, calling: { ...DEFAULT_SECURITY_GROUP_SETTINGS.calling, canStart11Call: false, canVideoCall: false } };
    expect(drifted.securityGroupSettings).toEqual(settings);
    expect((await h.client.get(path)).body.securityGroup).toEqual({ ...drifted, securityGroupSettings: answered(settings) });
    // Controls are not service requests: only the GETs are logged.
    expect((await h.control.log()).map((e) => e.operation)).toEqual(["GetSecurityGroup", "GetSecurityGroup"]);
  });

  it("refuses a drift that breaks a rule or names an unknown group", async () => {
    await expect(
      h.control.service("drift", { networkId: DEFAULT_NETWORK_ID, groupId: DEFAULT_GROUP_ID, securityGroupSettings: { forceOpenAccess: true } }),
    ).rejects.toThrow(/400 .*securityGroupSettings\.forceOpenAccess/);
    await expect(h.control.service("drift", { networkId: DEFAULT_NETWORK_ID, groupId: "nope0000", name: "x" })).rejects.toThrow(
      /Security group not found/,
    );
    await expect(h.control.service("drift", { networkId: DEFAULT_NETWORK_ID, groupId: DEFAULT_GROUP_ID, bogus: 1 })).rejects.toThrow(/bogus/);
  });
});

describe("delete-group", () => {
  it("deletes a non-default group and refuses the default one", async () => {
    const created = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "gone", securityGroupSettings: {} });
    const id = created.body.securityGroup.id;
    expect(await h.control.service("delete-group", { networkId: DEFAULT_NETWORK_ID, groupId: id })).toEqual({
      message: "success",
      networkId: DEFAULT_NETWORK_ID,
      groupId: id,
    });
    expect((await h.client.get(groupPath(DEFAULT_NETWORK_ID, id))).status).toBe(404);
    await expect(h.control.service("delete-group", { networkId: DEFAULT_NETWORK_ID, groupId: DEFAULT_GROUP_ID })).rejects.toThrow(
      /default security group cannot be deleted/,
    );
  });
});

describe("seed and state", () => {
  it("adds a network; one without a default group gets one", async () => {
    const seeded = await h.control.service<{ networks: any[] }>("seed", {
      networks: [
        {
          networkId: "11112222",
          networkName: "seeded",
          ssoEnabled: true,
          accessLevel: "PREMIUM",
          groups: [{ id: "ops00001", name: "ops", activeMembers: 3, securityGroupSettings: { ssoMaxIdleMinutes: 15, maxBor: 9 } }],
        },
      ],
    });
    expect(seeded.networks).toHaveLength(1);
    const groups = seeded.networks[0].groups as SecurityGroup[];
    expect(groups.filter((g) => g.isDefault)).toHaveLength(1);
    expect(groups.find((g) => g.id === "ops00001")).toMatchObject({
      name: "ops",
      activeMembers: 3,
      botMembers: 0,
      isDefault: false,
      securityGroupSettings: { ...DEFAULT_SECURITY_GROUP_SETTINGS, showMasterRecoveryKey: false, ssoMaxIdleMinutes: 15, maxBor: 9 },
    });
    const network = await h.client.get("/networks/11112222");
    expect(network.body).toMatchObject({ networkId: "11112222", networkName: "seeded", accessLevel: "PREMIUM" });
    const state = await h.control.service<{ networks: any[] }>("state");
    expect(state.networks.map((n) => [n.networkId, n.ssoEnabled])).toEqual([
      [DEFAULT_NETWORK_ID, false],
      [SSO_NETWORK_ID, true],
      ["11112222", true],
    ]);
    expect(state.networks[1].groups.map((g: SecurityGroup) => g.id)).toEqual([SSO_DEFAULT_GROUP_ID]);
  });

  it("replaces an existing network", async () => {
    await h.control.service("seed", { networks: [{ networkId: DEFAULT_NETWORK_ID, groups: [{ id: "only0001", name: "main", isDefault: true }] }] });
    const list = await h.client.get(groupsPath(DEFAULT_NETWORK_ID));
    expect(list.body.securityGroups.map((g: SecurityGroup) => g.id)).toEqual(["only0001"]);
  });

  it("refuses a bad seed and changes nothing", async () => {
    const bad = [
      { networks: [{ networkId: "123" }] },
      { networks: [{ networkId: "11112222", groups: [{ name: "a", isDefault: true }, { name: "b", isDefault: true }] }] },
      { networks: [{ networkId: "11112222", groups: [{ name: "a", securityGroupSettings: { forceOpenAccess: true } }] }] },
      { networks: [{ networkId: "11112222", groups: [{ name: "a", securityGroupSettings: { maxBor: "1" } }] }] },
      { networks: [{ networkId: "22223333" }, { networkId: "11112222", groups: [{ id: "x", name: "a" }, { id: "x", name: "b" }] }] },
      { nothing: true },
    ];
    for (const body of bad) await expect(h.control.service("seed", body)).rejects.toThrow(/400/);
    const state = await h.control.service<{ networks: any[] }>("state");
    expect(state.networks.map((n) => n.networkId)).toEqual([DEFAULT_NETWORK_ID, SSO_NETWORK_ID]);
  });
});

describe("reset", () => {
  it("restores the two networks, forgets client tokens, clears the log and faults", async () => {
    const headers = { "x-client-token": "reset-token" };
    const first = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "a", securityGroupSettings: {} }, { headers });
    await h.client.patch(path, { name: "changed" });
    await h.control.service("seed", { networks: [{ networkId: "11112222" }] });
    await h.control.faults([{ kind: "error5xx", count: 5, match: { operation: "ListNetworks" } }]);
    await h.control.reset();
    expect(await h.control.log()).toEqual([]);
    expect((await h.client.get(path)).body.securityGroup).toMatchObject({ name: "default", activeMembers: 50, botMembers: 5 });
    const networks = await h.client.get("/networks");
    expect(networks.status).toBe(200);
    expect(networks.body.networks).toHaveLength(2);
    const again = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "a", securityGroupSettings: {} }, { headers });
    expect(again.body.securityGroup.id).not.toBe(first.body.securityGroup.id);
    expect((await h.client.get(groupsPath(DEFAULT_NETWORK_ID))).body.securityGroups).toHaveLength(2);
  });
});
