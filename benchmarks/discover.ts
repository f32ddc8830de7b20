// Benchmark of discovering 200 groups (issue 15): the emulators hold the estate of the discover
// test (100 Wickr groups over two networks, 100 Commvault user groups with members); discover
// lists and checks them, in this process, as the command does. Calls made are counted from the
// emulators' request logs and set against the fewest the APIs allow; the wall time is measured
// here. `bash scripts/bench.sh` runs it after the other benchmarks; it writes its section at the
// end of benchmarks/RESULTS.md (replacing the one an earlier run wrote).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { startEmulators } from "../emulators/cli";
import { COMMVAULT_TEST_CREDENTIALS } from "../emulators/commvault";
import { EmulatorControl } from "../emulators/core/control-client";
import type { LogEntry } from "../emulators/core/server";
import { WICKR_TEST_REGION } from "../emulators/wickr";
import { discover } from "../cli/discover/command";
import { nameMatcher } from "../cli/discover/options";
import { programFiles, writeAtomically } from "../cli/discover/program";
import { closeAllPools } from "../provider/core/http";
import { COMMVAULT_RESET_GROUPS, PREMIUM_NETWORK, seedCommvault, seedWickr, STANDARD_NETWORK } from "./discover-estate";
import { isolatedAwsEnv } from "../test/support/aws-env";

const ROOT = path.resolve(__dirname, "..", "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PAGE = 100;

const count = (log: LogEntry[]) => {
  const byOperation = new Map<string, number>();
  for (const e of log) byOperation.set(e.operation, (byOperation.get(e.operation) ?? 0) + 1);
  return byOperation;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const emulators = await startEmulators();
  const wickr = new EmulatorControl(emulators.wickr.controlUrl);
  const commvault = new EmulatorControl(emulators.commvault.controlUrl);
  await seedWickr(wickr);
  await seedCommvault(commvault);
  Object.assign(process.env, isolatedAwsEnv());
  const settings: Record<string, string> = {
    "wickr:region": WICKR_TEST_REGION,
    "wickr:endpoint": emulators.wickr.url,
    "commvault:url": emulators.commvault.url,
    "commvault:username": COMMVAULT_TEST_CREDENTIALS.username,
    "commvault:password": COMMVAULT_TEST_CREDENTIALS.password,
  };
  const options = { config: { get: (k: string) => settings[k] }, networks: [PREMIUM_NETWORK, STANDARD_NETWORK], commvault: true, matches: nameMatcher(undefined) };
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pwc-bench-discover-")), "discovered.ts");

  const times: number[] = [];
  let last: { wickr: Map<string, number>; commvault: Map<string, number>; groups: number; findings: number; bytes: number } | undefined;
  for (let run = 0; run < RUNS; run++) {
    await wickr.clearLog();
    await commvault.clearLog();
    const started = performance.now();
    const result = await discover(options);
    const files = programFiles(result.groups, out, false, "benchmark");
    writeAtomically(files);
    times.push(performance.now() - started);
    await closeAllPools();
    last = {
      wickr: count(await wickr.log()),
      commvault: count(await commvault.log()),
      groups: result.groups.length,
      findings: result.groups.filter((g) => g.findings.length > 0).length,
      bytes: fs.statSync(out).size,
    };
  }
  await emulators.close();
  const r = last!;
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const wickrGroups = 100;
  const commvaultGroups = 100;
  // The fewest calls: per network its plan (GetNetwork) and one list page per 100 groups (a listed
  // group carries every setting); Commvault one login, one listing, one listing without the
  // system-made groups (adopted, never owned), one read per group (the listing has names only),
  // and the three reference listings the provider's own check needs.
  const wickrMinimum = 2 + 2 * Math.ceil(60 / PAGE);
  const commvaultMinimum = 1 + 1 + 1 + commvaultGroups + 3;
  const rows = (m: Map<string, number>) => [...m.entries()].map(([op, n]) => `${op} ${n}`).join(", ");
  const text = [
    "## Discovery of 200 groups (issue 15)",
    "",
    `Measured by \`node dist/benchmarks/discover.js\` on ${new Date().toISOString().slice(0, 10)} (${os.cpus().length} CPUs, Node ${process.version}), ${RUNS} runs against the in-process emulators.`,
    `The estate: ${wickrGroups} Wickr groups over two networks (60 PREMIUM, 40 STANDARD, each with its default group) and ${commvaultGroups} Commvault user groups (${COMMVAULT_RESET_GROUPS} of a reset + 97 seeded, with members, plans and external groups).`,
    "",
    "| | calls made | fewest the APIs allow | per operation |",
    "|---|---|---|---|",
    `| Wickr | ${total(r.wickr)} | ${wickrMinimum} | ${rows(r.wickr)} |`,
    `| Commvault | ${total(r.commvault)} | ${commvaultMinimum} | ${rows(r.commvault)} |`,
    "",
    `Wall time (list, check every answer with the provider's schemas/rules/references, write the program): median ${(median(times) / 1000).toFixed(2)} s, min ${(Math.min(...times) / 1000).toFixed(2)} s, max ${(Math.max(...times) / 1000).toFixed(2)} s over ${RUNS} runs; default pacing (no requestsPerSecond), 4 Commvault reads in flight.`,
    `Groups discovered: ${r.groups}; with findings: ${r.findings}; program written: ${r.bytes} bytes.`,
    "Above the fewest: a member no listing holds (the estate's `ghost`) makes the provider's reference check list users once more (it may have been made since), as the provider does at preview.",
    "",
    "The import (`--import-into`) and the first preview/up are measured by test/discover/discover.engine.test.ts, not here (they run the Pulumi engine).",
    "",
  ].join("\n");
  const results = path.join(ROOT, "benchmarks", "RESULTS.md");
  const BEGIN = "<!-- discovery:begin -->";
  const END = "<!-- discovery:end -->";
  const before = fs.existsSync(results) ? fs.readFileSync(results, "utf8") : "";
  const kept = before.includes(BEGIN) ? before.slice(0, before.indexOf(BEGIN)) + before.slice(before.indexOf(END) + END.length).replace(/^\n/, "") : before;
  fs.writeFileSync(results, `${kept.trimEnd()}\n\n${BEGIN}\n${text.trimEnd()}\n${END}\n`);
  process.stdout.write(text);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
