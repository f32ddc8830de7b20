// The README's main job: the example infra project (the root Pulumi.yaml; program in examples/infra/) driven with the commands
// a user types in its folder, through the real Pulumi engine, against the emulators on
// loopback unless real endpoints are configured (WICKR_ENDPOINT and COMMVAULT_URL in the
// environment). State lives in the local file backend in .demo/.
//   0. set-up        pulumi install, pulumi stack init, pulumi config set (endpoints, secret password)
//   1. up            pulumi preview --diff, pulumi up: the initial program
//   2. change        pulumi config set demo:stage changed; pulumi preview --diff; pulumi up
//   3. requests      what each service received for that change
//   4. drift         a change made by hand in each emulator's console, found by pulumi refresh
//   5. policy        a non-compliant change: pulumi preview --policy-pack (the pack from node_modules)
//                    blocks it, nothing applied
//   6. destroy       pulumi destroy: the created groups go; the adopted default group gets its settings back
// Exit status 0 only when every step held.
import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorControl } from "../emulators/core/control-client";
import type { LogEntry } from "../emulators/core/server";
import { startEmulators } from "../emulators/cli";
import { DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID } from "../emulators/wickr";
import { policyViolations, pulumi, pulumiOk, PulumiFolder, resourceCounts, setConfig } from "../scripts/support/pulumi-cli";

const ROOT = path.resolve(__dirname, "..", "..");
const DEMO_DIR = path.join(ROOT, ".demo");
const PROJECT = path.join(ROOT, "examples", "infra");
const STACK = "demo";
/** The example's resources: four groups and the adoption record of the network's default group (reads only). */
const RESOURCES = 5;
const checks: Array<{ name: string; ok: boolean; detail: string }> = [];

function heading(text: string): void {
  process.stdout.write(`\n${"=".repeat(78)}\n== ${text}\n${"=".repeat(78)}\n`);
}

function check(name: string, ok: boolean, detail: string): void {
  checks.push({ name, ok, detail });
  process.stdout.write(`${ok ? "  ok  " : "  FAIL"} ${name}: ${detail}\n`);
}

const writes = (log: LogEntry[]) => log.filter((e) => e.method !== "GET" && e.operation !== "Login");

function printRequests(service: string, log: LogEntry[]): void {
  for (const e of log) {
    const body = e.body === undefined ? "" : ` ${JSON.stringify(e.body)}`;
    process.stdout.write(`  ${service.padEnd(9)} ${e.method.padEnd(6)} ${e.path} -> ${e.status}${body}\n`);
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const external = Boolean(process.env.WICKR_ENDPOINT && process.env.COMMVAULT_URL);
  const emulators = external ? undefined : await startEmulators();
  const wickrControl = emulators && new EmulatorControl(emulators.wickr.controlUrl);
  const commvaultControl = emulators && new EmulatorControl(emulators.commvault.controlUrl);
  const networkId = process.env.DEMO_WICKR_NETWORK_ID ?? DEFAULT_NETWORK_ID;

  // A clean demo stack each run: the emulators start empty, so the old state is dropped.
  fs.rmSync(DEMO_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(DEMO_DIR, "state"), { recursive: true });
  fs.rmSync(path.join(PROJECT, `Pulumi.${STACK}.yaml`), { force: true });
  // The package is installed into the project as a copy of this checkout (examples/infra/.npmrc):
  // drop the old copy so that `pulumi install` takes the current build.
  fs.rmSync(path.join(PROJECT, "node_modules", "pulumi-wickr-commvault"), { recursive: true, force: true });

  const folder: PulumiFolder = {
    cwd: PROJECT,
    env: {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${path.join(DEMO_DIR, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "demo-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      ...emulators?.stackEnv(),
    },
    echo: (text) => process.stdout.write(text),
  };
  const run = (...args: string[]) => pulumiOk(folder, args);
  const engine = (...args: string[]) => run(...args, "--color", "never");

  heading("0. set-up in examples/infra: install, a stack, its config");
  await run("install");
  await run("stack", "init", STACK);
  if (emulators) {
    await setConfig(folder, emulators.stackConfig());
  }
  await run("config", "set", "demo:wickrNetworkId", networkId);

  heading("1. pulumi up: create field-team, adopt the network's default group, create the ops user group");
  const firstPreview = await engine("preview", "--diff");
  check("first preview", resourceCounts(firstPreview.stdout).create === RESOURCES, JSON.stringify(resourceCounts(firstPreview.stdout)));
  const up = await engine("up", "--yes", "--skip-preview");
  check("initial up", resourceCounts(up.stdout).create === RESOURCES, JSON.stringify(resourceCounts(up.stdout)));
  await run("stack", "output", "--json");
  // The repository root is the same project (its Pulumi.yaml names examples/infra as main).
  const fromRoot = await pulumiOk({ ...folder, cwd: ROOT, echo: undefined }, ["preview", "--color", "never"]);
  check("the repository root previews the same stack", JSON.stringify(resourceCounts(fromRoot.stdout)) === JSON.stringify({ same: RESOURCES }), JSON.stringify(resourceCounts(fromRoot.stdout)));

  heading("2. a change: pulumi preview --diff, then pulumi up");
  await wickrControl?.clearLog();
  await commvaultControl?.clearLog();
  await run("config", "set", "demo:stage", "changed");
  const preview = await engine("preview", "--diff");
  check("preview", resourceCounts(preview.stdout).update === 2, JSON.stringify(resourceCounts(preview.stdout)));
  const previewWrites = [...writes((await wickrControl?.log()) ?? []), ...writes((await commvaultControl?.log()) ?? [])];
  check("the preview wrote nothing", previewWrites.length === 0, `${previewWrites.length} write requests`);
  const changeUp = await engine("up", "--yes", "--skip-preview");
  check("change applied", resourceCounts(changeUp.stdout).update === 2, JSON.stringify(resourceCounts(changeUp.stdout)));

  if (wickrControl && commvaultControl) {
    heading("3. what each service received for that change (writes; reads elided)");
    const wickrWrites = writes(await wickrControl.log());
    const commvaultWrites = writes(await commvaultControl.log());
    printRequests("wickr", wickrWrites);
    printRequests("commvault", commvaultWrites);
    check("wickr: one UpdateSecurityGroup for the changed group", wickrWrites.length === 1, `${wickrWrites.length} writes`);
    // Users removed before users added (a failure half-way grants the fewest rights), then the
    // plan switch in a PUT of its own (a server that wants the old plan removed first can be
    // answered without touching the rest; README, Choices).
    const bodies = commvaultWrites.map((e) => e.body as Record<string, unknown>);
    check(
      "commvault: users DELETE, users ADD, then the plan switch alone",
      bodies.length === 3 && bodies[0].userOperationType === "DELETE" && bodies[1].userOperationType === "ADD" && bodies[2].planOperationType === "ADD" && bodies[2].users === undefined,
      `${commvaultWrites.length} writes`,
    );

    heading("4. drift: someone edits both groups by hand; pulumi refresh finds it");
    const outputs = JSON.parse((await run("stack", "output", "--json")).stdout) as Record<string, unknown>;
    await wickrControl.service("drift", { networkId, groupId: outputs.fieldTeamGroupId, securityGroupSettings: { lockoutThreshold: 20 } });
    await commvaultControl.service("drift", { id: outputs.opsGroupId, changes: { description: "edited in the Command Center" } });
    const refresh = await engine("refresh", "--yes", "--skip-preview");
    check("refresh found the drift", resourceCounts(refresh.stdout).update === 2, JSON.stringify(resourceCounts(refresh.stdout)));
    const afterDrift = await engine("preview", "--diff");
    check("the next preview puts it back", resourceCounts(afterDrift.stdout).update === 2, JSON.stringify(resourceCounts(afterDrift.stdout)));
    await engine("up", "--yes", "--skip-preview");
  }

  heading("5. policy review: a non-compliant change previewed with the policy pack the package ships");
  await wickrControl?.clearLog();
  await commvaultControl?.clearLog();
  await run("config", "set", "demo:stage", "noncompliant");
  const policyPack = path.join("node_modules", "pulumi-wickr-commvault", "dist", "policy");
  const reviewed = await pulumi(folder, ["preview", "--diff", "--policy-pack", policyPack, "--color", "never"]);
  const findings = policyViolations(reviewed.stdout);
  const mandatory = findings.filter((f) => f.level === "mandatory").map((f) => `${f.policy}/${f.resource}`).sort();
  check(
    "the policy pack blocks the non-compliant change",
    reviewed.code !== 0 && mandatory.join() === "commvault-two-factor-authentication/ops,wickr-password-length/field-team",
    `exit ${reviewed.code}; ${mandatory.join(", ")}`,
  );
  const policyWrites = [...writes((await wickrControl?.log()) ?? []), ...writes((await commvaultControl?.log()) ?? [])];
  check("nothing was applied", policyWrites.length === 0, `${policyWrites.length} write requests`);

  heading("6. pulumi destroy: created groups are deleted, the adopted default group gets its settings back");
  const destroy = await engine("destroy", "--yes", "--skip-preview");
  check("destroy", resourceCounts(destroy.stdout).delete === RESOURCES, JSON.stringify(resourceCounts(destroy.stdout)));
  if (wickrControl) {
    const state = (await wickrControl.service("state")) as { networks: Array<{ networkId: string; groups: Array<{ id: string; isDefault: boolean; securityGroupSettings: Record<string, unknown> }> }> };
    const net = state.networks.find((n) => n.networkId === networkId);
    const def = net?.groups.find((g) => g.id === DEFAULT_GROUP_ID);
    check("default group kept and restored", def?.securityGroupSettings.lockoutThreshold === 10 && net?.groups.length === 1, `groups left: ${net?.groups.length}, default lockoutThreshold ${String(def?.securityGroupSettings.lockoutThreshold)}`);
  }

  await emulators?.close();
  heading("summary");
  const failed = checks.filter((c) => !c.ok);
  for (const c of checks) process.stdout.write(`  ${c.ok ? "ok  " : "FAIL"} ${c.name}\n`);
  process.stdout.write(`\n${checks.length - failed.length}/${checks.length} checks held in ${((Date.now() - started) / 1000).toFixed(1)} s (${external ? "real endpoints" : "emulators on loopback"})\n`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
