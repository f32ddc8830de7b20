// Runs sequences of commands through fast-check's model-based testing: each sequence gets fresh
// services (the bystanders seeded) and a fresh stack, runs its commands (each engine command
// followed by its checks), then converges (refresh and up without faults) and checks that the
// services equal the program. A failure shrinks to a minimal sequence, reported with its seed
// and path (fc.check's `seed` and `path` replay exactly that sequence).
import fc from "fast-check";
import type { ModelBed } from "./bed";
import { commandArbs } from "./commands";
import * as engine from "./engine-steps";
import type { Real } from "./engine-steps";
import { initialModel, Model } from "./model";
import { services } from "./observe";
import { TAKEABLE } from "./bed";

export interface RunOptions {
  seed: number;
  /** How many sequences (before any shrinking). */
  runs: number;
  maxCommands: number;
  /** Give up shrinking a failure after this long (the best sequence so far is reported). */
  shrinkBudgetMs: number;
  /** Replay one failure: the `path` a report printed (with its seed). */
  path?: string;
  /** Prints a line per sequence (progress of a long run). */
  log?: (line: string) => void;
  /** Also prints what each command did (MODEL_TRACE=1): to see what a run exercised. */
  trace?: boolean;
}

export interface RunReport {
  ok: boolean;
  seed: number;
  /** Sequences run, shrinking attempts included, and the commands they executed. */
  sequences: number;
  steps: number;
  engineCommands: number;
  shrinks: number;
  ms: number;
  /** The readable report of a failure: seed, path, the minimal sequence, what broke and how it happened. */
  failure?: string;
}

type Cmd = fc.AsyncCommand<Model, Real, boolean>;

/** A command that notes itself in the run's list of executed commands. */
class Noted implements Cmd {
  constructor(
    private readonly inner: Cmd,
    private readonly executed: () => string[],
  ) {}
  check = (m: Readonly<Model>) => this.inner.check(m);
  run = async (m: Model, r: Real) => {
    this.executed().push(this.inner.toString());
    await this.inner.run(m, r);
  };
  toString = () => this.inner.toString();
}

export async function runSequences(bed: ModelBed, options: RunOptions): Promise<RunReport> {
  const started = Date.now();
  let sequences = 0;
  let steps = 0;
  let executed: string[] = [];
  let engineCommands = 0;
  let traced: string[] = [];
  let lastFailure: { commands: string[]; error: string } | undefined;
  let firstFailureAt: number | undefined;
  const arbs = commandArbs.map((a) => a.map((c): Cmd => new Noted(c, () => executed)));
  // Each sequence plays one reading of how Commvault switches a laptop plan (the emulator's planSwitch variant).
  const planSwitch = fc.constantFrom<Model["planSwitch"]>("addReplaces", "deleteFirst");
  const property = fc.asyncProperty(planSwitch, fc.commands(arbs, { maxCommands: options.maxCommands, size: "max" }), async (variant, cmds) => {
    // Over the shrinking budget: every further candidate passes at once, so fast-check stops
    // with the smallest failing sequence found so far.
    if (firstFailureAt !== undefined && Date.now() - firstFailureAt > options.shrinkBudgetMs) return;
    sequences += 1;
    executed = [];
    const model = initialModel(sequences, variant);
    const stack = await bed.fresh();
    await bed.commvault.service("variants", { planSwitch: variant });
    const baseline = new Map<string, string>();
    for (const [key, g] of (await services(bed)).groups) if (!TAKEABLE.has(key)) baseline.set(key, JSON.stringify(g));
    const real: Real = { bed, stack, baseline, trace: [], engineOps: 0 };
    traced = real.trace;
    try {
      executed.push(`(start of sequence) Commvault plan switch "${variant}"; pulumi up of the initial program`);
      await engine.up(model, real, "start: up");
      await fc.asyncModelRun(() => ({ model, real }), cmds);
      executed.push("(end of sequence) converge: refresh, up, preview without faults");
      await engine.converge(model, real);
    } catch (err) {
      lastFailure = { commands: [...executed], error: err instanceof Error ? err.message : String(err) };
      firstFailureAt ??= Date.now();
      throw err;
    } finally {
      steps += executed.length;
      engineCommands += real.engineOps;
      const failed = lastFailure !== undefined && lastFailure.commands.length === executed.length && lastFailure.commands.every((c, i) => c === executed[i]);
      options.log?.(`sequence ${sequences}: ${failed ? "FAILED" : "ok"} after ${Math.round((Date.now() - started) / 1000)} s: ${executed.join(" | ")}`);
      if (options.trace) for (const t of traced) options.log?.(`  ${t}`);
    }
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    path: options.path,
    ...(options.shrinkBudgetMs > 0 ? {} : { endOnFailure: true }),
  });
  const report: RunReport = {
    ok: !details.failed,
    seed: options.seed,
    sequences,
    steps,
    engineCommands,
    shrinks: details.numShrinks,
    ms: Date.now() - started,
  };
  if (details.failed && lastFailure) {
    report.failure = [
      `The provider broke a promise (seed ${details.seed}, path "${details.counterexamplePath}"; replay: MODEL_SEED=${details.seed} MODEL_PATH="${details.counterexamplePath}").`,
      `Smallest failing sequence found (${details.numShrinks} shrinks${firstFailureAt !== undefined && Date.now() - firstFailureAt > options.shrinkBudgetMs ? ", shrinking stopped by its time budget" : ""}):`,
      ...lastFailure.commands.map((c, i) => `  ${i + 1}. ${c}`),
      lastFailure.error,
    ].join("\n");
  } else if (details.failed) {
    report.failure = `fast-check failed without a sequence (seed ${details.seed}): ${String(details.errorInstance ?? "")}`;
  }
  return report;
}
