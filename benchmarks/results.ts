// benchmarks/RESULTS.md, written in sections: a part measured on its own replaces its section
// (between its markers) and leaves the others as they are.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const RESULTS = path.resolve(__dirname, "..", "..", "benchmarks", "RESULTS.md");

/** Replaces the section `name` of RESULTS.md with `lines` (or adds it at the end); BENCH_WRITE=0 writes nothing. */
export function writeResultsSection(name: string, lines: readonly string[], command: string): void {
  if (process.env.BENCH_WRITE === "0") return;
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const before = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, "utf8") : "";
  const text = `${begin}\n${lines.join("\n").trimEnd()}\n\nMeasured ${new Date().toISOString().slice(0, 10)} by \`${command}\` (${os.cpus().length} CPUs, Node ${process.version}).\n${end}`;
  const kept = before.includes(begin) ? before.slice(0, before.indexOf(begin)) + before.slice(before.indexOf(end) + end.length).replace(/^\n/, "") : before;
  fs.writeFileSync(RESULTS, `${kept.trimEnd()}\n\n${text}\n`);
}
