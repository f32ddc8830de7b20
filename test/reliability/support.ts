// Shared set-up of the reliability tests: both emulators, and a stack configured for them.
import * as fs from "node:fs";
import { CommandError, type PulumiFn } from "@pulumi/pulumi/automation";
import type { LogEntry } from "../../emulators/core/server";
import { EmulatorControl } from "../../emulators/core/control-client";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { CommvaultUserGroup, WickrSecurityGroup } from "../../provider";
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { TestStack, TestStackOptions } from "../support/engine";
import { commandLine, processIds, statFields } from "../support/proc";

export interface Bed {
  emus: RunningEmulators;
  wickr: EmulatorControl;
  commvault: EmulatorControl;
  info: any;
  stack(program: PulumiFn, extra?: TestStackOptions): Promise<TestStack>;
  close(): Promise<void>;
}

export async function testBed(): Promise<Bed> {
  const emus = await startEmulators();
  const info = emus.describe() as any;
  const stacks: TestStack[] = [];
  return {
    emus,
    info,
    wickr: new EmulatorControl(emus.wickr.controlUrl),
    commvault: new EmulatorControl(emus.commvault.controlUrl),
    async stack(program, extra = {}) {
      const s = await TestStack.create(program, {
        ...extra,
        config: { ...emus.stackConfig(), ...extra.config },
        env: { ...emus.stackEnv(), ...extra.env },
      });
      stacks.push(s);
      return s;
    },
    async close() {
      for (const s of stacks) await s.dispose();
      await emus.close();
    },
  };
}

/** A program of `n` Wickr groups and `n` Commvault groups, named with `prefix`. */
export function fleet(prefix: string, n: number, variant = 0): PulumiFn {
  return async () => {
    for (let i = 0; i < n; i++) {
      new WickrSecurityGroup(`${prefix}-w${i}`, {
        networkId: DEFAULT_NETWORK_ID,
        name: `${prefix}-w${i}`,
        securityGroupSettings: { lockoutThreshold: 10 + variant, calling: { canVideoCall: variant === 0 }, quickResponses: [`v${variant}`] },
      });
      new CommvaultUserGroup(`${prefix}-c${i}`, {
        name: `${prefix}-c${i}`,
        description: `variant ${variant}`,
        users: variant === 0 ? ["alice", "bob"] : ["alice", "carol"],
        restrictConsoleTypes: ["API"],
      });
    }
  };
}

interface WickrState {
  networks: Array<{ networkId: string; groups: Array<{ name: string; isDefault: boolean; securityGroupSettings: Record<string, any> }> }>;
}
interface CommvaultState {
  userGroups: Array<{ id: number; name: string; description: string; users: Array<{ name: string }>; restrictedConsoleTypes: Array<{ consoleType: string }> }>;
}

/** What the emulators hold for the groups whose names start with `prefix`. */
export async function holdings(bed: Bed, prefix: string) {
  const w = (await bed.wickr.service("state")) as WickrState;
  const c = (await bed.commvault.service("state")) as CommvaultState;
  const wickrGroups = w.networks.flatMap((n) => n.groups).filter((g) => g.name.startsWith(`${prefix}-`));
  const commvaultGroups = c.userGroups.filter((g) => g.name.startsWith(`${prefix}-`));
  return { wickrGroups, commvaultGroups };
}

/** Asserts the emulators hold exactly the fleet `prefix`/`n`/`variant`: no duplicate, nothing lost. */
export async function expectFleet(bed: Bed, prefix: string, n: number, variant: number): Promise<void> {
  const { wickrGroups, commvaultGroups } = await holdings(bed, prefix);
  const names = (gs: Array<{ name: string }>) => gs.map((g) => g.name).sort();
  const expected = (kind: string) => Array.from({ length: n }, (_, i) => `${prefix}-${kind}${i}`).sort();
  if (JSON.stringify(names(wickrGroups)) !== JSON.stringify(expected("w"))) throw new Error(`wickr groups: ${names(wickrGroups).join(", ")}`);
  if (JSON.stringify(names(commvaultGroups)) !== JSON.stringify(expected("c"))) throw new Error(`commvault groups: ${names(commvaultGroups).join(", ")}`);
  for (const g of wickrGroups) {
    const s = g.securityGroupSettings;
    if (s.lockoutThreshold !== 10 + variant || s.calling.canVideoCall !== (variant === 0) || s.quickResponses[0] !== `v${variant}`) {
      throw new Error(`wickr group ${g.name} holds ${JSON.stringify(s)}`);
    }
  }
  const users = variant === 0 ? "alice,bob" : "alice,carol";
  for (const g of commvaultGroups) {
    const u = g.users.map((x) => x.name).sort().join(",");
    if (g.description !== `variant ${variant}` || u !== users) throw new Error(`commvault group ${g.name} holds ${g.description} / ${u}`);
  }
}

/** The process ids of `root` and everything it started (from /proc). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of processIds()) {
    try {
      const ppid = Number(statFields(entry)[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree: number[] = [];
  const walk = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return tree;
}

/**
 * Kills, with SIGKILL and without warning, the Pulumi CLI working in `dir` and every process it
 * started (the provider plugins): what a lost CI runner or a killed terminal does to `pulumi up`.
 * Returns how many processes it killed.
 */
export function killEngine(dir: string): number {
  const engines = processIds().filter((entry) => {
    try {
      return fs.readlinkSync(`/proc/${entry}/cwd`) === dir && commandLine(entry).includes("up");
    } catch {
      return false;
    }
  });
  const victims = engines.flatMap((pid) => processTree(Number(pid)));
  for (const pid of victims) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return victims.length;
}

/** The requests of a log that change something (not reads, not logins). */
export const writes = (log: LogEntry[]): LogEntry[] => log.filter((e) => e.method !== "GET" && e.operation !== "Login");

/** What the CLI printed for an operation that must fail (its stdout and stderr). */
export async function failureText(op: Promise<unknown>): Promise<string> {
  try {
    await op;
  } catch (err) {
    return err instanceof CommandError ? err.message : String(err);
  }
  throw new Error("expected the operation to fail");
}
