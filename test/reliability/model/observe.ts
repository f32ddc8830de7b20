// What a check looks at: the services' state (the emulators' own, the ground truth), the stack's
// state as the engine exported it, the stack's files (state, .bak, backups, history) and the
// emulators' request logs. Groups are keyed `w:<networkId>/<groupId>` and `c:<id>`.
import * as fs from "node:fs";
import * as path from "node:path";
import type { LogEntry } from "../../../emulators/core/server";
import type { TestStack } from "../../support/engine";
import type { ModelBed } from "./bed";

export type Group = Record<string, any>;

export interface Services {
  groups: Map<string, Group>;
}

export interface StateResource {
  /** The program's name of the resource (last URN segment). */
  name: string;
  urn: string;
  /** The service group it is recorded for. */
  group?: string;
  adopted: boolean;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

export interface Snapshot {
  services: Services;
  /** The groups' resources, by name. */
  state: Map<string, StateResource>;
  /** The adoption records (WickrAdoptionRecord: no group of their own), by name. */
  records: Map<string, StateResource>;
}

export async function services(bed: ModelBed): Promise<Services> {
  const w = await bed.wickr.service<{ networks: Array<{ networkId: string; groups: Group[] }> }>("state");
  const c = await bed.commvault.service<{ userGroups: Group[] }>("state");
  const groups = new Map<string, Group>();
  for (const n of w.networks) for (const g of n.groups) groups.set(`w:${n.networkId}/${g.id}`, g);
  for (const g of c.userGroups) groups.set(`c:${g.id}`, g);
  return { groups };
}

const ADOPTION_RECORD = ":WickrAdoptionRecord";

export async function stateOf(stack: TestStack, which: "groups" | "records" = "groups"): Promise<Map<string, StateResource>> {
  const out = new Map<string, StateResource>();
  for (const r of (await stack.state()).resources) {
    if (!r.type.includes("dynamic")) continue;
    if (r.type.endsWith(ADOPTION_RECORD) !== (which === "records")) continue;
    const name = r.urn.split("::").pop() ?? r.urn;
    const outputs = (r.outputs ?? {}) as Record<string, unknown>;
    const kind = r.type.includes("wickr") ? "w" : "c";
    const group = r.id ? (kind === "w" ? `w:${r.id}` : `c:${r.id}`) : undefined;
    out.set(name, { name, urn: r.urn, group, adopted: outputs.adopted === true, inputs: (r.inputs ?? {}) as Record<string, unknown>, outputs });
  }
  return out;
}

export async function snapshot(bed: ModelBed, stack: TestStack): Promise<Snapshot> {
  return { services: await services(bed), state: await stateOf(stack), records: await stateOf(stack, "records") };
}

/** The text of every file of a stack's folder: the state, its .bak, backups and history, the workspace. */
export function stackFiles(stack: TestStack): Array<{ file: string; text: string }> {
  const files = (fs.readdirSync(stack.dir, { recursive: true }) as string[]).map((f) => path.join(stack.dir, f));
  return files.filter((f) => fs.statSync(f).isFile()).map((file) => ({ file: path.relative(stack.dir, file), text: fs.readFileSync(file, "latin1") }));
}

export async function logs(bed: ModelBed): Promise<{ wickr: LogEntry[]; commvault: LogEntry[] }> {
  return { wickr: await bed.wickr.log(), commvault: await bed.commvault.log() };
}

/** The service group as the resource's property paths see it: `path -> JSON of the value`. */
export function leaves(key: string, group: Group): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, p: string) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, p ? `${p}.${k}` : k);
    } else out.set(p, JSON.stringify(value));
  };
  if (key.startsWith("w:")) {
    out.set("name", JSON.stringify(group.name));
    walk(group.securityGroupSettings ?? {}, "securityGroupSettings");
  } else {
    const { id, company, GUID, email, serviceType, associatedEntities, users, restrictedConsoleTypes, plan, ...rest } = group;
    void id, company, GUID, email, serviceType, associatedEntities;
    walk(rest, "");
    out.set("users", JSON.stringify(((users ?? []) as Array<{ name: string }>).map((u) => u.name).sort()));
    out.set("restrictConsoleTypes", JSON.stringify(((restrictedConsoleTypes ?? []) as Array<{ consoleType: string }>).map((c) => c.consoleType).sort()));
    out.set("laptopPlan", JSON.stringify(plan?.name ?? null));
  }
  return out;
}

/** The paths whose value differs between two readings of one group. */
export function changedPaths(key: string, before: Group, after: Group): string[] {
  const a = leaves(key, before);
  const b = leaves(key, after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p));
}
