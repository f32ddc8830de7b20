// Between the declarative shape and the wire. Wickr's JSON keys equal the schema's names but
// one: the live service keeps the calling settings under `CALLING` (docs/evidence.md), so reads
// take either key and writes use the key the service's last answer used. The rest is about what
// goes in each request: the create shape's eight settings, and an update that carries only what
// changed (a changed nested object goes whole, completed from the service's current values, its
// unknown members passed back untouched; a list goes whole).
import type { Change } from "../core/diff";
import type { ZodType } from "zod";
import { diffDeclared, isPlainObject } from "../core/diff";
import type { Props } from "../core/definition";
import type { SecurityGroupWire } from "./operations";
import { CREATE_SETTINGS, NESTED_SETTINGS } from "./schema";

/** The key of the calling settings: the model's, and the one the live service uses. */
export type CallingKey = "calling" | "CALLING";
const UPPER: CallingKey = "CALLING";

/** The key a group's answer carries the calling settings under (the model's when it carries both or neither). */
export function callingKeyOf(group: SecurityGroupWire): CallingKey {
  const settings = group.securityGroupSettings ?? {};
  return UPPER in settings && !("calling" in settings) ? UPPER : "calling";
}

/** The declarative view of a group as the service reports it (unknown settings kept; `CALLING` read as `calling`). */
export function viewFromWire(networkId: string, group: SecurityGroupWire): Props {
  const { [UPPER]: upper, ...settings } = group.securityGroupSettings ?? {};
  if (isPlainObject(upper)) settings.calling = { ...(isPlainObject(settings.calling) ? settings.calling : {}), ...upper };
  return { networkId, name: group.name, securityGroupSettings: settings };
}

/** A request body with the calling settings under the key the service uses. */
export function toWire<B extends { securityGroupSettings?: Props }>(body: B, key: CallingKey): B {
  const settings = body.securityGroupSettings;
  if (key === "calling" || !settings || !("calling" in settings)) return body;
  const { calling, ...rest } = settings;
  return { ...body, securityGroupSettings: { ...rest, [key]: calling } };
}

/** The computed outputs `extrasFromWire` gives. */
export const EXTRA_OUTPUTS = ["groupId", "isDefault", "activeMembers", "botMembers", "modified", "activeDirectoryGuid"] as const;

/** Computed outputs of a group. */
export function extrasFromWire(group: SecurityGroupWire): Props {
  return {
    groupId: group.id,
    isDefault: group.isDefault ?? false,
    activeMembers: group.activeMembers ?? 0,
    botMembers: group.botMembers ?? 0,
    modified: group.modified ?? 0,
    ...(group.activeDirectoryGuid ? { activeDirectoryGuid: group.activeDirectoryGuid } : {}),
    // No SSO flag: the service reports every member in every network, so the presence of the
    // SSO-only settings says nothing (docs/evidence.md), and no other answer tells.
  };
}

/**
 * Create settings tied by a cross-field rule to a setting only an update can carry: when the
 * program declares the partner, the create setting waits for the update so that the two land
 * together (the service checks the rule on every request, against its defaults for the rest:
 * `lockoutThreshold: 4` beside a declared `forceDeviceLockout: 2` would fail against the
 * default `forceDeviceLockout` of 5 if it were sent alone).
 */
const CREATE_WAITS_FOR: Readonly<Record<string, readonly string[]>> = {
  lockoutThreshold: ["forceDeviceLockout"],
};

/** Splits declared settings into what CreateSecurityGroup takes and what must follow in an update. */
export function splitForCreate(settings: Props): { create: Props; rest: Props } {
  const create: Props = {};
  const rest: Props = {};
  for (const [k, v] of Object.entries(settings)) {
    if (v === undefined) continue;
    const waits = (CREATE_WAITS_FOR[k] ?? []).some((partner) => settings[partner] !== undefined);
    if ((CREATE_SETTINGS as readonly string[]).includes(k) && !waits) create[k] = v;
    else rest[k] = v;
  }
  return { create, rest };
}

/**
 * The UpdateSecurityGroup body for a set of changes: the changed top-level settings, each
 * nested object whole (the declared members over the current ones), `name` only when it
 * changed. Undefined when nothing needs sending.
 */
export function updateBody(changes: Change[], declared: Props, current: Props): { name?: string; securityGroupSettings?: Props } | undefined {
  const body: { name?: string; securityGroupSettings?: Props } = {};
  const declaredSettings = (declared.securityGroupSettings ?? {}) as Props;
  const currentSettings = (current.securityGroupSettings ?? {}) as Props;
  for (const change of changes) {
    const [top, setting] = change.segments;
    if (top === "name") body.name = change.new as string;
    if (top !== "securityGroupSettings" || setting === undefined) continue;
    const settings = (body.securityGroupSettings ??= {});
    const value = declaredSettings[setting];
    if ((NESTED_SETTINGS as readonly string[]).includes(setting) && isPlainObject(value)) {
      const base = isPlainObject(currentSettings[setting]) ? currentSettings[setting] : {};
      settings[setting] = { ...base, ...value };
    } else {
      settings[setting] = value;
    }
  }
  return body.name === undefined && body.securityGroupSettings === undefined ? undefined : body;
}

/**
 * What restoring an adopted group sends: for each path the program changed (its recorded value
 * differs from the original), the original value, but only where the service still holds the
 * program's value; a path changed by hand since is left alone (and named in `leftAlone`).
 * Nested objects go whole, completed from the current values; a path the original lacks is
 * left alone too (there is nothing known to put back).
 */
export function restoreBody(
  shape: Record<string, ZodType>,
  original: Props,
  programs: Props,
  current: Props,
): { body: { name?: string; securityGroupSettings?: Props } | undefined; leftAlone: string[] } {
  const managed = { ...programs };
  delete managed.networkId;
  const changedByProgram = diffDeclared(shape, managed, original).filter((c) => c.old !== undefined);
  const handChanged = new Set(diffDeclared(shape, managed, current).map((c) => c.path));
  const leftAlone = changedByProgram.filter((c) => handChanged.has(c.path)).map((c) => c.path);
  const restore = changedByProgram.filter((c) => !handChanged.has(c.path));
  const body: { name?: string; securityGroupSettings?: Props } = {};
  const now = (current.securityGroupSettings ?? {}) as Props;
  for (const change of restore) {
    const [top, setting, ...rest] = change.segments;
    if (top === "name") body.name = change.old as string;
    if (top !== "securityGroupSettings" || setting === undefined) continue;
    const settings = (body.securityGroupSettings ??= {});
    if (rest.length === 0) {
      settings[setting] = change.old;
      continue;
    }
    const base = isPlainObject(settings[setting]) ? (settings[setting] as Props) : isPlainObject(now[setting]) ? { ...(now[setting] as Props) } : {};
    let target: Props = base;
    for (const seg of rest.slice(0, -1)) target = (target[seg] = isPlainObject(target[seg]) ? { ...(target[seg] as Props) } : {}) as Props;
    target[rest[rest.length - 1]] = change.old;
    settings[setting] = base;
  }
  // A setting the service dropped along with a restored one (no value at all now, so no hand
  // set it) goes back too: the file-download size goes with enableFileDownload.
  if (body.securityGroupSettings) {
    const was = (original.securityGroupSettings ?? {}) as Props;
    for (const [k, v] of Object.entries(was)) if (now[k] === undefined && v !== undefined) body.securityGroupSettings[k] = v;
  }
  const empty = body.name === undefined && body.securityGroupSettings === undefined;
  return { body: empty ? undefined : body, leftAlone };
}
