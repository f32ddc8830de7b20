// Through the real Pulumi engine: every cross-field rule broken once fails at preview, naming
// the resource, the setting path and the rule, and sends no request (an update's rules are
// checked by the provider's diff on the settings as they will be: declared values over the
// current ones); a create's are checked by check (reading the network's plan and an adopted
// group, never writing); values the schema refuses fail in the program itself. The group lives
// in a PREMIUM network; what a STANDARD network refuses is checked on a second one. A rule that
// rests on contradictory documents warns and lets the service decide.
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { WickrSecurityGroup } from "../../provider";
import type { SecurityGroupSettings } from "../../provider/wickr/schema";
import { WICKR_RULES } from "../../provider/wickr/rules";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { changed, TestStack } from "../support/engine";
import { operations, startWickrEngineHarness, WickrEngineHarness, writes } from "./support/harness";

const STANDARD_NETWORK = "22223333";
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The group's settings before each attempt (the service's defaults otherwise). */
const BASE: SecurityGroupSettings = {
  calling: { canStart11Call: false, canVideoCall: false },
  enableFileDownload: false,
  lockoutThreshold: 6,
  forceDeviceLockout: 3,
};

/**
 * One declared change per rule that is fine on its own but breaks the rule once laid over the
 * group's current settings (defaults and BASE): none of them is caught before the diff.
 */
const BREAKERS: Array<[string, SecurityGroupSettings]> = [
  ["calling.canVideoCall", { calling: { canVideoCall: true } }],
  ["forceOpenAccess", { forceOpenAccess: true }],
  ["locationAllowMaps", { locationAllowMaps: true }],
  ["maxAutoDownloadSize", { maxAutoDownloadSize: 7340032 }],
  ["forceDeviceLockout", { forceDeviceLockout: 6 }],
  ["enableRestrictedGlobalFederation", { enableRestrictedGlobalFederation: true }],
  ["permittedWickrAwsNetworks", { permittedWickrAwsNetworks: [{ region: "us-east-1", networkId: "11111111" }] }],
  ["permittedWickrEnterpriseNetworks", { permittedWickrEnterpriseNetworks: [{ domain: "partner.example.com", networkId: "11111111" }] }],
  ["atakPackageValues", { atakPackageValues: ["pkg"] }],
];

describe("WickrSecurityGroup rules at preview, through the engine", () => {
  let h: WickrEngineHarness;
  let stack: TestStack;
  let id: string;
  const group = (settings: SecurityGroupSettings) => () =>
    new WickrSecurityGroup("guarded", { networkId: DEFAULT_NETWORK_ID, name: "guarded", securityGroupSettings: settings });

  beforeAll(async () => {
    h = await startWickrEngineHarness();
    await h.control.service("seed", {
      networks: [
        {
          networkId: DEFAULT_NETWORK_ID,
          networkName: "emulator-network",
          accessLevel: "PREMIUM",
          groups: [
            { id: "abc12345", name: "default", isDefault: true },
            { id: "existing01", name: "existing" },
          ],
        },
        { networkId: STANDARD_NETWORK, accessLevel: "STANDARD" },
      ],
    });
    stack = await h.stack(async () => {
      group(BASE)();
    });
    await stack.up();
    id = (await stack.state()).resources.find((r) => r.type.endsWith("WickrSecurityGroup"))!.id!;
  });
  afterAll(async () => {
    await stack?.destroy().catch(() => undefined);
    await stack?.dispose();
    await h?.close();
  });

  it("covers every rule of the provider", () => {
    expect(BREAKERS.map(([p]) => `securityGroupSettings.${p}`).sort()).toEqual(WICKR_RULES.map((r) => r.path).sort());
  });

  it.each(BREAKERS)("%s: broken by the change, fails at preview with no request", async (path, settings) => {
    const rule = WICKR_RULES.find((r) => r.path === `securityGroupSettings.${path}`)!;
    await h.clearLog();
    stack.setProgram(async () => {
      group(settings)();
    });
    await expect(stack.preview()).rejects.toThrow(
      new RegExp(`WickrSecurityGroup "guarded" has invalid input:\\s+- securityGroupSettings\\.${escape(path)}: ${escape(rule.reason)}`),
    );
    expect(await h.log()).toEqual([]);
  });

  it("a create breaking a rule on the adopted group's settings fails in check, which only reads", async () => {
    await h.clearLog();
    stack.setProgram(async () => {
      group(BASE)();
      new WickrSecurityGroup("adopter", { networkId: DEFAULT_NETWORK_ID, adopt: { groupId: "existing01" }, securityGroupSettings: { forceOpenAccess: true } });
    });
    await expect(stack.preview()).rejects.toThrow(
      /WickrSecurityGroup resource 'adopter': property securityGroupSettings\.forceOpenAccess value .* has a problem: forceOpenAccess can only be enabled when enableOpenAccessOption is enabled/,
    );
    expect(operations(await h.log())).toEqual(["GetNetwork", "GetSecurityGroup"]);
  });

  it("a new group in a STANDARD network: what the plan refuses fails in check, which reads the plan once", async () => {
    await h.clearLog();
    stack.setProgram(async () => {
      group(BASE)();
      new WickrSecurityGroup("standard", {
        networkId: STANDARD_NETWORK,
        name: "standard",
        securityGroupSettings: { alwaysReauthenticate: true, lockoutThreshold: 6, federationMode: 0 },
      });
    });
    const err = await stack.preview().then(
      () => undefined,
      (e: Error) => e,
    );
    for (const [path, reason] of [
      ["alwaysReauthenticate", /alwaysReauthenticate needs a PREMIUM network; this network's plan is STANDARD/],
      ["lockoutThreshold", /lockoutThreshold must be at least 10 on a STANDARD network/],
      ["federationMode", /a STANDARD network stores federationMode 0 as 1/],
    ] as const) {
      expect(err?.message).toMatch(new RegExp(`resource 'standard': property securityGroupSettings\\.${path} value .* has a problem: ${reason.source}`));
    }
    const log = await h.log();
    expect(writes(log)).toEqual([]);
    expect(operations(log)).toEqual(["GetNetwork"]);
  });

  it("maxTtl of four months on a STANDARD network fails at preview with the path (issue 20), before any write", async () => {
    await h.clearLog();
    stack.setProgram(async () => {
      group(BASE)();
      new WickrSecurityGroup("long-lived", { networkId: STANDARD_NETWORK, name: "long-lived", securityGroupSettings: { maxTtl: 120 * 86400 } });
    });
    await expect(stack.preview()).rejects.toThrow(
      /WickrSecurityGroup resource 'long-lived': property securityGroupSettings\.maxTtl value .* has a problem: maxTtl must be at most 3 months on a STANDARD network/,
    );
    const log = await h.log();
    expect(writes(log)).toEqual([]);
    expect(operations(log)).toEqual(["GetNetwork"]);
  });

  it("maxTtl of two years fails at preview on any plan (no plan allows more than 1 year), with no request", async () => {
    await h.clearLog();
    stack.setProgram(async () => {
      group({ ...BASE, maxTtl: 730 * 86400 })();
    });
    await expect(stack.preview()).rejects.toThrow(
      /WickrSecurityGroup resource 'guarded': property securityGroupSettings\.maxTtl value .* has a problem: maxTtl must be at most 1 year/,
    );
    expect(await h.log()).toEqual([]);
  });

  it("a rule the documents contradict (guest federation without global federation) warns and lets the service decide", async () => {
    await h.clearLog();
    stack.setProgram(async () => {
      group({ ...BASE, enableGuestFederation: true, globalFederation: false })();
    });
    const events: EngineEvent[] = [];
    await stack.stack.preview({ onEvent: (e) => events.push(e) });
    const warnings = events.filter((e) => e.diagnosticEvent?.severity === "warning").map((e) => e.diagnosticEvent!);
    expect(warnings).toEqual([
      expect.objectContaining({ urn: expect.stringMatching(/::guarded$/), message: expect.stringMatching(/^securityGroupSettings\.enableGuestFederation: .*the service decides/) }),
    ]);
    const preview = await stack.preview();
    expect(changed(preview.steps).map((s) => s.op)).toEqual(["update"]);
    expect(await h.log()).toEqual([]);
  });

  it("declared values that break a rule or the schema fail in check, each named, before any request", async () => {
    await h.clearLog();
    stack.setProgram(async () => {
      group(BASE)();
      new WickrSecurityGroup("bad", {
        networkId: DEFAULT_NETWORK_ID,
        name: "bad",
        securityGroupSettings: {
          locationEnabled: false,
          locationAllowMaps: true,
          shredder: { intensity: 50 as 20 },
          federationMode: 3 as 2,
          maxAutoDownloadSize: 1000 as 512000,
        },
      });
    });
    const err = await stack.preview().then(
      () => undefined,
      (e: Error) => e,
    );
    for (const path of ["shredder.intensity", "federationMode", "maxAutoDownloadSize"]) {
      expect(err?.message).toMatch(new RegExp(`WickrSecurityGroup resource 'bad': property securityGroupSettings\\.${escape(path)} value .* has a problem: `));
    }
    expect(err?.message).not.toContain("Unhandled exception");
    expect(await h.log()).toEqual([]);
  });

  it("the same settings in an order or form that changes nothing preview clean", async () => {
    await h.clearLog();
    stack.setProgram(async () => {
      group({ forceDeviceLockout: 3, lockoutThreshold: 6, enableFileDownload: false, calling: { canVideoCall: false, canStart11Call: false } })();
    });
    expect(changed((await stack.preview()).steps)).toEqual([]);
    expect(await h.log()).toEqual([]);
  });
});
