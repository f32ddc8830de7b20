// Discovery at estate scale (issue 23): 100 Wickr networks of 100 groups and one CommServe of
// 10,000 user groups, seeded in one go (the emulators' estate start options). The discovery runs
// in a child process (so its peak memory is its own, not the emulators'), as the command does:
// list, check and write each group as it comes, in one file and split (one part per network)
// at once, then seal and rename the files; then, with BENCH_DISCOVER_IMPORT=1, `--import-into`
// of every group into one stack (one state edit, one refresh). Calls are counted from the
// emulators' request logs against the fewest the APIs allow. The peak memory is measured
// again on an estate half the size (a second emulator estate and child), to show whether it
// grows with the estate.
//   node dist/benchmarks/discover-scale.js
//   BENCH_DISCOVER_ESTATE=100x100+10000 (networks x groups per network + Commvault groups)
//   BENCH_DISCOVER_IMPORT=1   BENCH_WRITE=0 (print only)
//   BENCH_DISCOVER_HEAP_MIB=64 (the discovering process's V8 heap limit: what it needs at most)
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as ts from "typescript";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { installCopy } from "./installed";
import { startEmulators } from "../emulators/cli";
import { COMMVAULT_TEST_CREDENTIALS } from "../emulators/commvault";
import type { LogEntry } from "../emulators/core/server";
import { estateNetworkIds, WICKR_TEST_REGION } from "../emulators/wickr";
import { discoverEach, importDiscovered } from "../cli/discover/command";
import { ImportStash } from "../cli/discover/import-stash";
import { ProgramNames } from "../cli/discover/names";
import { nameMatcher } from "../cli/discover/options";
import { typescriptWriter } from "../cli/discover/program-writer";
import { lineProgress } from "../cli/discover/progress";
import { Staging } from "../cli/discover/staging";
import { closeAllPools } from "../provider/core/http";
import { isolatedAwsEnv } from "../test/support/aws-env";

const ROOT = path.resolve(__dirname, "..", "..");
const PAGE = 100;
const execFileAsync = promisify(execFile);

interface ChildArgs {
  settings: Record<string, string>;
  networks: string[];
  dir: string;
  importInto: boolean;
  stackConfig: Record<string, { value: string; secret?: boolean }>;
  env: Record<string, string>;
}

interface ChildResult {
  /** Listing, checking and writing as it goes (both layouts). */
  discoverS: number;
  /** Sealing and renaming the files into place. */
  writeS: number;
  importS?: number;
  imported?: number;
  groups: number;
  findings: number;
  bytes: number;
  splitFiles: number;
  peakRssMiB: number;
  /** Request-log sequence marks: the discovery's requests come before `importFrom`. */
  importStartedAt?: string;
}

/**
 * A project folder that runs the written program as a user's does: compiled to JavaScript, the
 * package installed beside it (installCopy), each run in its own processes through the CLI (an
 * inline program would run every preview of 10,000 resources in this process, whose heap then
 * holds them all).
 */
function projectOf(file: string, modules: string): string {
  const dir = path.join(path.dirname(modules), `estate-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const js = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  fs.writeFileSync(path.join(dir, "index.js"), js);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: estate\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n");
  return dir;
}

async function child(a: ChildArgs): Promise<ChildResult> {
  Object.assign(process.env, a.env);
  const progress = lineProgress((line) => process.stderr.write(line));
  const options = { config: { get: (k: string) => a.settings[k] }, networks: a.networks, commvault: true, matches: nameMatcher(undefined) };
  const out = path.join(a.dir, "discovered.ts");
  // Both layouts written at once, as the command writes one: each group rendered as it comes.
  const staging = new Staging();
  const single = typescriptWriter(staging, out, false, "benchmark");
  const split = typescriptWriter(staging, path.join(a.dir, "split"), true, "benchmark");
  const stash = a.importInto ? new ImportStash(() => `${out}.${process.pid}.import.tmp`) : undefined;
  const names = new ProgramNames();
  let groups = 0;
  let findings = 0;
  let t = Date.now();
  const outline = await discoverEach(options, progress, (g) => {
    if (!g.skipped) names.assign(g);
    groups++;
    if (g.findings.length > 0) findings++;
    single.add(g);
    split.add(g);
    stash?.add("program", g);
  });
  const discoverS = (Date.now() - t) / 1000;
  if (outline.problems.length > 0) throw new Error(`the discovery failed: ${JSON.stringify(outline.problems)}`);
  t = Date.now();
  single.finish();
  split.finish();
  const files = staging.commit(false);
  const writeS = (Date.now() - t) / 1000;
  await closeAllPools();
  const res: ChildResult = {
    discoverS,
    writeS,
    groups,
    findings,
    bytes: fs.statSync(out).size,
    splitFiles: files.length - 1,
    // Before any import (whose program runs in processes of its own).
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  if (a.importInto) {
    const stateDir = path.join(a.dir, "state");
    fs.mkdirSync(stateDir, { recursive: true });
    const modules = installCopy(ROOT);
    const project = projectOf(out, modules);
    const workspace = await LocalWorkspace.create({
      workDir: project,
      envVars: { PULUMI_BACKEND_URL: `file://${stateDir}`, PULUMI_CONFIG_PASSPHRASE: "bench", PULUMI_SKIP_UPDATE_CHECK: "1", PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true", NODE_PATH: modules, ...a.env },
    });
    await workspace.createStack("estate");
    const stack = await Stack.select("estate", workspace);
    await stack.setAllConfig(a.stackConfig);
    res.importStartedAt = new Date().toISOString();
    t = Date.now();
    res.imported = (await importDiscovered(stack, (stash as ImportStash).groups("program"), project, [out], options.config)).length;
    res.importS = (Date.now() - t) / 1000;
    stash?.discard();
    fs.rmSync(project, { recursive: true, force: true });
  }
  return res;
}

const count = (log: LogEntry[]) => {
  const byOperation = new Map<string, number>();
  for (const e of log) byOperation.set(e.operation, (byOperation.get(e.operation) ?? 0) + 1);
  return byOperation;
};
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const rows = (m: Map<string, number>) => [...m.entries()].map(([op, n]) => `${op} ${n}`).join(", ");

interface Estate {
  networks: number;
  perNetwork: number;
  commvaultGroups: number;
}

/** Seeds the estate in fresh emulators and runs the discovering child against it. */
async function measure(e: Estate, importInto: boolean) {
  let t = Date.now();
  const emulators = await startEmulators({ wickrEstate: { networks: e.networks, groupsPerNetwork: e.perNetwork }, commvaultEstate: { userGroups: e.commvaultGroups } });
  const seedS = (Date.now() - t) / 1000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-bench-discover-scale-"));
  const args: ChildArgs = {
    settings: {
      "wickr:region": WICKR_TEST_REGION,
      "wickr:endpoint": emulators.wickr.url,
      "commvault:url": emulators.commvault.url,
      "commvault:username": COMMVAULT_TEST_CREDENTIALS.username,
      "commvault:password": COMMVAULT_TEST_CREDENTIALS.password,
    },
    networks: estateNetworkIds({ networks: e.networks, groupsPerNetwork: e.perNetwork }),
    dir,
    importInto,
    stackConfig: emulators.stackConfig(),
    env: isolatedAwsEnv(),
  };
  try {
    t = Date.now();
    const heap = process.env.BENCH_DISCOVER_HEAP_MIB ? [`--max-old-space-size=${process.env.BENCH_DISCOVER_HEAP_MIB}`] : [];
    const { stdout } = await execFileAsync(process.execPath, [...heap, __filename, "--child", JSON.stringify(args)], { maxBuffer: 64 * 1024 * 1024 });
    const wallS = (Date.now() - t) / 1000;
    const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
    if (!line) throw new Error(`the discovery child printed no result:\n${stdout.slice(-2000)}`);
    const r = JSON.parse(line.slice("RESULT ".length)) as ChildResult;
    const split = (log: LogEntry[]) => {
      const cut = r.importStartedAt ?? "9999";
      return { discovery: log.filter((entry) => entry.at < cut), import: log.filter((entry) => entry.at >= cut) };
    };
    return { r, seedS, wallS, wickr: split(emulators.wickr.requestLog()), commvault: split(emulators.commvault.requestLog()) };
  } finally {
    await emulators.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const m = /^(\d+)x(\d+)\+(\d+)$/.exec(process.env.BENCH_DISCOVER_ESTATE ?? "100x100+10000");
  if (!m) throw new Error("BENCH_DISCOVER_ESTATE must read NETWORKSxGROUPS+COMMVAULT_GROUPS (e.g. 100x100+10000)");
  const [networks, perNetwork, commvaultGroups] = m.slice(1).map(Number);
  const importInto = process.env.BENCH_DISCOVER_IMPORT === "1";
  const half: Estate = { networks: Math.ceil(networks / 2), perNetwork, commvaultGroups: Math.ceil(commvaultGroups / 2) };
  const small = await measure(half, false);
  const { r, seedS, wallS, wickr, commvault } = await measure({ networks, perNetwork, commvaultGroups }, importInto);

  const wickrGroups = networks * perNetwork;
  const wickrMinimum = networks * (1 + Math.ceil(perNetwork / PAGE));
  // Login, the listing, the listing without system-made groups, a read per group, three reference listings.
  const commvaultMinimum = 1 + 1 + 1 + (commvaultGroups + 3) + 3;
  const text = [
    `## Discovery of ${wickrGroups + commvaultGroups + 3} groups (issue 23)`,
    "",
    `Measured by \`node dist/benchmarks/discover-scale.js\` on ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} CPUs, Node ${process.version}).`,
    `The estate (seeded in ${seedS.toFixed(1)} s by the emulators' start options): ${networks} Wickr networks of ${perNetwork} groups (${wickrGroups}), one CommServe of ${commvaultGroups + 3} user groups.`,
    "",
    "| | calls made | fewest the APIs allow | per operation |",
    "|---|---|---|---|",
    `| Wickr | ${total(count(wickr.discovery))} | ${wickrMinimum} | ${rows(count(wickr.discovery))} |`,
    `| Commvault | ${total(count(commvault.discovery))} | ${commvaultMinimum} | ${rows(count(commvault.discovery))} |`,
    "",
    `Wall time: discovery (list, check, and write each group as it comes, in one file and split at once) ${r.discoverS.toFixed(1)} s, sealing and renaming the files ${r.writeS.toFixed(1)} s (the program ${(r.bytes / 2 ** 20).toFixed(1)} MiB; split: ${r.splitFiles} files), the whole child ${wallS.toFixed(1)} s.`,
    `Peak RSS of the discovering process (both layouts written): ${r.peakRssMiB.toFixed(0)} MiB for ${r.groups} groups; ${small.r.peakRssMiB.toFixed(0)} MiB for ${small.r.groups} groups (${half.networks}x${half.perNetwork}+${half.commvaultGroups}, measured in the same run).`,
    `Groups: ${r.groups}; with findings: ${r.findings}. Default pacing (no requestsPerSecond), 4 Commvault reads in flight.`,
    r.importS === undefined
      ? "`--import-into` not measured (BENCH_DISCOVER_IMPORT=1 measures it)."
      : `\`--import-into\` of ${r.imported} groups into one stack: ${r.importS.toFixed(1)} s (two previews of the program: what it declares, then what it marks secret; one \`pulumi stack import\`, the one state edit, every group recorded as listed; a refresh of the new stack's default provider alone, which runs the program and reads no group); its calls (the previews' checks): Wickr ${rows(count(wickr.import)) || "none"}; Commvault ${rows(count(commvault.import)) || "none"}.`,
    "",
  ].join("\n");
  process.stdout.write(text);
  if (process.env.BENCH_WRITE === "0") return;
  const results = path.join(ROOT, "benchmarks", "RESULTS.md");
  const BEGIN = "<!-- discovery-scale:begin -->";
  const END = "<!-- discovery-scale:end -->";
  const before = fs.existsSync(results) ? fs.readFileSync(results, "utf8") : "";
  const section = `${BEGIN}\n${text.trimEnd()}\n${END}`;
  // In place when the section is there (the other benchmarks' sections stay where they are).
  fs.writeFileSync(results, before.includes(BEGIN) ? before.slice(0, before.indexOf(BEGIN)) + section + before.slice(before.indexOf(END) + END.length) : `${before.trimEnd()}\n\n${section}\n`);
}

(process.argv[2] === "--child" ? child(JSON.parse(process.argv[3]) as ChildArgs).then((r) => process.stdout.write(`RESULT ${JSON.stringify(r)}\n`)) : main()).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
