// Drives the real Pulumi engine from a test: an inline program in a throwaway stack on the
// local file backend. Every engine test goes through this, so tests stay short.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  ConfigMap,
  EngineEvent,
  LocalWorkspace,
  PulumiFn,
  Stack,
} from "@pulumi/pulumi/automation";

export interface StepSummary {
  urn: string;
  /** The resource's name (last URN segment). */
  name: string;
  type: string;
  op: string;
  /** Top-level keys the engine says changed. */
  diffs: string[];
  /** Property paths of the detailed diff, with their kind (update, add, delete, ...-replace). */
  detailedDiff: Record<string, string>;
}

export interface EngineResult {
  steps: StepSummary[];
  /** The engine's own text output (what `pulumi preview --diff` prints). */
  stdout: string;
  outputs?: Record<string, unknown>;
}

export interface TestStackOptions {
  /** Stack config, e.g. `{ "wickr:region": { value: "us-east-1" } }`. */
  config?: ConfigMap;
  /** Extra environment for the CLI and the provider process. */
  env?: Record<string, string>;
  projectName?: string;
}

const PASSPHRASE = "engine-test-passphrase";

/**
 * Pulumi's Stack keeps the program's promise and never observes its rejection, so an error
 * thrown by a program (bad input found by a resource constructor) would also surface in
 * jest as an unhandled rejection. The harness reports it as an engine error instead: the
 * operation fails with the same message, and nothing is left unobserved.
 */
function reportingErrors(program: PulumiFn): PulumiFn {
  return async () => {
    try {
      return await program();
    } catch (err) {
      await pulumi.log.error(err instanceof Error ? err.message : String(err));
      return undefined;
    }
  };
}

function collect(events: EngineEvent[]): StepSummary[] {
  const steps: StepSummary[] = [];
  for (const e of events) {
    const meta = e.resourcePreEvent?.metadata;
    if (!meta || meta.type === "pulumi:pulumi:Stack" || meta.type.startsWith("pulumi:providers:")) continue;
    const detailed: Record<string, string> = {};
    for (const [k, v] of Object.entries(meta.detailedDiff ?? {})) detailed[k] = String(v.diffKind);
    steps.push({
      urn: meta.urn,
      name: meta.urn.split("::").pop() ?? meta.urn,
      type: meta.type,
      op: meta.op,
      diffs: meta.diffs ?? [],
      detailedDiff: detailed,
    });
  }
  return steps;
}

export class TestStack {
  private constructor(
    readonly stack: Stack,
    readonly dir: string,
  ) {}

  /** A fresh stack in a temporary folder (state, workspace) running `program`. */
  static async create(program: PulumiFn, options: TestStackOptions = {}): Promise<TestStack> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-engine-"));
    const stateDir = path.join(dir, "state");
    fs.mkdirSync(stateDir);
    const stack = await LocalWorkspace.createOrSelectStack(
      { projectName: options.projectName ?? "engine-test", stackName: "test", program: reportingErrors(program) },
      {
        workDir: dir,
        envVars: {
          PULUMI_BACKEND_URL: `file://${stateDir}`,
          PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
          PULUMI_SKIP_UPDATE_CHECK: "1",
          PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
          ...options.env,
        },
      },
    );
    if (options.config) await stack.setAllConfig(options.config);
    return new TestStack(stack, dir);
  }

  /** Replaces the program the next operation runs. */
  setProgram(program: PulumiFn): void {
    (this.stack.workspace as LocalWorkspace).program = reportingErrors(program);
  }

  async preview(): Promise<EngineResult> {
    const events: EngineEvent[] = [];
    const res = await this.stack.preview({ diff: true, onEvent: (e) => events.push(e) });
    return { steps: collect(events), stdout: res.stdout };
  }

  /** `continueOnError`: `pulumi up --continue-on-error` (independent steps still run after one fails). */
  async up(options: { continueOnError?: boolean } = {}): Promise<EngineResult> {
    const events: EngineEvent[] = [];
    const res = await this.stack.up({ diff: true, onEvent: (e) => events.push(e), ...options });
    const outputs = Object.fromEntries(Object.entries(res.outputs).map(([k, v]) => [k, v.value]));
    return { steps: collect(events), stdout: res.stdout, outputs };
  }

  async refresh(): Promise<EngineResult> {
    const events: EngineEvent[] = [];
    const res = await this.stack.refresh({ onEvent: (e) => events.push(e) });
    return { steps: collect(events), stdout: res.stdout };
  }

  async destroy(): Promise<EngineResult> {
    const events: EngineEvent[] = [];
    const res = await this.stack.destroy({ onEvent: (e) => events.push(e) });
    return { steps: collect(events), stdout: res.stdout };
  }

  /** The stack's state as the engine exported it. */
  async state(): Promise<{ resources: Array<{ urn: string; type: string; id?: string; inputs?: any; outputs?: any }> }> {
    const dep = await this.stack.exportStack();
    return { resources: (dep.deployment?.resources ?? []) as any };
  }

  /** Removes the stack and its temporary folder. */
  async dispose(): Promise<void> {
    try {
      await this.stack.workspace.removeStack(this.stack.name, { force: true });
    } catch {
      // a failed test may leave the stack half-made; the folder goes anyway
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Steps that change something (not `same`, not `read`). */
export function changed(steps: StepSummary[]): StepSummary[] {
  return steps.filter((s) => s.op !== "same" && s.op !== "read" && s.op !== "refresh");
}

/** Once more after a connection reset (an idle keep-alive connection to an emulator's control closed by the server after a long engine run). */
export async function again<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    return call();
  }
}
