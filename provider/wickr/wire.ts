// Between the declarative shape and the wire. Wickr's JSON keys equal the schema's names but
// one: the live service keeps the calling settings under `CALLING` (README, Choices), so reads
// take either key and writes use the key the service's last answer used. The rest is about what
// goes in each request: the create shape's eight settings, and an update that carries only what
// changed (a changed nested object goes whole, completed from the service's current values, its
// unknown members passed back untouched; a list goes whole).
import type { Change } from "../core/diff";
import { deepEqual, isPlainObject } from "../core/diff";
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
    // SSO-only settings says nothing (README, Choices), and no other answer tells.
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
 * The body that puts a group back as it was when adopted: the name if it differs, and every
 * setting whose current value differs from the adopted one.
 */
export function restoreBody(adopted: Props, current: Props): { name?: string; securityGroupSettings?: Props } | undefined {
  const body: { name?: string; securityGroupSettings?: Props } = {};
  if (adopted.name !== current.name) body.name = adopted.name as string;
  const was = (adopted.securityGroupSettings ?? {}) as Props;
  const now = (current.securityGroupSettings ?? {}) as Props;
  for (const [k, v] of Object.entries(was)) {
    if (!deepEqual(v, now[k])) (body.securityGroupSettings ??= {})[k] = v;
  }
  return body.name === undefined && body.securityGroupSettings === undefined ? undefined : body;
}
