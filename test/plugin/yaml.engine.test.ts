// The provider plugin through the real engine, from its installed archive: a Pulumi YAML project
// (the YAML language host built by the bootstrap) against both emulators. Creates both
// resources (a secret input makes the outputs that carry it secret), previews a set member's
// removal as exactly that member, finds drift by refresh, imports groups made by hand, is
// checked by the policy pack, and destroys; then one life-cycle through both faces (the
// TypeScript dynamic classes and the YAML program on the plugin) sends identical requests.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulators, startEmulators } from "../../emulators/cli";
import { EmulatorControl } from "../../emulators/core/control-client";
import type { LogEntry } from "../../emulators/core/server";
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { CommvaultUserGroup, WickrSecurityGroup } from "../../provider";
import { packageVersion } from "../../provider/plugin/package";
import { TestStack } from "../support/engine";
import { isolatedAwsEnv } from "../support/aws-env";
import { discover } from "../../cli/discover/command";
import { renderYamlProgram } from "../../cli/discover/yaml";
import { closeAllPools } from "../../provider/core/http";
import { buildArchive, ROOT, YamlProject } from "./yaml-project";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { load(text: string): any; dump(value: unknown): string };

jest.setTimeout(600_000);

const VERSION = packageVersion();
const WICKR = "wickr-commvault:index:WickrSecurityGroup";
const COMMVAULT = "wickr-commvault:index:CommvaultUserGroup";
let archive: string;
let archiveDir: string;

beforeAll(() => {
  archiveDir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-archive-"));
  archive = buildArchive(archiveDir);
});
afterAll(() => fs.rmSync(archiveDir, { recursive: true, force: true }));

/** The program of the life-cycle: a Wickr group and a Commvault group with `users`. */
function program(users: string[], extra = ""): string {
  return `resources:
  team:
    type: ${WICKR}
    properties:
      networkId: "${DEFAULT_NETWORK_ID}"
      name: field-team
      securityGroupSettings:
        lockoutThreshold: 12
        calling:
          canVideoCall: false
  backup:
    type: ${COMMVAULT}
    properties:
      name: backup-admins
      description: Backup admins
      users: [${users.map((u) => JSON.stringify(u)).join(", ")}]
${extra}`;
}

describe("the plugin through a Pulumi YAML project", () => {
  let emulators: RunningEmulators;
  let project: YamlProject;
  let wickr: EmulatorControl;
  let commvault: EmulatorControl;

  beforeAll(async () => {
    emulators = await startEmulators();
    wickr = new EmulatorControl(emulators.wickr.controlUrl);
    commvault = new EmulatorControl(emulators.commvault.controlUrl);
    project = await YamlProject.create(archive, "plugin-yaml", VERSION);
    await project.configure(emulators.stackConfig());
  });
  afterAll(async () => {
    project?.dispose();
    await emulators?.close();
  });

  it("is installed from the archive: `pulumi plugin ls` lists it with its version", async () => {
    const { stdout } = await project.cli(["plugin", "ls"], true);
    expect(stdout).toMatch(new RegExp(`wickr-commvault\\s+resource\\s+${VERSION.replace(/\./g, "\\.")}`));
  });

  it("refuses bad input with one error naming the resource and the property path, before any call to the service", async () => {
    project.writeProgram(program(["alice"]).replace("lockoutThreshold: 12", "lockoutThreshold: -1"));
    const preview = await project.cli(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.stdout).toMatch(/WickrSecurityGroup \(team\):\s+error: [^\n]*securityGroupSettings\.lockoutThreshold/);
    expect(await wickr.log()).toEqual([]);
  });

  it("creates both resources; a secret input makes the outputs that carry it secret", async () => {
    project.writeProgram(program(["alice", "bob", "carol"]).replace("name: field-team", "name:\n        fn::secret: field-team"));
    const up = await project.cli(["up", "--yes"]);
    expect(up.stderr + up.stdout).toMatch(/3 created/);
    const state = await project.state();
    const team = state.resources.find((r) => r.type === WICKR)!;
    const backup = state.resources.find((r) => r.type === COMMVAULT)!;
    expect(team.id).toMatch(new RegExp(`^${DEFAULT_NETWORK_ID}/`));
    expect(backup.outputs.users).toEqual(["alice", "bob", "carol"]);
    // The secret name: in the inputs, the name output and the service's full view.
    for (const value of [team.inputs.name, team.outputs.name, team.outputs.reported]) expect(value).toHaveProperty("ciphertext");
    expect(JSON.stringify(state)).not.toContain("field-team");
    expect(JSON.stringify(state)).not.toContain("commvault-emulator-password");
    expect(Object.keys(team.inputs).filter((k) => k.startsWith("__"))).toEqual([]);
  });

  it("`pulumi about` lists the plugin the project uses, with its version once the project pins it", async () => {
    const listed = async () => {
      const { stdout } = await project.cli(["about"], true);
      return stdout.slice(stdout.indexOf("Plugins")).split("\n").find((l) => /^resource\s+wickr-commvault\s/.test(l))?.trim().split(/\s+/)[2];
    };
    // Unpinned, the YAML host reports no version (the engine takes the newest installed one).
    expect(await listed()).toBe("unknown");
    // The package declaration `pulumi package add` writes for a YAML project pins it.
    const decl = path.join(project.projectDir, "sdks", "wickr-commvault.yaml");
    fs.mkdirSync(path.dirname(decl), { recursive: true });
    fs.writeFileSync(decl, `packageDeclarationVersion: 1\nname: wickr-commvault\nversion: ${VERSION}\n`);
    expect(await listed()).toBe(VERSION);
    // And the engine runs that version: a preview with the pin changes nothing.
    const preview = await project.cli(["preview", "--expect-no-changes"]);
    expect(preview.code).toBe(0);
    // Unpinned again for the cases below (the pin moves resources to the versioned default provider).
    fs.rmSync(path.dirname(decl), { recursive: true });
  });

  it("previews removing the first of three users as exactly that member removed, nothing else", async () => {
    project.writeProgram(program(["bob", "carol"]).replace("name: field-team", "name:\n        fn::secret: field-team"));
    const text = await project.cli(["preview", "--diff"], true);
    const changes = text.stdout.split("\n").filter((l) => /^\s*[-+~]\s/.test(l) || /=>/.test(l));
    expect(changes.map((l) => l.trim())).toEqual(["~ wickr-commvault:index:CommvaultUserGroup: (update)", "~ users: [", '- [0]: "alice"', "~ 1 to update"]);
    const json = JSON.parse((await project.cli(["preview", "--json"], true)).stdout);
    const steps = json.steps.filter((s: any) => s.op !== "same");
    expect(steps).toHaveLength(1);
    expect(steps[0].detailedDiff).toEqual({ "users[0]": { kind: "delete", inputDiff: false } });
  });

  it("`up` sends that removal and nothing else", async () => {
    await commvault.clearLog();
    await wickr.clearLog();
    await project.cli(["up", "--yes"], true);
    const writes = (await commvault.log()).filter((e) => e.method !== "GET" && e.operation !== "Login");
    expect(writes).toHaveLength(1);
    expect(JSON.stringify(writes[0].body)).toContain("alice");
    expect((await wickr.log()).filter((e) => e.method !== "GET")).toEqual([]);
  });

  it("previews a member removed and two added as exactly those members (one at the removed one's index as old => new)", async () => {
    const secretName = (text: string) => text.replace("name: field-team", "name:\n        fn::secret: field-team");
    project.writeProgram(secretName(program(["bob", "dave", "erin"])));
    const text = await project.cli(["preview", "--diff"], true);
    const changes = text.stdout.split("\n").filter((l) => /^\s*[-+~]\s/.test(l) || /=>/.test(l)).map((l) => l.trim());
    expect(changes).toEqual(["~ wickr-commvault:index:CommvaultUserGroup: (update)", "~ users: [", '~ [1]: "carol" => "dave"', '+ [2]: "erin"', "~ 1 to update"]);
    project.writeProgram(secretName(program(["bob", "carol"])));
  });

  it("finds drift by refresh and previews putting it back", async () => {
    const backup = (await project.state()).resources.find((r) => r.type === COMMVAULT)!;
    await commvault.service("drift", { id: Number(backup.id), changes: { description: "edited by hand" } });
    await project.cli(["refresh", "--yes"], true);
    const refreshed = await project.state();
    const after = refreshed.resources.find((r) => r.type === COMMVAULT)!;
    expect(after.outputs.description).toBe("edited by hand");
    // The refresh keeps the secret name's outputs secret.
    expect(JSON.stringify(refreshed)).not.toContain("field-team");
    const preview = await project.cli(["preview", "--diff"], true);
    expect(preview.stdout).toMatch(/~ description\s*: "edited by hand" => "Backup admins"/);
    await project.cli(["up", "--yes"], true);
  });

  it("the policy pack blocks a non-compliant change", async () => {
    const weak = program(["bob", "carol"]).replace("lockoutThreshold: 12", "lockoutThreshold: 12\n        passwordRequirements:\n          minLength: 6");
    project.writeProgram(weak);
    const preview = await project.cli(["preview", "--policy-pack", path.join(ROOT, "policy")]);
    expect(preview.code).not.toBe(0);
    expect(preview.stdout + preview.stderr).toMatch(/wickr-password-length/);
  });

  it("imports a Wickr and a Commvault group made by hand; the preview that follows has no changes", async () => {
    await wickr.service("seed", { networks: [{ networkId: "87654321", networkName: "hand", accessLevel: "PREMIUM", groups: [{ id: "hand0001", name: "hand-made", securityGroupSettings: { maxBor: 30 } }] }] });
    await commvault.service("seed", { userGroups: [{ id: 600, name: "hand-made", description: "made by hand", users: [{ id: 14, name: "dave" }] }] });
    project.writeProgram(program(["bob", "carol"]));
    await project.cli(["up", "--yes"], true);
    const importFile = path.join(project.dir, "import.json");
    fs.writeFileSync(importFile, JSON.stringify({ resources: [
      { type: WICKR, name: "handWickr", id: "87654321/hand0001" },
      { type: COMMVAULT, name: "handCommvault", id: "600" },
    ] }));
    const generated = path.join(project.dir, "generated.yaml");
    await project.cli(["import", "--file", importFile, "--yes", "--protect=false", "--out", generated], true);
    const code = yaml.load(fs.readFileSync(generated, "utf8"));
    const current = yaml.load(fs.readFileSync(path.join(project.projectDir, "Pulumi.yaml"), "utf8"));
    current.resources = { ...current.resources, ...code.resources };
    fs.writeFileSync(path.join(project.projectDir, "Pulumi.yaml"), yaml.dump(current));
    const preview = await project.cli(["preview", "--expect-no-changes", "--diff"]);
    expect(preview.stdout).toMatch(/5 unchanged/);
    expect(preview.code).toBe(0);
  });

  it("discover --format yaml writes a program whose first preview imports each group, changing nothing", async () => {
    const config = emulators.stackConfig();
    // discover signs its Wickr calls with the AWS chain of its own process: the emulator's key pair.
    const saved = { ...process.env };
    Object.assign(process.env, isolatedAwsEnv());
    const found = await discover({ config: { get: (key) => config[key]?.value }, networks: ["87654321"], commvault: true, matches: (name) => name === "hand-made" });
    await closeAllPools();
    process.env = saved;
    expect(found.problems).toEqual([]);
    expect(found.groups.map((g) => g.id).sort()).toEqual(["600", "87654321/hand0001"]);
    const other = await YamlProject.create(archive, "discovered", VERSION);
    try {
      await other.configure(config);
      other.writeProgram(renderYamlProgram(found.groups, "Discovered for the engine test."));
      const json = JSON.parse((await other.cli(["preview", "--json"], true)).stdout);
      const ops = json.steps.filter((s: any) => s.urn.includes("::wickr-commvault:index:")).map((s: any) => s.op);
      expect(ops).toEqual(["import", "import"]);
    } finally {
      other.dispose();
    }
  });

  it("destroys everything it manages", async () => {
    await commvault.clearLog();
    await project.cli(["destroy", "--yes"], true);
    expect((await project.state()).resources ?? []).toEqual([]);
    expect((await commvault.log()).filter((e) => e.method === "DELETE")).toHaveLength(2);
  });
});

/** A request as both faces must send it: the Wickr group's random id made a placeholder. */
function normalized(entries: LogEntry[]): string[] {
  return entries.map((e) => `${e.method} ${e.path.replace(/(security-groups\/)[^/]+/, "$1<id>")} ${e.body === undefined ? "" : JSON.stringify(e.body)} ${e.status}`);
}

describe("the plugin keeps secret values out of messages", () => {
  let emulators: RunningEmulators;
  let project: YamlProject;

  beforeAll(async () => {
    emulators = await startEmulators();
    project = await YamlProject.create(archive, "plugin-secret-messages", VERSION);
    await project.configure(emulators.stackConfig());
  });
  afterAll(async () => {
    project?.dispose();
    await emulators?.close();
  });

  it("a refused update of a group with a secret name names the resource as the program does, never the name", async () => {
    const secretName = "cv-plugin-secret-name-5151";
    const body = (description: string) => `resources:
  secret-named:
    type: ${COMMVAULT}
    properties:
      name:
        fn::secret: ${secretName}
      description: ${description}
`;
    project.writeProgram(body("before"));
    expect((await project.cli(["up", "--yes"])).code).toBe(0);
    // The service echoes the group's name in its refusal, as Commvault's messages do.
    await new EmulatorControl(emulators.commvault.controlUrl).faults([
      { kind: "errorCode", errorCode: 587, message: `user group "${secretName}" cannot be updated now`, match: { operation: "UpdateUserGroup" } },
    ]);
    project.writeProgram(body("after"));
    const up = await project.cli(["up", "--yes"]);
    expect(up.code).not.toBe(0);
    const output = up.stdout + up.stderr;
    expect(output).toMatch(/CommvaultUserGroup "secret-named" \(id \d+\): commvault UpdateUserGroup failed: HTTP 200 errorCode 587/);
    expect(output).not.toContain(secretName);
  });

  it("a value newly marked secret (same value) becomes secret in the outputs that carry it, with nothing sent", async () => {
    const body = (description: string) => `resources:
  resecret:
    type: ${COMMVAULT}
    properties:
      name: cv-plugin-resecret
      description: ${description}
`;
    const plain = "plugin-resecret-description-7373";
    project.writeProgram(body(plain));
    expect((await project.cli(["up", "--yes"])).code).toBe(0);
    expect(JSON.stringify(await project.state())).toContain(plain);
    const commvault = new EmulatorControl(emulators.commvault.controlUrl);
    await commvault.clearLog();
    project.writeProgram(body(`\n        fn::secret: ${plain}`));
    expect((await project.cli(["up", "--yes"])).code).toBe(0);
    expect((await commvault.log()).filter((e) => e.method !== "GET" && e.operation !== "Login")).toEqual([]);
    const state = await project.state();
    const group = state.resources.find((r) => r.urn.endsWith("::resecret"))!;
    for (const value of [group.inputs.description, group.outputs.description, group.outputs.reported]) expect(value).toHaveProperty("ciphertext");
    expect(JSON.stringify(state)).not.toContain(plain);
  });
});

describe("one life-cycle through both faces", () => {
  async function faceRequests(run: (emulators: RunningEmulators) => Promise<void>): Promise<{ wickr: string[]; commvault: string[] }> {
    const emulators = await startEmulators();
    try {
      await run(emulators);
      return {
        wickr: normalized(await new EmulatorControl(emulators.wickr.controlUrl).log()),
        commvault: normalized(await new EmulatorControl(emulators.commvault.controlUrl).log()),
      };
    } finally {
      await emulators.close();
    }
  }

  /**
   * Hand edits in both consoles: a declared setting (the next `up` puts it back) and an undeclared
   * one (never sent back), on each group.
   */
  async function handEdits(emulators: RunningEmulators, resources: Array<{ type: string; id?: string }>): Promise<void> {
    const team = resources.find((r) => r.type.endsWith("WickrSecurityGroup"))!;
    const backup = resources.find((r) => r.type.endsWith("CommvaultUserGroup"))!;
    const groupId = team.id!.split("/")[1];
    await new EmulatorControl(emulators.wickr.controlUrl).service("drift", { networkId: DEFAULT_NETWORK_ID, groupId, securityGroupSettings: { lockoutThreshold: 7, checkForUpdates: false } });
    await new EmulatorControl(emulators.commvault.controlUrl).service("drift", { id: Number(backup.id), changes: { description: "edited by hand", enabled: false } });
  }

  it("the TypeScript dynamic classes and the YAML program on the plugin send identical requests", async () => {
    const dynamic = await faceRequests(async (emulators) => {
      const tsProgram = (users: string[]) => async () => {
        new WickrSecurityGroup("team", { networkId: DEFAULT_NETWORK_ID, name: "field-team", securityGroupSettings: { lockoutThreshold: 12, calling: { canVideoCall: false } } });
        new CommvaultUserGroup("backup", { name: "backup-admins", description: "Backup admins", users });
      };
      const stack = await TestStack.create(tsProgram(["alice", "bob", "carol"]), { projectName: "both-faces", config: emulators.stackConfig(), env: isolatedAwsEnv() });
      try {
        await stack.up();
        await handEdits(emulators, (await stack.state()).resources);
        await stack.refresh();
        await stack.up();
        stack.setProgram(tsProgram(["bob", "carol"]));
        await stack.up();
        await stack.destroy();
      } finally {
        await stack.dispose();
      }
    });
    const plugin = await faceRequests(async (emulators) => {
      const project = await YamlProject.create(archive, "both-faces", VERSION);
      try {
        await project.configure(emulators.stackConfig());
        // As the Automation API's up (the dynamic face's harness) runs it: without a separate preview.
        project.writeProgram(program(["alice", "bob", "carol"]));
        await project.cli(["up", "--yes", "--skip-preview"], true);
        await handEdits(emulators, (await project.state()).resources);
        await project.cli(["refresh", "--yes", "--skip-preview"], true);
        await project.cli(["up", "--yes", "--skip-preview"], true);
        project.writeProgram(program(["bob", "carol"]));
        await project.cli(["up", "--yes", "--skip-preview"], true);
        await project.cli(["destroy", "--yes"], true);
      } finally {
        project.dispose();
      }
    });
    expect(plugin.wickr.some((r) => r.startsWith("POST /networks/"))).toBe(true);
    // The hand edits of declared settings are put back, the undeclared ones never sent.
    expect(plugin.wickr.some((r) => r.includes('"lockoutThreshold":12'))).toBe(true);
    expect([...plugin.wickr, ...plugin.commvault].some((r) => /checkForUpdates|"enabled"/.test(r))).toBe(false);
    expect(plugin.commvault.some((r) => r.startsWith("PUT") && r.includes("Backup admins"))).toBe(true);
    expect(plugin).toEqual(dynamic);
  });
});
