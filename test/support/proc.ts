// Reading Linux /proc: the running processes, their stat fields and command lines. Used by the
// reliability tests (to kill an engine) and the benchmarks (to measure its processes).
import * as fs from "node:fs";

/** The ids of the running processes. */
export function processIds(): string[] {
  return fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
}

/**
 * The fields of /proc/<pid>/stat after the command name, from the state on: [1] is the parent
 * id, [11] and [12] the user and system CPU time in clock ticks. Throws when the process is gone.
 */
export function statFields(pid: string | number): string[] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The command line of a process, argument by argument. Throws when the process is gone. */
export function commandLine(pid: string | number): string[] {
  return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
}
