// Through the real Pulumi engine against the Wickr emulator, once per emulator variant (the
// readings of the field evidence, support/variants.ts): a group's life (preview, create,
// no-op, console drift found by refresh, a networkId change that replaces, destroy), adopting
// groups (the default one restored on destroy, another kept as it is), and import. Every
// scenario counts the requests the emulator saw, and every request the suite sent is checked
// against the official model at the end. The groups live in a PREMIUM network, so that every
// variant's plan takes every setting used (the STANDARD plan: rules.engine.test.ts).
import { DEFAULT_GROUP_ID, DEFAULT_NETWORK_ID, DEFAULT_SECURITY_GROUP_SETTINGS, SSO_NETWORK_ID, WICKR_TEST_CREDENTIALS } from "../../emulators/wickr";
import type { SecurityGroup } from "../../emulators/wickr";
import { WickrSecurityGroup } from "../../provider";
import type { WickrSecurityGroupArgs } from "../../provider";
import { DELETION_BEHAVIOR } from "../../provider/wickr/handler";
import { changed, TestStack } from "../support/engine";
import { conformanceProblems } from "./support/conformance";
import { calls, operations, stateFiles, startWickrEngineHarness, TYPE_TOKEN, WickrEngineHarness, writes } from "./support/harness";
import { ENGINE_VARIANTS, sentCallingKey, uncoveredChoices } from "./support/variants";

const EXISTING = "existing01";

it("the variants play every value of every choice", () => {
  expect(uncoveredChoices()).toEqual([]);
});

describe.each(ENGINE_VARIANTS)("WickrSecurityGroup lifecycle through the engine, variant: %s", (_label, variant) => {
  let h: WickrEngineHarness;
  const key = sentCallingKey(variant);

  beforeAll(async () => {
    h = await startWickrEngineHarness({ variant });
    // A PREMIUM network with a second existing group to adopt and to import.
    await h.control.service("seed", {
      networks: [
        {
          networkId: DEFAULT_NETWORK_ID,
          networkName: "emulator-network",
          accessLevel: "PREMIUM",
          groups: [
            { id: DEFAULT_GROUP_ID, name: "default", isDefault: true, activeMembers: 50, botMembers: 5 },
            { id: EXISTING, name: "existing", activeMembers: 2, securityGroupSettings: { maxBor: 30, quickResponses: ["ok"] } },
          ],
        },
      ],
    });
  });
  afterAll(async () => h?.close());

  describe("a created group", () => {
    let stack: TestStack;
    let id: string;
    const args = (overrides: Partial<WickrSecurityGroupArgs> = {}): WickrSecurityGroupArgs => ({
      networkId: DEFAULT_NETWORK_ID,
      name: "field-team",
      securityGroupSettings: {
        lockoutThreshold: 8,
        forceDeviceLockout: 3,
        maxTtl: 604800,
        calling: { canVideoCall: false },
        globalFederation: true,
        enableRestrictedGlobalFederation: true,
        permittedWickrAwsNetworks: [
          { region: "us-east-1", networkId: "22222222" },
          { region: "eu-west-2", networkId: "11111111" },
        ],
      },
      ...overrides,
    });
    const program = (overrides?: Partial<WickrSecurityGroupArgs>) => async () => {
      const g = new WickrSecurityGroup("team", args(overrides));
      return { groupId: g.groupId, deletionBehavior: g.deletionBehavior, isDefault: g.isDefault };
    };

    beforeAll(async () => {
      stack = await h.stack(program());
    });
    afterAll(async () => stack?.dispose());

    it("previews the create reading only the network's plan; creates with one create, one read and one update", async () => {
      await h.clearLog();
      const preview = await stack.preview();
      expect(changed(preview.steps).map((s) => [s.name, s.op, s.type])).toEqual([["team", "create", TYPE_TOKEN]]);
      expect(operations(await h.log())).toEqual(["GetNetwork"]);

      await h.clearLog();
      const up = await stack.up();
      const log = (await h.log()).filter((e) => e.operation !== "GetNetwork");
      expect(operations(log)).toEqual(["CreateSecurityGroup", "GetSecurityGroup", "UpdateSecurityGroup"]);
      expect(log[0].body).toEqual({
        name: "field-team",
        securityGroupSettings: {
          enableRestrictedGlobalFederation: true,
          globalFederation: true,
          permittedWickrAwsNetworks: [
            { networkId: "11111111", region: "eu-west-2" },
            { networkId: "22222222", region: "us-east-1" },
          ],
        },
      });
      expect(log[2].body).toEqual({
        securityGroupSettings: {
          [key]: { ...DEFAULT_SECURITY_GROUP_SETTINGS.calling, canVideoCall: false },
          forceDeviceLockout: 3,
          lockoutThreshold: 8,
          maxTtl: 604800,
        },
      });
      id = (await stack.state()).resources.find((r) => r.type === TYPE_TOKEN)!.id!;
      expect(id).toMatch(new RegExp(`^${DEFAULT_NETWORK_ID}/[a-z0-9]{8}$`));
      expect(up.outputs).toMatchObject({ groupId: id.split("/")[1], deletionBehavior: DELETION_BEHAVIOR.delete, isDefault: false });
    });

    it("a no-op `up` sends no request", async () => {
      await h.clearLog();
      const up = await stack.up();
      expect(changed(up.steps)).toEqual([]);
      expect(await h.log()).toEqual([]);
    });

    it("refresh finds console drift (one read); only the declared setting makes a diff; `up` puts it back", async () => {
      const groupId = id.split("/")[1];
      // The console changes a declared setting and an undeclared one.
      await h.control.service("drift", { networkId: DEFAULT_NETWORK_ID, groupId, securityGroupSettings: { maxTtl: 3600, maxBor: 99 } });
      await h.clearLog();
      const refresh = await stack.refresh();
      expect(calls(await h.log()).sort()).toEqual([`GetNetwork GET /networks/${id.split("/")[0]}`, `GetSecurityGroup GET /networks/${id.split("/")[0]}/security-groups/${groupId}`]);
      expect(refresh.stdout).toMatch(/~ 1 updated/);
      const outputs = (await stack.state()).resources.find((r) => r.type === TYPE_TOKEN)!.outputs;
      expect(outputs.reported.securityGroupSettings).toMatchObject({ maxTtl: 3600, maxBor: 99 });
      expect(outputs.securityGroupSettings.maxTtl).toBe(3600);

      await h.clearLog();
      const preview = await stack.preview();
      expect(changed(preview.steps).map((s) => [s.op, s.detailedDiff])).toEqual([["update", { "securityGroupSettings.maxTtl": "update" }]]);
      expect(preview.stdout).toContain("maxTtl: 3600 => 604800");
      expect(await h.log()).toEqual([]);

      await stack.up();
      expect((await h.log()).map((e) => [e.operation, e.body])).toEqual([
        ["UpdateSecurityGroup", { securityGroupSettings: { maxTtl: 604800 } }],
      ]);
      expect((await h.group(DEFAULT_NETWORK_ID, groupId))!.securityGroupSettings).toMatchObject({ maxTtl: 604800, maxBor: 99 });
    });

    it("refresh without drift finds nothing, and the next preview shows no change", async () => {
      await h.clearLog();
      const refresh = await stack.refresh();
      expect(operations(await h.log()).sort()).toEqual(["GetNetwork", "GetSecurityGroup"]);
      expect(refresh.stdout).not.toMatch(/updated/);
      expect(refresh.stdout).toMatch(/2 unchanged/);
      expect(changed((await stack.preview()).steps)).toEqual([]);
    });

    it("a networkId change previews as a replace, then creates the new group before deleting the old", async () => {
      stack.setProgram(program({ networkId: SSO_NETWORK_ID }));
      await h.clearLog();
      const preview = await stack.preview();
      const steps = changed(preview.steps);
      expect(steps.map((s) => s.op)).toEqual(["create-replacement", "replace", "delete-replaced"]);
      const replace = steps.find((s) => s.op === "replace")!;
      expect(replace.diffs).toEqual(["networkId"]);
      expect(Object.keys(replace.detailedDiff)).toEqual(["networkId"]);
      // Only the new network's plan is read.
      expect(calls(await h.log())).toEqual([`GetNetwork GET /networks/${SSO_NETWORK_ID}`]);

      await stack.up();
      const log = (await h.log()).filter((e) => e.operation !== "GetNetwork");
      expect(operations(log)).toEqual(["CreateSecurityGroup", "GetSecurityGroup", "UpdateSecurityGroup", "DeleteSecurityGroup"]);
      expect(log[0].path).toBe(`/networks/${SSO_NETWORK_ID}/security-groups`);
      expect(log[3].path).toBe(`/networks/${id.replace("/", "/security-groups/")}`);
      expect(await h.group(DEFAULT_NETWORK_ID, id.split("/")[1])).toBeUndefined();
      id = (await stack.state()).resources.find((r) => r.type === TYPE_TOKEN)!.id!;
      expect(id.startsWith(`${SSO_NETWORK_ID}/`)).toBe(true);
    });

    it("the secret key is in no state file; destroy deletes the group with one request", async () => {
      for (const f of stateFiles(stack)) expect(f.text).not.toContain(WICKR_TEST_CREDENTIALS.secretAccessKey);
      await h.clearLog();
      await stack.destroy();
      expect(calls(await h.log())).toEqual([`DeleteSecurityGroup DELETE /networks/${id.replace("/", "/security-groups/")}`]);
      expect(await h.group(SSO_NETWORK_ID, id.split("/")[1])).toBeUndefined();
    });
  });

  describe("adopted groups", () => {
    let stack: TestStack;
    let originalDefault: SecurityGroup;
    let originalExisting: SecurityGroup;
    const program = (maxBor: number) => async () => {
      const everyone = new WickrSecurityGroup("everyone", {
        networkId: DEFAULT_NETWORK_ID,
        adopt: "default",
        name: "everyone",
        securityGroupSettings: { maxBor, calling: { canVideoCall: false }, quickResponses: ["Copy"] },
      });
      const kept = new WickrSecurityGroup("kept", {
        networkId: DEFAULT_NETWORK_ID,
        adopt: { groupId: EXISTING },
        restoreOnDelete: false,
        securityGroupSettings: { maxTtl: 3600 },
      });
      return { everyone: everyone.deletionBehavior, kept: kept.deletionBehavior, everyoneDefault: everyone.isDefault };
    };

    beforeAll(async () => {
      originalDefault = (await h.group(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID))!;
      originalExisting = (await h.group(DEFAULT_NETWORK_ID, EXISTING))!;
      stack = await h.stack(program(60));
    });
    afterAll(async () => stack?.dispose());

    it("previews the adoption with what destroy will do, reading only", async () => {
      await h.clearLog();
      const preview = await stack.preview();
      expect(changed(preview.steps).map((s) => [s.name, s.op]).sort()).toEqual([
        ["everyone", "create"],
        ["everyone-adoption", "create"],
        ["kept", "create"],
        ["kept-adoption", "create"],
      ]);
      expect(preview.stdout).toMatch(/restoreOnDelete\s*: true/);
      expect(preview.stdout).toMatch(/restoreOnDelete\s*: false/);
      const log = await h.log();
      expect(writes(log)).toEqual([]);
      expect(operations(log).sort()).toEqual(["GetNetwork", "GetSecurityGroup", "ListSecurityGroups"]);
    });

    it("adopts: one read by the adoption record, one (in check, reused by create) and one update per group, carrying only what differs", async () => {
      await h.clearLog();
      const up = await stack.up();
      expect(changed(up.steps).map((s) => s.op)).toEqual(["create", "create", "create", "create"]);
      const log = await h.log();
      expect(operations(log).sort()).toEqual([
        "GetNetwork",
        "GetSecurityGroup",
        "GetSecurityGroup",
        "ListSecurityGroups",
        "ListSecurityGroups",
        "UpdateSecurityGroup",
        "UpdateSecurityGroup",
      ]);
      expect(log.filter((e) => e.operation === "UpdateSecurityGroup").map((e) => [e.path, e.body])).toEqual(
        expect.arrayContaining([
          [
            `/networks/${DEFAULT_NETWORK_ID}/security-groups/${DEFAULT_GROUP_ID}`,
            { name: "everyone", securityGroupSettings: { maxBor: 60, [key]: { ...DEFAULT_SECURITY_GROUP_SETTINGS.calling, canVideoCall: false }, quickResponses: ["Copy"] } },
          ],
          [`/networks/${DEFAULT_NETWORK_ID}/security-groups/${EXISTING}`, { securityGroupSettings: { maxTtl: 3600 } }],
        ]),
      );
      expect(up.outputs).toEqual({ everyone: DELETION_BEHAVIOR.restore, kept: DELETION_BEHAVIOR.keep, everyoneDefault: true });
      expect((await h.group(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID))!.name).toBe("everyone");
    });

    it("changes a top-level setting of an adopted group with one update and no read", async () => {
      stack.setProgram(program(120));
      await h.clearLog();
      await stack.up();
      expect((await h.log()).map((e) => [e.operation, e.body])).toEqual([
        ["UpdateSecurityGroup", { securityGroupSettings: { maxBor: 120 } }],
      ]);
    });

    it("destroy leaves both groups: the default one restored as adopted (one read, one update), the other as it is", async () => {
      stack.setProgram(async () => {});
      await h.clearLog();
      const preview = await stack.preview();
      expect(changed(preview.steps).map((s) => [s.name, s.op])).toEqual(
        expect.arrayContaining([
          ["everyone", "delete"],
          ["kept", "delete"],
          ["everyone-adoption", "delete"],
          ["kept-adoption", "delete"],
        ]),
      );
      expect(preview.stdout).toMatch(/restoreOnDelete\s*: true/);
      expect(writes(await h.log())).toEqual([]);

      await stack.destroy();
      const log = await h.log();
      expect(operations(log)).toEqual(["GetSecurityGroup", "UpdateSecurityGroup"]);
      expect(log[1].body).toEqual({
        name: "default",
        securityGroupSettings: { [key]: originalDefault.securityGroupSettings.calling, maxBor: 0, quickResponses: [] },
      });
      const restored = (await h.group(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID))!;
      expect({ ...restored, modified: 0 }).toEqual({ ...originalDefault, modified: 0 });
      const kept = (await h.group(DEFAULT_NETWORK_ID, EXISTING))!;
      expect(kept.securityGroupSettings).toEqual({ ...originalExisting.securityGroupSettings, maxTtl: 3600 });
    });
  });

  describe("import", () => {
    let stack: TestStack;
    const declared = (opts?: { import?: string }, maxBor = 30) => async () => {
      new WickrSecurityGroup("imported", { networkId: DEFAULT_NETWORK_ID, name: "existing", securityGroupSettings: { maxBor, quickResponses: ["ok"] } }, opts);
    };

    beforeAll(async () => {
      // The SDK's dynamic-provider host cannot import (see support/harness.ts): this stack uses the stand-in host.
      stack = await h.stack(declared({ import: `${DEFAULT_NETWORK_ID}/${EXISTING}` }), { importCapableHost: true });
    });
    afterAll(async () => stack?.dispose());

    it("imports by networkId/groupId with one read and no diff; the program then previews no change", async () => {
      await h.clearLog();
      const preview = await stack.preview();
      expect(changed(preview.steps).map((s) => [s.op, s.diffs, s.detailedDiff])).toEqual([["import", [], {}]]);
      expect(calls(await h.log()).sort()).toEqual([`GetNetwork GET /networks/${DEFAULT_NETWORK_ID}`, `GetSecurityGroup GET /networks/${DEFAULT_NETWORK_ID}/security-groups/${EXISTING}`]);

      await h.clearLog();
      const up = await stack.up();
      expect(changed(up.steps).map((s) => s.op)).toEqual(["import"]);
      expect(operations(await h.log()).sort()).toEqual(["GetNetwork", "GetSecurityGroup"]);
      const imported = (await stack.state()).resources.find((r) => r.type === TYPE_TOKEN)!;
      expect(imported.id).toBe(`${DEFAULT_NETWORK_ID}/${EXISTING}`);
      expect(imported.outputs).toMatchObject({ groupId: EXISTING, isDefault: false, activeMembers: 2, name: "existing", deletionBehavior: DELETION_BEHAVIOR.delete });

      stack.setProgram(declared());
      await h.clearLog();
      expect(changed((await stack.preview()).steps)).toEqual([]);
      expect(await stack.up().then((r) => changed(r.steps))).toEqual([]);
      expect(await h.log()).toEqual([]);
    });

    it("manages the imported group like any other: a change is one update, destroy deletes it", async () => {
      stack.setProgram(declared(undefined, 45));
      await h.clearLog();
      const preview = await stack.preview();
      expect(changed(preview.steps).map((s) => s.detailedDiff)).toEqual([{ "securityGroupSettings.maxBor": "update" }]);
      await stack.up();
      expect((await h.log()).map((e) => [e.operation, e.body])).toEqual([
        ["UpdateSecurityGroup", { securityGroupSettings: { maxBor: 45 } }],
      ]);
      await h.clearLog();
      await stack.destroy();
      expect(operations(await h.log())).toEqual(["DeleteSecurityGroup"]);
      expect(await h.group(DEFAULT_NETWORK_ID, EXISTING)).toBeUndefined();
    });
  });

  it("every request this suite sent conforms to the official model (members the evidence adds listed as known extras)", async () => {
    const log = await h.captured();
    expect(log.length).toBeGreaterThan(20);
    expect(log.flatMap((e) => conformanceProblems(e))).toEqual([]);
  });
});
