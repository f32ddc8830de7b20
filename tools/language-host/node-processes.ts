// The Node processes the host starts (programs, policy packs, npm): one Node binary for all
// (the one running the host, Node 22+ as the bootstrap provides), modules resolved from the
// program's own folder, and a register so that `Cancel` reaches every running child.
import { ChildProcess, spawn, SpawnOptions } from "node:child_process";
import * as path from "node:path";

/** The Node binary running this host; programs and packs run on it too. */
export const NODE_BIN = process.execPath;

/**
 * Resolves `request` (e.g. "@pulumi/pulumi/cmd/run") as code in `dir` would: the program's
 * own SDK, never this repository's. Undefined when it is not installed there.
 */
export function resolveFrom(dir: string, request: string): string | undefined {
  try {
    return require.resolve(request, { paths: [dir] });
  } catch {
    return undefined;
  }
}

/** `base` with this Node's folder first on PATH, so what a child starts as `node` is Node 22+ too. */
export function withNodeOnPath(base: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const nodeDir = path.dirname(NODE_BIN);
  const pathVar = base.PATH ? `${nodeDir}${path.delimiter}${base.PATH}` : nodeDir;
  return { ...base, ...extra, PATH: pathVar };
}

/** Environment entries as the engine sends them (`KEY=value`) to an object. */
export function envFromList(entries: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** How long a child gets after each signal of `stop` before the next, stronger one. */
export const STOP_GRACE_MS = 2000;

/** The signals `stop` sends, in order, until the child has exited. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGKILL"];

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Stops a child for good, as one sequence: SIGINT (a terminal's Ctrl-C: the program may end
 * cleanly), then SIGTERM, then SIGKILL, each after `graceMs` in which the child did not exit.
 * `from` skips the gentler signals. Resolves once the child has exited.
 */
export function stop(child: ChildProcess, graceMs = STOP_GRACE_MS, from: NodeJS.Signals = "SIGINT"): Promise<void> {
  return new Promise((resolve) => {
    if (hasExited(child) || child.pid === undefined) return resolve();
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    child.once("exit", done);
    const signals = STOP_SIGNALS.slice(Math.max(0, STOP_SIGNALS.indexOf(from)));
    const next = (i: number) => {
      if (hasExited(child)) return done();
      child.kill(signals[i]);
      if (i + 1 < signals.length) timer = setTimeout(() => next(i + 1), graceMs);
    };
    next(0);
  });
}

/** Every child the host started and that still runs. */
export class ChildRegister {
  private readonly running = new Set<ChildProcess>();

  start(command: string, args: string[], options: SpawnOptions): ChildProcess {
    const child = spawn(command, args, options);
    this.running.add(child);
    child.once("exit", () => this.running.delete(child));
    child.once("error", () => this.running.delete(child));
    return child;
  }

  /** Asks every child to stop (SIGINT, as a terminal's Ctrl-C would): the engine's `Cancel`. */
  interruptAll(): void {
    for (const child of this.running) child.kill("SIGINT");
  }

  /** Stops every child for good (`stop`: SIGINT, SIGTERM, then SIGKILL); resolves once all have exited. */
  stopAll(graceMs = STOP_GRACE_MS): Promise<void> {
    return Promise.all([...this.running].map((child) => stop(child, graceMs))).then(() => undefined);
  }
}

/** Resolves with the exit code (or the signal) once the child has exited and its output is closed. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
}
