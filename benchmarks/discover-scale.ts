// Discovery at estate scale (issue 23): 100 Wickr networks of 100 groups and one CommServe of
// 10,000 user groups, seeded in one go (the emulators' estate start options). The discovery runs
// in a child process (so its peak memory is its own, not the emulators'), as the command does:
// list, check, write the program in one file and split (one part per network); then, with
// BENCH_DISCOVER_IMPORT=1, `--import-into` of every group into one stack (one state edit, one
// refresh). Calls are counted from the emulators' request logs against the fewest the APIs allow.
//   node dist/benchmarks/discover-scale.js
//   BENCH_DISCOVER_ESTATE=100x100+10000 (networks x groups per network + Commvault groups)
//   BENCH_DISCOVER_IMPORT=1   BENCH_WRITE=0 (print only)
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as ts from "typescript";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startEmulators } from "../emulators/cli";
import { COMMVAULT_TEST_CREDENTIALS } from "../emulators/commvault";
import type { LogEntry } from "../emulators/core/server";
import { estateNetworkIds, WICKR_TEST_REGION } from "../emulators/wickr";
import { discover, importDiscovered } from "../cli/discover/command";
import { nameMatcher } from "../cli/discover/options";
import { programFiles, writeAtomically } from "../cli/discover/program";
import { lineProgress } from "../cli/discover/progress";
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
  discoverS: number;
  writeS: number;
  splitS: number;
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

/** The written program as a Pulumi program: its package import bound to this checkout's build. */
function programOf(file: string) {
  return async () => {
    const js = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const load = (id: string) => (id === "pulumi-wickr-commvault" ? require(path.join(ROOT, "dist", "provider")) : require(id));
    new Function("exports", "require", js)({}, load);
  };
}

async function child(a: ChildArgs): Promise<ChildResult> {
  Object.assign(process.env, a.env);
  const progress = lineProgress((line) => process.stderr.write(line));
  const options = { config: { get: (k: string) => a.settings[k] }, networks: a.networks, commvault: true, matches: nameMatcher(undefined) };
  let t = Date.now();
  const result = await discover(options, progress);
  const discoverS = (Date.now() - t) / 1000;
  const out = path.join(a.dir, "discovered.ts");
  t = Date.now();
  const files = programFiles(result.groups, out, false, "benchmark");
  writeAtomically(files);
  const writeS = (Date.now() - t) / 1000;
  t = Date.now();
  const split = programFiles(result.groups, path.join(a.dir, "split"), true, "benchmark");
  writeAtomically(split);
  const splitS = (Date.now() - t) / 1000;
  await closeAllPools();
  const res: ChildResult = {
    discoverS,
    writeS,
    splitS,
    groups: result.groups.length,
    findings: result.groups.filter((g) => g.findings.length > 0).length,
    bytes: fs.statSync(out).size,
    splitFiles: split.size,
    // Before any import (which runs the program and the Pulumi runtime in this process).
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  if (a.importInto) {
    const stateDir = path.join(a.dir, "state");
    fs.mkdirSync(stateDir, { recursive: true });
    const stack = await LocalWorkspace.createOrSelectStack(
      { projectName: "estate", stackName: "estate", program: programOf(out) },
      {
        workDir: a.dir,
        envVars: { PULUMI_BACKEND_URL: `file://${stateDir}`, PULUMI_CONFIG_PASSPHRASE: "bench", PULUMI_SKIP_UPDATE_CHECK: "1", PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true", ...a.env },
      },
    );
    await stack.setAllConfig(a.stackConfig);
    res.importStartedAt = new Date().toISOString();
    t = Date.now();
    res.imported = (await importDiscovered(stack, result.groups, a.dir, [out])).length;
    res.importS = (Date.now() - t) / 1000;
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

async function main(): Promise<void> {
  const m = /^(\d+)x(\d+)\+(\d+)$/.exec(process.env.BENCH_DISCOVER_ESTATE ?? "100x100+10000");
  if (!m) throw new Error("BENCH_DISCOVER_ESTATE must read NETWORKSxGROUPS+COMMVAULT_GROUPS (e.g. 100x100+10000)");
  const [networks, perNetwork, commvaultGroups] = m.slice(1).map(Number);
  const importInto = process.env.BENCH_DISCOVER_IMPORT === "1";
  let t = Date.now();
  const emulators = await startEmulators({ wickrEstate: { networks, groupsPerNetwork: perNetwork }, commvaultEstate: { userGroups: commvaultGroups } });
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
    networks: estateNetworkIds({ networks, groupsPerNetwork: perNetwork }),
    dir,
    importInto,
    stackConfig: emulators.stackConfig(),
    env: isolatedAwsEnv(),
  };
  t = Date.now();
  const { stdout } = await execFileAsync(process.execPath, [__filename, "--child", JSON.stringify(args)], { maxBuffer: 64 * 1024 * 1024 });
  const wallS = (Date.now() - t) / 1000;
  const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`the discovery child printed no result:\n${stdout.slice(-2000)}`);
  const r = JSON.parse(line.slice("RESULT ".length)) as ChildResult;
  const split = (log: LogEntry[]) => {
    const cut = r.importStartedAt ?? "9999";
    return { discovery: log.filter((e) => e.at < cut), import: log.filter((e) => e.at >= cut) };
  };
  const wickr = split(emulators.wickr.requestLog());
  const commvault = split(emulators.commvault.requestLog());
  await emulators.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const wickrGroups = networks * perNetwork;
  const wickrMinimum = networks * (1 + Math.ceil(perNetwork / PAGE));
  const commvaultMinimum = 1 + 1 + (commvaultGroups + 3) + 3;
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
    `Wall time: discovery (list and check) ${r.discoverS.toFixed(1)} s, writing the program ${r.writeS.toFixed(1)} s (${(r.bytes / 2 ** 20).toFixed(1)} MiB), writing it split ${r.splitS.toFixed(1)} s (${r.splitFiles} files), the whole child ${wallS.toFixed(1)} s; peak RSS of the discovering process ${r.peakRssMiB.toFixed(0)} MiB.`,
    `Groups: ${r.groups}; with findings: ${r.findings}. Default pacing (no requestsPerSecond), 4 Commvault reads in flight.`,
    r.importS === undefined
      ? "`--import-into` not measured (BENCH_DISCOVER_IMPORT=1 measures it)."
      : `\`--import-into\` of ${r.imported} groups into one stack: ${r.importS.toFixed(1)} s (one preview of the program, one \`pulumi stack import\`, one refresh); its calls: Wickr ${rows(count(wickr.import))}; Commvault ${rows(count(commvault.import))}.`,
    "",
  ].join("\n");
  process.stdout.write(text);
  if (process.env.BENCH_WRITE === "0") return;
  const results = path.join(ROOT, "benchmarks", "RESULTS.md");
  const BEGIN = "<!-- discovery-scale:begin -->";
  const END = "<!-- discovery-scale:end -->";
  const before = fs.existsSync(results) ? fs.readFileSync(results, "utf8") : "";
  const kept = before.includes(BEGIN) ? before.slice(0, before.indexOf(BEGIN)) + before.slice(before.indexOf(END) + END.length).replace(/^\n/, "") : before;
  fs.writeFileSync(results, `${kept.trimEnd()}\n\n${BEGIN}\n${text.trimEnd()}\n${END}\n`);
}

(process.argv[2] === "--child" ? child(JSON.parse(process.argv[3]) as ChildArgs).then((r) => process.stdout.write(`RESULT ${JSON.stringify(r)}\n`)) : main()).then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
