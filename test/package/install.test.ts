// SLOW (npm install from the registry, about 1-3 minutes): the packed tarball, installed into a
// fresh project outside the repository, brings a stack up against the emulators started by the
// package's own `wickr-commvault-emulators` command, then destroys it. The stack runs in a
// separate Node process from that project, so every module (the provider, the serialized
// provider's runtime, @pulumi/pulumi) resolves from the installed package, not from the repo.
import { ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { LogEntry } from "../../emulators/core/server";

const run = promisify(execFile);

const REPO = path.resolve(__dirname, "..", "..");
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const PULUMI_VERSION = "3.259.0";

/** The program the installed project runs: up, export the state, destroy; a JSON report on stdout. */
const RUNNER = String.raw`
const fs = require("node:fs");
const path = require("node:path");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");

async function main() {
  const emu = JSON.parse(process.env.EMULATORS);
  const here = __dirname;
  fs.mkdirSync(path.join(here, "state"), { recursive: true });
  const program = async () => {
    const { WickrSecurityGroup, CommvaultUserGroup } = require("pulumi-wickr-commvault");
    const wickr = new WickrSecurityGroup("installed-wickr", {
      networkId: "12345678",
      name: "installed-team",
      securityGroupSettings: { lockoutThreshold: 12, calling: { canStart11Call: true, canVideoCall: false } },
    });
    const commvault = new CommvaultUserGroup("installed-commvault", { name: "installed-ops", users: ["alice", "bob"], enableTwoFactorAuthentication: "ON" });
    return { wickrGroupId: wickr.groupId, commvaultGroupId: commvault.groupId };
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "installed-package", stackName: "install", program },
    {
      workDir: here,
      envVars: {
        PULUMI_BACKEND_URL: "file://" + path.join(here, "state"),
        PULUMI_CONFIG_PASSPHRASE: "install-test-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "1",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        AWS_ACCESS_KEY_ID: emu.wickr.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: emu.wickr.credentials.secretAccessKey,
        AWS_PROFILE: "",
        AWS_SESSION_TOKEN: "",
        AWS_CONFIG_FILE: "/nonexistent",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
      },
    },
  );
  await stack.setAllConfig({
    "wickr:region": { value: emu.wickr.region },
    "wickr:endpoint": { value: emu.wickr.endpoint },
    "commvault:url": { value: emu.commvault.url },
    "commvault:username": { value: emu.commvault.credentials.username },
    "commvault:password": { value: emu.commvault.credentials.password, secret: true },
  });
  const report = {};
  const up = await stack.up();
  report.up = { result: up.summary.result, changes: up.summary.resourceChanges, outputs: Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value])) };
  const deployment = await stack.exportStack();
  report.resources = deployment.deployment.resources.map((r) => ({ type: r.type, id: r.id, provider: (r.inputs || {}).__provider, outputProvider: (r.outputs || {}).__provider }));
  const destroy = await stack.destroy();
  report.destroy = { result: destroy.summary.result, changes: destroy.summary.resourceChanges };
  await stack.workspace.removeStack("install");
  process.stdout.write("\nREPORT " + JSON.stringify(report) + "\n");
}

main().catch((err) => {
  process.stderr.write(String((err && err.stack) || err) + "\n");
  process.exit(1);
});
`;

interface Report {
  up: { result: string; changes: Record<string, number>; outputs: Record<string, unknown> };
  resources: Array<{ type: string; id?: string; provider?: string; outputProvider?: string }>;
  destroy: { result: string; changes: Record<string, number> };
}

/** Starts the installed emulator command (through its shebang) and reads the JSON line it prints. */
function startInstalledEmulators(bin: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; info: any }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["--host", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`the emulator command printed nothing in 30 s; stderr: ${err}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        try {
          resolve({ child, info: JSON.parse(out.slice(0, nl)) });
        } catch (e) {
          reject(e);
        }
      }
    });
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator command exited (${code}) before printing its URLs; stderr: ${err}`));
    });
  });
}

async function emulatorLog(controlUrl: string): Promise<LogEntry[]> {
  const res = await fetch(`${controlUrl}/log`);
  return ((await res.json()) as { entries: LogEntry[] }).entries;
}

describe("the packed package, installed in a fresh project [slow: npm install, ~1-3 min]", () => {
  let tmp: string;
  let emulators: ChildProcess | undefined;

  beforeAll(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pwc-install-")));
  });

  afterAll(async () => {
    if (emulators && emulators.exitCode === null) {
      const exited = new Promise((r) => emulators!.once("exit", r));
      emulators.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("installs from the tarball, brings a stack up against the emulators and destroys it [slow]", async () => {
    expect(path.relative(REPO, tmp).startsWith("..")).toBe(true);
    // Node 22 (the one running this test) first on PATH: npm, the bin's shebang and the CLI's plugins use it.
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`, npm_config_update_notifier: "false" };

    // 1. Pack (dist/ is what the bootstrap built; the prepack build is skipped).
    const packed = await run("npm", ["pack", "--json", "--ignore-scripts", "--loglevel=error", "--pack-destination", tmp], { cwd: REPO, env });
    const tarball = path.join(tmp, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0].filename);
    expect(fs.existsSync(tarball)).toBe(true);

    // 2. A fresh project that depends on the tarball and on the Pulumi SDK; npm install.
    const project = path.join(tmp, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify(
        {
          name: "pwc-install-check",
          version: "0.0.0",
          private: true,
          dependencies: { [PKG.name]: `file:${path.relative(project, tarball)}`, "@pulumi/pulumi": PULUMI_VERSION },
        },
        null,
        2,
      ),
    );
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: project, env, timeout: 240_000, maxBuffer: 16 << 20 });
    const installed = path.join(project, "node_modules", PKG.name);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false); // a copy of the tarball, not a link to the repo
    expect(fs.existsSync(path.join(installed, "dist", "provider", "index.js"))).toBe(true);
    expect(fs.existsSync(path.join(installed, "dist", "test"))).toBe(false);

    // 3. The installed emulator command, run through its shebang.
    const bin = path.join(project, "node_modules", ".bin", "wickr-commvault-emulators");
    const started = await startInstalledEmulators(bin, env);
    emulators = started.child;
    const info = started.info;
    expect(info.wickr.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // 4. Up and destroy from the project, in its own Node process.
    fs.writeFileSync(path.join(project, "run.js"), RUNNER);
    const result = await run(process.execPath, [path.join(project, "run.js")], {
      cwd: project,
      env: { ...env, EMULATORS: JSON.stringify(info) },
      timeout: 150_000,
      maxBuffer: 16 << 20,
    }).catch((err: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`the installed project's stack failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
    });
    const line = result.stdout.split("\n").find((l) => l.startsWith("REPORT "));
    expect(line).toBeDefined();
    const report = JSON.parse(line!.slice("REPORT ".length)) as Report;

    expect(report.up.result).toBe("succeeded");
    expect(report.up.changes.create).toBe(3); // the stack and the two groups
    expect(typeof report.up.outputs.wickrGroupId).toBe("string");
    expect(typeof report.up.outputs.commvaultGroupId).toBe("number");
    expect(report.destroy.result).toBe("succeeded");
    expect(report.destroy.changes.delete).toBe(3);

    // The serialized provider in the state finds its runtime by package name, never by the repo's path.
    const groups = report.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    expect(groups.map((g) => g.type).sort()).toEqual(["pulumi-nodejs:dynamic/commvault:CommvaultUserGroup", "pulumi-nodejs:dynamic/wickr:WickrSecurityGroup"]);
    for (const g of groups) {
      const module = g.type.includes("wickr") ? "wickr" : "commvault";
      expect(g.provider).toContain(`${PKG.name}/dist/provider/${module}/runtime`);
      expect(g.provider).not.toContain(REPO);
    }

    // The emulators saw the creates and the deletes.
    const wickrLog = await emulatorLog(info.wickr.control);
    const commvaultLog = await emulatorLog(info.commvault.control);
    const ops = (log: LogEntry[]) => log.filter((e) => e.status < 300).map((e) => e.operation);
    expect(ops(wickrLog)).toEqual(expect.arrayContaining(["CreateSecurityGroup", "DeleteSecurityGroup"]));
    expect(ops(commvaultLog)).toEqual(expect.arrayContaining(["Login", "CreateUserGroup", "DeleteUserGroup"]));
    const created = wickrLog.find((e) => e.operation === "CreateSecurityGroup");
    expect(created?.body).toMatchObject({ name: "installed-team" });
  });
});
