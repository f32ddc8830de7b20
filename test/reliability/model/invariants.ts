// The promises, as checks of what one command did: each returns the violations it finds (empty:
// kept). `before` and `after` are snapshots taken around the command (observe.ts).
import type { LogEntry } from "../../../emulators/core/server";
import type { StepSummary } from "../../support/engine";
import { TAKEABLE } from "./bed";
import { COMMVAULT_KEYS, DEFAULT_KEY, declaredKeys, Model, WICKR_KEYS, type GroupKey } from "./model";
import { changedPaths, Group, leaves, Services, Snapshot, StateResource } from "./observe";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const isSecretValue = (v: unknown) => !!v && typeof v === "object" && SECRET_SIG in (v as object);
const show = (v: string | undefined) => (v === undefined ? "absent" : v.length > 80 ? `${v.slice(0, 80)}...` : v);

/** Promise 2: a group the program neither created nor adopted is byte-identical to what it was. */
export function bystandersUntouched(baseline: Map<string, string>, after: Services): string[] {
  const out: string[] = [];
  for (const [key, json] of baseline) {
    const now = after.groups.get(key);
    if (!now) out.push(`[bystanders] bystander ${key} was deleted`);
    else if (JSON.stringify(now) !== json) out.push(`[bystanders] bystander ${key} was changed: ${changedPaths(key, JSON.parse(json), now).join(", ")}`);
  }
  return out;
}

/** Promise 2: no group created twice (a name the program declared names at most one group). */
export function noDuplicates(model: Model, after: Services): string[] {
  const count = new Map<string, number>();
  for (const g of after.groups.values()) if (model.names.has(g.name)) count.set(g.name, (count.get(g.name) ?? 0) + 1);
  return [...count].filter(([, n]) => n > 1).map(([name, n]) => `[duplicates] ${n} groups named ${name} at the service (created more than once)`);
}

/**
 * Promise 2: a group leaves the state only when the service positively says it is gone. A group
 * the state recorded and no longer records must be gone from the service (its own) or still
 * there (adopted: never deleted).
 */
export function stateLeftOnlyWhenGone(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  const recorded = (s: Snapshot) => new Set([...s.state.values()].map((r) => r.group).filter((g): g is string => g !== undefined));
  const kept = recorded(after);
  for (const r of before.state.values()) {
    if (!r.group || kept.has(r.group)) continue;
    const there = after.services.groups.has(r.group);
    if (r.adopted && !there) out.push(`[state-left] adopted group ${r.group} of "${r.name}" was deleted`);
    if (!r.adopted && there) out.push(`[state-left] "${r.name}" left the state, but its group ${r.group} (${after.services.groups.get(r.group)?.name}) is still at the service: the service never said it was gone`);
  }
  return out;
}

/** Preview and refresh change nothing at the services. */
export function noWrites(log: LogEntry[], what: string): string[] {
  return log.filter((e) => e.method !== "GET" && !["Login", "Logout"].includes(e.operation)).map((e) => `[no-writes] ${what} sent ${e.method} ${e.path} (${e.operation})`);
}

/** The property paths the program declares for a resource now. */
export function declaredPaths(model: Model, name: string): string[] {
  if ((WICKR_KEYS as readonly string[]).includes(name)) {
    const d = model.wickr[name as (typeof WICKR_KEYS)[number]];
    return [
      "name",
      "securityGroupSettings.lockoutThreshold",
      ...(d.presenceEnabled === undefined ? [] : ["securityGroupSettings.presenceEnabled"]),
      ...(d.videoCall === undefined ? [] : ["securityGroupSettings.calling.canStart11Call", "securityGroupSettings.calling.canVideoCall"]),
      ...(d.quickResponse === undefined ? [] : ["securityGroupSettings.quickResponses"]),
    ];
  }
  if (name === DEFAULT_KEY) return ["securityGroupSettings.lockoutThreshold", ...(model.def.presenceEnabled === undefined ? [] : ["securityGroupSettings.presenceEnabled"])];
  const d = model.commvault[name as (typeof COMMVAULT_KEYS)[number]];
  return [
    "name",
    "users",
    ...(d.description === undefined ? [] : ["description"]),
    ...(d.enabled === undefined ? [] : ["enabled"]),
    ...(d.laptopPlan === undefined ? [] : ["laptopPlan"]),
  ];
}

/** A detailed-diff key as a path of leaves(): list items stand for the whole list. */
const normal = (p: string) => p.replace(/\[\d+\].*$/, "");
const covers = (allowed: string[], path: string) => allowed.some((p) => p === path || path.startsWith(`${p}.`) || p.startsWith(`${path}.`));

/** The input leaves of a resource as recorded in the state (inputs that steer the provider left out). */
function inputLeaves(r: StateResource): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, p: string) => {
    if (v && typeof v === "object" && !Array.isArray(v) && !isSecretValue(v)) for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
    else out.set(p, v);
  };
  for (const [k, v] of Object.entries(r.inputs)) if (!k.startsWith("__") && !["networkId", "adopt", "restoreOnDelete"].includes(k)) walk(v, k);
  return out;
}

/**
 * What releasing an adopted group (its resource deleted) may change: only what the program
 * managed, and only where the service still holds the program's value.
 */
function releasable(r: StateResource, key: string, group: Group): string[] {
  const held = leaves(key, group);
  return [...inputLeaves(r)].filter(([p, v]) => isSecretValue(v) || held.get(p) === JSON.stringify(v)).map(([p]) => p);
}

/**
 * Promise 1: every path an `up` (or `destroy`) changed at a service was shown by its preview,
 * for the resource the group belongs to. `plan`: the preview's steps (for destroy: its own).
 */
export function wroteOnlyPreviewed(model: Model, before: Snapshot, after: Snapshot, plan: StepSummary[]): string[] {
  const out: string[] = [];
  const owner = new Map<string, StateResource>();
  for (const r of [...after.state.values(), ...before.state.values()]) if (r.group) owner.set(r.group, r);
  for (const [key, was] of before.services.groups) {
    const now = after.services.groups.get(key);
    if (!now) continue;
    const changed = changedPaths(key, was, now);
    if (changed.length === 0) continue;
    const r = owner.get(key);
    if (!r) {
      out.push(`[previewed-paths] group ${key} (${was.name}) changed (${changed.join(", ")}) though no resource manages it`);
      continue;
    }
    const steps = plan.filter((s) => s.name === r.name);
    const ops = steps.map((s) => s.op);
    const allowed = [
      ...steps.flatMap((s) => Object.keys(s.detailedDiff).map(normal)),
      ...(ops.some((o) => ["create", "create-replacement", "replace"].includes(o)) ? declaredPaths(model, r.name) : []),
      ...(ops.some((o) => ["delete", "delete-replaced"].includes(o)) && r.adopted ? releasable(before.state.get(r.name) ?? r, key, was) : []),
    ];
    const shown = ops.length === 0 ? "no step" : ops.join("+") + (allowed.length ? ` of ${[...new Set(allowed)].join(", ")}` : "");
    const lv = [leaves(key, was), leaves(key, now)];
    for (const p of changed.filter((c) => !covers(allowed, c))) {
      out.push(`[previewed-paths] "${r.name}" (${key}): ${p} changed ${show(lv[0].get(p))} -> ${show(lv[1].get(p))}, but the preview showed ${shown}`);
    }
  }
  return out;
}

/** Promise 4: none of these values in plaintext in any of these texts. */
export function nowhere(tag: string, texts: Array<{ where: string; text: string }>, values: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [label, value] of Object.entries(values)) {
    const hits = texts.filter((t) => t.text.includes(value)).map((t) => t.where);
    if (hits.length > 0) out.push(`[${tag}] ${label} (${value}) in plaintext in: ${[...new Set(hits)].join(", ")}`);
  }
  return out;
}

/** What the service must hold for a declared resource (path -> JSON), after refresh and up. */
function expected(model: Model, name: GroupKey): Map<string, string> {
  const e = new Map<string, string>();
  const set = (p: string, v: unknown) => e.set(p, JSON.stringify(v));
  if (name === DEFAULT_KEY) {
    set("securityGroupSettings.lockoutThreshold", model.def.lockoutThreshold);
    if (model.def.presenceEnabled !== undefined) set("securityGroupSettings.presenceEnabled", model.def.presenceEnabled);
  } else if ((WICKR_KEYS as readonly string[]).includes(name)) {
    const d = model.wickr[name as (typeof WICKR_KEYS)[number]];
    set("name", d.name.value);
    set("securityGroupSettings.lockoutThreshold", d.lockoutThreshold);
    if (d.presenceEnabled !== undefined) set("securityGroupSettings.presenceEnabled", d.presenceEnabled);
    if (d.videoCall !== undefined) set("securityGroupSettings.calling.canVideoCall", d.videoCall);
    if (d.videoCall !== undefined) set("securityGroupSettings.calling.canStart11Call", true);
    if (d.quickResponse !== undefined) set("securityGroupSettings.quickResponses", [d.quickResponse.value]);
  } else {
    const d = model.commvault[name as (typeof COMMVAULT_KEYS)[number]];
    set("name", d.name.value);
    set("users", [...d.users].sort());
    if (d.description !== undefined) set("description", d.description.value);
    if (d.enabled !== undefined) set("enabled", d.enabled);
    if (d.laptopPlan !== undefined) set("laptopPlan", d.laptopPlan);
  }
  return e;
}

/** A state output at a path, as leaves() writes it (undefined when secret: it cannot be read here). */
function outputAt(r: StateResource, path: string): string | undefined | null {
  let v: unknown = r.outputs;
  for (const seg of path.split(".")) {
    if (isSecretValue(v)) return null;
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[seg] : undefined;
  }
  if (isSecretValue(v)) return null;
  if (path === "laptopPlan" && v && typeof v === "object") return JSON.stringify((v as { name?: string }).name ?? null);
  if (path === "users" && Array.isArray(v)) return JSON.stringify(v.map((u) => (typeof u === "object" && u ? (u as { name: string }).name : u)).sort());
  return JSON.stringify(v);
}

/** After refresh and up without faults: the service equals the program, and the state the service. */
export function converged(model: Model, snap: Snapshot, baseline: Map<string, string>, nextPreview: StepSummary[]): string[] {
  const out: string[] = [];
  const tagged = (v: string) => out.push(`[converged] ${v}`);
  const declared = declaredKeys(model);
  for (const r of snap.state.values()) if (!declared.includes(r.name as GroupKey)) tagged(`the state holds "${r.name}", which the program does not declare`);
  // An adopting Wickr resource has its adoption record (the original destroy gives back), and only it.
  const records = model.def.adopted ? [`${DEFAULT_KEY}-adoption`] : [];
  for (const name of snap.records.keys()) if (!records.includes(name)) tagged(`the state holds the adoption record "${name}", which no adopting resource declares`);
  for (const name of records) if (!snap.records.has(name)) tagged(`"${DEFAULT_KEY}" adopts but the state holds no adoption record "${name}"`);
  const used = new Set<string>();
  for (const name of declared) {
    const r = snap.state.get(name);
    const group = r?.group ? snap.services.groups.get(r.group) : undefined;
    if (!r || !r.group || !group) {
      tagged(`"${name}" is declared but ${!r ? "not in the state" : `its group ${r.group} is not at the service`}`);
      continue;
    }
    used.add(r.group);
    const held = leaves(r.group, group);
    for (const [p, v] of expected(model, name)) {
      if (held.get(p) !== v) tagged(`"${name}" (${r.group}): the service holds ${p} = ${show(held.get(p))}, the program declares ${show(v)}`);
      const recorded = outputAt(r, p);
      if (recorded !== null && recorded !== held.get(p)) tagged(`"${name}" (${r.group}): the state records ${p} = ${show(recorded)}, the service holds ${show(held.get(p))}`);
    }
  }
  for (const [key, g] of snap.services.groups) {
    if (baseline.has(key) || TAKEABLE.has(key) || used.has(key)) continue;
    tagged(`group ${key} (${g.name}) is at the service but no declared resource records it (an orphan)`);
  }
  const changes = nextPreview.filter((s) => s.op !== "same" && s.op !== "read");
  if (changes.length > 0) tagged(`the preview after refresh and up still shows changes: ${changes.map((s) => `${s.name} ${s.op} ${Object.keys(s.detailedDiff).join(",")}`).join("; ")}`);
  return out;
}
