// The cross-field rules of WickrSecurityGroup (provider/wickr/rules.ts), checked on the
// settings as they will be: each rule broken and kept, values not known yet, the SSO context,
// how the definition feeds them, and agreement with the service's (the emulator's) rules.
import fc from "fast-check";
import { checkInputs } from "../../provider/core/bridge";
import { UNKNOWN } from "../../provider/core/diff";
import { wickrSecurityGroupDefinition as def } from "../../provider/wickr/definition";
import { securityGroupRuleProblems, WICKR_RULES } from "../../provider/wickr/rules";
import { checkCrossFieldRules } from "../../emulators/wickr/rules";
import { DEFAULT_SECURITY_GROUP_SETTINGS } from "../../emulators/wickr";
import type { SecurityGroupSettings as EmulatorSettings } from "../../emulators/wickr";
import { FULL_SETTINGS } from "./support/settings";

const P = "securityGroupSettings";
const paths = (settings: Record<string, unknown>, ctx: Parameters<typeof securityGroupRuleProblems>[1] = {}) =>
  securityGroupRuleProblems(settings, ctx).map((p) => p.path);

/** Each rule: settings that break it, and the closest settings that keep it. */
const CASES: Array<{ path: string; broken: Record<string, unknown>; kept: Record<string, unknown>; sso?: boolean }> = [
  { path: "calling.canVideoCall", broken: { calling: { canStart11Call: false, canVideoCall: true } }, kept: { calling: { canStart11Call: true, canVideoCall: true } } },
  { path: "forceOpenAccess", broken: { forceOpenAccess: true, enableOpenAccessOption: false }, kept: { forceOpenAccess: true, enableOpenAccessOption: true } },
  { path: "locationAllowMaps", broken: { locationAllowMaps: true, locationEnabled: false }, kept: { locationAllowMaps: false, locationEnabled: false } },
  { path: "maxAutoDownloadSize", broken: { maxAutoDownloadSize: 512000, enableFileDownload: false }, kept: { maxAutoDownloadSize: 512000, enableFileDownload: true } },
  { path: "forceDeviceLockout", broken: { forceDeviceLockout: 5, lockoutThreshold: 5 }, kept: { forceDeviceLockout: 4, lockoutThreshold: 5 } },
  { path: "permittedNetworks", broken: { permittedNetworks: ["11111111"], federationMode: 1 }, kept: { permittedNetworks: ["11111111"], federationMode: 2 } },
  {
    path: "enableRestrictedGlobalFederation",
    broken: { enableRestrictedGlobalFederation: true, globalFederation: false },
    kept: { enableRestrictedGlobalFederation: true, globalFederation: true },
  },
  {
    path: "permittedWickrAwsNetworks",
    broken: { permittedWickrAwsNetworks: [{ region: "us-east-1", networkId: "11111111" }], enableRestrictedGlobalFederation: false },
    kept: { permittedWickrAwsNetworks: [], enableRestrictedGlobalFederation: false },
  },
  {
    path: "permittedWickrEnterpriseNetworks",
    broken: { permittedWickrEnterpriseNetworks: [{ domain: "x.example", networkId: "11111111" }], enableRestrictedGlobalFederation: false },
    kept: { permittedWickrEnterpriseNetworks: [{ domain: "x.example", networkId: "11111111" }], enableRestrictedGlobalFederation: true, globalFederation: true },
  },
  { path: "enableGuestFederation", broken: { enableGuestFederation: true, globalFederation: false }, kept: { enableGuestFederation: false, globalFederation: false } },
  { path: "atakPackageValues", broken: { atakPackageValues: ["p"], enableAtak: false }, kept: { atakPackageValues: ["p"], enableAtak: true } },
  { path: "showMasterRecoveryKey", broken: { showMasterRecoveryKey: false }, kept: { showMasterRecoveryKey: false }, sso: true },
  { path: "ssoMaxIdleMinutes", broken: { ssoMaxIdleMinutes: 30 }, kept: { ssoMaxIdleMinutes: 30 }, sso: true },
];

describe("each rule", () => {
  it("has a case here for every rule", () => {
    expect(CASES.map((c) => `${P}.${c.path}`).sort()).toEqual(WICKR_RULES.map((r) => r.path).sort());
  });

  it.each(CASES.map((c) => [c.path, c] as const))("%s: broken once, named by its path and its rule; kept, silent", (_p, c) => {
    const brokenCtx = c.sso ? { ssoEnabled: false } : {};
    const keptCtx = c.sso ? { ssoEnabled: true } : {};
    const problems = securityGroupRuleProblems(c.broken, brokenCtx);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(`${P}.${c.path}`);
    expect(problems[0].reason).toMatch(new RegExp(c.path.split(".").pop()!));
    expect(paths(c.kept, keptCtx)).toEqual([]);
  });

  it("reports every broken rule at once", () => {
    const all = Object.assign({}, ...CASES.map((c) => c.broken));
    all.calling = { canStart11Call: false, canVideoCall: true };
    // `permittedWickrEnterpriseNetworks` and `enableRestrictedGlobalFederation` conflict in the cases; set both broken.
    all.enableRestrictedGlobalFederation = false;
    expect(paths(all, { ssoEnabled: false }).length).toBe(WICKR_RULES.length - 1);
  });

  it("says nothing while a setting it needs is not known (absent or unknown during preview)", () => {
    expect(paths({ forceOpenAccess: true })).toEqual([]);
    expect(paths({ forceOpenAccess: true, enableOpenAccessOption: UNKNOWN })).toEqual([]);
    expect(paths({ calling: { canVideoCall: true } })).toEqual([]);
    expect(paths({ forceDeviceLockout: UNKNOWN, lockoutThreshold: 3 })).toEqual([]);
    expect(paths({ permittedNetworks: ["11111111"], federationMode: UNKNOWN })).toEqual([]);
    expect(paths({ showMasterRecoveryKey: true })).toEqual([]); // network's SSO not known
    expect(securityGroupRuleProblems(undefined)).toEqual([]);
    expect(securityGroupRuleProblems(UNKNOWN as unknown as Record<string, unknown>)).toEqual([]);
  });

  it("lets file download go off when the size is not declared (the service drops it)", () => {
    const after = { enableFileDownload: false, maxAutoDownloadSize: 512000 };
    expect(paths(after, { declared: { enableFileDownload: false } })).toEqual([]);
    expect(paths(after, { declared: { enableFileDownload: false, maxAutoDownloadSize: 512000 } })).toEqual([`${P}.maxAutoDownloadSize`]);
  });
});

describe("the definition's rules", () => {
  it("check the settings after the change, with the network's SSO from the recorded outputs", () => {
    const after = { securityGroupSettings: { ...DEFAULT_SECURITY_GROUP_SETTINGS, ssoMaxIdleMinutes: 30 } };
    expect(def.rules!(after, after, { ssoEnabled: false }).map((p) => p.path)).toEqual([`${P}.ssoMaxIdleMinutes`]);
    expect(def.rules!(after, after, { ssoEnabled: true })).toEqual([]);
    expect(def.rules!(after, after)).toEqual([]);
  });

  it("run at the program on what is declared: every setting set passes, a declared conflict fails", () => {
    expect(checkInputs(def, { networkId: "12345678", name: "n", securityGroupSettings: FULL_SETTINGS })).toEqual([]);
    const problems = checkInputs(def, { networkId: "12345678", name: "n", securityGroupSettings: { ...FULL_SETTINGS, forceOpenAccess: true, enableOpenAccessOption: false } });
    expect(problems).toEqual([{ path: `${P}.forceOpenAccess`, reason: expect.stringContaining("enableOpenAccessOption") }]);
  });

  it("leave value checks to the schema, with paths", () => {
    const problems = checkInputs(def, {
      networkId: "1234",
      securityGroupSettings: { shredder: { intensity: 50 }, maxAutoDownloadSize: 1000, federationMode: 3, permittedNetworks: ["abc"], bogus: 1 },
    });
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        "networkId",
        `${P}.bogus`,
        `${P}.federationMode`,
        `${P}.maxAutoDownloadSize`,
        `${P}.permittedNetworks[0]`,
        `${P}.shredder.intensity`,
      ].sort(),
    );
  });
});

describe("agreement with the service's rules (the emulator's)", () => {
  const bool = fc.boolean();
  const list = <T>(item: fc.Arbitrary<T>) => fc.array(item, { maxLength: 2 });
  const netId = fc.constantFrom("11111111", "22222222");
  const full: fc.Arbitrary<Record<string, unknown>> = fc.record({
    calling: fc.record({ canStart11Call: bool, canVideoCall: bool, forceTcpCall: bool }),
    enableOpenAccessOption: bool,
    forceOpenAccess: bool,
    locationEnabled: bool,
    locationAllowMaps: bool,
    enableFileDownload: bool,
    maxAutoDownloadSize: fc.constantFrom(512000, 7340032),
    forceDeviceLockout: fc.integer({ min: 0, max: 12 }),
    lockoutThreshold: fc.integer({ min: 0, max: 12 }),
    federationMode: fc.constantFrom(0, 1, 2),
    permittedNetworks: list(netId),
    globalFederation: bool,
    enableRestrictedGlobalFederation: bool,
    enableGuestFederation: bool,
    permittedWickrAwsNetworks: list(fc.record({ region: fc.constant("us-east-1"), networkId: netId })),
    permittedWickrEnterpriseNetworks: list(fc.record({ domain: fc.constant("e.example"), networkId: netId })),
    enableAtak: bool,
    atakPackageValues: list(fc.constantFrom("a", "b")),
    showMasterRecoveryKey: bool,
    ssoMaxIdleMinutes: fc.integer({ min: 1, max: 600 }),
  });

  it("find the same broken settings on any complete, well-typed settings", () => {
    fc.assert(
      fc.property(full, bool, (settings, ssoEnabled) => {
        const ours = paths(settings, { ssoEnabled }).sort();
        const theirs = [...new Set(checkCrossFieldRules(settings as EmulatorSettings, { ssoEnabled }).map((r) => r.field))].sort();
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 500 },
    );
  });
});
