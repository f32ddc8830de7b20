// The estate-scale benchmarks of issue 23, run by `bash scripts/bench.sh` (BENCH_ONLY=parallel,
// scale) or on their own: `node dist/benchmarks/scale.js parallel|scale`. Each writes its
// section of benchmarks/RESULTS.md (between its own markers; BENCH_WRITE=0 writes nothing).
//
// - parallel: STACKS stacks of GROUPS Wickr groups each (one stack per network, as a CI matrix
//   runs them) update every group at once against one emulator that allows RPS requests a
//   second to the account: failed updates, 429 answers, and the time against all requests over
//   the rate, a round per way of counting the limit. Each stack's `up` is the command a CI job
//   runs (`pulumi up --yes --skip-preview` in the stack's project folder, its program a file),
//   timed from its start to the CLI's exit. BENCH_PARALLEL=4x50, BENCH_PARALLEL_RPS=10,
//   BENCH_PARALLEL_ALGORITHMS=token-bucket,fixed-window.
// - scale: preview, up, refresh and a no-op up of N resources in one stack, for wickr,
//   commvault and the stock dynamic resource, with and without PULUMI_SKIP_CHECKPOINTS=true:
//   time per resource and the provider's peak memory. BENCH_SCALE_SIZES=200,1000,
//   BENCH_SCALE_KINDS=stock,wickr,commvault, BENCH_SCALE_CHECKPOINTS=on,skip.
//
// Every stack operation runs in a fresh Node process (this script with --child), as in run.ts,
// and the package runs as installed (installed.ts).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { startEmulators, RunningEmulators } from "../emulators/cli";
import { EmulatorControl } from "../emulators/core/control-client";
import type { LogEntry } from "../emulators/core/server";
import { RATE_LIMIT_ALGORITHMS, RateLimitAlgorithm } from "../emulators/core/rate-limit";
import type * as Package from "../provider";
import { installCopy, installedModule } from "./installed";
import { writeResultsSection } from "./results";
import { withProcessCosts } from "./processes";
import { StockItem } from "./stock";

const ROOT = path.resolve(__dirname, "..", "..");
const execFileAsync = promisify(execFile);
const FIRST_NETWORK = 40000001;
/** New groups per network (a network holds at most 100, its default group included). */
const PER_NETWORK = 90;
/** Time the stacks run in parallel get for their set-up before they start their `up`s together (BENCH_PARALLEL_SETUP_MS). */
const SETUP_ALLOWANCE_MS = Number(process.env.BENCH_PARALLEL_SETUP_MS ?? 15_000);

type Kind = "stock" | "wickr" | "commvault";

/** What a child needs: the emulators' stack config and environment, the installed package. */
interface Target {
  config: ReturnType<RunningEmulators["stackConfig"]>;
  env: Record<string, string>;
}

// ---------------------------------------------------------------- programs
const pkg = () => installedModule<typeof Package>(process.env.NODE_PATH?.split(path.delimiter)[0] ?? "", "provider");

/** The settings of every benchmark Wickr group: a change of variant changes one top-level setting (lockoutThreshold). */
const wickrSettings = (variant: number) => ({ lockoutThreshold: 10 + variant, forceDeviceLockout: 3, maxTtl: 604800, calling: { canStart11Call: true, canVideoCall: false } });

/** n resources of `kind`; Wickr groups spread over networks from `firstNetwork`, PER_NETWORK to a network. */
function program(kind: Kind, n: number, variant: number, firstNetwork: number, prefix: string) {
  return async () => {
    for (let i = 0; i < n; i++) {
      const name = `${prefix}-${i}`;
      if (kind === "stock") new StockItem(name, { name, value: variant });
      else if (kind === "wickr")
        new (pkg().WickrSecurityGroup)(name, {
          networkId: String(firstNetwork + Math.floor(i / PER_NETWORK)),
          name,
          securityGroupSettings: wickrSettings(variant),
        });
      else
        new (pkg().CommvaultUserGroup)(name, {
          name,
          description: `scale group v${variant}`,
          enabled: true,
          users: ["alice", "bob"],
          restrictConsoleTypes: ["COMMCELLCONSOLE"],
        });
    }
  };
}

/** The environment of a stack's CLI runs: its file backend in `stateDir`, its passphrase. */
const stackEnv = (stateDir: string): Record<string, string> => ({
  PULUMI_BACKEND_URL: `file://${stateDir}`,
  PULUMI_CONFIG_PASSPHRASE: "bench",
  PULUMI_SKIP_UPDATE_CHECK: "1",
  PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
});

/** A stack in `dir` (made on first use: its own file backend), running `prog`. */
async function openStack(dir: string, prog: () => Promise<void>, target: Target, extraEnv: Record<string, string> = {}): Promise<Stack> {
  const stateDir = path.join(dir, "state");
  fs.mkdirSync(stateDir, { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "scale", stackName: "bench", program: prog },
    {
      workDir: dir,
      envVars: { ...stackEnv(stateDir), ...target.env, ...extraEnv },
    },
  );
  await stack.setAllConfig(target.config);
  return stack;
}

// ---------------------------------------------------------------- children
interface UpArgs {
  /** The stack's folder: its project (the program as a file, as in a user's repository) and its file backend. */
  dir: string;
  groups: number;
  variant: number;
  network: number;
  prefix: string;
  /**
   * When to start the `up` (epoch ms): stacks run in parallel start together, each once its own
   * set-up (selecting the stack, setting its config: CLI runs that are not part of `up`) is done,
   * so that no stack's set-up competes with another's `up`. `late` says a set-up ran past it.
   */
  startAt?: number;
}

/**
 * The program of a parallel stack, as a file in its project: `groups` Wickr groups in one
 * network, each with the settings its stack's config gives (bench:settings).
 */
const PARALLEL_PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const { WickrSecurityGroup } = require("pulumi-wickr-commvault");
const bench = new pulumi.Config("bench");
const settings = bench.requireObject("settings");
for (let i = 0; i < bench.requireNumber("groups"); i++) {
  const name = \`\${bench.require("prefix")}-\${i}\`;
  new WickrSecurityGroup(name, { networkId: bench.require("network"), name, securityGroupSettings: settings });
}
`;

/**
 * The project folder of a parallel stack, under the installed copy's folder (so its program
 * finds the package and @pulumi/pulumi as a user's program finds them in its node_modules).
 */
function parallelProject(dir: string): string {
  const project = path.join(ROOT, ".bench", "parallel", path.basename(path.dirname(dir)), path.basename(dir));
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, "index.js"), PARALLEL_PROGRAM);
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: parallel\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n");
  return project;
}

/**
 * One \`pulumi up\` of a stack (made on first use), run as a CI job runs it: the CLI in the
 * stack's project folder (\`pulumi up --yes --skip-preview\`), timed from its start to its exit.
 * Its wall time and whether it failed.
 */
async function childUp(target: Target, a: UpArgs): Promise<{ startedAt: number; ms: number; late?: boolean; error?: string }> {
  if (a.groups > PER_NETWORK) throw new Error(`a parallel stack holds one network: at most ${PER_NETWORK} groups`);
  const project = parallelProject(a.dir);
  const stateDir = path.join(a.dir, "state");
  fs.mkdirSync(stateDir, { recursive: true });
  const env = { ...stackEnv(stateDir), ...target.env };
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: "bench", workDir: project }, { workDir: project, envVars: env });
  const bench = { "bench:groups": String(a.groups), "bench:network": String(a.network), "bench:prefix": a.prefix, "bench:settings": JSON.stringify(wickrSettings(a.variant)) };
  await stack.setAllConfig({ ...target.config, ...Object.fromEntries(Object.entries(bench).map(([k, value]) => [k, { value }])) });
  const late = a.startAt !== undefined && Date.now() > a.startAt;
  if (a.startAt !== undefined && !late) await new Promise((r) => setTimeout(r, (a.startAt as number) - Date.now()));
  const startedAt = Date.now();
  try {
    await execFileAsync("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", "bench"], { cwd: project, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { startedAt, ms: Date.now() - startedAt, late };
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    return { startedAt, ms: Date.now() - startedAt, late, error: `${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`.slice(-2000) };
  }
}

interface PhaseRun {
  preview: number;
  up: number;
  refresh: number;
  noop: number;
  /** Highest resident memory of a provider process over the four steps, KiB. */
  providerPeakKiB: number;
  stateBytes: number;
}

/** Preview, up, refresh and a no-op up of a fresh stack of n resources (destroyed after). */
async function childPhases(target: Target, a: { dir: string; kind: Kind; n: number; skipCheckpoints: boolean }): Promise<PhaseRun> {
  const env: Record<string, string> = a.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {};
  const stack = await openStack(a.dir, program(a.kind, a.n, 0, FIRST_NETWORK, `s-${a.kind}`), target, env);
  let peak = 0;
  const step = async (fn: () => Promise<unknown>) => {
    const started = Date.now();
    const { costs } = await withProcessCosts(fn);
    peak = Math.max(peak, costs.providerPeakKiB);
    return Date.now() - started;
  };
  const preview = await step(() => stack.preview());
  const up = await step(() => stack.up());
  const refresh = await step(() => stack.refresh());
  const noop = await step(() => stack.up());
  const stateBytes = JSON.stringify(await stack.exportStack()).length;
  // The clean-up is not measured: its state written once.
  stack.workspace.envVars.PULUMI_SKIP_CHECKPOINTS = "true";
  await stack.destroy();
  await stack.workspace.removeStack("bench");
  return { preview, up, refresh, noop, providerPeakKiB: peak, stateBytes };
}

async function inChild<T>(target: Target, task: string, args: object): Promise<T> {
  const { stdout } = await execFileAsync(process.execPath, [__filename, "--child", task, JSON.stringify(args)], {
    env: { ...process.env, NODE_PATH: target.env.NODE_PATH, BENCH_TARGET: JSON.stringify(target) },
    maxBuffer: 256 * 1024 * 1024,
  });
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`benchmark child ${task} printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice("RESULT ".length)) as T;
}

// ---------------------------------------------------------------- scenarios
const lines: string[] = [];
const say = (text = "") => {
  lines.push(text);
  process.stdout.write(`${text}\n`);
};

async function setup(): Promise<{ emus: RunningEmulators; target: Target; wickr: EmulatorControl; work: string }> {
  const modules = installCopy(ROOT);
  process.env.NODE_PATH = modules;
  const emus = await startEmulators();
  const target: Target = { config: emus.stackConfig(), env: { ...emus.stackEnv(), NODE_PATH: modules } };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-bench-scale-"));
  return { emus, target, wickr: new EmulatorControl(emus.wickr.controlUrl), work };
}

/** Networks from FIRST_NETWORK holding only their default group (seeded in one go). */
const seedNetworks = (wickr: EmulatorControl, networks: number) =>
  wickr.service("seed-estate", { networks, groupsPerNetwork: 1, firstNetworkId: String(FIRST_NETWORK) });

interface ParallelRound {
  algorithm: string;
  runs: Array<{ startedAt: number; ms: number; late?: boolean; error?: string }>;
  log: LogEntry[];
  wholeS: number;
}

/** One round: every stack changes every group (to `variant`) at once, under the limit counted by `algorithm`. */
async function parallelRound(target: Target, wickr: EmulatorControl, args: (s: number, variant: number) => UpArgs, stacks: number, rps: number, algorithm: RateLimitAlgorithm, variant: number): Promise<ParallelRound> {
  await wickr.clearLog();
  await wickr.rateLimit(rps, algorithm);
  const started = Date.now();
  // Every stack starts its `up` at one moment, after every set-up (see UpArgs.startAt).
  const startAt = Date.now() + SETUP_ALLOWANCE_MS;
  const runs = await Promise.all(Array.from({ length: stacks }, (_, s) => inChild<ParallelRound["runs"][number]>(target, "up", { ...args(s, variant), startAt })));
  const wholeS = (Date.now() - started) / 1000;
  await wickr.rateLimit(undefined);
  const log: LogEntry[] = await wickr.log();
  if (process.env.BENCH_PARALLEL_LOG) fs.writeFileSync(`${process.env.BENCH_PARALLEL_LOG}.${algorithm}.json`, JSON.stringify({ runs, log: log.map((e) => ({ at: e.at, path: e.path, status: e.status })) }));
  return { algorithm, runs, log, wholeS };
}

async function parallel(): Promise<void> {
  const [stacks, groups] = (process.env.BENCH_PARALLEL ?? "4x50").split("x").map(Number);
  const rps = Number(process.env.BENCH_PARALLEL_RPS ?? 10);
  const algorithms = (process.env.BENCH_PARALLEL_ALGORITHMS ?? RATE_LIMIT_ALGORITHMS.join(",")).split(",") as RateLimitAlgorithm[];
  const { emus, target, wickr, work } = await setup();
  await seedNetworks(wickr, stacks);
  const args = (s: number, variant: number): UpArgs => ({ dir: path.join(work, `stack-${s}`), groups, variant, network: FIRST_NETWORK + s, prefix: `par-${s}` });
  // The stacks and their groups, made without a limit.
  for (let s = 0; s < stacks; s++) {
    const made = await inChild<{ error?: string }>(target, "up", args(s, 0));
    if (made.error) throw new Error(`stack ${s} could not be made: ${made.error}`);
  }
  const rounds: ParallelRound[] = [];
  for (const [i, algorithm] of algorithms.entries()) rounds.push(await parallelRound(target, wickr, args, stacks, rps, algorithm, i + 1));
  // The baseline of the rounds' start-ups and finishes: one stack's `up` alone (nothing else
  // running, no limit), in the same run: its engine start-up and finish on this machine.
  await wickr.clearLog();
  const alone = await inChild<ParallelRound["runs"][number]>(target, "up", args(0, algorithms.length + 1));
  const aloneTimes = (await wickr.log()).filter((e) => e.path.startsWith(`/networks/${FIRST_NETWORK}/`)).map((e) => Date.parse(e.at));
  const aloneStartS = (Math.min(...aloneTimes) - alone.startedAt) / 1000;
  const aloneEndS = (alone.startedAt + alone.ms - Math.max(...aloneTimes)) / 1000;

  say(`## Stacks in parallel against one rate limit (issue 23)`);
  say("");
  say(`${stacks} stacks (one per Wickr network, as a CI matrix runs them), ${groups} groups each, change one setting of every group in ${stacks} \`pulumi up --yes --skip-preview\``);
  say(`started at one moment, each in its own project folder as a CI job runs it (timed to the CLI's exit), while the emulator allows the account ${rps} requests a second (shared by every client), counted as a token bucket (the Wickr default:`);
  say("a burst of one second's requests, refilled at the rate) or in fixed one-second windows (the stricter reading); see emulators/core/rate-limit.ts.");
  say("Each provider process learns its share from the 429 answers (provider/core/pacer.ts); nothing is configured.");
  say("");
  say("| limit | stacks × groups | requests accepted | per operation | floor (requests / rate) | update phase (first to last accepted) | phase / floor | all `up`s (first start to last end) | whole / floor | 429 answers | failed updates |");
  say("|---|---|---|---|---|---|---|---|---|---|---|");
  const details: string[] = [];
  for (const { algorithm, runs, log, wholeS } of rounds) {
    const accepted = log.filter((e) => e.status !== 429);
    const updates = log.filter((e) => e.operation === "UpdateSecurityGroup" && e.status === 200);
    const throttled = log.filter((e) => e.status === 429).length;
    const floorS = accepted.length / rps;
    const phaseS = accepted.length ? (Date.parse(accepted[accepted.length - 1].at) - Date.parse(accepted[0].at)) / 1000 : 0;
    const failed = runs.filter((r) => r.error).length + (stacks * groups - updates.length);
    const byOp = new Map<string, number>();
    for (const e of accepted) byOp.set(e.operation, (byOp.get(e.operation) ?? 0) + 1);
    // Whole: from the first `up` starting to the last one done (every stack's engine start-up and finish included).
    const firstStart = Math.min(...runs.map((r) => r.startedAt));
    const lastEnd = Math.max(...runs.map((r) => r.startedAt + r.ms));
    const spanS = (lastEnd - firstStart) / 1000;
    say(
      `| ${algorithm} | ${stacks} × ${groups} | ${accepted.length} | ${[...byOp].map(([op, k]) => `${op} ${k}`).join(", ")} | ${floorS.toFixed(1)} s | ${phaseS.toFixed(1)} s | ${(phaseS / floorS).toFixed(2)} | ${spanS.toFixed(1)} s | ${(spanS / floorS).toFixed(2)} | ${throttled} | ${failed} |`,
    );
    // For test/reliability/parallel-stacks.test.ts, which runs this at a small scale.
    process.stdout.write(`PARALLEL ${JSON.stringify({ algorithm, stacks, groups, rps, accepted: accepted.length, floorS, phaseS, spanS, throttled, failed, updates: updates.length })}\n`);
    // Where each stack's time outside its requests goes: from its start to its first request (the
    // engine's start-up: CLI, program, provider process, check and diff) and from its last answer to its end.
    const ofStack = (s: number) => log.filter((e) => e.path.startsWith(`/networks/${FIRST_NETWORK + s}/`)).map((e) => Date.parse(e.at));
    const edges = runs.map((r, s) => {
      const times = ofStack(s);
      return times.length === 0 ? "no request" : `${((Math.min(...times) - r.startedAt) / 1000).toFixed(1)} s to its first request, ${((r.startedAt + r.ms - Math.max(...times)) / 1000).toFixed(1)} s after its last`;
    });
    details.push(`${algorithm}: per stack, its whole \`up\` ${runs.map((r) => (r.ms / 1000).toFixed(1)).join(", ")} s; outside its requests: ${edges.join("; ")}; wall time of the round ${wholeS.toFixed(1)} s (the set-ups included).`);
    const perRunner = aloneStartS + phaseS + aloneEndS;
    details.push(
      `${algorithm}: with a runner per stack (a CI matrix; derived, not measured): one stack's start-up alone + the update phase + its finish alone = ${perRunner.toFixed(1)} s = ${(perRunner / floorS).toFixed(2)}x the floor.`,
    );
    if (runs.some((r) => r.late)) details.push(`${algorithm}: started late (set-up longer than ${SETUP_ALLOWANCE_MS / 1000} s): stacks ${runs.flatMap((r, i) => (r.late ? [i] : [])).join(", ")}.`);
    if (runs.some((r) => r.error)) details.push(`${algorithm}: errors: ${runs.filter((r) => r.error).map((r) => r.error?.split("\n").slice(-3).join(" ")).join(" | ")}`);
  }
  say("");
  say(`One stack alone (nothing else running, no limit): ${aloneStartS.toFixed(1)} s from its start to its first request, ${aloneEndS.toFixed(1)} s after its last.`);
  say(`With ${stacks} at once, their engines start together on this machine's ${os.cpus().length} CPUs: the time to each stack's first request below.`);
  say("");
  for (const line of details) {
    say(line);
    say("");
  }
  await emus.close();
  fs.rmSync(path.join(ROOT, ".bench", "parallel", path.basename(work)), { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
}

async function scale(): Promise<void> {
  const sizes = (process.env.BENCH_SCALE_SIZES ?? "200,1000").split(",").map(Number);
  const kinds = (process.env.BENCH_SCALE_KINDS ?? "stock,wickr,commvault").split(",") as Kind[];
  const modes = (process.env.BENCH_SCALE_CHECKPOINTS ?? "on,skip").split(",");
  const { emus, target, wickr, work } = await setup();
  await seedNetworks(wickr, Math.ceil(Math.max(...sizes) / PER_NETWORK));
  say(`## 1,000 groups in one stack${process.env.BENCH_SCALE_KINDS ? `: ${kinds.join(", ")}` : ""} (issue 23)`);
  say("");
  say("One stack of N resources: preview (all creates), `up`, `refresh`, and a no-op `up`, each timed on its own; the provider's");
  say("peak resident memory over the four. `skip`: the same with PULUMI_SKIP_CHECKPOINTS=true (the file backend then writes the");
  say("state once at the end of each operation instead of after every step). `stock`: the dynamic resource of Pulumi's documentation.");
  say("");
  say("| N | kind | checkpoints | preview (s) | up (s) | up per resource (ms) | refresh (s) | no-op up (s) | up / stock | provider peak RSS (MiB) | state (MiB) |");
  say("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const n of sizes) {
    for (const mode of modes) {
      const results = new Map<Kind, PhaseRun>();
      for (const kind of kinds) {
        const run = await inChild<PhaseRun>(target, "phases", { dir: path.join(work, `${kind}-${n}-${mode}`), kind, n, skipCheckpoints: mode === "skip" });
        results.set(kind, run);
        const stock = results.get("stock");
        const s = (ms: number) => (ms / 1000).toFixed(2);
        say(
          `| ${n} | ${kind} | ${mode} | ${s(run.preview)} | ${s(run.up)} | ${(run.up / n).toFixed(1)} | ${s(run.refresh)} | ${s(run.noop)} | ${stock ? (run.up / stock.up).toFixed(2) : "–"} | ${(run.providerPeakKiB / 1024).toFixed(0)} | ${(run.stateBytes / 2 ** 20).toFixed(2)} |`,
        );
      }
    }
  }
  say("");
  await emus.close();
  fs.rmSync(work, { recursive: true, force: true });
}

/** Replaces this part's section of RESULTS.md (between its markers), or adds it at the end. */
function writeSection(part: string): void {
  // A run of some kinds only (BENCH_SCALE_KINDS) has a section of its own beside the full table.
  const kinds = part === "scale" ? process.env.BENCH_SCALE_KINDS : undefined;
  const sizes = process.env.BENCH_SCALE_SIZES;
  const settings = [kinds && `BENCH_SCALE_KINDS=${kinds}`, kinds && sizes && `BENCH_SCALE_SIZES=${sizes}`].filter(Boolean).join(" ");
  writeResultsSection(`scale-${part}${kinds ? `-${kinds.replace(/,/g, "-")}` : ""}`, lines, `${settings ? `${settings} ` : ""}node dist/benchmarks/scale.js ${part}`);
}

const childTasks: Record<string, (target: Target, args: any) => Promise<unknown>> = { up: childUp, phases: childPhases };

async function main(part: string): Promise<void> {
  if (part === "parallel") await parallel();
  else if (part === "scale") await scale();
  else throw new Error(`usage: scale.js parallel|scale (got ${part})`);
  writeSection(part);
}

(process.argv[2] === "--child"
  ? childTasks[process.argv[3]](JSON.parse(process.env.BENCH_TARGET ?? "{}") as Target, JSON.parse(process.argv[4])).then((r) => process.stdout.write(`RESULT ${JSON.stringify(r)}\n`))
  : main(process.argv[2] ?? "")
).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
