// What `npm pack` puts in the tarball: the compiled provider and emulators (with their type
// declarations), the emulator command, the README and the compiled policy pack; nothing of the
// tests, benchmarks, examples or scripts, and no TypeScript source. Reads `npm pack --dry-run --json`; dist/ is what the bootstrap built.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..", "..");
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const HAS_POLICY = fs.existsSync(path.join(REPO, "policy", "PulumiPolicy.yaml"));

interface PackResult {
  name: string;
  version: string;
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: Array<{ path: string; size: number; mode: number }>;
}

/** The manifest npm would pack. Scripts are skipped: the test run's bootstrap has built dist/ already. */
function dryRunPack(): PackResult {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", "--loglevel=error"], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  const parsed = JSON.parse(out) as PackResult[];
  expect(parsed).toHaveLength(1);
  return parsed[0];
}

/** Source files of a folder, relative to the repository (for the completeness checks). */
function sources(dir: string): string[] {
  const root = path.join(REPO, dir);
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map((f) => path.join(dir, f).split(path.sep).join("/"))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.endsWith(".test.ts") && !f.split("/").includes("node_modules"));
}

describe("npm pack", () => {
  let pack: PackResult;
  let files: string[];

  beforeAll(() => {
    pack = dryRunPack();
    files = pack.files.map((f) => f.path).sort();
  });

  it("names the package and its entry points", () => {
    expect(pack.name).toBe("pulumi-wickr-commvault");
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", PKG.main, PKG.types]));
    expect(PKG.bin).toEqual({ "pulumi-wickr-commvault": "dist/cli/main.js", "wickr-commvault-emulators": "dist/emulators/cli.js" });
    expect(files).toEqual(expect.arrayContaining(["dist/cli/main.js", "dist/emulators/cli.js"]));
  });

  it("carries the compiled provider and emulators, each module with its .js and .d.ts", () => {
    for (const dir of ["provider", "emulators"]) {
      const expected = sources(dir).flatMap((src) => {
        const stem = `dist/${src.slice(0, -".ts".length)}`;
        return [`${stem}.js`, `${stem}.d.ts`];
      });
      expect(expected.length).toBeGreaterThan(10);
      const missing = expected.filter((f) => !files.includes(f));
      expect({ dir, missing, hint: missing.length ? "dist/ is not built from the current sources: source scripts/bootstrap.sh (or npm run build)" : "" }).toEqual({
        dir,
        missing: [],
        hint: "",
      });
    }
    for (const required of ["dist/provider/wickr/runtime.js", "dist/provider/commvault/runtime.js", "dist/emulators/cli.js", "dist/emulators/cli.d.ts"]) {
      expect(files).toContain(required);
    }
  });

  it("ships no stale compiled file whose source is gone", () => {
    const orphans = files
      .filter((f) => f.startsWith("dist/") && (f.endsWith(".js") || f.endsWith(".d.ts")))
      .filter((f) => !fs.existsSync(path.join(REPO, f.slice("dist/".length).replace(/(\.d\.ts|\.js)$/, ".ts"))));
    expect({ orphans, hint: orphans.length ? "remove dist/ and rebuild: rm -rf dist && source scripts/bootstrap.sh" : "" }).toEqual({ orphans: [], hint: "" });
  });

  it("keeps the emulator command's shebang", () => {
    expect(files).toContain(PKG.bin["wickr-commvault-emulators"]);
    const first = fs.readFileSync(path.join(REPO, PKG.bin["wickr-commvault-emulators"]), "utf8").split("\n")[0];
    expect(first).toBe("#!/usr/bin/env node");
  });

  (HAS_POLICY ? it : it.skip)("carries the policy pack compiled to JavaScript, runnable from node_modules", () => {
    expect(PKG.files).toContain("dist/policy/**");
    expect(files).toEqual(expect.arrayContaining(["dist/policy/PulumiPolicy.yaml", "dist/policy/package.json", "dist/policy/index.js", "dist/policy/baseline.js"]));
    const policyPackage = JSON.parse(fs.readFileSync(path.join(REPO, "dist", "policy", "package.json"), "utf8"));
    expect(policyPackage.main).toBe("index.js");
    expect(files.filter((f) => f.startsWith("policy/"))).toEqual([]);
  });

  it("carries nothing of the tests, benchmarks, examples or scripts", () => {
    const unwanted = files.filter(
      (f) =>
        /^dist\/(test|benchmarks|examples|scripts)\//.test(f) ||
        /^(test|benchmarks|examples|scripts|tools|provider|emulators|\.demo|\.tools)\//.test(f) ||
        /(^|\/)node_modules\//.test(f) ||
        /\.test\.(ts|js|d\.ts)$/.test(f) ||
        /\.tgz$/.test(f) ||
        f.startsWith(".") ||
        f.endsWith(".map"),
    );
    expect(unwanted).toEqual([]);
  });

  it("names no path of the machine that built it (checkout, home, temporary folders) in any shipped file", () => {
    const machinePaths = [REPO, path.dirname(REPO), process.env.HOME, require("node:os").tmpdir()].filter((p): p is string => !!p && p !== "/");
    const leaking = files.filter((f) => {
      const text = fs.readFileSync(path.join(REPO, f), "utf8");
      return machinePaths.some((p) => text.includes(p));
    });
    expect(leaking).toEqual([]);
  });

  it("carries the changelog, whose newest entry is the package's version", () => {
    expect(files).toContain("CHANGELOG.md");
    const changelog = fs.readFileSync(path.join(REPO, "CHANGELOG.md"), "utf8");
    expect(changelog.match(/^## (\S+)/m)?.[1]).toBe(PKG.version);
  });

  it("has no TypeScript source but declarations", () => {
    const sourcesShipped = files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    expect(sourcesShipped).toEqual([]);
  });

  it("stays small", () => {
    // A guard against shipping something big by mistake (node_modules, state, a tarball).
    expect(pack.size).toBeLessThan(1_000_000);
    expect(pack.entryCount).toBeLessThan(400);
  });
});
