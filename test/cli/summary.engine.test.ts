// The change summary on real previews: a project folder driven with the CLI (as a pull-request
// pipeline runs it) against the emulators, `pulumi preview --json` in both of the CLI's forms
// (the event stream, which carries policy violations, and the digest), piped into the
// package's `summary` command as its bin runs it. The Markdown must name each changed setting
// with its old and new value, members added and removed by name, the groups created, adopted
// and released, the policy violations, and never a secret's value.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { pulumi, setConfig } from "../../scripts/support/pulumi-cli";
import { FolderProject, outputOf } from "../language-host/folder-project";
import { isolatedAwsEnv } from "../support/aws-env";

const REPO = path.resolve(__dirname, "..", "..");
const BIN = path.join(REPO, "dist", "cli", "main.js");
const PACK = path.join(REPO, "policy");
const SECRET_DESCRIPTION = "summary-secret-description-7070";

/** The program a team keeps: a config-driven stage, plain JavaScript. */
const PROGRAM = String.raw`
const pulumi = require("@pulumi/pulumi");
const { WickrSecurityGroup, CommvaultUserGroup } = require("pulumi-wickr-commvault");
const stage = new pulumi.Config().get("stage") || "initial";
const changed = stage !== "initial";
new WickrSecurityGroup("field-team", {
  networkId: "${DEFAULT_NETWORK_ID}",
  name: "field-team",
  securityGroupSettings: {
    lockoutThreshold: changed ? 12 : 10,
    calling: { canStart11Call: true, canVideoCall: !changed },
    passwordRequirements: { minLength: changed ? 6 : 14 },
  },
});
new CommvaultUserGroup("ops", {
  name: "ops-team",
  description: pulumi.secret(changed ? SECRET : "first"),
  enableTwoFactorAuthentication: "ON",
  users: changed ? ["bob", "carol"] : ["alice", "bob", "carol"],
});
if (!changed) new CommvaultUserGroup("retired", { name: "retired-team", users: ["alice"] });
if (changed) {
  new WickrSecurityGroup("network-default", { networkId: "${DEFAULT_NETWORK_ID}", adopt: "default", securityGroupSettings: { lockoutThreshold: 11 } });
  new CommvaultUserGroup("new-team", { name: "new-team", restrictConsoleTypes: ["API"] });
}
`.replace("SECRET", JSON.stringify(SECRET_DESCRIPTION));

const run = promisify(execFile);

/** The summary command as its bin runs it, fed `input` on stdin. */
async function summary(input: string): Promise<string> {
  const child = run(process.execPath, [BIN, "summary"], { maxBuffer: 16 << 20 });
  child.child.stdin!.end(input);
  return (await child).stdout;
}

describe("summary of real previews", () => {
  let emulators: RunningEmulators;
  let project: FolderProject;
  let streamed: string;
  let digest: string;

  beforeAll(async () => {
    emulators = await startEmulators();
    project = FolderProject.create({ "Pulumi.yaml": "name: summary-test\nruntime: nodejs\nmain: index.js\n", "index.js": PROGRAM }, false);
    // The package as an infra repo has it (a name under node_modules), beside the repo's SDK.
    const modules = path.join(project.cwd, "node_modules");
    fs.mkdirSync(modules);
    fs.symlinkSync(path.join(REPO, "node_modules", "@pulumi"), path.join(modules, "@pulumi"), "dir");
    fs.symlinkSync(REPO, path.join(modules, "pulumi-wickr-commvault"), "dir");
    Object.assign(project.env, isolatedAwsEnv());
    await project.ok(["stack", "init", "pr"]);
    await setConfig(project, emulators.stackConfig());
    await project.ok(["up", "--yes", "--skip-preview"]);
    await project.ok(["config", "set", "stage", "changed"]);
    const stream = await pulumi({ cwd: project.cwd, env: { ...project.env, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "1" } }, ["preview", "--json", "--policy-pack", PACK]);
    expect(stream.code).not.toBe(0); // a mandatory policy fails the preview
    streamed = stream.stdout;
    const plain = await project.pulumi(["preview", "--json"]);
    expect(plain.code).toBe(0);
    digest = plain.stdout;
  });
  afterAll(async () => {
    project?.dispose();
    await emulators?.close();
  });

  it("names each changed setting with its values, members by name, and every group's fate", async () => {
    const md = await summary(streamed);
    expect(md).toContain("### ~ update WickrSecurityGroup <code>field-team</code>");
    expect(md).toContain("| <code>securityGroupSettings.lockoutThreshold</code> | <code>10</code> | <code>12</code> |");
    expect(md).toContain("| <code>securityGroupSettings.calling.canVideoCall</code> | <code>true</code> | <code>false</code> |");
    expect(md).toContain("| <code>securityGroupSettings.passwordRequirements.minLength</code> | <code>14</code> | <code>6</code> |");
    // The first of three members removed: that member, nothing else (the engine's own diff says users[0..2]).
    expect(md).toContain('| <code>users</code> | − <code>"alice"</code> |  |');
    expect(md).toContain("### + adopt WickrSecurityGroup <code>network-default</code>");
    expect(md).toContain("### + create CommvaultUserGroup <code>new-team</code>");
    expect(md).toContain('| <code>restrictConsoleTypes</code> |  | + <code>"API"</code> |');
    expect(md).toContain("### - delete CommvaultUserGroup <code>retired</code>");
    expect(md).toContain("| <code>description</code> | [secret] | [secret] |");
    expect(md).not.toContain(SECRET_DESCRIPTION);
    expect(md).not.toContain("first");
    expect(md).toMatch(/\*\*mandatory\*\* policy <code>wickr-password-length<\/code>: securityGroupSettings\.passwordRequirements\.minLength is 6/);
    expect(md).toContain("1 to create, 1 to adopt, 2 to update, 1 to delete; 4 policy violations (3 mandatory); preview **failed**");
  });

  it("reads the digest form too, and says it has no policy violations to show", async () => {
    const md = await summary(digest);
    expect(md).toContain('| <code>users</code> | − <code>"alice"</code> |  |');
    expect(md).toContain("### + adopt WickrSecurityGroup <code>network-default</code>");
    expect(md).toContain("policy violations not shown");
    expect(md).not.toContain(SECRET_DESCRIPTION);
  });

  it("writes nothing that a reviewer would miss: each changed resource of the CLI's own preview has a section", async () => {
    const text = outputOf(await project.pulumi(["preview", "--diff"]));
    for (const name of ["field-team", "ops", "network-default", "new-team", "retired"]) expect(text).toContain(name);
    const md = await summary(streamed);
    for (const name of ["field-team", "ops", "network-default", "new-team", "retired"]) expect(md).toContain(`<code>${name}</code>`);
  });
});
