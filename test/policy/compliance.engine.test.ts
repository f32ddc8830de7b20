// Compliance of a live estate, the first thing to run against production: groups made by hand
// are brought into a stack by `discover --import-into`, then `pulumi policy analyze` checks what
// the state holds against the shipped pack, without running the program or calling a service.
// Through the CLI in a project folder, on a seeded estate whose violations are known; then the
// same analysis of an exported state file (`--file`), where the CLI redacts what it cannot
// decrypt and the pack reports a redacted setting as unchecked, never as compliant.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { COMMVAULT_TEST_CREDENTIALS } from "../../emulators/commvault";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { EmulatorControl } from "../../emulators/core/control-client";
import type { LogEntry } from "../../emulators/core/server";
import { WICKR_TEST_REGION } from "../../emulators/wickr";
import { policyViolations, setConfig } from "../../scripts/support/pulumi-cli";
import { FolderProject, outputOf } from "../language-host/folder-project";
import { isolatedAwsEnv } from "../support/aws-env";

const REPO = path.resolve(__dirname, "..", "..");
const BIN = path.join(REPO, "dist", "cli", "main.js");
const PACK = path.join(REPO, "policy");
const NETWORK = "55560001";
const run = promisify(execFile);

describe("compliance of a live estate: discover --import-into, then pulumi policy analyze", () => {
  let emulators: RunningEmulators;
  let wickr: EmulatorControl;
  let commvault: EmulatorControl;
  let project: FolderProject;

  beforeAll(async () => {
    emulators = await startEmulators();
    wickr = new EmulatorControl(emulators.wickr.controlUrl);
    commvault = new EmulatorControl(emulators.commvault.controlUrl);
    await wickr.service("seed", {
      networks: [
        {
          networkId: NETWORK,
          groups: [
            { id: "lax00001", name: "prod-lax", securityGroupSettings: { lockoutThreshold: 25, passwordRequirements: { minLength: 6 } } },
            { id: "tidy0001", name: "prod-tidy", securityGroupSettings: { lockoutThreshold: 10, passwordRequirements: { minLength: 14, lowercase: 1, uppercase: 1, numbers: 1, symbols: 1 } } },
          ],
        },
      ],
    });
    await commvault.service("seed", { userGroups: [{ id: 960, name: "prod-backup", description: "made in the console", enableTwoFactorAuthentication: "OFF" }] });
    project = FolderProject.create({ "Pulumi.yaml": "name: estate\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n" }, false);
    const modules = path.join(project.cwd, "node_modules");
    fs.mkdirSync(modules);
    for (const name of ["@pulumi", "typescript", "@types"]) fs.symlinkSync(path.join(REPO, "node_modules", name), path.join(modules, name), "dir");
    fs.symlinkSync(REPO, path.join(modules, "pulumi-wickr-commvault"), "dir");
    Object.assign(project.env, isolatedAwsEnv());
    await project.ok(["stack", "init", "prod"]);
    await setConfig(project, emulators.stackConfig());
    const discovered = await run(
      process.execPath,
      [
        BIN, "discover", "--networks", NETWORK, "--commvault", "--filter", "prod-*", "--out", "index.ts", "--import-into", "prod",
        "--wickr:region", WICKR_TEST_REGION, "--wickr:endpoint", emulators.wickr.url,
        "--commvault:url", emulators.commvault.url, "--commvault:username", COMMVAULT_TEST_CREDENTIALS.username,
      ],
      { cwd: project.cwd, env: { ...project.env, COMMVAULT_PASSWORD: COMMVAULT_TEST_CREDENTIALS.password }, timeout: 180_000 },
    );
    expect(discovered.stdout).toContain("imported 3 groups");
  }, 300_000);
  afterAll(async () => {
    project?.dispose();
    await emulators?.close();
  });

  const writes = (log: LogEntry[]) => log.filter((e) => e.method !== "GET" && e.operation !== "Login");

  it("reports every live group that breaks the baseline, with no program run and no call to a service", async () => {
    // The program is not needed: without its file the analysis still sees the whole estate.
    fs.renameSync(path.join(project.cwd, "index.ts"), path.join(project.cwd, "index.ts.off"));
    await wickr.clearLog();
    await commvault.clearLog();
    const analyzed = await project.pulumi(["policy", "analyze", "--policy-pack", PACK, "--color", "never"]);
    fs.renameSync(path.join(project.cwd, "index.ts.off"), path.join(project.cwd, "index.ts"));
    expect(analyzed.code).not.toBe(0);
    const mandatory = policyViolations(outputOf(analyzed)).filter((f) => f.level === "mandatory").map((f) => `${f.policy}/${f.resource}`);
    expect(mandatory).toEqual(expect.arrayContaining([
      `wickr-lockout-threshold/${NETWORK}-prod-lax`,
      `wickr-password-length/${NETWORK}-prod-lax`,
      "commvault-two-factor-authentication/prod-backup",
    ]));
    expect(mandatory.filter((m) => m.endsWith("prod-tidy"))).toEqual([]);
    expect(outputOf(analyzed)).toContain("securityGroupSettings.lockoutThreshold is 25");
    expect([...(await wickr.log()), ...(await commvault.log())]).toEqual([]);
  }, 180_000);

  it("analyzes an exported state file too; a setting it cannot decrypt is reported unchecked, not passed", async () => {
    // Mark the lax group's settings secret in the state, as a program's pulumi.secret would.
    const exported = JSON.parse((await project.ok(["stack", "export", "--show-secrets"])).stdout);
    const file = path.join(project.root, "estate.json");
    fs.writeFileSync(file, JSON.stringify(exported));
    const plain = await project.pulumi(["policy", "analyze", "--file", file, "--policy-pack", PACK, "--color", "never"]);
    expect(policyViolations(outputOf(plain)).map((f) => `${f.policy}/${f.resource}`)).toEqual(expect.arrayContaining([`wickr-lockout-threshold/${NETWORK}-prod-lax`]));

    for (const r of exported.deployment.resources) {
      if (typeof r.urn === "string" && r.urn.endsWith(`::${NETWORK}-prod-tidy`)) {
        r.inputs.securityGroupSettings = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:AAAAAAAAAAAAAAAA:undecryptable" };
      }
    }
    fs.writeFileSync(file, JSON.stringify(exported));
    const redacted = await project.pulumi(["policy", "analyze", "--file", file, "--policy-pack", PACK, "--color", "never"]);
    const text = outputOf(redacted);
    expect(text).toMatch(/securityGroupSettings\.lockoutThreshold is a secret redacted in this analysis, so it cannot be checked/);
    expect(policyViolations(text).map((f) => `${f.policy}/${f.resource}`)).toEqual(expect.arrayContaining([`wickr-lockout-threshold/${NETWORK}-prod-tidy`]));
    expect(writes([...(await wickr.log()), ...(await commvault.log())])).toEqual([]);
  }, 180_000);
});
