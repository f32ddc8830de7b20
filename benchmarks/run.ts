// The benchmarks of issue 7, run by `bash scripts/bench.sh`, written to benchmarks/RESULTS.md.
// Every figure is measured in this run, and every ratio is against a baseline measured in the
// same run on the same machine: call counts against a naive full-PUT-then-read client replayed
// against the same emulator, engine time against a dynamic resource that makes no HTTP call.
import { execFile, execFileSync } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorControl } from "../emulators/core/control-client";
import type { LogEntry } from "../emulators/core/server";
import { startEmulators, RunningEmulators } from "../emulators/cli";
import type * as Package from "../provider";
import type { CommvaultUserGroupArgs, WickrSecurityGroupArgs } from "../provider";
import { TestStack } from "../test/support/engine";
import type * as Floors from "./noop/resource";
import { SHAPES_FILE_ENV, shapedNoopDefinitions } from "./noop/definition";
import { recordShape } from "./noop/shapes";
import { OwnCpuSampler, withProcessCosts } from "./processes";
import { writeResultsSection } from "./results";
import { installCopy, installedModule } from "./installed";
import { StockItem } from "./stock";
import { pluginKey } from "../provider/plugin/config";
import { PACKAGE as PLUGIN_PACKAGE, packageVersion, tokenOf } from "../provider/plugin/package";
import { wickrSecurityGroupDefinition } from "../provider/wickr/definition";
import { commvaultUserGroupDefinition } from "../provider/commvault/definition";

type Kind = "stock" | "noop" | "wickr" | "commvault" | "wickr-floor" | "commvault-floor" | "wickr-plugin" | "commvault-plugin";
/** The kinds served by the provider plugin (provider/plugin/, installed from its archive) instead of the dynamic provider. */
const PLUGIN_KINDS: readonly Kind[] = ["wickr-plugin", "commvault-plugin"];
const isPluginKind = (kind: Kind) => PLUGIN_KINDS.includes(kind);
const ROOT = path.resolve(__dirname, "..", "..");
const lines: string[] = [];
const say = (text = "") => {
  lines.push(text);
  process.stdout.write(text + "\n");
};
/** Rows of the goals table at the top of RESULTS.md, filled in by each part as it measures. */
const goals: string[] = [];
const goal = (target: string, measured: string, held: string) => {
  goals.push(`| ${target} | ${measured} | ${held} |`);
};

// ---------------------------------------------------------------- programs
const users = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];

/**
 * A Wickr network holds at most 100 security groups (its default one included), so the
 * benchmark's groups are spread over networks of their own, 90 to a network, seeded at the start.
 */
const GROUPS_PER_NETWORK = 90;
const BENCH_NETWORKS = ["20000001", "20000002", "20000003"];
const networkOf = (i: number) => BENCH_NETWORKS[Math.floor(i / GROUPS_PER_NETWORK)];

const wickrArgs = (i: number, variant: number): WickrSecurityGroupArgs => ({
  networkId: networkOf(i),
  name: `bench-${i}`,
  securityGroupSettings: {
    lockoutThreshold: 10 + variant,
    forceDeviceLockout: 3,
    maxTtl: 604800,
    calling: { canStart11Call: true, canVideoCall: false },
    shredder: { intensity: 60 },
    quickResponses: ["ok"],
  },
});

const commvaultArgs = (i: number, variant: number, members = ["alice", "bob"]): CommvaultUserGroupArgs => ({
  name: `bench-${i}`,
  description: `bench group v${variant}`,
  enabled: true,
  enforceFSQuota: true,
  quotaLimitInGB: 100,
  laptopPlan: "Laptop-Gold",
  users: members,
  restrictConsoleTypes: ["COMMCELLCONSOLE"],
});
/**
 * The package and the floors as a user's project loads them: from the installed copy (see
 * installed.ts; the copy is made by the parent, its node_modules folder is in NODE_PATH).
 */
const installed = () => {
  const modules = process.env.NODE_PATH?.split(path.delimiter)[0] ?? "";
  return { pkg: installedModule<typeof Package>(modules, "provider"), floors: installedModule<typeof Floors>(modules, "benchmarks/noop/resource") };
};
const wickrGroup = (i: number, variant: number) => new (installed().pkg.WickrSecurityGroup)(`wg-${i}`, wickrArgs(i, variant));
const commvaultGroup = (i: number, variant: number, members?: string[]) => new (installed().pkg.CommvaultUserGroup)(`cg-${i}`, commvaultArgs(i, variant, members));

/** A resource of the provider plugin, by type token (what a generated SDK's class does, without the SDK). */
class PluginResource extends pulumi.CustomResource {
  constructor(type: string, name: string, props: pulumi.Inputs) {
    super(type, name, props);
  }
}

function program(kind: Kind, n: number, variant = 0) {
  return async () => {
    const { NoopItem, ShapedNoop } = installed().floors;
    for (let i = 0; i < n; i++) {
      if (kind === "stock") new StockItem(`s-${i}`, { name: `s-${i}`, value: variant });
      else if (kind === "noop") new NoopItem(`n-${i}`, { name: `n-${i}`, value: variant });
      else if (kind === "wickr") wickrGroup(i, variant);
      else if (kind === "commvault") commvaultGroup(i, variant);
      // The shaped floors: the same arguments, answered from memory with a real resource's outputs.
      // The same resources, arguments and names on the provider plugin (its type tokens; no SDK needed).
      else if (kind === "wickr-plugin") new PluginResource(tokenOf(wickrSecurityGroupDefinition), `wg-${i}`, { ...wickrArgs(i, variant) });
      else if (kind === "commvault-plugin") new PluginResource(tokenOf(commvaultUserGroupDefinition), `cg-${i}`, { ...commvaultArgs(i, variant) });
      else if (kind === "wickr-floor") new ShapedNoop("wickr", `wg-${i}`, wickrArgs(i, variant));
      else new ShapedNoop("commvault", `cg-${i}`, commvaultArgs(i, variant));
    }
  };
}

// ---------------------------------------------------------------- harness
/** What a stack needs to reach the emulators; plain data, so a child process can get it too. */
interface Target {
  config: ReturnType<RunningEmulators["stackConfig"]>;
  env: Record<string, string>;
  /** The PULUMI_HOME the provider plugin is installed in (the plugin kinds' stacks use it); "" when not set up. */
  pluginHome: string;
  wickrControl: string;
  commvaultControl: string;
}

/** The installed copy's node_modules folder, made once by the parent (see installed.ts). */
let installedModules = "";

const targetOf = (emus: RunningEmulators): Target => ({
  config: emus.stackConfig(),
  // NODE_PATH: the program (child) and the provider process find the installed package there.
  env: { ...emus.stackEnv(), NODE_PATH: installedModules },
  wickrControl: emus.wickr.controlUrl,
  commvaultControl: emus.commvault.controlUrl,
  pluginHome,
});

/** The PULUMI_HOME with the provider plugin installed from its archive, made once by the parent when a plugin kind runs. */
let pluginHome = "";

/**
 * Installs the provider plugin as a user does (scripts/plugin-archive.sh, then `pulumi plugin
 * install resource ... --file`) into a PULUMI_HOME of the benchmark's own; returns that folder.
 */
function installPlugin(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plugin-"));
  const archive = execFileSync("bash", [path.join(ROOT, "scripts", "plugin-archive.sh"), dir], { encoding: "utf8" }).trim().split("\n").pop()!;
  const home = path.join(dir, "home");
  fs.mkdirSync(home);
  execFileSync("pulumi", ["plugin", "install", "resource", PLUGIN_PACKAGE, packageVersion(), "--file", archive, "--non-interactive"], { env: { ...process.env, PULUMI_HOME: home }, stdio: "ignore" });
  fs.rmSync(archive);
  return home;
}

async function newStack(target: Target, prog: () => Promise<void>, kind?: Kind): Promise<TestStack> {
  if (kind === undefined || !isPluginKind(kind)) return TestStack.create(prog, { projectName: "bench", config: target.config, env: target.env });
  if (!target.pluginHome) throw new Error(`benchmark kind ${kind}: the provider plugin is not installed`);
  // The plugin reads the same settings under its own namespace (wickr:region is wickr-commvault:wickrRegion).
  const config = Object.fromEntries(Object.entries(target.config).map(([key, v]) => [`${PLUGIN_PACKAGE}:${pluginKey(key)}`, v]));
  return TestStack.create(prog, { projectName: "bench", config, env: { ...target.env, PULUMI_HOME: target.pluginHome, PULUMI_WICKR_COMMVAULT_NODE: process.execPath } });
}

const execFileAsync = promisify(execFile);

/**
 * Runs one timed task in a fresh Node process (this script with `--child`): the inline program
 * runs there, so what earlier runs left in memory (Pulumi's runtime state, event lists) cannot
 * slow a later run; the emulators stay in this process for all runs alike.
 */
async function inChild<T>(target: Target, task: string, args: object): Promise<T> {
  const { stdout } = await execFileAsync(process.execPath, [__filename, "--child", task, JSON.stringify(args)], {
    env: { ...process.env, NODE_PATH: target.env.NODE_PATH, BENCH_TARGET: JSON.stringify(target) },
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`benchmark child ${task} ${JSON.stringify(args)} printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice("RESULT ".length)) as T;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const isWrite = (e: LogEntry) => e.method !== "GET" && e.operation !== "Login" && e.operation !== "Logout";
const bodyBytes = (entries: LogEntry[]) => entries.reduce((n, e) => n + (e.body === undefined ? 0 : JSON.stringify(e.body).length), 0);

interface Calls {
  writes: number;
  reads: number;
  logins: number;
  writeBytes: number;
}

function count(log: LogEntry[]): Calls {
  const writes = log.filter(isWrite);
  return {
    writes: writes.length,
    reads: log.filter((e) => e.method === "GET").length,
    logins: log.filter((e) => e.operation === "Login").length,
    writeBytes: bodyBytes(writes),
  };
}

const fmt = (c: Calls) => `${c.writes} writes (${c.writeBytes} B), ${c.reads} reads${c.logins ? `, ${c.logins} login` : ""}`;

// ---------------------------------------------------------------- naive baseline
/**
 * The naive provider (the public Commvault Terraform provider's pattern): every update sends
 * the whole declared object, lists as OVERWRITE, then reads the group back; it refreshes
 * (one read per resource) before planning. Replayed against the same emulator, so the counts,
 * bytes and answers are measured, not assumed.
 */
async function naiveCommvaultUpdate(emus: RunningEmulators, id: number, desc: string, members: string[]): Promise<LogEntry[]> {
  const info = emus.describe() as any;
  const control = new EmulatorControl(emus.commvault.controlUrl);
  await control.clearLog();
  const login = await fetch(`${info.commvault.url}/Login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: info.commvault.credentials.username, password: Buffer.from(info.commvault.credentials.password).toString("base64") }),
  });
  const token = ((await login.json()) as { token: string }).token;
  const headers = { "content-type": "application/json", authtoken: token };
  await fetch(`${info.commvault.url}/V4/UserGroup/${id}`, { headers }); // refresh before the plan
  await fetch(`${info.commvault.url}/V4/UserGroup/${id}`, {
    method: "PUT",
    headers,
    body: JSON.stringify({
      newName: `naive-${id}`,
      newDescription: desc,
      enabled: true,
      enforceFSQuota: true,
      quotaLimitInGB: 100,
      laptopPlan: { name: "Laptop-Gold" },
      planOperationType: "ADD",
      users: members.map((name) => ({ name })),
      userOperationType: "OVERWRITE",
      restrictConsoleTypes: { consoleType: ["COMMCELLCONSOLE"] },
      consoleTypeOperationType: "OVERWRITE",
    }),
  });
  await fetch(`${info.commvault.url}/V4/UserGroup/${id}`, { headers }); // read back
  return control.log();
}

// ---------------------------------------------------------------- scenarios
async function callEconomy(emus: RunningEmulators): Promise<void> {
  say("## Call economy (from the emulators' request logs)");
  say("");
  say("| resource | scenario | this provider | naive full-PUT-then-read | ratio (calls) |");
  say("|---|---|---|---|---|");
  const wickrLog = new EmulatorControl(emus.wickr.controlUrl);
  const cvLog = new EmulatorControl(emus.commvault.controlUrl);
  const economy = { noop: [] as Array<[string, Calls]>, one: [] as Array<[string, Calls]>, fifty: [] as Array<[string, Calls]> };

  // Wickr
  {
    const stack = await newStack(targetOf(emus), program("wickr", 1));
    await wickrLog.clearLog();
    await stack.up();
    const create = count(await wickrLog.log());
    say(`| Wickr | create 1 group (9 settings) | ${fmt(create)} | – | – |`);
    await wickrLog.clearLog();
    await stack.up();
    const noop = count(await wickrLog.log());
    economy.noop.push(["Wickr", noop]);
    say(`| Wickr | no-op up | ${fmt(noop)} | 0 writes, 1 read (refresh) | – |`);
    stack.setProgram(program("wickr", 1, 1));
    await wickrLog.clearLog();
    await stack.up();
    const one = count(await wickrLog.log());
    economy.one.push(["Wickr", one]);
    // Naive: PATCH with every declared setting (9) and the name, then GET; plus the refresh GET.
    const naiveBody = JSON.stringify({ name: "bench-0", securityGroupSettings: { lockoutThreshold: 11, forceDeviceLockout: 3, maxTtl: 604800, calling: { canStart11Call: true, canVideoCall: false, forceTcpCall: false }, shredder: { canProcessManually: true, intensity: 60 }, quickResponses: ["ok"] } }).length;
    say(`| Wickr | one-setting change | ${fmt(one)} | 1 write (${naiveBody} B), 2 reads | ${((one.writes + one.reads) / 3).toFixed(2)} |`);
    await stack.destroy();
    await stack.dispose();

    const fifty = await newStack(targetOf(emus), program("wickr", 50));
    await fifty.up();
    fifty.setProgram(program("wickr", 50, 1));
    await wickrLog.clearLog();
    await fifty.up();
    const c50 = count(await wickrLog.log());
    economy.fifty.push(["Wickr", c50]);
    say(`| Wickr | 50 groups, one change each | ${fmt(c50)} | 50 writes, 100 reads | ${((c50.writes + c50.reads) / 150).toFixed(2)} |`);
    await fifty.destroy();
    await fifty.dispose();
  }

  // Commvault
  {
    const stack = await newStack(targetOf(emus), program("commvault", 1));
    await cvLog.clearLog();
    await stack.up();
    const create = count(await cvLog.log());
    say(`| Commvault | create 1 group (8 fields, 2 users) | ${fmt(create)} | – | – |`);
    await cvLog.clearLog();
    await stack.up();
    const noop = count(await cvLog.log());
    economy.noop.push(["Commvault", noop]);
    say(`| Commvault | no-op up | ${fmt(noop)} | 0 writes, 1 read (refresh) | – |`);
    stack.setProgram(program("commvault", 1, 1));
    await cvLog.clearLog();
    await stack.up();
    const one = count(await cvLog.log());
    economy.one.push(["Commvault", one]);
    const id = Number(((await stack.state()).resources.find((r) => r.type.endsWith("CommvaultUserGroup"))?.outputs as any)?.groupId);
    const naiveOne = count(await naiveCommvaultUpdate(emus, id, "bench group v1", ["alice", "bob"]));
    say(`| Commvault | one-field change (description) | ${fmt(one)} | ${fmt(naiveOne)} | ${((one.writes + one.reads) / (naiveOne.writes + naiveOne.reads)).toFixed(2)} |`);
    // Membership: add two, remove one.
    stack.setProgram(async () => commvaultGroup(0, 1, ["alice", "carol", "dave"]));
    await cvLog.clearLog();
    await stack.up();
    const members = count(await cvLog.log());
    const naiveLog = await naiveCommvaultUpdate(emus, id, "bench group v1", ["alice", "carol", "dave"]);
    const naiveMembers = count(naiveLog);
    const refused = naiveLog.filter((e) => e.method === "PUT" && e.status !== 200).length;
    say(
      `| Commvault | add 2 users, remove 1 | ${fmt(members)} | ${fmt(naiveMembers)}${refused ? `; the API refuses its users OVERWRITE (HTTP ${naiveLog.find((e) => e.method === "PUT")?.status})` : ""} | ${((members.writes + members.reads) / (naiveMembers.writes + naiveMembers.reads)).toFixed(2)} |`,
    );
    await stack.destroy();
    await stack.dispose();

    const fifty = await newStack(targetOf(emus), program("commvault", 50));
    await fifty.up();
    fifty.setProgram(program("commvault", 50, 1));
    await cvLog.clearLog();
    await fifty.up();
    const c50 = count(await cvLog.log());
    economy.fifty.push(["Commvault", c50]);
    say(`| Commvault | 50 groups, one change each | ${fmt(c50)} | 50 writes, 100 reads | ${((c50.writes + c50.reads) / 150).toFixed(2)} |`);
    await fifty.destroy();
    await fifty.dispose();
  }
  say("");
  say("The naive client's figures come from replaying its requests against the same emulator (Commvault) or from");
  say("its fixed pattern (Wickr: PATCH everything declared, read back, refresh first). This provider plans from state,");
  say("so a no-op `up` calls nothing; reads after a write give the outputs the service's own values.");
  say("");
  const list = (rows: Array<[string, Calls]>, f: (c: Calls) => string) => rows.map(([k, c]) => `${k} ${f(c)}`).join(", ");
  goal(
    "no-op `up`: 0 writes, reads as few as the engine needs",
    list(economy.noop, (c) => `${c.writes} writes, ${c.reads} reads`),
    economy.noop.every(([, c]) => c.writes === 0) ? "yes" : "no",
  );
  goal("one-setting change: exactly 1 write", list(economy.one, (c) => `${c.writes} write (${c.writeBytes} B)`), economy.one.every(([, c]) => c.writes === 1) ? "yes" : "no");
  goal("50 groups, one change each: 50 writes", list(economy.fifty, (c) => `${c.writes} writes`), economy.fifty.every(([, c]) => c.writes === 50) ? "yes" : "no");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The lowest and highest of the rounds' ratios, as the tables print them. */
const spread = (ratios: number[]) => `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;

interface EngineRun {
  preview: number;
  up: number;
  peakKiB: number;
  /** Bytes of state per resource (inputs and outputs as the engine records them). */
  stateBytes: number;
  /** Property values (leaves of inputs and outputs) the state holds per resource: the engine's work per checkpoint follows them. */
  stateValues: number;
  /** Bytes of serialized provider code of a resource (`__provider`; the state records it twice, in inputs and in outputs). */
  providerBytes: number;
  /** Whether the resource's inputs or outputs name a path of this machine (the checkout, the installed copy, the temp folder). */
  pathInState: boolean;
  /** CPU time of the `up`, ms: the Pulumi CLI, the provider processes, the program (this child). */
  cpu: { cli: number; provider: number; program: number; emulators?: number };
  /** When the `up` started and ended (epoch ms), for the emulators' CPU time in the parent. */
  upFrom: number;
  upTo: number;
}

/** The property values (leaves) of a value as the state records it. */
const leafCount = (v: unknown): number => (v !== null && typeof v === "object" ? Object.values(v).reduce((k: number, x) => k + leafCount(x), 0) : 1);

/** One preview and one up of `n` resources of `kind` on a fresh stack (destroyed after). */
async function engineRun(target: Target, kind: Kind, n: number): Promise<EngineRun> {
  const stack = await newStack(target, program(kind, n), kind);
  const preview = await timed(() => stack.preview());
  const upFrom = Date.now();
  const programBefore = process.cpuUsage();
  const up = await withProcessCosts(() => timed(() => stack.up()));
  const programCpu = process.cpuUsage(programBefore);
  const upTo = Date.now();
  const own = (await stack.state()).resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic") || r.type.startsWith(`${PLUGIN_PACKAGE}:index:`));
  const codes = own.map((r) => String((r.inputs as Record<string, unknown> | undefined)?.__provider ?? ""));
  const stateText = JSON.stringify(own);
  // What the provider records: inputs and outputs (the engine's own metadata, `sourcePosition`
  // and `stackTrace`, names the program's files for every resource, the stock one too).
  const recordedText = JSON.stringify(own.map((r) => ({ inputs: r.inputs, outputs: r.outputs })));
  await stack.destroy();
  await stack.dispose();
  return {
    preview: preview.ms,
    up: up.value.ms,
    peakKiB: up.costs.providerPeakKiB,
    stateBytes: stateText.length / n,
    stateValues: own.reduce((k, r) => k + leafCount(r.inputs) + leafCount(r.outputs), 0) / n,
    providerBytes: median(codes.map((c) => c.length)),
    pathInState: [ROOT, os.tmpdir(), process.env.NODE_PATH || "/nonexistent-path"].some((p) => recordedText.includes(p)),
    cpu: { ...up.costs.cpuMs, program: (programCpu.user + programCpu.system) / 1000 },
    upFrom,
    upTo,
  };
}

async function engineOverhead(emus: RunningEmulators): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? "1,10,50,200").split(",").map(Number);
  const repeats = Number(process.env.BENCH_REPEAT ?? 3);
  say("## Engine overhead (wall time, this machine, against the emulators on loopback)");
  say("");
  say("Baselines, measured in the same rounds:");
  say("- `stock`: a dynamic resource written as Pulumi's documentation writes one (benchmarks/stock.ts: its own small");
  say("  provider object, none of this package's machinery), answering from memory;");
  say("- `noop`: `NoopItem`, a dynamic resource on this package's machinery (schema, bridge, serialized provider) that");
  say("  answers from memory;");
  say("- at the largest N, `wickr-floor` and `commvault-floor`: floors shaped like the real resources (the same schema,");
  say("  arguments and output names, answered from memory with the outputs a real group recorded), so their state has the");
  say("  same size and shape and the program makes the same Outputs: the gap to them is this provider's own work (HTTP,");
  say("  signing, the service checks at preview, the emulators answering).");
  say("The package and the floors run as installed (benchmarks/installed.ts: a copy under node_modules, as npm installs the");
  say(`tarball), so their state records the provider as a \`require\` of the installed module. Each figure is the median of ${repeats}`);
  say("runs; the kinds take turns within each round, so a slow spell of the machine hits them alike; the spread gives the");
  say("lowest and highest ratio of the rounds.");
  say("- `wickr-plugin` and `commvault-plugin`: the same resources, arguments and names on the provider plugin");
  say("  (`pulumi-resource-wickr-commvault`, installed from its archive with `pulumi plugin install --file`): no provider");
  say("  code in the state, one plugin process for the whole stack.");
  say("");
  say("| N | kind | preview (s) | up (s) | up per resource (ms) | up / stock | up / stock, spread | up / noop | provider peak RSS (MiB) | state per resource (KiB) | property values per resource | provider code (B; stored twice) |");
  say("|---|---|---|---|---|---|---|---|---|---|---|---|");
  const largest = Math.max(...sizes);
  const logs = [new EmulatorControl(emus.wickr.controlUrl), new EmulatorControl(emus.commvault.controlUrl)];
  const growth: Record<string, Array<[number, number]>> = {};
  const againstStock: string[] = [];
  const againstShaped: string[] = [];
  let stockHeld = true;
  let shapedHeld = true;
  let codeHeld = true;
  const codeFigures: string[] = [];
  const pluginFigures: string[] = [];
  const cpuRows: string[] = [];
  const parentCpu = new OwnCpuSampler();
  parentCpu.start();
  const target = await withShapes(targetOf(emus));
  for (const n of sizes) {
    const all: Kind[] = n === largest ? ["stock", "noop", "wickr", "commvault", "wickr-floor", "commvault-floor", ...PLUGIN_KINDS] : ["stock", "noop", "wickr", "commvault", ...PLUGIN_KINDS];
    // BENCH_KINDS=wickr,wickr-floor measures some kinds only (for profiling; the baselines always run).
    const picked = process.env.BENCH_KINDS?.split(",");
    const kinds = picked ? all.filter((k) => k === "stock" || k === "noop" || picked.includes(k)) : all;
    const runs = new Map<Kind, EngineRun[]>(kinds.map((k) => [k, []]));
    for (let round = 0; round < repeats; round++) {
      for (const kind of kinds) {
        for (const log of logs) await log.clearLog();
        const run = await inChild<EngineRun>(target, "engine", { kind, n });
        // The emulators run in this process: their CPU time during the child's `up`.
        run.cpu.emulators = parentCpu.between(run.upFrom, run.upTo);
        runs.get(kind)!.push(run);
      }
    }
    const stock = runs.get("stock")!;
    const mid = (kind: Kind, f: (r: EngineRun) => number) => median(runs.get(kind)!.map(f));
    cpuRows.push(...cpuTableRows(n, kinds, runs));
    for (const kind of kinds) {
      const rs = runs.get(kind)!;
      const up = mid(kind, (r) => r.up);
      const ratios = rs.map((r, i) => r.up / stock[i].up);
      (growth[kind] ??= []).push([n, up]);
      if (n === largest && (kind === "wickr" || kind === "commvault") && runs.has(`${kind}-floor`)) {
        const ratio = up / mid("stock", (r) => r.up);
        againstStock.push(`${kind} ${ratio.toFixed(2)}x (rounds ${spread(ratios)})`);
        stockHeld &&= ratio <= 1.5;
        const floor: Kind = `${kind}-floor`;
        const shapedUp = up / mid(floor, (r) => r.up);
        const shapedPreview = mid(kind, (r) => r.preview) / mid(floor, (r) => r.preview);
        againstShaped.push(`${kind} preview ${shapedPreview.toFixed(2)}x, up ${shapedUp.toFixed(2)}x (rounds ${spread(rs.map((r, i) => r.up / runs.get(floor)![i].up))})`);
        shapedHeld &&= shapedUp <= 1.1 && shapedPreview <= 1.1;
        const code = mid(kind, (r) => r.providerBytes);
        const paths = rs.some((r) => r.pathInState);
        codeFigures.push(`${kind} ${code} B${paths ? ", a path of the machine in the state" : ", no path of the machine"}`);
        codeHeld &&= code <= 400 && !paths;
      }
      if (n === largest && isPluginKind(kind)) {
        const dynamic = kind.replace("-plugin", "") as Kind;
        if (runs.has(dynamic)) {
          const kib = (k: Kind) => mid(k, (r) => r.stateBytes) / 1024;
          pluginFigures.push(
            `${dynamic}: up ${(up / 1000).toFixed(2)} s on the plugin vs ${(mid(dynamic, (r) => r.up) / 1000).toFixed(2)} s dynamic (${(up / mid(dynamic, (r) => r.up)).toFixed(2)}x), state ${kib(kind).toFixed(1)} vs ${kib(dynamic).toFixed(1)} KiB per resource`,
          );
        }
      }
      say(
        `| ${n} | ${kind} | ${(mid(kind, (r) => r.preview) / 1000).toFixed(2)} | ${(up / 1000).toFixed(2)} | ${(up / n).toFixed(0)} | ${(up / mid("stock", (r) => r.up)).toFixed(2)} | ${spread(ratios)} | ${(up / mid("noop", (r) => r.up)).toFixed(2)} | ${(Math.max(...rs.map((r) => r.peakKiB)) / 1024).toFixed(0)} | ${(mid(kind, (r) => r.stateBytes) / 1024).toFixed(1)} | ${mid(kind, (r) => r.stateValues).toFixed(0)} | ${mid(kind, (r) => r.providerBytes)} |`,
      );
    }
  }
  parentCpu.stop();
  fs.rmSync(target.env[SHAPES_FILE_ENV], { force: true });
  say("");
  say("Where the `up` time goes: CPU seconds of each process during the `up` (median of the rounds; the machine has");
  say(`${os.cpus().length} cores, so the parts overlap). The CLI's share grows with the property values of each resource's state`);
  say("(the column above): the file backend serializes, checksums and writes the whole state after every step, so a step");
  say("costs the CLI in proportion to every value recorded so far (`pulumi up --profiling` shows it in the snapshot saves).");
  say("");
  say("| N | kind | Pulumi CLI | provider | program | emulators | total | total / stock |");
  say("|---|---|---|---|---|---|---|---|");
  for (const row of cpuRows) say(row);
  say("");
  goal(`\`up\` at N = ${largest} within 1.5x of a stock dynamic resource (median of ${repeats})`, againstStock.join(", "), stockHeld ? "yes" : "no");
  goal(`preview and \`up\` at N = ${largest} within 1.1x of the floors with the same state (this provider's own overhead)`, againstShaped.join("; "), shapedHeld ? "yes" : "no");
  goal("provider code at most 400 bytes per resource, no absolute path in the state", codeFigures.join(", "), codeHeld ? "yes" : "no");
  if (pluginFigures.length > 0) goal(`the provider plugin beside the dynamic provider at N = ${largest} (issue 22; median of ${repeats})`, pluginFigures.join("; "), "measured");
  const perResource = Object.entries(growth).filter(([, pts]) => pts.length === sizes.length).map(([k, pts]) => [k, pts.map(([n, ms]) => ms / n)] as const);
  const linear = perResource.every(([, xs]) => xs[xs.length - 1] <= xs[0] * 1.1);
  goal("time grows linearly or better with N", `per-resource \`up\` time from N = ${sizes[0]} to ${largest}: ${perResource.map(([k, xs]) => `${k} ${xs[0].toFixed(0)} → ${xs[xs.length - 1].toFixed(0)} ms`).join(", ")}`, linear ? "yes" : "no");
  say("Growth with N (median up time per resource, ms): " + Object.entries(growth).map(([k, pts]) => `${k} ${pts.map(([n, ms]) => `${n}:${(ms / n).toFixed(0)}`).join(" ")}`).join("; "));
  say("");
}

/**
 * Records, in a child, what one real Wickr and one real Commvault group leave in state, for the
 * shaped floors; returns the target with the file of shapes in its environment.
 */
async function withShapes(target: Target): Promise<Target> {
  const file = path.join(os.tmpdir(), `bench-shapes-${process.pid}.json`);
  await inChild<{ file: string }>(target, "shapes", { file });
  return { ...target, env: { ...target.env, [SHAPES_FILE_ENV]: file } };
}

async function recordShapes(target: Target, file: string): Promise<{ file: string }> {
  const stack = await newStack(target, async () => {
    wickrGroup(0, 0);
    commvaultGroup(0, 0);
  });
  await stack.up();
  const outputsOf = (type: string) => (stack.state().then((s) => s.resources.find((r) => r.type.endsWith(type))?.outputs ?? {}));
  const shapes = {
    wickr: recordShape(shapedNoopDefinitions.wickr, await outputsOf(":WickrSecurityGroup")),
    commvault: recordShape(shapedNoopDefinitions.commvault, await outputsOf(":CommvaultUserGroup")),
  };
  fs.writeFileSync(file, JSON.stringify(shapes));
  await stack.destroy();
  await stack.dispose();
  return { file };
}

/** Rows of the CPU table for one N: the median CPU seconds of each part, per kind. */
function cpuTableRows(n: number, kinds: Kind[], runs: Map<Kind, EngineRun[]>): string[] {
  const total = (r: EngineRun) => r.cpu.cli + r.cpu.provider + r.cpu.program + (r.cpu.emulators ?? 0);
  const floorTotal = median(runs.get("stock")!.map(total));
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return kinds.map((kind) => {
    const rs = runs.get(kind)!;
    const part = (f: (r: EngineRun) => number) => s(median(rs.map(f)));
    const t = median(rs.map(total));
    return `| ${n} | ${kind} | ${part((r) => r.cpu.cli)} | ${part((r) => r.cpu.provider)} | ${part((r) => r.cpu.program)} | ${part((r) => r.cpu.emulators ?? 0)} | ${s(t)} | ${(t / floorTotal).toFixed(2)} |`;
  });
}

interface RateRun {
  phaseS: number;
  /** Requests the service accepted in the update phase. */
  requests: number;
  /** Of them, reads (GetSecurityGroup, GET /V4/UserGroup/{id}). */
  reads: number;
  wholeS: number;
  ok: number;
  throttled: number;
  failed: number;
}

/**
 * The rate cases (issue 23): each changes one setting of every group, and its floor is the
 * fewest requests the API allows for that change over the rate.
 *  - wickr-top: a top-level setting (lockoutThreshold): one UpdateSecurityGroup, no read (the
 *    answer is the group);
 *  - wickr-nested: a member of a nested object (shredder.intensity, 60 to 100), which goes whole: a read for
 *    the group's other members, then the update;
 *  - commvault: the description: the PUT, then a read (a PUT's answer holds no group).
 */
type RateCase = "wickr-top" | "wickr-nested" | "commvault";
const RATE_CASES: Record<RateCase, { service: "wickr" | "commvault"; perGroup: number; what: string }> = {
  "wickr-top": { service: "wickr", perGroup: 1, what: "Wickr, a top-level setting (`lockoutThreshold`): the update alone" },
  "wickr-nested": { service: "wickr", perGroup: 2, what: "Wickr, a nested member (`shredder.intensity`): a read, then the update" },
  commvault: { service: "commvault", perGroup: 2, what: "Commvault, the description: the PUT, then a read" },
};

/** The rate case's program: `n` groups as created (changed = false) or with the case's change. */
function rateProgram(rateCase: RateCase, n: number, changed: boolean) {
  return async () => {
    for (let i = 0; i < n; i++) {
      if (rateCase === "commvault") {
        commvaultGroup(i, changed ? 1 : 0);
        continue;
      }
      const args = wickrArgs(i, rateCase === "wickr-top" && changed ? 1 : 0);
      const nested = rateCase === "wickr-nested" && changed ? { shredder: { intensity: 100 as const } } : {};
      new (installed().pkg.WickrSecurityGroup)(`wg-${i}`, { ...args, securityGroupSettings: { ...args.securityGroupSettings, ...nested } });
    }
  };
}

/** `n` groups created, then all changed in one `up` while the service takes `rps` requests a second. */
async function rateRun(target: Target, rateCase: RateCase, n: number, rps: number): Promise<RateRun> {
  const { service } = RATE_CASES[rateCase];
  const control = new EmulatorControl(service === "wickr" ? target.wickrControl : target.commvaultControl);
  const stack = await newStack(target, rateProgram(rateCase, n, false));
  await stack.up();
  stack.setProgram(rateProgram(rateCase, n, true));
  await control.clearLog();
  await control.rateLimit(rps);
  let failed = 0;
  const run = await timed(async () => {
    try {
      await stack.up();
    } catch {
      failed = 1;
    }
  });
  await control.rateLimit(undefined);
  const log = (await control.log()).filter((e) => e.operation !== "Login");
  const updates = log.filter((e) => e.operation === (service === "wickr" ? "UpdateSecurityGroup" : "UpdateUserGroup"));
  // The phase runs from the first to the last request the service accepted; at `rps` a second,
  // k accepted requests take (k - 1) / rps at least.
  const accepted = log.filter((e) => e.status !== 429);
  await stack.destroy();
  await stack.dispose();
  return {
    phaseS: accepted.length ? (Date.parse(accepted[accepted.length - 1].at) - Date.parse(accepted[0].at)) / 1000 : 0,
    requests: accepted.length,
    reads: accepted.filter((e) => e.method === "GET").length,
    wholeS: run.ms / 1000,
    ok: updates.filter((e) => e.status === 200).length,
    throttled: log.filter((e) => e.status === 429).length,
    failed,
  };
}

async function rateLimit(emus: RunningEmulators): Promise<void> {
  const n = Number(process.env.BENCH_RATE_N ?? 200);
  const repeats = Number(process.env.BENCH_REPEAT ?? 3);
  const cases = (process.env.BENCH_RATE_CASES?.split(",") ?? Object.keys(RATE_CASES)) as RateCase[];
  const rps = 10;
  say(`## Rate limit (the emulator allows ${rps} requests a second)`);
  say("");
  say(`${n} groups are created, then all changed in one \`up\` while the emulator takes ${rps} requests a second. The floor of`);
  say("each case is the fewest requests the API allows for that change (groups × requests per group) over the rate; the");
  say("update phase runs from the first to the last request the service accepted. Each service's limit counts its own way");
  say("(emulators/core/rate-limit.ts): Wickr as a token bucket (a burst of one second's requests, then the rate), Commvault in");
  say("fixed one-second windows.");
  say("");
  say(`| case | round | updates | requests accepted (reads) | floor (fewest requests / ${rps} per s) | update phase | phase / floor | whole \`up\` | successful updates | 429 answers | failed runs |`);
  say("|---|---|---|---|---|---|---|---|---|---|---|");
  const results = new Map<RateCase, RateRun[]>();
  for (let round = 1; round <= repeats; round++) {
    // The cases take turns within each round, so a slow spell of the machine hits them alike.
    for (const rateCase of cases) {
      const r = await inChild<RateRun>(targetOf(emus), "rate", { rateCase, n, rps });
      results.set(rateCase, [...(results.get(rateCase) ?? []), r]);
    }
  }
  const floorOf = (rateCase: RateCase) => Math.max(n * RATE_CASES[rateCase].perGroup - 1, 1) / rps;
  for (const rateCase of cases) {
    for (const [i, r] of (results.get(rateCase) ?? []).entries()) {
      say(`| ${rateCase} | ${i + 1} | ${n} | ${r.requests} (${r.reads}) | ${floorOf(rateCase).toFixed(1)} s | ${r.phaseS.toFixed(1)} s | ${(r.phaseS / floorOf(rateCase)).toFixed(2)} | ${r.wholeS.toFixed(1)} s | ${r.ok} | ${r.throttled} | ${r.failed} |`);
    }
  }
  say("");
  for (const rateCase of cases) say(`- \`${rateCase}\`: ${RATE_CASES[rateCase].what}.`);
  say("");
  say("The whole `up` adds the engine's fixed start-up and finish to the update phase. The client learns the accepted rate");
  say("from the first 429 and its Retry-After, then paces (provider/core/pacer.ts); `wickr:requestsPerSecond` paces from the start.");
  say("");
  for (const rateCase of cases) {
    const runs = results.get(rateCase) ?? [];
    const ratios = runs.map((r) => r.phaseS / floorOf(rateCase));
    const ratio = median(ratios);
    const failures = runs.reduce((k, r) => k + r.failed + (n - r.ok), 0);
    const requestsHeld = runs.every((r) => r.requests === n * RATE_CASES[rateCase].perGroup);
    goal(
      `${rateCase}: ${n} updates at ${rps} requests/s: 0 failures, ${n * RATE_CASES[rateCase].perGroup} requests, within 1.15x of the floor (${RATE_CASES[rateCase].perGroup} per group / rate; median of ${repeats})`,
      `${failures} failures, ${runs.map((r) => r.requests).join("/")} requests accepted, ${runs.map((r) => r.throttled).join("/")} throttled answers, phase / floor ${ratio.toFixed(2)}x (rounds ${ratios.map((x) => x.toFixed(2)).join(", ")})`,
      `${failures === 0 ? "failures yes" : "failures no"}, ${requestsHeld ? "requests yes" : "requests no"}, ${ratio <= 1.15 ? "time yes" : "time no"}`,
    );
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  installedModules = installCopy(ROOT);
  const only = process.env.BENCH_ONLY?.split(",");
  const kindsPicked = process.env.BENCH_KINDS?.split(",");
  if ((!only || only.includes("engine")) && (!kindsPicked || PLUGIN_KINDS.some((k) => kindsPicked.includes(k)))) pluginHome = installPlugin();
  // The parts that run in this process (call economy) load the installed copy too.
  process.env.NODE_PATH = installedModules;
  const emus = await startEmulators();
  await new EmulatorControl(emus.wickr.controlUrl).service("seed", { networks: BENCH_NETWORKS.map((networkId) => ({ networkId, networkName: `bench ${networkId}` })) });
  const pulumiVersion = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  say("# Benchmarks");
  say("");
  say(`Run ${new Date().toISOString().slice(0, 10)} by \`bash scripts/bench.sh\` on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Pulumi CLI ${pulumiVersion}.`);
  say("");
  const parts: Array<[string, (e: RunningEmulators) => Promise<void>]> = [["calls", callEconomy], ["engine", engineOverhead], ["rate", rateLimit]];
  for (const [part, measure] of parts) {
    if (only && !only.includes(part)) continue;
    const from = lines.length;
    const goalsBefore = goals.length;
    await measure(emus);
    // A part measured without the others replaces its own section of RESULTS.md, with its goals.
    if (only && part !== "engine") {
      const table = goals.length > goalsBefore ? ["", "| goal | measured | held? |", "|---|---|---|", ...goals.slice(goalsBefore)] : [];
      writeResultsSection(part, [...lines.slice(from), ...table], `BENCH_ONLY=${part} bash scripts/bench.sh`);
    }
  }
  await emus.close();
  if (pluginHome) fs.rmSync(path.dirname(pluginHome), { recursive: true, force: true });
  say(`Total benchmark time: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  // The goals table goes right under the title and the run line.
  const table = ["Against the goals of issues 7 and 11:", "", "| goal | measured | held? |", "|---|---|---|", ...goals, ""];
  lines.splice(4, 0, ...table);
  if (!only) fs.writeFileSync(path.join(ROOT, "benchmarks", "RESULTS.md"), lines.join("\n") + "\n");
}

/** The tasks a child runs (`--child <task> <args as JSON>`). */
const childTasks: Record<string, (target: Target, args: Record<string, unknown>) => Promise<unknown>> = {
  engine: (target, args) => engineRun(target, args.kind as Kind, Number(args.n)),
  rate: (target, args) => rateRun(target, args.rateCase as RateCase, Number(args.n), Number(args.rps)),
  shapes: (target, args) => recordShapes(target, String(args.file)),
};

/** One task in this process, its result on a `RESULT` line. */
async function child(task: string, args: Record<string, unknown>): Promise<void> {
  const run = childTasks[task];
  if (!run) throw new Error(`unknown benchmark task ${task}`);
  const result = await run(JSON.parse(process.env.BENCH_TARGET ?? "{}") as Target, args);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

(process.argv[2] === "--child" ? child(process.argv[3], JSON.parse(process.argv[4])) : main()).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
