// discover --split (issue 23): one part per Wickr network and one for the CommServe, each the
// program of its own stack, and an index.ts that runs the part named like the stack.
import * as path from "node:path";
import * as ts from "typescript";
import { candidateFiles, isUnchangedOutput, programFiles, renderSplitIndex, splitParts } from "../../cli/discover/program";
import { parseDiscoverOptions } from "../../cli/discover/options";
import type { DiscoveredGroup } from "../../cli/discover/model";
import { UsageError } from "../../cli/flags";

const group = (service: "wickr" | "commvault", name: string, networkId?: string): DiscoveredGroup =>
  ({ service, def: {} as never, id: `${networkId ?? ""}/${name}`, groupName: name, networkId, isDefault: false, args: { name }, recorded: {}, findings: [], unmanaged: [], resourceName: name, variable: name.replace(/-/g, "") }) as DiscoveredGroup;

const groups = [group("wickr", "a-1", "40000001"), group("commvault", "c-1"), group("wickr", "b-1", "40000002"), group("wickr", "a-2", "40000001")];

/** Runs a split index.ts as the engine would for a stack, with stubbed pulumi and parts. */
function runIndex(text: string, stack: string, config: Record<string, string> = {}): { loaded: string[]; error?: string } {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const loaded: string[] = [];
  const pulumi = { getStack: () => stack, Config: class { constructor(private readonly ns: string) {} get(key: string) { return config[`${this.ns}:${key}`]; } } };
  const load = (id: string) => (id === "@pulumi/pulumi" ? pulumi : (loaded.push(id), {}));
  try {
    new Function("exports", "require", js)({}, load);
    return { loaded };
  } catch (err) {
    return { loaded, error: (err as Error).message };
  }
}

describe("discover --split", () => {
  it("parts: one per network, in the order listed, then the CommServe", () => {
    const parts = splitParts(groups);
    expect([...parts.keys()]).toEqual(["wickr-40000001", "commvault", "wickr-40000002"]);
    expect(parts.get("wickr-40000001")?.map((g) => g.groupName)).toEqual(["a-1", "a-2"]);
  });

  it("writes index.ts and one file per part, each sealed as discover's own", () => {
    const files = programFiles(groups, "/out", true, "test");
    expect([...files.keys()]).toEqual(["index.ts", "wickr-40000001.ts", "commvault.ts", "wickr-40000002.ts"].map((f) => path.join("/out", f)));
    for (const text of files.values()) expect(isUnchangedOutput(text)).toBe(true);
    expect(files.get(path.join("/out", "wickr-40000002.ts"))).toContain('"b-1"');
    expect(files.get(path.join("/out", "wickr-40000002.ts"))).not.toContain('"a-1"');
  });

  it("index.ts runs the part named like the stack, or the one discover:part names, and refuses any other naming the parts", () => {
    const index = renderSplitIndex(["wickr-40000001", "commvault"], "test");
    expect(runIndex(index, "wickr-40000001")).toEqual({ loaded: ["./wickr-40000001"] });
    expect(runIndex(index, "prod", { "discover:part": "commvault" })).toEqual({ loaded: ["./commvault"] });
    const refused = runIndex(index, "dev");
    expect(refused.loaded).toEqual([]);
    expect(refused.error).toMatch(/stack dev: no discovered part named "dev"; the parts are wickr-40000001, commvault/);
  });

  it("checks before any call the files it will write that it can name up front", () => {
    expect(candidateFiles("/out", true, ["40000001"])).toEqual(["/out/index.ts", "/out/commvault.ts", "/out/wickr-40000001.ts"]);
    expect(candidateFiles("/out", true, "all")).toEqual(["/out/index.ts", "/out/commvault.ts"]);
  });

  it("--split --import-into takes `all` (each part into its own stack), nothing else", () => {
    expect(() => parseDiscoverOptions(["--networks", "40000001", "--split", "--import-into", "prod"])).toThrow(UsageError);
    expect(() => parseDiscoverOptions(["--networks", "40000001", "--split", "--import-into", "prod"])).toThrow(/--import-into all/);
    expect(parseDiscoverOptions(["--networks", "40000001", "--split", "--out", "/x", "--import-into", "all"]).cwd).toBe("/x");
  });
});

describe("discover progress on a stderr that is not a terminal", () => {
  it("a line at every tenth of a run of 100 steps or more, none for a short run", () => {
    const { lineProgress } = require("../../cli/discover/progress") as typeof import("../../cli/discover/progress");
    const lines: string[] = [];
    let t = 0;
    const long = lineProgress((l) => lines.push(l), () => (t += 10));
    long.grow(50);
    long.grow(150);
    for (let i = 0; i < 200; i++) long.tick("x");
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^discover progress: 20\/200 \(10%\) in [0-9.]+ s\n$/);
    expect(lines[9]).toMatch(/^discover progress: 200\/200 \(100%\)/);
    const short: string[] = [];
    const p = lineProgress((l) => short.push(l));
    p.grow(99);
    for (let i = 0; i < 99; i++) p.tick("x");
    expect(short).toEqual([]);
  });
});
