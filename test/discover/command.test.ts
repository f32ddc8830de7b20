// The discover verb's edges, without the engine: bad flags are usage errors (exit 2 from the
// bin), an unreachable service or refused credentials fail with exit 1 and write no file, names
// become valid unique identifiers, the pruning of what a program cannot declare, and the progress
// bar on a terminal (the bin under a pseudo-terminal).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { createCommvaultEmulator, COMMVAULT_TEST_CREDENTIALS } from "../../emulators/commvault";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { DEFAULT_NETWORK_ID, WICKR_TEST_REGION } from "../../emulators/wickr";
import { EmulatorControl } from "../../emulators/core/control-client";
import { discoverCommand } from "../../cli/discover/command";
import { parseDiscoverOptions } from "../../cli/discover/options";
import { assignNames, identifierFor, literal, resourceSlug } from "../../cli/discover/program";
import { withoutPath } from "../../cli/discover/check";
import { UsageError } from "../../cli/flags";
import type { DiscoveredGroup } from "../../cli/discover/model";
import { isolatedAwsEnv, NO_MACHINE_AWS } from "../support/aws-env";

const REPO = path.resolve(__dirname, "..", "..");
/** The package's command as its bin runs it. */
const BIN = path.join(REPO, "dist", "cli", "main.js");
const run = promisify(execFile);

describe("discover flags", () => {
  it.each([
    [["--bogus", "1"], /unknown flag --bogus/],
    [[], /nothing to discover/],
    [["--networks", "1234"], /8-digit network ids/],
    [["--networks", "12345678", "--out", "program.js"], /must name a \.ts file/],
    [["--commvault", "--cwd", "/tmp"], /--cwd is the project of --import-into/],
    [["--networks", "12345678", "--filter", "/(/"], /--filter/],
  ])("refuses %j", (args, message) => {
    expect(() => parseDiscoverOptions(args as string[])).toThrow(UsageError);
    expect(() => parseDiscoverOptions(args as string[])).toThrow(message);
  });

  it("takes the provider's stack config keys as flags and filters names by glob or /regex/", () => {
    const o = parseDiscoverOptions(["--wickr:region", "eu-west-1", "--networks", "12345678,87654321", "--filter", "ops-*"]);
    expect(o.config.get("wickr:region")).toBe("eu-west-1");
    expect(o.networks).toEqual(["12345678", "87654321"]);
    expect([o.matches("ops-team"), o.matches("OPS-a"), o.matches("dev")]).toEqual([true, true, false]);
    expect(parseDiscoverOptions(["--commvault", "--filter", "/^cv-\\d+$/"]).matches("cv-12")).toBe(true);
  });

  it("exits 2 with the usage from the bin", async () => {
    const err = await run(process.execPath, [BIN, "discover", "--bogus", "x"]).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toMatch(/unknown flag --bogus[\s\S]*discover \[--networks/);
  });
});

describe("discover failures write nothing", () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-fail-"));
  });
  afterEach(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("an unreachable Wickr endpoint: exit 1, the network named, no file", async () => {
    Object.assign(process.env, { ...NO_MACHINE_AWS, AWS_ACCESS_KEY_ID: "AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret-example" });
    let text = "";
    const out = path.join(dir, "discovered.ts");
    const code = await discoverCommand(
      ["--wickr:region", "us-east-1", "--wickr:endpoint", "http://127.0.0.1:1", "--wickr:maxRetries", "0", "--networks", "12345678", "--out", out],
      { out: (t) => (text += t) },
    );
    expect(code).toBe(1);
    expect(text).toMatch(/error: wickr network 12345678: /);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refused Commvault credentials: exit 1 with the reason, never the password, no file", async () => {
    const server = createCommvaultEmulator();
    const url = await server.listen(0);
    try {
      process.env.COMMVAULT_PASSWORD = "wrong-password-123";
      let text = "";
      const out = path.join(dir, "discovered.ts");
      const code = await discoverCommand(["--commvault:url", url, "--commvault:username", COMMVAULT_TEST_CREDENTIALS.username, "--out", out, "--json"], { out: (t) => (text += t) });
      expect(code).toBe(1);
      const report = JSON.parse(text) as { problems: Array<{ message: string }>; files: string[] };
      expect(report.problems[0].message).toMatch(/login failed/i);
      expect(text).not.toContain("wrong-password-123");
      expect(report.files).toEqual([]);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("a group whose answer the provider cannot read", () => {
  it("is reported and named in the program's header, never written as a resource; the others are", async () => {
    const server = createCommvaultEmulator();
    const url = await server.listen(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-unreadable-"));
    const saved = { ...process.env };
    try {
      process.env.COMMVAULT_PASSWORD = COMMVAULT_TEST_CREDENTIALS.password;
      // The CommServe refuses the read of "View All" (id 3) with an errorCode, every time it is asked.
      await new EmulatorControl(server.controlUrl).faults([{ kind: "errorCode", count: 10, match: { operation: "GetUserGroup", pathPrefix: "/V4/UserGroup/3" } }]);
      let text = "";
      const out = path.join(dir, "discovered.ts");
      const code = await discoverCommand(["--commvault:url", url, "--commvault:username", COMMVAULT_TEST_CREDENTIALS.username, "--commvault:maxRetries", "0", "--out", out, "--json"], { out: (t) => (text += t) });
      expect(code).toBe(0);
      const report = JSON.parse(text) as { groups: Array<{ id: string; written: boolean; findings: Array<{ path: string; reason: string }> }> };
      const unreadable = report.groups.find((g) => g.id === "3")!;
      expect(unreadable.written).toBe(false);
      expect(unreadable.findings[0].path).toBe("(answer)");
      expect(report.groups.filter((g) => g.written).map((g) => g.id)).toEqual(["1", "4"]);
      const program = fs.readFileSync(out, "utf8");
      expect(program).toMatch(/^\/\/ NOT WRITTEN: commvault group "View All" \(id 3\): /m);
      expect(program).not.toMatch(/new CommvaultUserGroup\("view-all"/);
      expect(program).toMatch(/new CommvaultUserGroup\("master"/);
    } finally {
      process.env = saved;
      fs.rmSync(dir, { recursive: true, force: true });
      await server.close();
    }
  });
});

describe("the written program's names and values", () => {
  it("turns names into valid, non-reserved identifiers and kebab resource names", () => {
    expect(resourceSlug("Équipe Ünïcode")).toBe("equipe-unicode");
    expect(resourceSlug("***")).toBe("group");
    expect(identifierFor("123 numbers")).toBe("g123Numbers");
    expect(identifierFor("class")).toBe("classGroup");
    expect(identifierFor("Ops Team")).toBe("opsTeam");
  });

  it("keeps resource names and variables unique when names collide", () => {
    const group = (groupName: string, service: "wickr" | "commvault", networkId?: string) => ({ groupName, service, networkId }) as DiscoveredGroup;
    const groups = [group("Ops Team", "commvault"), group("ops-team", "commvault"), group("default", "wickr", "11111111"), group("default", "wickr", "22222222")];
    assignNames(groups);
    expect(groups.map((g) => g.resourceName)).toEqual(["ops-team", "ops-team-2", "11111111-default", "22222222-default"]);
    expect(new Set(groups.map((g) => g.variable)).size).toBe(4);
    for (const g of groups) expect(g.variable).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
  });

  it("writes values as TypeScript literals, quoting keys that are not identifiers", () => {
    expect(literal({ a: 1, "b-c": ["x"], d: { e: null } })).toBe('{\n  a: 1,\n  "b-c": [\n    "x",\n  ],\n  d: {\n    e: null,\n  },\n}');
  });

  it("prunes a refused property, a list as a whole, and an object left empty", () => {
    expect(withoutPath({ s: { a: 1, b: 2 } }, ["s", "a"])).toEqual({ s: { b: 2 } });
    expect(withoutPath({ s: { a: 1 }, n: "x" }, ["s", "a"])).toEqual({ n: "x" });
    expect(withoutPath({ users: ["a", "b"], n: "x" }, ["users"])).toEqual({ n: "x" });
  });
});

describe("the progress bar", () => {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  let emulators: RunningEmulators;
  let dir: string;
  beforeAll(async () => {
    emulators = await startEmulators();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-progress-"));
  });
  afterAll(async () => {
    await emulators?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The bin's discover with stderr on a pseudo-terminal (util-linux `script`) and stdout in a file: what the terminal showed, and stdout. */
  async function onTerminal(extra: string[]): Promise<{ terminal: string; stdout: string }> {
    const args = [
      BIN, "discover", "--networks", DEFAULT_NETWORK_ID, "--commvault",
      "--wickr:region", WICKR_TEST_REGION, "--wickr:endpoint", emulators.wickr.url,
      "--commvault:url", emulators.commvault.url, "--commvault:username", COMMVAULT_TEST_CREDENTIALS.username,
      // Paced, so that the run lasts long enough for the bar to redraw on its timer.
      "--commvault:requestsPerSecond", "4", "--out", path.join(dir, "discovered.ts"), ...extra,
    ];
    const stdoutFile = path.join(dir, "stdout.txt");
    const command = `${[process.execPath, ...args].map(quote).join(" ")} > ${quote(stdoutFile)}`;
    const env = { ...process.env, ...isolatedAwsEnv(), COMMVAULT_PASSWORD: COMMVAULT_TEST_CREDENTIALS.password, TERM: "xterm" };
    const { stdout } = await run("script", ["-qefc", command, "/dev/null"], { env, timeout: 60_000 });
    return { terminal: stdout, stdout: fs.readFileSync(stdoutFile, "utf8") };
  }

  it("draws on a terminal's stderr while the groups are read, counting to the total, and leaves stdout to the summary", async () => {
    const { terminal, stdout } = await onTerminal([]);
    const counts = [...terminal.matchAll(/discovering \[[^\]]*\] (\d+)\/(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(counts.length).toBeGreaterThan(1);
    // One network, then the CommServe's 3 user groups after a reset: 4 steps in all.
    expect(counts[counts.length - 1][1]).toBe(4);
    expect(counts.some(([done]) => done > 0)).toBe(true);
    expect(stdout).toMatch(/wrote .*discovered\.ts/);
    expect(stdout).not.toContain("discovering [");
  }, 90_000);

  it("stays silent with --json, and when stderr is not a terminal", async () => {
    const json = await onTerminal(["--json"]);
    expect(json.terminal).not.toContain("discovering");
    expect(JSON.parse(json.stdout).groups.length).toBe(4);
    const piped = await run(process.execPath, [BIN, "discover", "--commvault", "--commvault:url", emulators.commvault.url, "--commvault:username", COMMVAULT_TEST_CREDENTIALS.username, "--out", path.join(dir, "piped.ts")], {
      env: { ...process.env, COMMVAULT_PASSWORD: COMMVAULT_TEST_CREDENTIALS.password },
    });
    expect(piped.stderr).not.toContain("discovering");
    expect(piped.stdout).toMatch(/wrote .*piped\.ts/);
  }, 90_000);
});

describe("discover --out never replaces a file it did not write unchanged (issue 19, defect 11)", () => {
  let server: ReturnType<typeof createCommvaultEmulator>;
  let url: string;
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    server = createCommvaultEmulator();
    url = await server.listen(0);
    process.env.COMMVAULT_PASSWORD = COMMVAULT_TEST_CREDENTIALS.password;
  });
  afterAll(async () => {
    process.env = saved;
    await server.close();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-out-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const discoverTo = (extra: string[]) =>
    discoverCommand(["--commvault:url", url, "--commvault:username", COMMVAULT_TEST_CREDENTIALS.username, "--json", ...extra], { out: () => undefined });

  it("replaces its own unchanged output, refuses a hand-edited --out file (left as it was), and replaces it with --force", async () => {
    const out = path.join(dir, "discovered.ts");
    expect(await discoverTo(["--out", out])).toBe(0);
    expect(await discoverTo(["--out", out])).toBe(0);
    const edited = `${fs.readFileSync(out, "utf8")}// my own note\n`;
    fs.writeFileSync(out, edited);
    await expect(discoverTo(["--out", out])).rejects.toThrow(/refusing to replace .*discovered\.ts.*--force/);
    expect(fs.readFileSync(out, "utf8")).toBe(edited);
    expect(fs.readdirSync(dir)).toEqual(["discovered.ts"]);
    expect(await discoverTo(["--out", out, "--force"])).toBe(0);
    expect(fs.readFileSync(out, "utf8")).not.toContain("my own note");
  }, 60_000);

  it("--format yaml: the same for the YAML program; --format import-file: an existing file only with --force", async () => {
    const yamlOut = path.join(dir, "discovered.yaml");
    expect(await discoverTo(["--format", "yaml", "--out", yamlOut])).toBe(0);
    expect(await discoverTo(["--format", "yaml", "--out", yamlOut])).toBe(0);
    const edited = `${fs.readFileSync(yamlOut, "utf8")}# my own note\n`;
    fs.writeFileSync(yamlOut, edited);
    await expect(discoverTo(["--format", "yaml", "--out", yamlOut])).rejects.toThrow(/refusing to replace .*discovered\.yaml.*--force/);
    expect(fs.readFileSync(yamlOut, "utf8")).toBe(edited);
    expect(await discoverTo(["--format", "yaml", "--out", yamlOut, "--force"])).toBe(0);
    expect(fs.readFileSync(yamlOut, "utf8")).not.toContain("my own note");
    // JSON has no comment for discover's seal: an existing import file is never replaced without --force.
    const importOut = path.join(dir, "discovered-import.json");
    expect(await discoverTo(["--format", "import-file", "--out", importOut])).toBe(0);
    await expect(discoverTo(["--format", "import-file", "--out", importOut])).rejects.toThrow(/refusing to replace .*discovered-import\.json/);
    expect(await discoverTo(["--format", "import-file", "--out", importOut, "--force"])).toBe(0);
  }, 60_000);

  it("refuses to replace a user's own commvault.ts in a --split --out folder, and writes nothing", async () => {
    const own = path.join(dir, "commvault.ts");
    fs.writeFileSync(own, "export const mine = 1;\n");
    await expect(discoverTo(["--split", "--out", dir])).rejects.toThrow(/refusing to replace .*commvault\.ts/);
    expect(fs.readFileSync(own, "utf8")).toBe("export const mine = 1;\n");
    expect(fs.readdirSync(dir)).toEqual(["commvault.ts"]);
  }, 60_000);
});

describe("the groups a CommServe made itself (issue 19: master, View All, Tenant Admin)", () => {
  let server: ReturnType<typeof createCommvaultEmulator>;
  let url: string;
  let dir: string;
  const saved = { ...process.env };
  beforeEach(async () => {
    server = createCommvaultEmulator();
    url = await server.listen(0);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-system-"));
    process.env.COMMVAULT_PASSWORD = COMMVAULT_TEST_CREDENTIALS.password;
    await new EmulatorControl(server.controlUrl).service("seed", { userGroups: [{ id: 5001, name: "ops", description: "made by a person" }] });
  });
  afterEach(async () => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
    await server.close();
  });
  const run = async (extra: string[] = []) => {
    let text = "";
    const out = path.join(dir, "discovered.ts");
    const code = await discoverCommand(["--commvault:url", url, "--commvault:username", COMMVAULT_TEST_CREDENTIALS.username, "--commvault:maxRetries", "0", "--out", out, ...extra], { out: (t) => (text += t) });
    return { code, text, program: fs.existsSync(out) ? fs.readFileSync(out, "utf8") : undefined };
  };
  /** The declaration of the resource `name` in the written program. */
  const declaration = (program: string, name: string) => {
    const start = program.indexOf(`new CommvaultUserGroup(${JSON.stringify(name)}`);
    expect(start).toBeGreaterThanOrEqual(0);
    return program.slice(start, program.indexOf("});", start));
  };

  it("are written with adopt (a destroy never deletes them); a group made by a person is owned", async () => {
    const { code, program } = await run();
    expect(code).toBe(0);
    for (const [name, id] of [["master", 1], ["view-all", 3], ["tenant-admin", 4]] as const) {
      expect(declaration(program!, name)).toMatch(new RegExp(`adopt: \\{\\s*id: ${id},?\\s*\\}`));
    }
    expect(declaration(program!, "ops")).not.toMatch(/adopt/);
  });

  it("when the CommServe cannot say which they are, nothing is written and the error says why", async () => {
    await new EmulatorControl(server.controlUrl).faults([{ kind: "errorCode", count: 10, match: { operation: "ListAllUserGroups" } }]);
    const { code, text, program } = await run();
    expect(code).toBe(1);
    expect(text).toMatch(/includeSystemCreated=false\) failed, so which groups must never be deleted is not known/);
    expect(program).toBeUndefined();
  });
});
