// What the engine's processes cost while a benchmark step runs: CPU time and peak memory of
// the Pulumi CLI and of the provider processes (dynamic-provider hosts and the provider plugin), read from /proc (Linux). The CPU time
// of a process is the last value sampled before it ended, so a process's final sampling
// interval may be missed; the figures explain where time goes, the wall times are the result.
import * as fs from "node:fs";
import { commandLine, processIds, statFields } from "../test/support/proc";

export type ProcessKind = "cli" | "provider";

export interface ProcessCosts {
  /** CPU time (user + system), ms, per kind of process. */
  cpuMs: Record<ProcessKind, number>;
  /** Highest resident memory of any provider process, KiB. */
  providerPeakKiB: number;
}

const TICK_MS = 1000 / 100; // /proc reports CPU time in clock ticks of 1/100 s on Linux

/** The kind of process `pid` is, from its command line; undefined for any other process. */
function kindOf(pid: string): ProcessKind | undefined {
  const argv = commandLine(pid);
  // The dynamic-provider host, or the provider plugin (its launcher execs Node on provider/plugin/main.js).
  if (argv.some((a) => a.includes("cmd/dynamic-provider") || a.endsWith("provider/plugin/main.js"))) return "provider";
  if (argv[0] === "pulumi" || argv[0].endsWith("/pulumi")) return "cli";
  return undefined;
}

/** CPU time of `pid` so far, ms. */
function cpuOf(pid: string): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function peakOf(pid: string): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

/**
 * Samples the CLI and provider processes every `intervalMs` while `fn` runs. Processes that
 * were running before `fn` started are ignored, so an earlier step's CLI does not count.
 */
export async function withProcessCosts<T>(fn: () => Promise<T>, intervalMs = 100): Promise<{ value: T; costs: ProcessCosts }> {
  const before = new Set(processIds());
  const kinds = new Map<string, ProcessKind>();
  const cpu = new Map<string, number>();
  let providerPeakKiB = 0;
  const sample = () => {
    for (const pid of processIds()) {
      if (before.has(pid)) continue;
      try {
        // Classified once known: a plugin starts as a shell script that then execs Node.
        const kind = kinds.get(pid) ?? kindOf(pid);
        if (!kind) continue;
        kinds.set(pid, kind);
        cpu.set(pid, cpuOf(pid));
        if (kind === "provider") providerPeakKiB = Math.max(providerPeakKiB, peakOf(pid));
      } catch {
        // the process ended between the listing and the read
      }
    }
  };
  const timer = setInterval(sample, intervalMs);
  try {
    const value = await fn();
    sample();
    const cpuMs: Record<ProcessKind, number> = { cli: 0, provider: 0 };
    for (const [pid, ms] of cpu) cpuMs[kinds.get(pid) as ProcessKind] += ms;
    return { value, costs: { cpuMs, providerPeakKiB } };
  } finally {
    clearInterval(timer);
  }
}

/** Samples this process's own CPU time, so that a window of it can be read afterwards. */
export class OwnCpuSampler {
  private readonly samples: Array<{ at: number; cpuMs: number }> = [];
  private timer?: NodeJS.Timeout;

  start(intervalMs = 100): void {
    const take = () => {
      const { user, system } = process.cpuUsage();
      this.samples.push({ at: Date.now(), cpuMs: (user + system) / 1000 });
    };
    take();
    this.timer = setInterval(take, intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** CPU time this process spent between two wall-clock instants (to the sampling interval). */
  between(from: number, to: number): number {
    const at = (t: number) => {
      let best = this.samples[0];
      for (const s of this.samples) if (s.at <= t) best = s;
      return best?.cpuMs ?? 0;
    };
    return Math.max(0, at(to) - at(from));
  }
}
