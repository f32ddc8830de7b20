// The Wickr emulator plays the live service as the field evidence describes it
// (/work/shared/reference/wickr-field-evidence.md; README, "Choices"), in its default
// variant and in each other reading where the evidence leaves a choice open.
import { DEFAULT_GROUP_ID, DEFAULT_NETWORK_ID, DEFAULT_VARIANT, MAX_GROUPS_PER_NETWORK, SSO_DEFAULT_GROUP_ID, SSO_NETWORK_ID } from "../../../emulators/wickr";
import { fieldsOf, groupPath, groupsPath, startWickr, WickrHarness } from "./helpers";

let h: WickrHarness;
beforeAll(async () => {
  h = await startWickr();
});
afterAll(() => h.emulator.close());
beforeEach(() => h.control.reset());

const PREMIUM = SSO_NETWORK_ID; // the seeded SSO network is PREMIUM
const get = async (networkId = DEFAULT_NETWORK_ID, groupId = DEFAULT_GROUP_ID) => (await h.client.get(groupPath(networkId, groupId))).body.securityGroup;
const update = (settings: unknown, networkId = DEFAULT_NETWORK_ID, groupId = DEFAULT_GROUP_ID) =>
  h.client.patch(groupPath(networkId, groupId), { securityGroupSettings: settings });
const create = (settings: unknown, networkId = DEFAULT_NETWORK_ID, name = "g") => h.client.post(groupsPath(networkId), { name, securityGroupSettings: settings });

describe("updates (evidence 2)", () => {
  it("an update that changes nothing is refused with 402 ParameterUnchanged and changes nothing", async () => {
    const before = await get();
    const res = await update({ maxBor: before.securityGroupSettings.maxBor });
    expect(res.status).toBe(402);
    expect(res.body.message).toBe("ParameterUnchanged");
    expect(await get()).toEqual(before);
    // One changed member among unchanged ones passes in the default variant...
    expect((await update({ maxBor: 5, maxTtl: before.securityGroupSettings.maxTtl })).status).toBe(200);
    // ...and not when the service refuses any unchanged member (variant unchanged "any").
    await h.control.service("variant", { unchanged: "any" });
    expect((await update({ maxBor: 6, maxTtl: before.securityGroupSettings.maxTtl })).status).toBe(402);
    expect((await update({ maxBor: 6 })).status).toBe(200);
  });

  it("a null anywhere is refused with 402 invalid options or data", async () => {
    for (const settings of [{ maxBor: null }, { CALLING: { canVideoCall: null } }, { quickResponses: ["a", null] }]) {
      const res = await update(settings);
      expect(res.status).toBe(402);
      expect(res.body.message).toMatch(/^This request contains invalid options or data/);
    }
  });

  it("passwordRequirements needs regex, shredder needs canProcessInBackground; both are reported", async () => {
    const settings = (await get()).securityGroupSettings;
    expect(settings.passwordRequirements).toHaveProperty("regex");
    expect(settings.shredder).toHaveProperty("canProcessInBackground");
    expect((await update({ passwordRequirements: { minLength: 10 } })).status).toBe(402);
    expect((await update({ shredder: { intensity: 60 } })).status).toBe(402);
    expect((await update({ passwordRequirements: { ...settings.passwordRequirements, minLength: 10 } })).status).toBe(200);
    expect((await update({ shredder: { ...settings.shredder, intensity: 60 } })).status).toBe(200);
  });

  it("calling comes back under CALLING with 7 members, and an update takes that key (default variant)", async () => {
    const settings = (await get()).securityGroupSettings;
    expect(settings).not.toHaveProperty("calling");
    expect(Object.keys(settings.CALLING).sort()).toEqual(
      ["canAddtoCall", "canStart11Call", "canStartGroupCall", "canStartRoomCall", "canStartScreenShare", "canVideoCall", "forceTcpCall"].sort(),
    );
    const lower = await update({ calling: { ...settings.CALLING, forceTcpCall: true } });
    expect(lower.status).toBe(422);
    expect(lower.body.reasons[0].reason).toMatch(/go under CALLING/);
    expect((await update({ CALLING: { ...settings.CALLING, forceTcpCall: true } })).status).toBe(200);
    expect((await get()).securityGroupSettings.CALLING.forceTcpCall).toBe(true);
  });

  it.each([
    ["both", ["calling", "CALLING"], ["calling", "CALLING"]],
    ["calling", ["calling"], ["calling"]],
  ] as const)("callingKey %s: answers carry %j, an update takes %j", async (callingKey, answers, takes) => {
    await h.control.service("variant", { callingKey });
    const settings = (await get()).securityGroupSettings;
    expect(["calling", "CALLING"].filter((k) => k in settings)).toEqual(answers);
    const calling = settings.calling;
    for (const key of ["calling", "CALLING"]) {
      const res = await update({ [key]: { ...calling, forceTcpCall: !(await get()).securityGroupSettings.calling.forceTcpCall } });
      expect(res.status).toBe((takes as readonly string[]).includes(key) ? 200 : 422);
    }
  });
});

describe("values the service refuses or changes (evidence 3)", () => {
  it("lockoutThreshold below 10 on a STANDARD network: 422 invalid lockoutThreshold setting for network; PREMIUM takes it", async () => {
    const res = await update({ lockoutThreshold: 9 });
    expect(res.status).toBe(422);
    expect(res.body.reasons).toEqual([{ field: "securityGroupSettings.lockoutThreshold", reason: "invalid lockoutThreshold setting for network" }]);
    expect((await create({ lockoutThreshold: 5 })).status).toBe(422);
    expect((await update({ lockoutThreshold: 10 })).status).toBe(402); // the default: unchanged
    expect((await update({ lockoutThreshold: 9, forceDeviceLockout: 3 }, PREMIUM, SSO_DEFAULT_GROUP_ID)).status).toBe(200);
  });

  it("federationMode: 1 for a new group, 0 stored as 1 on STANDARD, kept on PREMIUM", async () => {
    expect((await get()).securityGroupSettings.federationMode).toBe(1);
    const g = await create({ federationMode: 0 });
    expect(g.status).toBe(200);
    expect((await get(DEFAULT_NETWORK_ID, g.body.securityGroup.id)).securityGroupSettings.federationMode).toBe(1);
    expect((await update({ federationMode: 2 })).status).toBe(200);
    expect((await update({ federationMode: 0 })).status).toBe(200);
    expect((await get()).securityGroupSettings.federationMode).toBe(1);
    expect((await update({ federationMode: 0 }, PREMIUM, SSO_DEFAULT_GROUP_ID)).status).toBe(200);
    expect((await get(PREMIUM, SSO_DEFAULT_GROUP_ID)).securityGroupSettings.federationMode).toBe(0);
  });

  it("PREMIUM-only settings on STANDARD: 402 this feature requires a different level plan (observed: alwaysReauthenticate)", async () => {
    const res = await update({ alwaysReauthenticate: true });
    expect(res.status).toBe(402);
    expect(res.body.message).toMatch(/this feature requires a different level plan/);
    expect((await update({ maxBor: 30 })).status).toBe(200);
    expect((await update({ alwaysReauthenticate: true }, PREMIUM, SSO_DEFAULT_GROUP_ID)).status).toBe(200);
    await h.control.service("variant", { premiumOnly: "pricing" });
    expect((await update({ maxBor: 60 })).status).toBe(402);
    expect((await update({ presenceEnabled: false })).status).toBe(200);
    expect((await create({ enableGuestFederation: true, globalFederation: true })).status).toBe(402);
  });

  describe("maxBor / maxTtl at most 3 months on STANDARD, 1 year on PREMIUM (doc; seconds)", () => {
    const DAY = 86400;
    const refused = (name: string) => [{ field: `securityGroupSettings.${name}`, reason: `invalid ${name} setting for network` }];

    it("STANDARD: four months refused with 422 and nothing changed; 90 days taken (variant lifetimeLimits days, the default)", async () => {
      const before = await get();
      for (const name of ["maxTtl", "maxBor"]) {
        const res = await update({ [name]: 120 * DAY });
        expect([name, res.status, res.headers.get("x-amzn-errortype"), res.body.reasons]).toEqual([name, 422, "ValidationError", refused(name)]);
        expect(fieldsOf(await update({ [name]: 90 * DAY + 1 }))).toEqual([`securityGroupSettings.${name}`]);
      }
      expect(await get()).toEqual(before);
      expect((await update({ maxBor: 90 * DAY })).status).toBe(200);
      expect((await update({ maxTtl: 89 * DAY })).status).toBe(200);
      expect((await update({ maxTtl: 90 * DAY })).status).toBe(200);
    });

    it("PREMIUM: two years and a day over a year refused with 422; 365 days taken", async () => {
      for (const value of [730 * DAY, 365 * DAY + 1]) {
        const res = await update({ maxTtl: value }, PREMIUM, SSO_DEFAULT_GROUP_ID);
        expect([value, res.status, res.body.reasons]).toEqual([value, 422, refused("maxTtl")]);
      }
      expect((await update({ maxTtl: 365 * DAY, maxBor: 365 * DAY }, PREMIUM, SSO_DEFAULT_GROUP_ID)).status).toBe(200);
      expect(fieldsOf(await update({ maxBor: 366 * DAY }, PREMIUM, SSO_DEFAULT_GROUP_ID))).toEqual(["securityGroupSettings.maxBor"]);
    });

    it("variant lifetimeLimits calendar: 92 days on STANDARD, 366 on PREMIUM", async () => {
      await h.control.service("variant", { lifetimeLimits: "calendar" });
      expect((await update({ maxTtl: 92 * DAY })).status).toBe(200);
      expect(fieldsOf(await update({ maxTtl: 92 * DAY + 1 }))).toEqual(["securityGroupSettings.maxTtl"]);
      expect((await update({ maxTtl: 366 * DAY }, PREMIUM, SSO_DEFAULT_GROUP_ID)).status).toBe(200);
      expect(fieldsOf(await update({ maxTtl: 366 * DAY + 1 }, PREMIUM, SSO_DEFAULT_GROUP_ID))).toEqual(["securityGroupSettings.maxTtl"]);
    });

    it("variant premiumOnly pricing (the settings fixed on STANDARD): any value is 402 there, and the fixed value obeys 3 months", async () => {
      await h.control.service("variant", { premiumOnly: "pricing" });
      expect((await update({ maxTtl: 30 * DAY })).status).toBe(402);
      expect((await update({ maxTtl: 120 * DAY })).status).toBe(402);
      expect((await get()).securityGroupSettings.maxTtl).toBeLessThanOrEqual(90 * DAY);
    });

    it("every new and default group obeys its plan's limit, in every reading; seeds and console changes beyond it are refused", async () => {
      for (const lifetimeLimits of ["days", "calendar"]) {
        await h.control.reset();
        await h.control.service("variant", { lifetimeLimits });
        const fresh = await create({});
        for (const [networkId, groupId, limit] of [
          [DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID, 90 * DAY],
          [DEFAULT_NETWORK_ID, fresh.body.securityGroup.id, 90 * DAY],
          [PREMIUM, SSO_DEFAULT_GROUP_ID, 365 * DAY],
        ] as const) {
          const s = (await get(networkId, groupId)).securityGroupSettings;
          expect([lifetimeLimits, groupId, s.maxTtl <= limit && s.maxBor <= limit]).toEqual([lifetimeLimits, groupId, true]);
        }
      }
      await expect(h.control.service("seed", { networks: [{ networkId: "44445555", groups: [{ name: "long", securityGroupSettings: { maxTtl: 120 * DAY } }] }] })).rejects.toThrow(
        /groups\[0\]\.securityGroupSettings\.maxTtl: invalid maxTtl setting for network/,
      );
      await h.control.service("seed", { networks: [{ networkId: "44445555", accessLevel: "PREMIUM", groups: [{ name: "long", securityGroupSettings: { maxTtl: 120 * DAY } }] }] });
      await expect(h.control.service("drift", { networkId: DEFAULT_NETWORK_ID, groupId: DEFAULT_GROUP_ID, securityGroupSettings: { maxBor: 120 * DAY } })).rejects.toThrow(/maxBor/);
    });
  });

  it("permittedNetworks needs federationMode 2 (member doc) or 1 (update doc), by variant", async () => {
    expect((await update({ federationMode: 2, permittedNetworks: ["11112222"] })).status).toBe(200);
    await h.control.reset();
    expect(fieldsOf(await update({ federationMode: 2, permittedNetworks: ["11112222"] }, PREMIUM, SSO_DEFAULT_GROUP_ID))).toEqual([]);
    await h.control.service("variant", { federationNumbering: "update-doc" });
    const res = await update({ federationMode: 2, permittedNetworks: ["11112222"] });
    expect(fieldsOf(res)).toEqual(["securityGroupSettings.permittedNetworks"]);
    expect((await update({ permittedNetworks: ["11112222"] })).status).toBe(200); // the default 1 is restricted under this reading
  });

  it("guest federation without global federation: refused by default, accepted in variant guestFederation free", async () => {
    expect(fieldsOf(await update({ enableGuestFederation: true }))).toEqual(["securityGroupSettings.enableGuestFederation"]);
    await h.control.service("variant", { guestFederation: "free" });
    expect((await update({ enableGuestFederation: true })).status).toBe(200);
  });

  it("the SSO-only members are reported everywhere (variant ssoMembers always) or only in SSO networks", async () => {
    expect((await get()).securityGroupSettings).toMatchObject({ showMasterRecoveryKey: false, ssoMaxIdleMinutes: 60 });
    expect(fieldsOf(await update({ ssoMaxIdleMinutes: 30 }))).toEqual(["securityGroupSettings.ssoMaxIdleMinutes"]);
    await h.control.service("variant", { ssoMembers: "sso-only" });
    await h.control.service("seed", { networks: [{ networkId: "44445555" }] });
    const [group] = (await h.client.get(groupsPath("44445555"))).body.securityGroups;
    expect(group.securityGroupSettings).not.toHaveProperty("ssoMaxIdleMinutes");
  });

  it(`a network holds at most ${MAX_GROUPS_PER_NETWORK} groups`, async () => {
    const groups = Array.from({ length: MAX_GROUPS_PER_NETWORK - 1 }, (_, i) => ({ id: `g${String(i).padStart(7, "0")}`, name: `g${i}` }));
    await h.control.service("seed", { networks: [{ networkId: "44445555", groups }] });
    const res = await create({}, "44445555");
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/at most 100/);
  });
});

describe("create (evidence 4)", () => {
  it("answers only the create settings by default, every setting in variant createAnswer complete", async () => {
    const partial = (await create({ lockoutThreshold: 12 })).body.securityGroup.securityGroupSettings;
    expect(Object.keys(partial)).toHaveLength(8);
    await h.control.service("variant", { createAnswer: "complete" });
    const complete = (await create({ lockoutThreshold: 12 }, DEFAULT_NETWORK_ID, "h")).body.securityGroup.securityGroupSettings;
    expect(Object.keys(complete)).toHaveLength(36);
  });

  it("requires securityGroupSettings (an empty object is fine)", async () => {
    expect(fieldsOf(await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "x" }))).toEqual(["securityGroupSettings"]);
    expect((await create({})).status).toBe(200);
  });
});

describe("network deletion (evidence 5)", () => {
  it("403 on everything while deletion runs, the network hidden from ListNetworks; then 401 with an HTML page", async () => {
    await h.control.service("network-deletion", { networkId: DEFAULT_NETWORK_ID, phase: "deleting" });
    const during = await h.client.get(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID));
    expect(during.status).toBe(403);
    expect(during.headers.get("x-amzn-errortype")).toBe("ForbiddenError");
    expect((await h.client.get(`/networks/${DEFAULT_NETWORK_ID}`)).status).toBe(403);
    expect((await h.client.get("/networks")).body.networks.map((n: { networkId: string }) => n.networkId)).toEqual([SSO_NETWORK_ID]);

    await h.control.service("network-deletion", { networkId: DEFAULT_NETWORK_ID, phase: "gone" });
    const after = await h.client.get(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID));
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toMatch(/text\/html/);
    expect(after.text).toMatch(/<html>/);
    expect((await h.client.delete(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID))).status).toBe(401);
  });
});

describe("the variant control", () => {
  it("reads, changes and refuses unknown keys or values; reset restores the start variant", async () => {
    expect(await h.control.service("variant", {})).toEqual(DEFAULT_VARIANT);
    expect(await h.control.service("variant", { callingKey: "both" })).toMatchObject({ callingKey: "both" });
    await expect(h.control.service("variant", { callingKey: "upper" })).rejects.toThrow(/callingKey must be one of/);
    await expect(h.control.service("variant", { nope: 1 })).rejects.toThrow(/unknown key nope/);
    await h.control.reset();
    expect(await h.control.service("variant", {})).toEqual(DEFAULT_VARIANT);
  });

  it("a start option chooses the variant", async () => {
    const other = await startWickr({ variant: { callingKey: "calling", createAnswer: "complete" } });
    try {
      expect(await other.control.service("variant", {})).toEqual({ ...DEFAULT_VARIANT, callingKey: "calling", createAnswer: "complete" });
    } finally {
      await other.emulator.close();
    }
  });
});
