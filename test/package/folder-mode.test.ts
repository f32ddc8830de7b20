// SLOW (npm install from the registry per SDK version, then a dozen CLI commands): the package
// as an infra repo uses it. The packed tarball is installed into a TypeScript project outside
// this repository, beside the project's own @pulumi/pulumi (the newest on npm, then the
// oldest the package supports), type-checked with strict tsc, and driven only with the
// commands a user types in the project's folder: `pulumi stack init`, `pulumi config set`,
// `pulumi up`, `pulumi preview --diff`, `pulumi refresh`, the package's import command,
// `pulumi preview --policy-pack` with the pack from node_modules, `pulumi destroy`, and the
// package's discover command bringing a hand-made estate into a project folder of its own. The CLI
// runs the program through a Node language host (the project's own, tools/language-host, when
// the CLI is the one the bootstrap built).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { EmulatorControl } from "../../emulators/core/control-client";
import type { LogEntry } from "../../emulators/core/server";
import { DEFAULT_NETWORK_ID, WICKR_TEST_REGION } from "../../emulators/wickr";
import { COMMVAULT_SEED, COMMVAULT_TEST_CREDENTIALS } from "../../emulators/commvault";
import { policyViolations, pulumi, pulumiOk, PulumiFolder, resourceCounts, setConfig } from "../../scripts/support/pulumi-cli";
import { isolatedAwsEnv } from "../support/aws-env";

const run = promisify(execFile);
const REPO = path.resolve(__dirname, "..", "..");
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const DEV = PKG.devDependencies as Record<string, string>;

/** The SDKs an infra repo may already have: the newest on npm, and the oldest the peer range allows. */
const SDKS = [
  { label: "newest", pulumi: "3.276.0", policy: "1.21.0" },
  // 3.216.0: the first SDK whose dynamic-provider host passes on the inputs a read returns, which
  // is how a refresh shows drift (3.139.0 brought `configure`; from 3.141.0 to 3.215.0 a refresh
  // updates the recorded outputs but reports "unchanged").
  { label: "oldest supported", pulumi: "3.216.0", policy: "1.21.0" },
];

const LEGACY_WICKR_NETWORK = "87654321";
const LEGACY_WICKR_GROUP = "legacy01";
const LEGACY_COMMVAULT_ID = 900;
/** A hand-made estate the discover command brings under code into a project of its own. */
const ESTATE_NETWORK = "55550001";

/** The infra project's program: what a platform team writes, with a config-driven stage. */
const PROGRAM = String.raw`
import * as pulumi from "@pulumi/pulumi";
import { CommvaultUserGroup, WickrSecurityGroup } from "pulumi-wickr-commvault";

const config = new pulumi.Config();
const stage = config.get("stage") ?? "initial";
const changed = stage !== "initial";

const team = new WickrSecurityGroup("field-team", {
  networkId: "${DEFAULT_NETWORK_ID}",
  name: "field-team",
  securityGroupSettings: {
    lockoutThreshold: 10,
    enableCrashReports: !changed,
    calling: { canStart11Call: true, canVideoCall: !changed },
    passwordRequirements: stage === "noncompliant" ? { minLength: 6 } : { minLength: 14 },
  },
});

const ops = new CommvaultUserGroup("ops", {
  name: "ops-team",
  description: changed ? "Operations (on call)" : "Operations",
  enableTwoFactorAuthentication: "ON",
  users: changed ? ["alice", "carol"] : ["alice", "bob"],
});

// Groups made by hand before this project existed, brought in with the package's import command.
if (config.getBoolean("withLegacy")) {
  new WickrSecurityGroup("legacy-wickr", {
    networkId: "${LEGACY_WICKR_NETWORK}",
    name: "legacy-wickr",
    securityGroupSettings: { lockoutThreshold: 10 },
  });
  new CommvaultUserGroup("legacy-commvault", { name: "legacy-commvault", description: "made by hand", users: ["bob"] });
}

export const teamGroupId = team.groupId;
export const opsGroupId = ops.groupId;
`;

/** Type-checked with the program: the import helpers take the resource classes' Args types. */
const TYPES_CHECK = String.raw`
import type { Stack } from "@pulumi/pulumi/automation";
import { CommvaultUserGroupArgs, importCommvaultUserGroup, importWickrSecurityGroup, WickrSecurityGroupArgs } from "pulumi-wickr-commvault";

export async function importBoth(stack: Stack, wickr: WickrSecurityGroupArgs, commvault: CommvaultUserGroupArgs): Promise<string[]> {
  return [
    await importWickrSecurityGroup(stack, "w", "12345678/abc", { args: wickr }),
    await importCommvaultUserGroup(stack, "c", 1, { args: commvault }),
  ];
}
`;

function writeProject(dir: string, tarball: string, sdk: (typeof SDKS)[number]): void {
  fs.mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    "package.json": JSON.stringify(
      {
        name: "infra",
        private: true,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": sdk.pulumi, [PKG.name]: `file:${tarball}` },
        devDependencies: { "@pulumi/policy": sdk.policy, "@types/node": DEV["@types/node"], typescript: DEV.typescript, "ts-node": "^10.9.2" },
      },
      null,
      2,
    ),
    "Pulumi.yaml": "name: infra\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n",
    "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ["node"] }, files: ["index.ts", "types-check.ts"] }, null, 2),
    "index.ts": PROGRAM,
    "types-check.ts": TYPES_CHECK,
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

const writes = (log: LogEntry[]) => log.filter((e) => e.method !== "GET" && e.operation !== "Login");

describe.each(SDKS)("an infra project with @pulumi/pulumi $pulumi ($label) [slow]", (sdk) => {
  let tmp: string;
  let project: string;
  let emulators: RunningEmulators;
  let wickr: EmulatorControl;
  let commvault: EmulatorControl;
  let folder: PulumiFolder;
  let env: NodeJS.ProcessEnv;
  const ok = (...args: string[]) => pulumiOk(folder, [...args, ...(["up", "preview", "refresh", "destroy"].includes(args[0]) ? ["--color", "never"] : [])]);

  beforeAll(async () => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pwc-folder-")));
    project = path.join(tmp, "infra");
    // Node 22 (the one running this test) first on PATH: npm, the package's bin and the CLI's plugins use it.
    env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`, npm_config_update_notifier: "false" };
    const packed = await run("npm", ["pack", "--json", "--ignore-scripts", "--loglevel=error", "--pack-destination", tmp], { cwd: REPO, env });
    const tarball = path.join(tmp, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0].filename);
    writeProject(project, tarball, sdk);
    emulators = await startEmulators();
    wickr = new EmulatorControl(emulators.wickr.controlUrl);
    commvault = new EmulatorControl(emulators.commvault.controlUrl);
    fs.mkdirSync(path.join(tmp, "state"));
    folder = {
      cwd: project,
      env: {
        ...env,
        PULUMI_BACKEND_URL: `file://${path.join(tmp, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "folder-mode-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "1",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        ...isolatedAwsEnv(),
      },
      // PWC_ECHO_CLI=1 prints every command and its output (to see what a failing step printed).
      echo: process.env.PWC_ECHO_CLI ? (text) => process.stderr.write(text) : undefined,
    };
  }, 120_000);

  afterAll(async () => {
    await emulators?.close();
    if (tmp && !process.env.PWC_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("installs beside the project's own SDK: one @pulumi/pulumi, strict tsc passes", async () => {
    await ok("install");
    const tree = await run("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], { cwd: project, env });
    const copies = tree.stdout.trim().split("\n").filter((l) => l.endsWith(path.join("@pulumi", "pulumi")));
    expect(copies).toEqual([path.join(project, "node_modules", "@pulumi", "pulumi")]);
    expect(JSON.parse(fs.readFileSync(path.join(copies[0], "package.json"), "utf8")).version).toBe(sdk.pulumi);
    await run(process.execPath, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { cwd: project, env });
  }, 300_000);

  it("stack init, config set, up: creates both groups", async () => {
    await ok("stack", "init", "dev");
    await setConfig(folder, emulators.stackConfig());
    const up = await ok("up", "--yes");
    expect(resourceCounts(up.stdout)).toEqual({ create: 3 });
    const outputs = JSON.parse((await ok("stack", "output", "--json")).stdout);
    expect(outputs.teamGroupId).toEqual(expect.any(String));
    // The config file keeps the password encrypted.
    expect(fs.readFileSync(path.join(project, "Pulumi.dev.yaml"), "utf8")).not.toContain(String(emulators.stackConfig()["commvault:password"].value));
  }, 180_000);

  it("a change: preview --diff names exactly what changes, writes nothing; up applies it", async () => {
    await wickr.clearLog();
    await commvault.clearLog();
    await ok("config", "set", "stage", "changed");
    const preview = await ok("preview", "--diff");
    expect(resourceCounts(preview.stdout)).toEqual({ update: 2, same: 1 });
    expect(preview.stdout).toMatch(/~ enableCrashReports\s*: true => false/);
    expect(preview.stdout).toMatch(/~ canVideoCall\s*: true => false/);
    expect(preview.stdout).toMatch(/~ description\s*: "Operations" => "Operations \(on call\)"/);
    expect([...writes(await wickr.log()), ...writes(await commvault.log())]).toEqual([]);
    const up = await ok("up", "--yes", "--skip-preview");
    expect(resourceCounts(up.stdout)).toEqual({ update: 2, same: 1 });
    expect(writes(await wickr.log()).map((e) => e.operation)).toEqual(["UpdateSecurityGroup"]);
  }, 180_000);

  it("refresh finds a change made by hand; the next up puts it back", async () => {
    const outputs = JSON.parse((await ok("stack", "output", "--json")).stdout);
    await wickr.service("drift", { networkId: DEFAULT_NETWORK_ID, groupId: outputs.teamGroupId, securityGroupSettings: { lockoutThreshold: 30 } });
    const refresh = await ok("refresh", "--yes", "--skip-preview");
    expect(resourceCounts(refresh.stdout).update).toBe(1);
    const preview = await ok("preview", "--diff");
    expect(preview.stdout).toMatch(/~ lockoutThreshold\s*: 30 => 10/);
    await ok("up", "--yes", "--skip-preview");
    expect(resourceCounts((await ok("preview")).stdout)).toEqual({ same: 3 });
  }, 180_000);

  it("the package's import command brings groups made by hand under the program with no diff", async () => {
    await wickr.service("seed", { networks: [{ networkId: LEGACY_WICKR_NETWORK, groups: [{ id: LEGACY_WICKR_GROUP, name: "legacy-wickr", securityGroupSettings: { lockoutThreshold: 10, maxTtl: 86400 } }] }] });
    await commvault.service("seed", { users: [{ id: 77, name: "bob" }], userGroups: [{ id: LEGACY_COMMVAULT_ID, name: "legacy-commvault", description: "made by hand", users: [{ id: 77, name: "bob" }] }] });
    await ok("config", "set", "withLegacy", "true");
    const bin = path.join(project, "node_modules", ".bin", "pulumi-wickr-commvault");
    const importOne = (type: string, name: string, id: string) => run(bin, ["import", type, name, id], { cwd: project, env: folder.env, timeout: 180_000 });
    const imported = await importOne("WickrSecurityGroup", "legacy-wickr", `${LEGACY_WICKR_NETWORK}/${LEGACY_WICKR_GROUP}`);
    expect(imported.stdout).toContain("imported urn:pulumi:dev::infra::pulumi-nodejs:dynamic/wickr:WickrSecurityGroup::legacy-wickr");
    await importOne("CommvaultUserGroup", "legacy-commvault", String(LEGACY_COMMVAULT_ID));
    await wickr.clearLog();
    await commvault.clearLog();
    const preview = await ok("preview", "--diff");
    expect(resourceCounts(preview.stdout)).toEqual({ same: 5 });
    const up = await ok("up", "--yes", "--skip-preview");
    expect(resourceCounts(up.stdout)).toEqual({ same: 5 });
    expect([...writes(await wickr.log()), ...writes(await commvault.log())]).toEqual([]);
  }, 300_000);

  it("preview --policy-pack with the pack from node_modules blocks a non-compliant change", async () => {
    await wickr.clearLog();
    await ok("config", "set", "stage", "noncompliant");
    const reviewed = await pulumi(folder, ["preview", "--diff", "--policy-pack", path.join("node_modules", PKG.name, "dist", "policy"), "--color", "never"]);
    expect(reviewed.code).not.toBe(0);
    const mandatory = policyViolations(reviewed.stdout).filter((v) => v.level === "mandatory");
    expect(mandatory.map((v) => `${v.policy}/${v.resource}`)).toEqual(["wickr-password-length/field-team"]);
    expect(mandatory[0].message).toContain("minLength is 6");
    expect(writes(await wickr.log())).toEqual([]);
    await ok("config", "set", "stage", "changed");
  }, 180_000);

  it("destroy removes every group the stack manages, imported ones included", async () => {
    const destroy = await ok("destroy", "--yes", "--skip-preview");
    expect(resourceCounts(destroy.stdout)).toEqual({ delete: 5 });
    const state = (await wickr.service("state")) as { networks: Array<{ networkId: string; groups: Array<{ isDefault: boolean }> }> };
    for (const net of state.networks) expect(net.groups.filter((g) => !g.isDefault)).toEqual([]);
  }, 180_000);

  it("discover --import-into: writes an estate's program into a project folder, records it in that folder's stack; the first preview shows no change", async () => {
    const { alice, carol } = COMMVAULT_SEED.users;
    await wickr.service("seed", {
      networks: [
        {
          networkId: ESTATE_NETWORK,
          groups: [
            { id: "est01", name: "estate-field", securityGroupSettings: { lockoutThreshold: 12, calling: { canStart11Call: true, canVideoCall: false } } },
            { id: "est02", name: "estate-office", securityGroupSettings: { enableCrashReports: false, passwordRequirements: { minLength: 12 } } },
          ],
        },
      ],
    });
    await commvault.service("seed", {
      userGroups: [
        { id: 950, name: "estate-backup", description: "made in the console", users: [alice, carol] },
        { id: 951, name: "estate-restore", enabled: false, users: [carol] },
      ],
    });
    // The estate's own project, inside the infra repo (the package and SDK from its node_modules).
    const estate = path.join(project, "estate");
    fs.mkdirSync(estate);
    fs.writeFileSync(path.join(estate, "Pulumi.yaml"), "name: estate\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n");
    const inEstate: PulumiFolder = { ...folder, cwd: estate };
    await pulumiOk(inEstate, ["stack", "init", "estate"]);
    await setConfig(inEstate, emulators.stackConfig());

    // What a team types in its repo; the credentials come from the environment, as the provider's do.
    const bin = path.join(project, "node_modules", ".bin", "pulumi-wickr-commvault");
    const discovered = await run(
      bin,
      [
        "discover", "--networks", ESTATE_NETWORK, "--commvault", "--filter", "estate-*", "--out", path.join("estate", "index.ts"), "--import-into", "estate",
        "--wickr:region", WICKR_TEST_REGION, "--wickr:endpoint", emulators.wickr.url,
        "--commvault:url", emulators.commvault.url, "--commvault:username", COMMVAULT_TEST_CREDENTIALS.username,
      ],
      { cwd: project, env: { ...folder.env, COMMVAULT_PASSWORD: COMMVAULT_TEST_CREDENTIALS.password }, timeout: 180_000 },
    );
    expect(discovered.stdout).toContain("imported 4 groups");
    const program = fs.readFileSync(path.join(estate, "index.ts"), "utf8");
    expect(program).toMatch(/"estate-field"[\s\S]*"estate-office"[\s\S]*"estate-backup"[\s\S]*"estate-restore"/);
    // The written program type-checks under strict tsc against the installed package.
    fs.writeFileSync(path.join(estate, "tsconfig.json"), fs.readFileSync(path.join(project, "tsconfig.json"), "utf8").replace(/"files": \[[^\]]*\]/, '"files": ["index.ts"]'));
    await run(process.execPath, [path.join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { cwd: estate, env });

    await wickr.clearLog();
    await commvault.clearLog();
    const preview = await pulumiOk(inEstate, ["preview", "--diff", "--color", "never"]);
    expect(resourceCounts(preview.stdout)).toEqual({ same: 5 });
    const up = await pulumiOk(inEstate, ["up", "--yes", "--skip-preview", "--color", "never"]);
    expect(resourceCounts(up.stdout)).toEqual({ same: 5 });
    expect([...writes(await wickr.log()), ...writes(await commvault.log())]).toEqual([]);
    // Imported groups are managed: destroy deletes them.
    expect(resourceCounts((await pulumiOk(inEstate, ["destroy", "--yes", "--skip-preview", "--color", "never"])).stdout)).toEqual({ delete: 5 });
  }, 300_000);
});
