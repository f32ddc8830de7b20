// Settings validation of the Wickr emulator: types, unknown members, every cross-field rule
// (on the merged settings) and the merge semantics of UpdateSecurityGroup. On a PREMIUM
// network without SSO, with the model's `calling` key (variant), so that the plan and the
// calling key (evidence.test.ts) stay out of the way.
import {
  DEFAULT_SECURITY_GROUP_SETTINGS,
  SSO_DEFAULT_GROUP_ID,
  SSO_DEFAULT_SETTINGS_EXTRA,
  SSO_NETWORK_ID,
} from "../../../emulators/wickr";
import { mergeSettings } from "../../../emulators/wickr/rules";
import { fieldsOf, groupPath, startWickr, WickrHarness } from "./helpers";

const DEFAULT_NETWORK_ID = "55556666";
const DEFAULT_GROUP_ID = "premdef1";

let h: WickrHarness;
beforeAll(async () => {
  h = await startWickr({ variant: { callingKey: "calling" } });
});
afterAll(() => h.emulator.close());
beforeEach(async () => {
  await h.control.reset();
  await h.control.service("seed", {
    networks: [{ networkId: DEFAULT_NETWORK_ID, accessLevel: "PREMIUM", groups: [{ id: DEFAULT_GROUP_ID, name: "default", isDefault: true }] }],
  });
});

const update = (settings: unknown, groupPathArgs: [string, string] = [DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID]) =>
  h.client.patch(groupPath(...groupPathArgs), { securityGroupSettings: settings });
const current = async (networkId = DEFAULT_NETWORK_ID, groupId = DEFAULT_GROUP_ID) =>
  (await h.client.get(groupPath(networkId, groupId))).body.securityGroup;
const P = "securityGroupSettings.";

describe("cross-field rules (each broken once)", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["canVideoCall without canStart11Call", { calling: { canStart11Call: false, canVideoCall: true } }, "calling.canVideoCall", /canVideoCall requires canStart11Call/],
    ["forceOpenAccess without enableOpenAccessOption", { forceOpenAccess: true }, "forceOpenAccess", /requires enableOpenAccessOption/],
    ["locationAllowMaps without locationEnabled", { locationAllowMaps: true }, "locationAllowMaps", /requires locationEnabled/],
    ["maxAutoDownloadSize not an allowed value", { maxAutoDownloadSize: 1024 }, "maxAutoDownloadSize", /512000.*7340032/],
    ["maxAutoDownloadSize sent with file download off", { enableFileDownload: false, maxAutoDownloadSize: 512000 }, "maxAutoDownloadSize", /requires enableFileDownload/],
    ["forceDeviceLockout not below lockoutThreshold", { forceDeviceLockout: 10 }, "forceDeviceLockout", /less than lockoutThreshold/],
    ["lockoutThreshold lowered below forceDeviceLockout", { lockoutThreshold: 3 }, "forceDeviceLockout", /less than lockoutThreshold/],
    ["shredder intensity outside 0/20/60/100", { shredder: { canProcessManually: true, intensity: 50, canProcessInBackground: false } }, "shredder.intensity", /0, 20, 60, 100/],
    ["federationMode outside 0..2", { federationMode: 3 }, "federationMode", /0, 1, 2/],
    ["permittedNetworks without restricted mode", { federationMode: 1, permittedNetworks: ["11112222"] }, "permittedNetworks", /restricted federationMode/],
    ["permittedWickrAwsNetworks without restricted global federation", { globalFederation: true, permittedWickrAwsNetworks: [{ region: "us-east-1", networkId: "11112222" }] }, "permittedWickrAwsNetworks", /requires enableRestrictedGlobalFederation/],
    ["permittedWickrEnterpriseNetworks without restricted global federation", { globalFederation: true, permittedWickrEnterpriseNetworks: [{ domain: "d.example", networkId: "11112222" }] }, "permittedWickrEnterpriseNetworks", /requires enableRestrictedGlobalFederation/],
    ["enableGuestFederation without globalFederation", { enableGuestFederation: true }, "enableGuestFederation", /requires globalFederation/],
    ["showMasterRecoveryKey in a non-SSO network", { showMasterRecoveryKey: true }, "showMasterRecoveryKey", /only available in SSO-enabled networks/],
    ["ssoMaxIdleMinutes in a non-SSO network", { ssoMaxIdleMinutes: 30 }, "ssoMaxIdleMinutes", /only available in SSO-enabled networks/],
    ["atakPackageValues without enableAtak", { atakPackageValues: ["pkg"] }, "atakPackageValues", /requires enableAtak/],
  ];

  it.each(cases)("%s → 422 naming the field", async (_label, settings, field, reason) => {
    const before = await current();
    const res = await update(settings);
    expect(res.status).toBe(422);
    expect(res.headers.get("x-amzn-errortype")).toBe("ValidationError");
    expect(res.body.reasons).toEqual([{ field: P + field, reason: expect.stringMatching(reason) }]);
    expect(typeof res.body.message).toBe("string");
    expect(await current()).toEqual(before);
  });

  it("maxNonSsoSessionMinutes between 1 and 59, or above 525600", async () => {
    for (const v of [1, 59, 525601]) {
      const res = await update({ maxNonSsoSessionMinutes: v });
      expect(res.status).toBe(422);
      expect(fieldsOf(res)).toEqual([P + "maxNonSsoSessionMinutes"]);
    }
    expect((await update({ maxNonSsoSessionMinutes: 60 })).status).toBe(200);
    expect((await update({ maxNonSsoSessionMinutes: 525600 })).status).toBe(200);
    expect((await update({ maxNonSsoSessionMinutes: 0 })).status).toBe(200);
  });

  it("enableRestrictedGlobalFederation without globalFederation → 400 with the service's message (observed)", async () => {
    const before = await current();
    const res = await update({ enableRestrictedGlobalFederation: true });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("BadRequestError");
    expect(res.body.message).toBe("RestrictedGlobalFederation is not supported when globalFederation is disabled");
    expect(await current()).toEqual(before);
  });

  it("ssoMaxIdleMinutes below 1 in an SSO network", async () => {
    const res = await update({ ssoMaxIdleMinutes: 0 }, [SSO_NETWORK_ID, SSO_DEFAULT_GROUP_ID]);
    expect(res.status).toBe(422);
    expect(res.body.reasons).toEqual([{ field: P + "ssoMaxIdleMinutes", reason: "ssoMaxIdleMinutes must be at least 1" }]);
  });

  it("reports every broken rule at once and changes nothing", async () => {
    const before = await current();
    const res = await h.client.patch(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID), {
      name: "renamed",
      securityGroupSettings: { forceOpenAccess: true, locationAllowMaps: true, enableGuestFederation: true, lockoutThreshold: 11 },
    });
    expect(res.status).toBe(422);
    expect(fieldsOf(res).sort()).toEqual([P + "enableGuestFederation", P + "forceOpenAccess", P + "locationAllowMaps"]);
    expect(await current()).toEqual(before);
  });

  it("accepts each rule's valid combination", async () => {
    const ok = await update({
      calling: { canStart11Call: true, canVideoCall: true },
      enableOpenAccessOption: true,
      forceOpenAccess: true,
      locationEnabled: true,
      locationAllowMaps: true,
      maxAutoDownloadSize: 7340032,
      forceDeviceLockout: 3,
      lockoutThreshold: 4,
      shredder: { intensity: 100, canProcessInBackground: true },
      federationMode: 2,
      permittedNetworks: ["11112222"],
      globalFederation: true,
      enableRestrictedGlobalFederation: true,
      enableGuestFederation: true,
      permittedWickrAwsNetworks: [{ region: "eu-west-1", networkId: "22223333" }],
      permittedWickrEnterpriseNetworks: [{ domain: "corp.example", networkId: "33334444" }],
      enableAtak: true,
      atakPackageValues: ["a", "b"],
    });
    expect(ok.status).toBe(200);
    const sso = await update({ showMasterRecoveryKey: true, ssoMaxIdleMinutes: 1 }, [SSO_NETWORK_ID, SSO_DEFAULT_GROUP_ID]);
    expect(sso.status).toBe(200);
    expect(sso.body.securityGroup.securityGroupSettings).toMatchObject({ showMasterRecoveryKey: true, ssoMaxIdleMinutes: 1 });
  });

  it("checks rules on the merged settings: a later change can break an earlier value", async () => {
    expect((await update({ globalFederation: true, enableRestrictedGlobalFederation: true })).status).toBe(200);
    const res = await update({ globalFederation: false });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/RestrictedGlobalFederation is not supported/);
  });
});

describe("types and unknown members", () => {
  it("names every ill-typed or unknown member", async () => {
    const res = await h.client.patch(groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID), {
      name: 5,
      extra: true,
      securityGroupSettings: {
        enableAtak: "yes",
        maxBor: -1,
        lockoutThreshold: 1.5,
        forceDeviceLockout: 2147483648,
        maxTtl: 2 ** 53,
        maxAutoDownloadSize: "big",
        quickResponses: "hi",
        atakPackageValues: ["ok", 7],
        calling: { canStart11Call: 1, bogus: true },
        passwordRequirements: [],
        permittedNetworks: ["123"],
        permittedWickrAwsNetworks: [{ networkId: "11112222" }],
        permittedWickrEnterpriseNetworks: [{ domain: "", networkId: "1111222a", extra: 1 }],
        notASetting: 1,
      },
    });
    expect(res.status).toBe(422);
    expect(fieldsOf(res).sort()).toEqual(
      [
        "extra",
        "name",
        P + "enableAtak",
        P + "maxBor",
        P + "lockoutThreshold",
        P + "forceDeviceLockout",
        P + "maxTtl",
        P + "maxAutoDownloadSize",
        P + "quickResponses",
        P + "atakPackageValues[1]",
        P + "calling.canStart11Call",
        P + "calling.bogus",
        P + "passwordRequirements",
        P + "permittedNetworks[0]",
        P + "permittedWickrAwsNetworks[0].region",
        P + "permittedWickrEnterpriseNetworks[0].domain",
        P + "permittedWickrEnterpriseNetworks[0].networkId",
        P + "permittedWickrEnterpriseNetworks[0].extra",
        P + "notASetting",
      ].sort(),
    );
    const reason = (field: string) => res.body.reasons.find((r: { field: string }) => r.field === field)?.reason;
    expect(reason(P + "enableAtak")).toBe("enableAtak must be a boolean");
    expect(reason(P + "lockoutThreshold")).toBe("lockoutThreshold must be an integer between 0 and 2147483647");
    expect(reason(P + "maxTtl")).toBe(`maxTtl must be an integer between 0 and ${Number.MAX_SAFE_INTEGER}`);
    expect(reason(P + "permittedWickrAwsNetworks[0].region")).toBe("region is required");
    expect(reason(P + "permittedWickrEnterpriseNetworks[0].domain")).toBe("domain must not be empty");
  });

  it("accepts the upper bounds of Integer and Long as types (maxTtl then meets its plan's limit)", async () => {
    const res = await update({ lockoutThreshold: 2147483647 });
    expect(res.status).toBe(200);
    const long = await update({ maxTtl: Number.MAX_SAFE_INTEGER });
    expect(long.body.reasons).toEqual([{ field: "securityGroupSettings.maxTtl", reason: "invalid maxTtl setting for network" }]);
  });

  it("refuses a settings member that is not an object", async () => {
    const res = await update([]);
    expect(res.status).toBe(422);
    expect(fieldsOf(res)).toEqual(["securityGroupSettings"]);
  });
});

describe("merge semantics of UpdateSecurityGroup", () => {
  it("keeps settings the request leaves out", async () => {
    await update({ quickResponses: ["on my way"], maxBor: 30 });
    const res = await update({ lockoutThreshold: 15 });
    expect(res.body.securityGroup.securityGroupSettings).toEqual({
      ...DEFAULT_SECURITY_GROUP_SETTINGS,
      ...SSO_DEFAULT_SETTINGS_EXTRA, // reported in every network (variant ssoMembers "always")
      quickResponses: ["on my way"],
      maxBor: 30,
      lockoutThreshold: 15,
    });
    expect(res.body.securityGroup.name).toBe("default");
  });

  it("replaces a nested object whole", async () => {
    await update({ calling: { canStart11Call: true, canVideoCall: false, forceTcpCall: true } });
    const res = await update({ calling: { canStart11Call: true } });
    expect(res.body.securityGroup.securityGroupSettings.calling).toEqual({ canStart11Call: true });
    const pw = await update({ passwordRequirements: { minLength: 12, regex: "" } });
    expect(pw.body.securityGroup.securityGroupSettings.passwordRequirements).toEqual({ minLength: 12, regex: "" });
  });

  it("replaces a list whole", async () => {
    await update({ quickResponses: ["a", "b"] });
    const res = await update({ quickResponses: ["c"] });
    expect(res.body.securityGroup.securityGroupSettings.quickResponses).toEqual(["c"]);
    const cleared = await update({ quickResponses: [] });
    expect(cleared.body.securityGroup.securityGroupSettings.quickResponses).toEqual([]);
  });

  it("drops maxAutoDownloadSize when file download is turned off without it", async () => {
    const off = await update({ enableFileDownload: false });
    expect(off.status).toBe(200);
    expect(off.body.securityGroup.securityGroupSettings).not.toHaveProperty("maxAutoDownloadSize");
    const on = await update({ enableFileDownload: true });
    expect(on.body.securityGroup.securityGroupSettings).not.toHaveProperty("maxAutoDownloadSize");
    const set = await update({ maxAutoDownloadSize: 7340032 });
    expect(set.body.securityGroup.securityGroupSettings.maxAutoDownloadSize).toBe(7340032);
  });

  it("updates modified", async () => {
    const before = await current();
    const res = await update({ maxBor: 60 });
    expect(res.body.securityGroup.modified).toBeGreaterThanOrEqual(before.modified);
    expect(res.body.securityGroup.modified).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it("mergeSettings does not share objects with its inputs", () => {
    const base = { calling: { canStart11Call: true }, quickResponses: ["x"] };
    const merged = mergeSettings(base, { maxBor: 1 });
    merged.calling!.canStart11Call = false;
    merged.quickResponses!.push("y");
    expect(base).toEqual({ calling: { canStart11Call: true }, quickResponses: ["x"] });
  });
});
