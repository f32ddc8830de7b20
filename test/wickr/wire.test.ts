// The wire mapping of WickrSecurityGroup's settings (provider/wickr/wire.ts): what a create,
// an update and a restore send, and how an answer becomes the view and the outputs. With the
// bridge's plannedChanges, every setting changed alone gives a body carrying only that setting.
import { REPORTED, plannedChanges } from "../../provider/core/bridge";
import { diffDeclared } from "../../provider/core/diff";
import { settingsShape } from "../../provider/core/definition";
import { wickrSecurityGroupDefinition as def } from "../../provider/wickr/definition";
import type { SecurityGroupWire } from "../../provider/wickr/operations";
import { CREATE_SETTINGS, wickrSecurityGroupInputs } from "../../provider/wickr/schema";
import { callingKeyOf, EXTRA_OUTPUTS, extrasFromWire, restoreBody, splitForCreate, toWire, updateBody, viewFromWire } from "../../provider/wickr/wire";
import { DEFAULT_SECURITY_GROUP_SETTINGS } from "../../emulators/wickr";
import { FULL_SETTINGS, settingCases, SSO_SETTINGS } from "./support/settings";

const shape = settingsShape(def);
const NET = "12345678";

const wireGroup = (settings: Record<string, unknown>, extra: Partial<SecurityGroupWire> = {}): SecurityGroupWire => ({
  id: "grp00001",
  name: "field",
  isDefault: false,
  activeMembers: 3,
  botMembers: 1,
  modified: 1_700_000_000,
  securityGroupSettings: settings,
  ...extra,
});

/** The update body for going from `current` to `declared` (both in the declarative shape). */
const bodyFor = (declared: Record<string, unknown>, current: Record<string, unknown>) =>
  updateBody(diffDeclared(shape, declared, current), declared, current);

describe("the schema covers the model", () => {
  it("has every one of the 36 settings (model of 2026-06-04), and the 8 create settings of SecurityGroupSettingsRequest", () => {
    const settings = Object.keys((wickrSecurityGroupInputs.shape.securityGroupSettings.unwrap() as any).shape);
    expect(settings).toHaveLength(36);
    expect(Object.keys({ ...FULL_SETTINGS, ...SSO_SETTINGS }).sort()).toEqual([...settings].sort());
    expect([...CREATE_SETTINGS].sort()).toEqual(
      [
        "enableGuestFederation",
        "enableRestrictedGlobalFederation",
        "federationMode",
        "globalFederation",
        "lockoutThreshold",
        "permittedNetworks",
        "permittedWickrAwsNetworks",
        "permittedWickrEnterpriseNetworks",
      ].sort(),
    );
  });

  it("takes maxNonSsoSessionMinutes as 0 (off) or 60..525600", () => {
    const parse = (v: number) => wickrSecurityGroupInputs.safeParse({ networkId: NET, name: "n", securityGroupSettings: { maxNonSsoSessionMinutes: v } }).success;
    expect([0, 60, 525600].map(parse)).toEqual([true, true, true]);
    expect([1, 59, 525601, -1].map(parse)).toEqual([false, false, false, false]);
  });

  it("accepts every setting set at once", () => {
    const parsed = wickrSecurityGroupInputs.safeParse({ networkId: NET, name: "n", securityGroupSettings: { ...FULL_SETTINGS, ...SSO_SETTINGS } });
    expect(parsed.success).toBe(true);
  });
});

describe("viewFromWire / extrasFromWire", () => {
  it("keeps every reported setting, known or not, and the name and network", () => {
    const settings = { ...DEFAULT_SECURITY_GROUP_SETTINGS, futureSetting: { level: 3 }, calling: { canStart11Call: true, canGroupCall: true } };
    const view = viewFromWire(NET, wireGroup(settings));
    expect(view).toEqual({ networkId: NET, name: "field", securityGroupSettings: settings });
    // A copy: changing the view never changes the answer.
    (view.securityGroupSettings as Record<string, unknown>).maxBor = 99;
    expect(settings.maxBor).toBe(0);
  });

  it("reads the service's uppercase CALLING as calling, all its members kept; with both keys the uppercase one wins", () => {
    const CALLING = { canStart11Call: true, canVideoCall: false, forceTcpCall: false, canAddtoCall: true, canStartGroupCall: true, canStartRoomCall: true, canStartScreenShare: false };
    const upper = wireGroup({ maxBor: 0, CALLING });
    expect(viewFromWire(NET, upper).securityGroupSettings).toEqual({ maxBor: 0, calling: CALLING });
    expect(callingKeyOf(upper)).toBe("CALLING");
    const both = wireGroup({ calling: { canStart11Call: false }, CALLING });
    expect(viewFromWire(NET, both).securityGroupSettings).toEqual({ calling: CALLING });
    expect(callingKeyOf(both)).toBe("calling");
    expect(callingKeyOf(wireGroup({ calling: CALLING }))).toBe("calling");
  });

  it("writes calling under the key the service uses", () => {
    const body = { name: "n", securityGroupSettings: { maxBor: 1, calling: { canVideoCall: true } } };
    expect(toWire(body, "CALLING")).toEqual({ name: "n", securityGroupSettings: { maxBor: 1, CALLING: { canVideoCall: true } } });
    expect(toWire(body, "calling")).toEqual(body);
    expect(toWire({ name: "n" } as { name: string; securityGroupSettings?: Record<string, unknown> }, "CALLING")).toEqual({ name: "n" });
  });

  it("tolerates an answer without settings", () => {
    expect(viewFromWire(NET, { id: "g", name: "bare" })).toEqual({ networkId: NET, name: "bare", securityGroupSettings: {} });
    expect(extrasFromWire({ id: "g", name: "bare" })).toEqual({
      groupId: "g",
      isDefault: false,
      activeMembers: 0,
      botMembers: 0,
      modified: 0,
    });
  });

  it("gives the id, the default flag, member counts and modified; no SSO inference (the service reports every member)", () => {
    const extras = extrasFromWire(wireGroup({ ...DEFAULT_SECURITY_GROUP_SETTINGS }, { isDefault: true, activeDirectoryGuid: "ad-1" }));
    expect(extras).toEqual({
      groupId: "grp00001",
      isDefault: true,
      activeMembers: 3,
      botMembers: 1,
      modified: 1_700_000_000,
      activeDirectoryGuid: "ad-1",
    });
    expect(Object.keys(extras).every((k) => (EXTRA_OUTPUTS as readonly string[]).includes(k))).toBe(true);
  });
});

describe("splitForCreate", () => {
  it("sends the create settings with the create and the rest in the update", () => {
    const { create, rest } = splitForCreate({ federationMode: 2, permittedNetworks: ["11111111"], maxBor: 5, calling: { canVideoCall: false } });
    expect(create).toEqual({ federationMode: 2, permittedNetworks: ["11111111"] });
    expect(rest).toEqual({ maxBor: 5, calling: { canVideoCall: false } });
  });

  it("keeps lockoutThreshold for the update when forceDeviceLockout is declared, so the two land together", () => {
    expect(splitForCreate({ lockoutThreshold: 4, forceDeviceLockout: 2 })).toEqual({ create: {}, rest: { lockoutThreshold: 4, forceDeviceLockout: 2 } });
    expect(splitForCreate({ lockoutThreshold: 4 })).toEqual({ create: { lockoutThreshold: 4 }, rest: {} });
  });

  it("splits every setting set: seven with the create, the other 29 in the update", () => {
    const { create, rest } = splitForCreate({ ...FULL_SETTINGS, ...SSO_SETTINGS } as Record<string, unknown>);
    expect(Object.keys(create).sort()).toEqual(CREATE_SETTINGS.filter((k) => k !== "lockoutThreshold").sort());
    expect(Object.keys(rest)).toHaveLength(29);
    expect(rest.lockoutThreshold).toBe(4);
  });

  it("leaves undefined values out", () => {
    expect(splitForCreate({ maxBor: undefined, federationMode: undefined })).toEqual({ create: {}, rest: {} });
  });
});

describe("updateBody", () => {
  const current = viewFromWire(NET, wireGroup({ ...DEFAULT_SECURITY_GROUP_SETTINGS }));

  it("carries only the changed settings, and nothing when nothing changed", () => {
    expect(bodyFor({ securityGroupSettings: { maxBor: 10, maxTtl: DEFAULT_SECURITY_GROUP_SETTINGS.maxTtl } }, current)).toEqual({ securityGroupSettings: { maxBor: 10 } });
    expect(bodyFor({ name: "field", securityGroupSettings: { maxBor: 0 } }, current)).toBeUndefined();
  });

  it("carries the name only when it changed", () => {
    expect(bodyFor({ name: "renamed", securityGroupSettings: { maxBor: 0 } }, current)).toEqual({ name: "renamed" });
    expect(bodyFor({ name: "renamed", securityGroupSettings: { maxBor: 1 } }, current)).toEqual({ name: "renamed", securityGroupSettings: { maxBor: 1 } });
  });

  it("sends a changed nested object whole, completed from the current values, members beyond the model passed back", () => {
    expect(bodyFor({ securityGroupSettings: { calling: { canVideoCall: false } } }, current)).toEqual({
      securityGroupSettings: { calling: { ...DEFAULT_SECURITY_GROUP_SETTINGS.calling, canVideoCall: false } },
    });
    expect(bodyFor({ securityGroupSettings: { passwordRequirements: { minLength: 12, symbols: 2 } } }, current)).toEqual({
      securityGroupSettings: { passwordRequirements: { lowercase: 0, minLength: 12, numbers: 0, symbols: 2, uppercase: 0, regex: "" } },
    });
    // Members the provider does not know yet go back as the service reported them.
    const withUnknown = viewFromWire(NET, wireGroup({ ...DEFAULT_SECURITY_GROUP_SETTINGS, shredder: { canProcessManually: true, intensity: 20, schedule: "daily" } }));
    expect(bodyFor({ securityGroupSettings: { shredder: { intensity: 100 } } }, withUnknown)).toEqual({
      securityGroupSettings: { shredder: { canProcessManually: true, intensity: 100, schedule: "daily" } },
    });
  });

  it("sends a changed list whole, and compares the lists the service keeps unordered as sets", () => {
    const state = viewFromWire(NET, wireGroup({ ...DEFAULT_SECURITY_GROUP_SETTINGS, federationMode: 2, permittedNetworks: ["11111111", "22222222"], quickResponses: ["a", "b"] }));
    expect(bodyFor({ securityGroupSettings: { permittedNetworks: ["22222222", "11111111"] } }, state)).toBeUndefined();
    expect(bodyFor({ securityGroupSettings: { permittedNetworks: ["22222222", "33333333"] } }, state)).toEqual({
      securityGroupSettings: { permittedNetworks: ["22222222", "33333333"] },
    });
    // quickResponses is an ordered list: another order is a change.
    expect(bodyFor({ securityGroupSettings: { quickResponses: ["b", "a"] } }, state)).toEqual({ securityGroupSettings: { quickResponses: ["b", "a"] } });
    const aws = viewFromWire(NET, wireGroup({ permittedWickrAwsNetworks: [{ region: "us-east-1", networkId: "33333333" }, { region: "eu-west-2", networkId: "44444444" }] }));
    expect(
      bodyFor({ securityGroupSettings: { permittedWickrAwsNetworks: [{ networkId: "44444444", region: "eu-west-2" }, { region: "us-east-1", networkId: "33333333" }] } }, aws),
    ).toBeUndefined();
  });

  it("ignores an undeclared setting and a setting the provider does not know", () => {
    const state = viewFromWire(NET, wireGroup({ ...DEFAULT_SECURITY_GROUP_SETTINGS, futureSetting: true }));
    expect(bodyFor({ securityGroupSettings: {} }, state)).toBeUndefined();
  });
});

describe("every setting changed alone (the bridge's plannedChanges, then updateBody)", () => {
  const cases = settingCases();

  it("has a case for each of the 36 settings and each nested member", () => {
    expect(new Set(cases.map((c) => c.setting)).size).toBe(36);
    expect(cases).toHaveLength(47);
  });

  it.each(cases.map((c) => [c.path, c] as const))("%s: one body, carrying only that setting", (_path, c) => {
    const network = c.sso ? "87654321" : NET;
    const view = { networkId: network, name: "g", securityGroupSettings: c.before };
    const olds = { networkId: network, name: "g", securityGroupSettings: c.before, [REPORTED]: view };
    const news = { networkId: network, name: "g", securityGroupSettings: c.after };
    const changes = plannedChanges(def, olds, news);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((ch) => ch.path === `securityGroupSettings.${c.path}` || ch.path === `securityGroupSettings.${c.setting}`)).toBe(true);
    expect(changes.every((ch) => ch.kind === "update")).toBe(true);
    expect(updateBody(changes, news, view)).toEqual({ securityGroupSettings: { [c.setting]: (c.after as Record<string, unknown>)[c.setting] } });
  });
});

describe("restoreBody", () => {
  const shape = settingsShape(def);
  const adopted = viewFromWire(NET, wireGroup({ ...DEFAULT_SECURITY_GROUP_SETTINGS }, { name: "default" }));
  const calling = { ...DEFAULT_SECURITY_GROUP_SETTINGS.calling, canVideoCall: false };
  // What the program set (the managed outputs): a name, a top-level setting, a nested member, a list.
  const programs = { name: "renamed", securityGroupSettings: { maxBor: 30, calling: { canVideoCall: false }, quickResponses: ["x"] } };
  const held = (extra: Record<string, unknown> = {}, name = "renamed") =>
    viewFromWire(NET, wireGroup({ ...DEFAULT_SECURITY_GROUP_SETTINGS, maxBor: 30, calling, quickResponses: ["x"], ...extra }, { name }));

  it("puts back each path the program changed, nested objects completed from the current values, lists whole", () => {
    const now = held({ calling: { ...calling, forceTcpCall: true }, presenceEnabled: false });
    expect(restoreBody(shape, adopted, programs, now)).toEqual({
      body: {
        name: "default",
        securityGroupSettings: { calling: { ...calling, forceTcpCall: true, canVideoCall: true }, maxBor: 0, quickResponses: [] },
      },
      leftAlone: [],
    });
  });

  it("leaves alone a path changed by hand since, and says so", () => {
    const now = held({ maxBor: 45 }, "renamed-by-hand");
    const { body, leftAlone } = restoreBody(shape, adopted, programs, now);
    expect(leftAlone.sort()).toEqual(["name", "securityGroupSettings.maxBor"]);
    expect(body?.name).toBeUndefined();
    expect(body?.securityGroupSettings).not.toHaveProperty("maxBor");
  });

  it("sends nothing when the program changed nothing", () => {
    const same = { securityGroupSettings: { lockoutThreshold: DEFAULT_SECURITY_GROUP_SETTINGS.lockoutThreshold } };
    expect(restoreBody(shape, adopted, same, held())).toEqual({ body: undefined, leftAlone: [] });
  });

  it("restores a file-download size the service dropped with the program's switch", () => {
    const { maxAutoDownloadSize: _dropped, ...off } = { ...DEFAULT_SECURITY_GROUP_SETTINGS, enableFileDownload: false };
    const now = viewFromWire(NET, wireGroup(off, { name: "default" }));
    expect(restoreBody(shape, adopted, { securityGroupSettings: { enableFileDownload: false } }, now).body).toEqual({
      securityGroupSettings: { enableFileDownload: true, maxAutoDownloadSize: 512000 },
    });
  });
});
