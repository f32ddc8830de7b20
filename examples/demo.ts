// The README's main job: the example stack through the real Pulumi engine (Automation API,
// local file backend in .demo/), against the emulators on loopback unless real endpoints
// are configured (WICKR_ENDPOINT and COMMVAULT_URL in the environment).
//   1. up            the initial program
//   2. change        preview --diff, then up
//   3. requests      what each service received for that change
//   4. drift         a change made by hand in each emulator's console, found by refresh
//   5. policy        a non-compliant change previewed with the policy pack: blocked, nothing applied
//   6. destroy       the created groups go; the adopted default group gets its settings back
// Exit status 0 only when every step held.
import * as fs from "node:fs";
import * as path from "node:path";
import { CommandError, EngineEvent, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { EmulatorControl } from "../emulators/core/control-client";
import type { LogEntry } from "../emulators/core/server";
import { startEmulators } from "../emulators/cli";
import { DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID } from "../emulators/wickr";
import { exampleProgram, Stage } from "./program";

const ROOT = path.resolve(__dirname, "..", "..");
const DEMO_DIR = path.join(ROOT, ".demo");
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

  // A clean demo stack each run: the emulators start empty, so the old state is dropped.
  fs.rmSync(DEMO_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(DEMO_DIR, "state"), { recursive: true });
  const networkId = process.env.DEMO_WICKR_NETWORK_ID ?? DEFAULT_NETWORK_ID;
  const program = (stage: Stage) => exampleProgram({ stage, wickrNetworkId: networkId });

  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${path.join(DEMO_DIR, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "demo-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "1",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    ...emulators?.stackEnv(),
  };
  const stack: Stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "wickr-commvault-demo", stackName: "demo", program: program("initial") },
    { workDir: DEMO_DIR, envVars: env },
  );
  if (emulators) await stack.setAllConfig(emulators.stackConfig());
  const out = (text: string) => process.stdout.write(text);
  const setProgram = (stage: Stage) => ((stack.workspace as LocalWorkspace).program = program(stage));

  heading("1. pulumi up: create field-team, adopt the network's default group, create the ops user group");
  const up = await stack.up({ onOutput: out });
  check("initial up", up.summary.result === "succeeded", `${JSON.stringify(up.summary.resourceChanges)}`);
  process.stdout.write(`outputs: ${JSON.stringify(Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value])))}\n`);

  heading("2. a change: pulumi preview --diff, then pulumi up");
  await wickrControl?.clearLog();
  await commvaultControl?.clearLog();
  setProgram("changed");
  const preview = await stack.preview({ diff: true, onOutput: out });
  check("preview", preview.changeSummary.update === 2, `${JSON.stringify(preview.changeSummary)}`);
  const previewWrites = [...writes((await wickrControl?.log()) ?? []), ...writes((await commvaultControl?.log()) ?? [])];
  check("the preview wrote nothing", previewWrites.length === 0, `${previewWrites.length} write requests`);
  const changeUp = await stack.up({ onOutput: out });
  check("change applied", changeUp.summary.result === "succeeded", `${JSON.stringify(changeUp.summary.resourceChanges)}`);

  if (wickrControl && commvaultControl) {
    heading("3. what each service received for that change (writes; reads elided)");
    const wickrWrites = writes(await wickrControl.log());
    const commvaultWrites = writes(await commvaultControl.log());
    printRequests("wickr", wickrWrites);
    printRequests("commvault", commvaultWrites);
    check("wickr: one UpdateSecurityGroup for the changed group", wickrWrites.length === 1, `${wickrWrites.length} writes`);
    check("commvault: ADD and DELETE of users need two PUTs", commvaultWrites.length === 2, `${commvaultWrites.length} writes`);

    heading("4. drift: someone edits both groups by hand; pulumi refresh finds it");
    const state = await stack.exportStack();
    const resources = (state.deployment?.resources ?? []) as Array<{ type: string; urn: string; outputs?: any }>;
    const fieldTeam = resources.find((r) => r.urn.endsWith("::field-team"));
    const ops = resources.find((r) => r.urn.endsWith("::ops"));
    await wickrControl.service("drift", { networkId, groupId: fieldTeam?.outputs?.groupId, securityGroupSettings: { lockoutThreshold: 20 } });
    await commvaultControl.service("drift", { id: ops?.outputs?.groupId, changes: { description: "edited in the Command Center" } });
    const refresh = await stack.refresh({ onOutput: out });
    check("refresh found the drift", (refresh.summary.resourceChanges?.update ?? 0) === 2, `${JSON.stringify(refresh.summary.resourceChanges)}`);
    const afterDrift = await stack.preview({ diff: true, onOutput: out });
    check("the next preview puts it back", afterDrift.changeSummary.update === 2, `${JSON.stringify(afterDrift.changeSummary)}`);
    await stack.up({ onOutput: out });
  }

  heading("5. policy review: a non-compliant change previewed with the policy pack (policy/)");
  await wickrControl?.clearLog();
  await commvaultControl?.clearLog();
  setProgram("noncompliant");
  const findings: Array<{ policy: string; level: string; resource: string; message: string }> = [];
  const onEvent = (e: EngineEvent) => {
    const p = e.policyEvent;
    if (!p) return;
    const message = p.message.split("\n").slice(1).join(" ").trim() || p.message.trim();
    findings.push({ policy: p.policyName, level: p.enforcementLevel, resource: p.resourceUrn?.split("::").pop() ?? "", message });
  };
  let blocked = false;
  try {
    await stack.preview({ diff: true, policyPacks: [path.join(ROOT, "policy")], onOutput: out, onEvent });
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    blocked = true;
  }
  process.stdout.write("\nfindings:\n");
  for (const f of findings) process.stdout.write(`  [${f.level}] ${f.policy} on ${f.resource}: ${f.message}\n`);
  const mandatory = findings.filter((f) => f.level === "mandatory").map((f) => `${f.policy}/${f.resource}`).sort();
  check(
    "the policy pack blocks the non-compliant change",
    blocked && mandatory.join() === "commvault-two-factor-authentication/ops,wickr-password-length/field-team",
    mandatory.join(", "),
  );
  const policyWrites = [...writes((await wickrControl?.log()) ?? []), ...writes((await commvaultControl?.log()) ?? [])];
  check("nothing was applied", policyWrites.length === 0, `${policyWrites.length} write requests`);

  heading("6. pulumi destroy: created groups are deleted, the adopted default group gets its settings back");
  const destroy = await stack.destroy({ onOutput: out });
  check("destroy", destroy.summary.result === "succeeded", `${JSON.stringify(destroy.summary.resourceChanges)}`);
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
