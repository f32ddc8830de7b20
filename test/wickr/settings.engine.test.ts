// Through the real Pulumi engine against the Wickr emulator, once per emulator variant
// (support/variants.ts): groups created with every setting set, then each setting changed alone
// (one group per setting, all in one `up`, so every group's request is its own), a rename, sets
// reordered, a no-op `up`, and destroy. The groups live in a PREMIUM network (the SSO-only
// settings in the SSO network); every request is checked against the official model.
import { DEFAULT_SECURITY_GROUP_SETTINGS, SSO_NETWORK_ID, WICKR_TEST_CREDENTIALS } from "../../emulators/wickr";
import type { LogEntry } from "../../emulators/core/server";
import { WickrSecurityGroup } from "../../provider";
import { splitForCreate } from "../../provider/wickr/wire";
import { changed, TestStack } from "../support/engine";
import { conformanceProblems } from "./support/conformance";
import { fullSettings, settingCases } from "./support/settings";
import { operations, stateFiles, startWickrEngineHarness, TYPE_TOKEN, WickrEngineHarness, writes } from "./support/harness";
import { ENGINE_VARIANTS, sentCallingKey } from "./support/variants";

/** A PREMIUM network without SSO, seeded by the suite. */
const DEFAULT_NETWORK_ID = "55556666";
/** Members the service reports beyond the model, passed back whenever their object is sent. */
const SERVICE_MEMBERS: Record<string, Record<string, unknown>> = { passwordRequirements: { regex: "" }, shredder: { canProcessInBackground: false } };
/** A nested value as the service holds it once the provider sent it (the service's own members passed back). */
const asHeld = (setting: string, value: unknown) => (SERVICE_MEMBERS[setting] ? { ...(value as object), ...SERVICE_MEMBERS[setting] } : value);
const SET_KEYS = ["atakPackageValues", "permittedNetworks", "permittedWickrAwsNetworks", "permittedWickrEnterpriseNetworks"];

/** JSON with object keys in order, to compare list members whatever their key order. */
const key = (v: unknown): string =>
  JSON.stringify(v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);

/** Lists the service keeps unordered, sorted, so that comparisons ignore their order. */
function sortedSets(settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...settings };
  for (const k of SET_KEYS) {
    if (Array.isArray(out[k])) out[k] = [...(out[k] as unknown[])].sort((a, b) => key(a).localeCompare(key(b)));
  }
  return out;
}

type Stage = "before" | "after";

const groupIdOf = (path: string) => path.split("/").pop()!;

describe.each(ENGINE_VARIANTS)("WickrSecurityGroup, every setting, through the engine, variant: %s", (_label, variant) => {
const restricted = variant.federationNumbering === "update-doc" ? 1 : 2;
const cases = settingCases(restricted);
const FULL_SETTINGS = fullSettings(restricted);
const callingKey = sentCallingKey(variant);
/** A body's settings with the calling key as the service takes it. */
const wire = (settings: Record<string, unknown>) => {
  const { calling, ...rest } = settings;
  return calling === undefined ? rest : { ...rest, [callingKey]: calling };
};

function program(stage: Stage) {
  return async () => {
    for (const c of cases) {
      new WickrSecurityGroup(c.name, {
        networkId: c.sso ? SSO_NETWORK_ID : DEFAULT_NETWORK_ID,
        name: `g-${c.name}`,
        securityGroupSettings: stage === "before" ? c.before : c.after,
      });
    }
    // Every setting set; renamed in the second stage.
    new WickrSecurityGroup("full", {
      networkId: DEFAULT_NETWORK_ID,
      name: stage === "before" ? "full" : "full-renamed",
      securityGroupSettings: FULL_SETTINGS,
    });
    // The same settings with every unordered list in another order in the second stage.
    const reordered = {
      ...FULL_SETTINGS,
      atakPackageValues: [...FULL_SETTINGS.atakPackageValues!].reverse(),
      permittedNetworks: [...FULL_SETTINGS.permittedNetworks!].reverse(),
    };
    new WickrSecurityGroup("sets", { networkId: DEFAULT_NETWORK_ID, name: "sets", securityGroupSettings: stage === "before" ? FULL_SETTINGS : reordered });
  };
}

  let h: WickrEngineHarness;
  let stack: TestStack;
  /** Resource name → `networkId/groupId`. */
  const ids = new Map<string, string>();

  beforeAll(async () => {
    h = await startWickrEngineHarness({ variant });
    await h.control.service("seed", { networks: [{ networkId: DEFAULT_NETWORK_ID, accessLevel: "PREMIUM" }] });
    stack = await h.stack(program("before"));
  });
  afterAll(async () => {
    await stack?.dispose();
    await h?.close();
  });

  it("previews the creates without a write, then creates every group: one create, one read, at most one update each", async () => {
    const preview = await stack.preview();
    expect(changed(preview.steps)).toHaveLength(cases.length + 2);
    expect(changed(preview.steps).every((s) => s.op === "create" && s.type === TYPE_TOKEN)).toBe(true);
    // Check reads each network's plan once; nothing else is sent.
    expect(writes(await h.log())).toEqual([]);
    expect(operations(await h.log())).toEqual(["GetNetwork", "GetNetwork"]);
    await h.clearLog();

    await stack.up();
    const log = await h.log();
    const state = await stack.state();
    for (const r of state.resources.filter((r) => r.type === TYPE_TOKEN)) ids.set(r.urn.split("::").pop()!, r.id!);
    expect(ids.size).toBe(cases.length + 2);

    // Per group: CreateSecurityGroup, the read that confirms it, then at most one UpdateSecurityGroup.
    const creates = log.filter((e) => e.operation === "CreateSecurityGroup");
    expect(creates).toHaveLength(cases.length + 2);
    for (const [, id] of ids) {
      const onGroup = log.filter((e) => e.path.endsWith(`/security-groups/${groupIdOf(id)}`));
      expect(onGroup[0]).toMatchObject({ operation: "GetSecurityGroup", status: 200 });
      expect(onGroup.length).toBeLessThanOrEqual(2);
      expect(onGroup.slice(1).every((e) => e.operation === "UpdateSecurityGroup" && e.status === 200)).toBe(true);
    }
    expect(log.filter((e) => !["CreateSecurityGroup", "GetSecurityGroup", "UpdateSecurityGroup", "GetNetwork"].includes(e.operation))).toEqual([]);

    // The group with every setting: the create carries the settings create takes (lockoutThreshold
    // waits for the update, beside forceDeviceLockout); the update carries the others, except
    // those the new group already has.
    const full = ids.get("full")!;
    const create = creates.find((e) => (e.body as { name: string }).name === "full")!;
    const { create: createSettings, rest } = splitForCreate(FULL_SETTINGS as Record<string, unknown>);
    expect(create.body).toEqual({ name: "full", securityGroupSettings: createSettings });
    expect(Object.keys(createSettings)).toHaveLength(7);
    const update = log.find((e) => e.operation === "UpdateSecurityGroup" && e.path.endsWith(`/${groupIdOf(full)}`))!;
    const defaults = DEFAULT_SECURITY_GROUP_SETTINGS as Record<string, unknown>;
    const expected = Object.fromEntries(
      Object.entries(rest)
        .filter(([k, v]) => JSON.stringify(asHeld(k, v)) !== JSON.stringify(defaults[k]))
        .map(([k, v]) => [k, asHeld(k, { ...(defaults[k] as object), ...(v as object) })])
        .map(([k, v]) => [k, typeof v === "object" && !Array.isArray(v) && !SERVICE_MEMBERS[k as string] && k !== "calling" ? rest[k as string] : v]),
    );
    expect(update.body).toEqual({ securityGroupSettings: wire(expected) });

    // The service has every declared value; the outputs report the service's full view.
    const group = (await h.group(DEFAULT_NETWORK_ID, groupIdOf(full)))!;
    expect(group.name).toBe("full");
    expect(sortedSets(group.securityGroupSettings as Record<string, unknown>)).toMatchObject(sortedSets(FULL_SETTINGS as Record<string, unknown>));
    const outputs = state.resources.find((r) => r.id === full)!.outputs;
    expect(outputs).toMatchObject({
      groupId: group.id,
      isDefault: false,
      activeMembers: 0,
      botMembers: 0,
      modified: group.modified,
      adopted: false,
      deletionBehavior: "delete the group",
      reported: { networkId: DEFAULT_NETWORK_ID, name: "full", securityGroupSettings: group.securityGroupSettings },
    });
    expect(sortedSets(outputs.securityGroupSettings)).toEqual(sortedSets(FULL_SETTINGS as Record<string, unknown>));

    // Every case's group holds its declared settings.
    for (const c of cases) {
      const g = (await h.group(c.sso ? SSO_NETWORK_ID : DEFAULT_NETWORK_ID, groupIdOf(ids.get(c.name)!)))!;
      const actual = sortedSets(g.securityGroupSettings as Record<string, unknown>);
      for (const [k, v] of Object.entries(sortedSets(c.before as Record<string, unknown>))) expect([c.name, k, actual[k]]).toEqual([c.name, k, asHeld(k, v)]);
    }
  });

  it("previews each setting changed alone as exactly that property, and the rename as `name`, without a request", async () => {
    await h.clearLog();
    stack.setProgram(program("after"));
    const preview = await stack.preview();
    expect(await h.log()).toEqual([]);
    const steps = new Map(changed(preview.steps).map((s) => [s.name, s]));
    for (const c of cases) {
      const step = steps.get(c.name)!;
      expect([c.name, step.op, step.diffs]).toEqual([c.name, "update", ["securityGroupSettings"]]);
      const keys = Object.keys(step.detailedDiff);
      expect(keys.length).toBeGreaterThan(0);
      const prefix = `securityGroupSettings.${c.path}`;
      expect([c.name, keys.filter((k) => k !== prefix && !k.startsWith(`${prefix}[`) && !k.startsWith(`${prefix}.`))]).toEqual([c.name, []]);
    }
    expect(steps.get("full")).toMatchObject({ op: "update", diffs: ["name"], detailedDiff: { name: "update" } });
    // Reordering the unordered lists changes nothing.
    expect(steps.has("sets")).toBe(false);
    expect(preview.stdout).toContain('name: "full" => "full-renamed"');
  });

  it("sends exactly one UpdateSecurityGroup per changed group, carrying only that setting (nested objects whole)", async () => {
    await h.clearLog();
    await stack.up();
    const all = await h.log();
    // A change inside a nested object reads its group first (the object goes whole); a top-level
    // change is the update alone; the unchanged groups are not touched.
    const nested = cases.filter((c) => ["calling", "passwordRequirements", "shredder"].includes(c.setting));
    expect(nested.length).toBeGreaterThan(0);
    expect(all.filter((e) => e.operation === "GetSecurityGroup").map((e) => groupIdOf(e.path)).sort()).toEqual(nested.map((c) => groupIdOf(ids.get(c.name)!)).sort());
    const log = all.filter((e) => e.operation !== "GetSecurityGroup");
    expect(new Set(operations(log))).toEqual(new Set(["UpdateSecurityGroup"]));
    expect(log).toHaveLength(cases.length + 1);
    const byGroup = new Map<string, LogEntry[]>();
    for (const e of log) byGroup.set(groupIdOf(e.path), [...(byGroup.get(groupIdOf(e.path)) ?? []), e]);
    for (const c of cases) {
      const entries = byGroup.get(groupIdOf(ids.get(c.name)!)) ?? [];
      expect([c.name, entries.length]).toEqual([c.name, 1]);
      const value = (c.after as Record<string, unknown>)[c.setting];
      const body = entries[0].body as { securityGroupSettings: Record<string, unknown> };
      expect([c.name, Object.keys(body)]).toEqual([c.name, ["securityGroupSettings"]]);
      expect([c.name, sortedSets(body.securityGroupSettings)]).toEqual([c.name, sortedSets(wire({ [c.setting]: asHeld(c.setting, value) }))]);
      const g = (await h.group(c.sso ? SSO_NETWORK_ID : DEFAULT_NETWORK_ID, groupIdOf(ids.get(c.name)!)))!;
      expect([c.name, sortedSets(g.securityGroupSettings as Record<string, unknown>)[c.setting]]).toEqual([c.name, sortedSets({ [c.setting]: asHeld(c.setting, value) })[c.setting]]);
    }
    expect(byGroup.get(groupIdOf(ids.get("full")!))?.map((e) => e.body)).toEqual([{ name: "full-renamed" }]);
    void all;
    expect(byGroup.has(groupIdOf(ids.get("sets")!))).toBe(false);
    expect((await h.group(DEFAULT_NETWORK_ID, groupIdOf(ids.get("full")!)))!.name).toBe("full-renamed");
  });

  it("a second `up` with nothing changed sends no request; the secret key is in no state file", async () => {
    await h.clearLog();
    const up = await stack.up();
    expect(changed(up.steps)).toEqual([]);
    expect(await h.log()).toEqual([]);
    const files = stateFiles(stack);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(f.text).not.toContain(WICKR_TEST_CREDENTIALS.secretAccessKey);
      expect(f.text).not.toContain(WICKR_TEST_CREDENTIALS.accessKeyId);
    }
  });

  it("destroy deletes every group it made, one DeleteSecurityGroup each, and no default group", async () => {
    await h.clearLog();
    await stack.destroy();
    const log = await h.log();
    expect(log).toHaveLength(ids.size);
    expect(new Set(operations(log))).toEqual(new Set(["DeleteSecurityGroup"]));
    expect(new Set(log.map((e) => e.path.split("/").slice(-3).join("/")))).toEqual(new Set([...ids.values()].map((id) => `${id.split("/")[0]}/security-groups/${groupIdOf(id)}`)));
    expect((await h.groups(DEFAULT_NETWORK_ID)).map((g) => g.isDefault)).toEqual([true]);
    expect((await h.groups(SSO_NETWORK_ID)).map((g) => g.isDefault)).toEqual([true]);
  });

  it("every request this suite sent conforms to the official model", async () => {
    expect((await h.captured()).flatMap((e) => conformanceProblems(e))).toEqual([]);
  });
});
