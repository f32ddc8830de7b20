// discover with bounded memory (issue 23): each group is checked, named and written to its
// file's staged body as soon as its network (or Commvault read) is done, never after the whole
// estate is read; the written files are the same as the in-memory rendering; a failed listing
// leaves no file, no temporary file and no folder behind; --import-into's groups come back per part.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { COMMVAULT_TEST_CREDENTIALS } from "../../emulators/commvault";
import { EmulatorControl } from "../../emulators/core/control-client";
import { estateNetworkIds, WICKR_TEST_REGION } from "../../emulators/wickr";
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import * as cvOps from "../../provider/commvault/operations";
import { closeAllPools, HttpClient } from "../../provider/core/http";
import { wickrSecurityGroupDefinition } from "../../provider/wickr/definition";
import { discoverCommand, importEntries } from "../../cli/discover/command";
import { commvaultClient, discoverCommvault } from "../../cli/discover/commvault";
import { ImportStash } from "../../cli/discover/import-stash";
import type { DiscoveredGroup, Finding } from "../../cli/discover/model";
import { adoptionRecordName } from "../../provider/wickr/adoption-definition";
import { assignNames, ProgramNames } from "../../cli/discover/names";
import { pluginFiles, pluginWriter } from "../../cli/discover/plugin-formats";
import { programFiles } from "../../cli/discover/program";
import { typescriptWriter } from "../../cli/discover/program-writer";
import { silentProgress } from "../../cli/discover/progress";
import { Staging } from "../../cli/discover/staging";
import { discoverWickr, wickrClient } from "../../cli/discover/wickr";
import { isolatedAwsEnv } from "../support/aws-env";

/** Every file under `dir`, relative. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

/** `http`, recording what `before` says at each request. */
function spied(http: HttpClient, before: (operation: string, path: string) => void): HttpClient {
  return { send: (req: Parameters<HttpClient["send"]>[0]) => (before(req.operation, req.path), http.send(req)) } as unknown as HttpClient;
}

describe("discover writes each group as it comes (bounded memory)", () => {
  const NETWORKS = 20;
  let emulators: RunningEmulators;
  let dir: string;
  const saved = { ...process.env };
  const ids = estateNetworkIds({ networks: NETWORKS, groupsPerNetwork: 3 });
  beforeAll(async () => {
    emulators = await startEmulators({ wickrEstate: { networks: NETWORKS, groupsPerNetwork: 3 }, commvaultEstate: { userGroups: 120 } });
    Object.assign(process.env, isolatedAwsEnv());
  });
  afterAll(async () => {
    process.env = saved;
    await emulators?.close();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-bounded-"));
  });
  afterEach(async () => {
    await closeAllPools();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const config = () => ({ get: (k: string) => ({ "wickr:region": WICKR_TEST_REGION, "wickr:endpoint": emulators.wickr.url, "commvault:url": emulators.commvault.url, "commvault:username": COMMVAULT_TEST_CREDENTIALS.username, "commvault:password": COMMVAULT_TEST_CREDENTIALS.password })[k] });

  it("Wickr: a network's groups are on disk before a network 8 places later is listed, even when one network is slow", async () => {
    // The third network's listing answers late: the others must wait for it rather than pile up.
    const control = new EmulatorControl(emulators.wickr.controlUrl);
    await control.faults([{ kind: "latency", latencyMs: 700, match: { operation: "ListSecurityGroups", pathPrefix: `/networks/${ids[2]}/` } }]);
    const staging = new Staging();
    const writer = typescriptWriter(staging, dir, true, "test");
    const names = new ProgramNames();
    const written: string[] = [];
    const behind: string[] = [];
    const http = spied(wickrClient(config()), (operation, p) => {
      if (operation !== "ListSecurityGroups") return;
      const i = ids.indexOf(p.split("/")[2]);
      // The part of the network 8 places before (the window of networks listed and not yet handed on) is written.
      if (i >= 8) {
        const earlier = path.join(dir, `wickr-${ids[i - 8]}.ts.${process.pid}.body.tmp`);
        if (!fs.existsSync(earlier) || !fs.readFileSync(earlier, "utf8").includes(`new WickrSecurityGroup("${ids[i - 8]}-`)) behind.push(ids[i - 8]);
      }
    });
    await discoverWickr(http, ids, () => true, silentProgress, (g) => {
      names.assign(g);
      writer.add(g);
      written.push(g.networkId as string);
    });
    await control.clearFaults();
    expect(behind).toEqual([]);
    // In the order listed, each network's groups together.
    expect([...new Set(written)]).toEqual(ids);
    writer.finish();
    staging.commit(false);
    expect(tree(dir)).toEqual(["index.ts", ...ids.map((id) => `wickr-${id}.ts`)].sort());
  });

  it("Commvault: a group is handed on before a group 33 places later is read, even when one read is slow", async () => {
    const control = new EmulatorControl(emulators.commvault.controlUrl);
    const slow = (await cvOps.listUserGroups(commvaultClient(config()))).map((g) => g.id).sort((a, b) => a - b)[4];
    await control.faults([{ kind: "latency", latencyMs: 700, match: { operation: "GetUserGroup", pathPrefix: `/V4/UserGroup/${slow}` } }]);
    const handed: string[] = [];
    const late: number[] = [];
    let reads = 0;
    const http = spied(commvaultClient(config()), (operation) => {
      if (operation !== "GetUserGroup") return;
      // Started and not yet handed on: at most the window (32), however slow one read is.
      if (reads - handed.length >= 32) late.push(reads);
      reads++;
    });
    const outcome = await discoverCommvault(http, () => true, silentProgress, (g) => handed.push(g.id));
    await control.clearFaults();
    expect(outcome.problems).toEqual([]);
    expect(handed).toHaveLength(123);
    expect(late).toEqual([]);
    expect(handed).toEqual([...handed].sort((a, b) => Number(a) - Number(b)));
  });

  it.each([
    ["one file", (out: string) => ["--out", path.join(out, "discovered.ts")]],
    ["split", (out: string) => ["--split", "--out", out]],
    ["yaml", (out: string) => ["--format", "yaml", "--out", path.join(out, "discovered.yaml")]],
  ])("a failed listing of a late network (%s): exit 1, no file, no temporary file, no folder left", async (_, outFlags) => {
    const late = ids[NETWORKS - 2];
    const control = new EmulatorControl(emulators.wickr.controlUrl);
    await control.faults([{ kind: "error5xx", count: 100, match: { operation: "ListSecurityGroups", pathPrefix: `/networks/${late}/` } }]);
    try {
      let text = "";
      const out = path.join(dir, "new-folder", "deeper");
      const c = config();
      const code = await discoverCommand(
        ["--networks", ids.join(","), "--commvault", "--wickr:region", WICKR_TEST_REGION, "--wickr:endpoint", c.get("wickr:endpoint") as string, "--wickr:maxRetries", "0",
          "--commvault:url", c.get("commvault:url") as string, "--commvault:username", COMMVAULT_TEST_CREDENTIALS.username, "--commvault:password", COMMVAULT_TEST_CREDENTIALS.password, ...outFlags(out)],
        { out: (t) => (text += t), progress: silentProgress },
      );
      expect(code).toBe(1);
      expect(text).toContain(`error: wickr network ${late}: `);
      expect(tree(dir)).toEqual([]);
    } finally {
      await control.clearFaults();
    }
  });

  it("an edited file in the split folder: refused at the end with nothing else written, the file untouched, no temporary file", async () => {
    const edited = path.join(dir, `wickr-${ids[3]}.ts`);
    fs.writeFileSync(edited, "// mine\n");
    const c = config();
    // Network parts are not named up front with --networks all... here they are, so the refusal comes before any call.
    await expect(
      discoverCommand(["--networks", ids.join(","), "--wickr:region", WICKR_TEST_REGION, "--wickr:endpoint", c.get("wickr:endpoint") as string, "--split", "--out", dir], { out: () => undefined, progress: silentProgress }),
    ).rejects.toThrow(/refusing to replace/);
    // At the end (the staging's own check, as with --networks all, whose parts are known only then).
    const staging = new Staging();
    const writer = typescriptWriter(staging, dir, true, "test");
    const names = new ProgramNames();
    await discoverWickr(wickrClient(c), ids.slice(0, 5), () => true, silentProgress, (g) => (names.assign(g), writer.add(g)));
    writer.finish();
    expect(() => staging.commit(false)).toThrow(/refusing to replace .*wickr-\d+\.ts/);
    expect(tree(dir)).toEqual([path.basename(edited)]);
    expect(fs.readFileSync(edited, "utf8")).toBe("// mine\n");
  });
});

// The streamed files against the in-memory rendering (programFiles, pluginFiles), for groups
// with colliding names, findings, skipped groups, and both services in any order of networks.
const name = fc.constantFrom("ops", "Ops", "ops team", "ops-team", "default", "40000001 ops", "class", "***", "é", "x\u2028y", "a\"b", "");
const wickrArb = fc.record({ networkId: fc.constantFrom("40000001", "40000002", "12345678"), groupName: name, isDefault: fc.boolean(), skipped: fc.option(fc.constantFrom("unreadable", "*/ no"), { nil: undefined }), findings: fc.array(fc.record({ path: name, reason: name }), { maxLength: 1 }) });
const commvaultArb = fc.record({ groupName: name, skipped: fc.option(fc.constant("refused"), { nil: undefined }), findings: fc.array(fc.record({ path: name, reason: name }), { maxLength: 1 }) });

type WickrSpec = { networkId: string; groupName: string; isDefault: boolean; skipped?: string; findings: Finding[] };
type CommvaultSpec = { groupName: string; skipped?: string; findings: Finding[] };

function estate(wickr: WickrSpec[], commvault: CommvaultSpec[]): DiscoveredGroup[] {
  // As discovery hands them on: each network's groups together (networks in first-seen order), then Commvault.
  const order = [...new Set(wickr.map((w) => w.networkId))];
  const groups: DiscoveredGroup[] = [];
  let n = 0;
  for (const net of order) {
    for (const w of wickr.filter((x) => x.networkId === net)) {
      groups.push({ service: "wickr", def: wickrSecurityGroupDefinition, id: `${net}/g${n++}`, groupName: w.groupName, networkId: net, isDefault: w.isDefault, args: { networkId: net, name: w.groupName || "x", securityGroupSettings: { lockoutThreshold: 5 } }, recorded: {}, findings: w.findings, unmanaged: [], skipped: w.skipped });
    }
  }
  for (const c of commvault) {
    groups.push({ service: "commvault", def: commvaultUserGroupDefinition, id: String(n++), groupName: c.groupName, isDefault: false, args: { name: c.groupName || "x", users: ["a"] }, recorded: {}, findings: c.findings, unmanaged: [], skipped: c.skipped });
  }
  return groups;
}

/** The files a writer stages for `groups` (named as they come), read back after the commit. */
function streamed(dir: string, make: (staging: Staging) => { add(g: DiscoveredGroup): void; finish(): void }, groups: DiscoveredGroup[]): Map<string, string> {
  const staging = new Staging();
  const writer = make(staging);
  const names = new ProgramNames();
  for (const g of groups) {
    const copy = { ...g };
    if (!copy.skipped) names.assign(copy);
    writer.add(copy);
  }
  writer.finish();
  const files = staging.commit(true);
  return new Map(files.map((f) => [f, fs.readFileSync(f, "utf8")]));
}

describe("the streamed files are the in-memory rendering, byte for byte", () => {
  it("TypeScript (one file and split), YAML and the import file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-streamed-"));
    try {
      fc.assert(
        fc.property(fc.array(wickrArb, { maxLength: 8 }), fc.array(commvaultArb, { maxLength: 5 }), (w, c) => {
          fs.rmSync(dir, { recursive: true, force: true });
          const groups = estate(w, c);
          const expected = groups.map((g) => ({ ...g }));
          assignNames(expected.filter((g) => !g.skipped));
          const single = path.join(dir, "one", "discovered.ts");
          expect(streamed(dir, (s) => typescriptWriter(s, single, false, "h"), groups)).toEqual(programFiles(expected, single, false, "h"));
          expect(streamed(dir, (s) => typescriptWriter(s, path.join(dir, "split"), true, "h"), groups)).toEqual(programFiles(expected, path.join(dir, "split"), true, "h"));
          for (const format of ["yaml", "import-file"] as const) {
            const out = path.join(dir, `out.${format}`);
            expect(streamed(dir, (s) => pluginWriter(s, format, out, "h"), groups)).toEqual(pluginFiles(format, expected, out, "h"));
          }
          expect(tree(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
        }),
        { numRuns: 60 },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--import-into's groups, set aside per part", () => {
  it("come back per part, in order, as the import takes them; removed at the end", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-stash-"));
    try {
      const groups = estate(
        [{ networkId: "40000001", groupName: "a", isDefault: true, findings: [] }, { networkId: "40000002", groupName: "b", isDefault: false, findings: [] }, { networkId: "40000001", groupName: "c", isDefault: false, skipped: "unreadable", findings: [] }],
        [{ groupName: "d", findings: [] }],
      );
      groups[0].recorded = { adopt: "default", restoreOnDelete: true, adopted: true, adoptedState: { name: "a", securityGroupSettings: { lockoutThreshold: 5 } } };
      assignNames(groups.filter((g) => !g.skipped));
      const stash = new ImportStash((part) => path.join(dir, `${part}.import.tmp`));
      const part = (g: DiscoveredGroup) => (g.service === "wickr" ? `wickr-${g.networkId}` : "commvault");
      for (const g of groups) stash.add(part(g), g);
      expect(stash.parts()).toEqual(["wickr-40000001", "wickr-40000002", "commvault"]);
      for (const p of stash.parts()) expect(importEntries(stash.groups(p))).toEqual(importEntries(groups.filter((g) => part(g) === p && !g.skipped)));
      // The default group's adoption record comes with it.
      expect(importEntries(stash.groups("wickr-40000001")).map((e) => e.resourceName)).toEqual(["40000001-a", adoptionRecordName("40000001-a")]);
      stash.discard();
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
