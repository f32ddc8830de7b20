// discover --split through the real engine (issue 23): two Wickr networks of an estate seeded in
// one go, one part and one stack per network. `--split --import-into all` imports each part into
// its own stack (the written index.ts picks the part from the stack's discover:part), each stack
// then previews no change and `up` sends nothing, and no stack holds another network's group.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import * as pulumi from "@pulumi/pulumi";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { WICKR_TEST_REGION } from "../../emulators/wickr";
import { discoverCommand } from "../../cli/discover/command";
import * as provider from "../../provider";
import { changed, TestStack } from "../support/engine";
import { isolatedAwsEnv } from "../support/aws-env";

const NETWORKS = ["40000001", "40000002"];
const WRITES = ["POST", "PUT", "PATCH", "DELETE"];

/** The written index.ts as a Pulumi program: its parts loaded from the folder, the package bound to this checkout. */
function splitProgram(dir: string) {
  const load = (file: string): unknown => {
    const js = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const module = { exports: {} as Record<string, unknown> };
    const requireFrom = (id: string) => {
      if (id === "pulumi-wickr-commvault") return provider;
      if (id === "@pulumi/pulumi") return pulumi;
      if (id.startsWith("./")) return load(path.join(dir, `${id.slice(2)}.ts`));
      return require(id);
    };
    new Function("exports", "require", "module", js)(module.exports, requireFrom, module);
    return module.exports;
  };
  return async () => {
    load(path.join(dir, "index.ts"));
  };
}

describe("discover --split: one stack per network", () => {
  let emulators: RunningEmulators;
  let dir: string;
  const stacks = new Map<string, TestStack>();
  const saved = { ...process.env };

  beforeAll(async () => {
    emulators = await startEmulators({ wickrEstate: { networks: 2, groupsPerNetwork: 4 } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-split-"));
    Object.assign(process.env, isolatedAwsEnv());
    delete process.env.AWS_REGION;
  });
  afterAll(async () => {
    process.env = saved;
    for (const s of stacks.values()) await s.dispose();
    await emulators?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes a part per network and an index.ts, imports each part into its stack, and each stack then previews clean and writes nothing", async () => {
    for (const id of NETWORKS) {
      const part = `wickr-${id}`;
      stacks.set(part, await TestStack.create(splitProgram(dir), { config: { ...emulators.stackConfig(), "discover:part": { value: part } }, env: isolatedAwsEnv() }));
    }
    let text = "";
    const code = await discoverCommand(
      ["--wickr:region", WICKR_TEST_REGION, "--wickr:endpoint", emulators.wickr.url, "--networks", NETWORKS.join(","), "--split", "--out", dir, "--import-into", "all", "--json"],
      { out: (t) => (text += t), openStack: async (name) => (stacks.get(name) as TestStack).stack },
    );
    const report = JSON.parse(text) as { imported: number; files: string[] };
    expect(code).toBe(0);
    expect(report.files.map((f) => path.basename(f)).sort()).toEqual(["index.ts", "wickr-40000001.ts", "wickr-40000002.ts"]);
    expect(report.imported).toBe(8);

    await emulators.wickr.clearLog();
    for (const [part, stack] of stacks) {
      const held = (await stack.state()).resources.filter((r) => r.type.endsWith(":WickrSecurityGroup"));
      expect(held).toHaveLength(4);
      expect(held.every((r) => String(r.id).startsWith(`${part.slice("wickr-".length)}/`))).toBe(true);
      expect(changed((await stack.preview()).steps)).toEqual([]);
      expect(changed((await stack.up()).steps)).toEqual([]);
    }
    expect(emulators.wickr.requestLog().filter((e) => WRITES.includes(e.method))).toEqual([]);
  }, 240_000);

  it("refuses before any state edit when a part has no stack, naming it", async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-split-missing-"));
    try {
      const only = stacks.get("wickr-40000001") as TestStack;
      await expect(
        discoverCommand(
          ["--wickr:region", WICKR_TEST_REGION, "--wickr:endpoint", emulators.wickr.url, "--networks", NETWORKS.join(","), "--split", "--out", other, "--import-into", "all", "--json"],
          {
            out: () => undefined,
            openStack: async (name) => {
              if (name !== "wickr-40000001") throw new Error("no such stack");
              return only.stack;
            },
          },
        ),
      ).rejects.toThrow(/no stack for "wickr-40000002".*pulumi stack init wickr-40000002/);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  }, 60_000);
});
