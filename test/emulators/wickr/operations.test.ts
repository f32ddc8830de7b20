// The Wickr emulator's operations: success shapes, not-found answers, ids, idempotency,
// deletion of the default group and pagination.
import {
  CREATE_SETTING_NAMES,
  DEFAULT_GROUP_ID,
  DEFAULT_NETWORK_ID,
  DEFAULT_SECURITY_GROUP_SETTINGS,
  SSO_DEFAULT_GROUP_ID,
  SSO_DEFAULT_SETTINGS_EXTRA,
  SSO_NETWORK_ID,
} from "../../../emulators/wickr";
import { answered, fieldsOf, groupPath, groupsPath, startWickr, WickrHarness } from "./helpers";

/** Every setting a group reports by default (the service returns every member: variant ssoMembers "always"). */
const REPORTED_DEFAULTS = { ...DEFAULT_SECURITY_GROUP_SETTINGS, ...SSO_DEFAULT_SETTINGS_EXTRA };

let h: WickrHarness;
beforeAll(async () => {
  h = await startWickr();
});
afterAll(() => h.emulator.close());
beforeEach(() => h.control.reset());

const GROUP_KEYS = ["activeMembers", "botMembers", "id", "isDefault", "modified", "name", "securityGroupSettings"];

describe("CreateSecurityGroup", () => {
  it("creates a group with the defaults overlaid with the sent settings; the answer carries only the create settings (variant createAnswer)", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), {
      name: "engineering",
      securityGroupSettings: { federationMode: 1, lockoutThreshold: 12 },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const group = res.body.securityGroup;
    expect(Object.keys(group).sort()).toEqual(GROUP_KEYS);
    expect(group.id).toMatch(/^[a-z0-9]{8}$/);
    expect(group).toMatchObject({ name: "engineering", isDefault: false, activeMembers: 0, botMembers: 0 });
    expect(group.modified).toBeGreaterThanOrEqual(before);
    expect(group.modified).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const full = { ...REPORTED_DEFAULTS, federationMode: 1, lockoutThreshold: 12 } as Record<string, unknown>;
    expect(group.securityGroupSettings).toEqual(Object.fromEntries(CREATE_SETTING_NAMES.map((k) => [k, full[k]])));

    const get = await h.client.get(groupPath(DEFAULT_NETWORK_ID, group.id));
    expect(get.body).toEqual({ securityGroup: { ...group, securityGroupSettings: answered(full) } });
    expect(Object.keys(get.body.securityGroup.securityGroupSettings)).toHaveLength(36);
    const log = await h.control.log();
    expect(log.map((e) => e.operation)).toEqual(["CreateSecurityGroup", "GetSecurityGroup"]);
  });

  it("gives groups in an SSO network the SSO defaults", async () => {
    const res = await h.client.post(groupsPath(SSO_NETWORK_ID), { name: "sso", securityGroupSettings: {} });
    expect(res.status).toBe(200);
    const get = await h.client.get(groupPath(SSO_NETWORK_ID, res.body.securityGroup.id));
    expect(get.body.securityGroup.securityGroupSettings).toEqual(answered({ ...DEFAULT_SECURITY_GROUP_SETTINGS, showMasterRecoveryKey: false, ssoMaxIdleMinutes: 60 }));
  });

  it("returns the same group for a repeated X-Client-Token and creates nothing", async () => {
    const headers = { "x-client-token": "token-1:abc_DEF" };
    const first = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "once", securityGroupSettings: {} }, { headers });
    const second = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "once", securityGroupSettings: {} }, { headers });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const other = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "once", securityGroupSettings: {} }, {
      headers: { "x-client-token": "token-2" },
    });
    expect(other.body.securityGroup.id).not.toBe(first.body.securityGroup.id);
    const list = await h.client.get(groupsPath(DEFAULT_NETWORK_ID));
    expect(list.body.securityGroups).toHaveLength(3);
    // The same token in another network is another create.
    const sso = await h.client.post(groupsPath(SSO_NETWORK_ID), { name: "once", securityGroupSettings: {} }, { headers });
    expect(sso.body.securityGroup.id).not.toBe(first.body.securityGroup.id);
  });

  it("forgets a deleted group's token, or answers its creation again when tokens are remembered", async () => {
    const headers = { "x-client-token": "token-of-a-deleted-group" };
    const create = () => h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "short-lived", securityGroupSettings: {} }, { headers });
    const first = (await create()).body.securityGroup;
    await h.client.delete(groupPath(DEFAULT_NETWORK_ID, first.id));
    const fresh = (await create()).body.securityGroup;
    expect(fresh.id).not.toBe(first.id);

    await h.control.service("client-tokens", { retention: "remembered" });
    await h.client.delete(groupPath(DEFAULT_NETWORK_ID, fresh.id));
    const replayed = await create();
    expect(replayed.status).toBe(200);
    expect(replayed.body.securityGroup).toEqual(fresh); // the creation's answer, group gone
    expect((await h.client.get(groupPath(DEFAULT_NETWORK_ID, fresh.id))).status).toBe(404);
    expect((await h.client.get(groupsPath(DEFAULT_NETWORK_ID))).body.securityGroups).toHaveLength(1);
    await expect(h.control.service("client-tokens", { retention: "forever" })).rejects.toThrow(/400/);
  });

  it.each([
    ["empty", ""],
    ["too long", "a".repeat(65)],
    ["bad characters", "tok en!"],
  ])("refuses a client token that is %s", async (_label, token) => {
    const res = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "x", securityGroupSettings: {} }, {
      headers: { "x-client-token": token },
    });
    expect(res.status).toBe(422);
    expect(fieldsOf(res)).toEqual(["clientToken"]);
  });

  it("requires a non-empty name and the settings member", async () => {
    const empty = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "", securityGroupSettings: {} });
    expect(empty.status).toBe(422);
    expect(empty.headers.get("x-amzn-errortype")).toBe("ValidationError");
    expect(empty.body.reasons).toEqual([{ field: "name", reason: "name is required" }]);
    const missing = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), {});
    expect(fieldsOf(missing).sort()).toEqual(["name", "securityGroupSettings"]);
    const extra = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "x", securityGroupSettings: {}, isDefault: true });
    expect(fieldsOf(extra)).toEqual(["isDefault"]);
  });

  it("refuses settings that CreateSecurityGroup does not take, naming each", async () => {
    const res = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), {
      name: "x",
      securityGroupSettings: { lockoutThreshold: 9, enableAtak: true, calling: { canStart11Call: true }, bogus: 1 },
    });
    expect(res.status).toBe(422);
    expect(fieldsOf(res)).toEqual([
      "securityGroupSettings.enableAtak",
      "securityGroupSettings.calling",
      "securityGroupSettings.bogus",
    ]);
    expect(res.body.reasons[0].reason).toMatch(/not a member of SecurityGroupSettingsRequest/);
    const list = await h.client.get(groupsPath(DEFAULT_NETWORK_ID));
    expect(list.body.securityGroups).toHaveLength(1);
  });

  it("checks the cross-field rules on create", async () => {
    const res = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), {
      name: "x",
      securityGroupSettings: { enableGuestFederation: true, permittedNetworks: ["11112222"] },
    });
    expect(res.status).toBe(422);
    expect(fieldsOf(res).sort()).toEqual([
      "securityGroupSettings.enableGuestFederation",
      "securityGroupSettings.permittedNetworks",
    ]);
    const ok = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), {
      name: "fed",
      securityGroupSettings: {
        federationMode: 2,
        permittedNetworks: ["11112222"],
        globalFederation: true,
        enableGuestFederation: true,
        enableRestrictedGlobalFederation: true,
        permittedWickrAwsNetworks: [{ region: "us-west-2", networkId: "22223333" }],
        permittedWickrEnterpriseNetworks: [{ domain: "wickr.example.com", networkId: "33334444" }],
      },
    });
    expect(ok.status).toBe(200); // enableGuestFederation is PREMIUM-only by the pricing page only (variant premiumOnly)
    expect(ok.body.securityGroup.securityGroupSettings.permittedWickrEnterpriseNetworks).toEqual([
      { domain: "wickr.example.com", networkId: "33334444" },
    ]);
  });

  it("answers 404 for an unknown network", async () => {
    const res = await h.client.post(groupsPath("99999999"), { name: "x", securityGroupSettings: {} });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundError");
    expect(res.body).toEqual({ message: "Network not found" });
  });
});

describe("GetSecurityGroup", () => {
  it("returns the seeded default group", async () => {
    const res = await h.client.get(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID));
    expect(res.status).toBe(200);
    expect(res.body.securityGroup).toMatchObject({
      id: DEFAULT_GROUP_ID,
      name: "default",
      isDefault: true,
      activeMembers: 50,
      botMembers: 5,
      securityGroupSettings: answered(REPORTED_DEFAULTS),
    });
  });

  it("answers 404 Security group not found", async () => {
    const res = await h.client.get(groupPath(DEFAULT_NETWORK_ID, "nope0000"));
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundError");
    expect(res.body).toEqual({ message: "Security group not found" });
  });

  it.each(["1234567", "123456789", "abcdefgh"])("refuses networkId %s with 422", async (networkId) => {
    const res = await h.client.get(groupPath(networkId, DEFAULT_GROUP_ID));
    expect(res.status).toBe(422);
    expect(res.body.reasons).toEqual([{ field: "networkId", reason: "networkId must be exactly 8 digits" }]);
  });
});

describe("UpdateSecurityGroup", () => {
  it("renames and changes settings, returning the whole group", async () => {
    const res = await h.client.patch(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID), {
      name: "Updated Group Name",
      securityGroupSettings: { lockoutThreshold: 15, enableAtak: true, atakPackageValues: ["pkg"] },
    });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.securityGroup).sort()).toEqual(GROUP_KEYS);
    expect(res.body.securityGroup).toMatchObject({
      id: DEFAULT_GROUP_ID,
      name: "Updated Group Name",
      isDefault: true,
      activeMembers: 50,
      securityGroupSettings: answered({ ...REPORTED_DEFAULTS, lockoutThreshold: 15, enableAtak: true, atakPackageValues: ["pkg"] }),
    });
  });

  it("refuses an empty body (402 ParameterUnchanged: it changes nothing) and an empty name", async () => {
    const empty = await h.client.patch(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID), {});
    expect(empty.status).toBe(402);
    expect(empty.body.message).toBe("ParameterUnchanged");
    const res = await h.client.patch(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID), { name: "  " });
    expect(res.status).toBe(422);
    expect(fieldsOf(res)).toEqual(["name"]);
  });

  it("answers 404 for an unknown group", async () => {
    const res = await h.client.patch(groupPath(DEFAULT_NETWORK_ID, "nope0000"), { name: "x" });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: "Security group not found" });
  });
});

describe("DeleteSecurityGroup", () => {
  it("deletes a group and answers success", async () => {
    const created = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "temp", securityGroupSettings: {} });
    const id = created.body.securityGroup.id;
    const res = await h.client.delete(groupPath(DEFAULT_NETWORK_ID, id));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: "success", networkId: DEFAULT_NETWORK_ID, groupId: id });
    expect((await h.client.get(groupPath(DEFAULT_NETWORK_ID, id))).status).toBe(404);
    expect((await h.client.delete(groupPath(DEFAULT_NETWORK_ID, id))).status).toBe(404);
  });

  it("refuses to delete the default group", async () => {
    const res = await h.client.delete(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID));
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("BadRequestError");
    expect(res.body).toEqual({ message: "The default security group cannot be deleted" });
    expect((await h.client.get(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID))).status).toBe(200);
  });
});

describe("ListSecurityGroups", () => {
  beforeEach(async () => {
    const groups = Array.from({ length: 24 }, (_, i) => ({ id: `grp${String(i).padStart(5, "0")}`, name: `team ${String.fromCharCode(120 - i)}` }));
    await h.control.service("seed", { networks: [{ networkId: "55556666", groups }] });
  });

  it("pages 25 groups by 10 with an opaque token, DESC by id by default", async () => {
    const ids: string[] = [];
    let nextToken: string | undefined;
    const sizes: number[] = [];
    do {
      const query: Record<string, string> = { maxResults: "10" };
      if (nextToken) query.nextToken = nextToken;
      const res = await h.client.get(groupsPath("55556666"), { query });
      expect(res.status).toBe(200);
      sizes.push(res.body.securityGroups.length);
      ids.push(...res.body.securityGroups.map((g: { id: string }) => g.id));
      nextToken = res.body.nextToken;
      if (nextToken !== undefined) expect(() => JSON.parse(Buffer.from(nextToken!, "base64").toString())).not.toThrow();
    } while (nextToken);
    expect(sizes).toEqual([10, 10, 5]);
    expect(new Set(ids).size).toBe(25);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it("defaults to 10 results and sorts by name ASC on request", async () => {
    const first = await h.client.get(groupsPath("55556666"));
    expect(first.body.securityGroups).toHaveLength(10);
    expect(first.body.nextToken).toBeDefined();
    const byName = await h.client.get(groupsPath("55556666"), { query: { sortFields: "name", sortDirection: "ASC", maxResults: "100" } });
    const names = byName.body.securityGroups.map((g: { name: string }) => g.name);
    expect(names).toHaveLength(25);
    expect(names).toEqual([...names].sort());
    expect(byName.body.nextToken).toBeUndefined();
  });

  it.each([
    [{ maxResults: "0" }, "maxResults"],
    [{ maxResults: "101" }, "maxResults"],
    [{ maxResults: "ten" }, "maxResults"],
    [{ sortFields: "modified" }, "sortFields"],
    [{ sortDirection: "UP" }, "sortDirection"],
  ])("refuses %j with ValidationError", async (query, field) => {
    const res = await h.client.get(groupsPath("55556666"), { query });
    expect(res.status).toBe(422);
    expect(fieldsOf(res)).toEqual([field]);
  });

  it("refuses a token it did not issue with BadRequestError", async () => {
    for (const nextToken of ["not-a-token", Buffer.from('{"offset":-1}').toString("base64")]) {
      const res = await h.client.get(groupsPath("55556666"), { query: { nextToken } });
      expect(res.status).toBe(400);
      expect(res.headers.get("x-amzn-errortype")).toBe("BadRequestError");
    }
  });
});

describe("networks", () => {
  it("GetNetwork returns the Network shape", async () => {
    const res = await h.client.get(`/networks/${DEFAULT_NETWORK_ID}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      networkId: DEFAULT_NETWORK_ID,
      networkName: "emulator-network",
      accessLevel: "STANDARD",
      awsAccountId: "123456789012",
      networkArn: `arn:aws:wickr:us-east-1:123456789012:network/${DEFAULT_NETWORK_ID}`,
      standing: 0,
      migrationState: 0,
    });
    const missing = await h.client.get("/networks/99999999");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: "Network not found" });
  });

  it("ListNetworks lists and pages the networks", async () => {
    const res = await h.client.get("/networks");
    expect(res.status).toBe(200);
    expect(res.body.networks.map((n: { networkId: string }) => n.networkId)).toEqual([SSO_NETWORK_ID, DEFAULT_NETWORK_ID]);
    expect(res.body.networks[0]).toMatchObject({ networkName: "emulator-sso-network", accessLevel: "PREMIUM" });
    const page1 = await h.client.get("/networks", { query: { maxResults: "1", sortDirection: "ASC" } });
    expect(page1.body.networks.map((n: { networkId: string }) => n.networkId)).toEqual([DEFAULT_NETWORK_ID]);
    const page2 = await h.client.get("/networks", { query: { maxResults: "1", sortDirection: "ASC", nextToken: page1.body.nextToken } });
    expect(page2.body.networks.map((n: { networkId: string }) => n.networkId)).toEqual([SSO_NETWORK_ID]);
    expect(page2.body.nextToken).toBeUndefined();
  });

  it("the SSO network has its own default group", async () => {
    const res = await h.client.get(groupsPath(SSO_NETWORK_ID));
    expect(res.body.securityGroups).toHaveLength(1);
    expect(res.body.securityGroups[0]).toMatchObject({ id: SSO_DEFAULT_GROUP_ID, isDefault: true, name: "default" });
  });
});

describe("protocol edges", () => {
  it("answers an unknown route as an AWS front door does (404 UnknownOperationException, not the service's ResourceNotFoundError) and bad JSON with BadRequestError", async () => {
    const unknown = await h.client.get("/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
    const bad = await h.client.call("POST", groupsPath(DEFAULT_NETWORK_ID), { rawBody: "{not json" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-amzn-errortype")).toBe("BadRequestError");
    const notObject = await h.client.post(groupsPath(DEFAULT_NETWORK_ID), [1, 2]);
    expect(notObject.status).toBe(422);
  });
});
