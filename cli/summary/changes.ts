// What each step of a preview changes, in a reviewer's terms: a row per setting that changes
// (old and new value), members added and removed by name (a set compared as a set, never by
// position), and what the step does to the group (created, adopted, updated, replaced,
// deleted or given back). The resources' own schemas say which lists are sets.
import type { z } from "zod";
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import { deepEqual, isPlainObject, setDelta } from "../../provider/core/diff";
import type { ResourceDefinition } from "../../provider/core/definition";
import { metaOf, objectShape } from "../../provider/core/schema";
import { wickrSecurityGroupDefinition } from "../../provider/wickr/definition";
import type { PreviewStep, Props } from "./input";
import { SECRET_SIG_KEY } from "../../provider/core/secret-marks";

/** How the CLI shows a secret value (and what a secret's wire form is shown as). */
export const SECRET = "[secret]";

const DEFINITIONS: readonly ResourceDefinition[] = [wickrSecurityGroupDefinition, commvaultUserGroupDefinition];

/** The definition of a type token of either face (`pulumi-nodejs:dynamic/wickr:WickrSecurityGroup`, `<pkg>:index:WickrSecurityGroup`). */
export function definitionOf(type: string): ResourceDefinition | undefined {
  return DEFINITIONS.find((d) => type.endsWith(`:${d.typeName}`));
}

export type Row =
  | { kind: "value"; path: string; before?: unknown; after?: unknown }
  | { kind: "members"; path: string; added: unknown[]; removed: unknown[] }
  | { kind: "secret"; path: string };

export interface ResourceChange {
  /** created, adopted, updated, replaced, deleted, released, ... */
  action: string;
  name: string;
  typeName: string;
  /** What the step does to the group at the service, when it is not plain. */
  note?: string;
  rows: Row[];
}

const isSecret = (v: unknown): boolean => v === SECRET || (isPlainObject(v) && SECRET_SIG_KEY in v);

/** Declared settings only: no engine-internal keys, no hidden inputs, nothing outside the schema. */
function declared(def: ResourceDefinition, inputs: Props | undefined): Props {
  const shape = def.inputs.shape as Record<string, z.ZodType>;
  return Object.fromEntries(Object.entries(inputs ?? {}).filter(([k, v]) => k in shape && v !== undefined));
}

/** Whether the engine named `path` (or something below it) among the differences. */
function engineNamed(step: PreviewStep, path: string): boolean {
  if (!step.changedPaths) return true;
  return step.changedPaths.some((p) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`));
}

function rowsOf(step: PreviewStep, shape: Record<string, z.ZodType>, before: Props, after: Props, prefix = ""): Row[] {
  const rows: Row[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k in shape).sort();
  for (const key of keys) {
    const path = `${prefix}${key}`;
    const schema = shape[key];
    const o = before[key];
    const n = after[key];
    if (isSecret(o) || isSecret(n)) {
      if (engineNamed(step, path)) rows.push({ kind: "secret", path });
      continue;
    }
    const nested = objectShape(schema);
    if (nested && (isPlainObject(o) || o === undefined) && (isPlainObject(n) || n === undefined)) {
      rows.push(...rowsOf(step, nested, (o as Props) ?? {}, (n as Props) ?? {}, `${path}.`));
      continue;
    }
    const set = metaOf(schema).set;
    if (set && (Array.isArray(o) || o === undefined) && (Array.isArray(n) || n === undefined)) {
      const { added, removed } = setDelta(set, (n as unknown[]) ?? [], (o as unknown[]) ?? []);
      if (added.length > 0 || removed.length > 0) rows.push({ kind: "members", path, added, removed });
      continue;
    }
    if (!deepEqual(o, n)) rows.push({ kind: "value", path, before: o, after: n });
  }
  return rows;
}

const ACTIONS: Record<string, string> = {
  create: "create",
  update: "update",
  delete: "delete",
  replace: "replace",
  "create-replacement": "replace",
  "delete-replaced": "replace",
  import: "import",
  "import-replacement": "import",
  read: "read",
  refresh: "refresh",
  same: "same",
};

/** What a step of one of the package's resources changes; undefined for other types and unchanged ones. */
export function resourceChange(step: PreviewStep): ResourceChange | undefined {
  const def = definitionOf(step.type);
  if (!def || step.op === "same" || step.op === "read" || step.op === "refresh") return undefined;
  const shape = def.inputs.shape as Record<string, z.ZodType>;
  const before = declared(def, step.oldInputs);
  const after = declared(def, step.newInputs);
  const base = { name: step.name, typeName: def.typeName };
  const action = ACTIONS[step.op] ?? step.op;
  if (action === "delete") {
    const behavior = step.oldOutputs?.deletionBehavior;
    const keeps = typeof behavior === "string" && !/^delete/i.test(behavior);
    return { ...base, action: keeps ? "release" : "delete", note: typeof behavior === "string" ? behavior : undefined, rows: [] };
  }
  if (action === "create" && after.adopt !== undefined) {
    return { ...base, action: "adopt", note: "takes over an existing group (destroy gives it back)", rows: rowsOf(step, shape, {}, after) };
  }
  if (action === "replace") {
    const due = step.replaceKeys && step.replaceKeys.length > 0 ? `replaced because ${step.replaceKeys.join(", ")} changed` : undefined;
    return { ...base, action, note: due, rows: rowsOf(step, shape, before, after) };
  }
  return { ...base, action, rows: rowsOf(step, shape, action === "create" ? {} : before, after) };
}

/** One change per resource (a replacement's three steps become one). */
export function resourceChanges(steps: readonly PreviewStep[]): ResourceChange[] {
  const seen = new Set<string>();
  const changes: ResourceChange[] = [];
  for (const step of steps) {
    const change = resourceChange(step);
    if (!change) continue;
    const key = `${step.urn}\u0000${change.action}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push(change);
  }
  return changes;
}
