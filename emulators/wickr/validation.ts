// Shape and type checks of request input: every member has the type the model gives it, integers
// are whole and not negative, network ids are 8 digits, unknown members are refused. Every
// offending field is reported, as a dotted path (`securityGroupSettings.calling.canVideoCall`,
// list items as `permittedNetworks[0]`). Cross-field rules are in rules.ts.
import { Reason, WickrApiError } from "./errors";
import {
  CREATE_SETTING_NAMES,
  MemberKind,
  ScalarKind,
  SecurityGroupSettings,
  SETTINGS_MEMBERS,
  SettingName,
} from "./settings";

export const INTEGER_MAX = 2147483647;
export const LONG_MAX = Number.MAX_SAFE_INTEGER;

const NETWORK_ID = /^[0-9]{8}$/;
const CLIENT_TOKEN = /^[a-zA-Z0-9-_:]+$/;

export function isNetworkId(value: unknown): value is string {
  return typeof value === "string" && NETWORK_ID.test(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf(".") + 1);
}

/** Reasons for one scalar value; empty when it is valid. */
function checkScalar(kind: ScalarKind, value: unknown, path: string): Reason[] {
  const name = lastSegment(path);
  switch (kind) {
    case "boolean":
      return typeof value === "boolean" ? [] : [{ field: path, reason: `${name} must be a boolean` }];
    case "string":
      return typeof value === "string" ? [] : [{ field: path, reason: `${name} must be a string` }];
    case "networkId":
      return isNetworkId(value) ? [] : [{ field: path, reason: `${name} must be a network ID of exactly 8 digits` }];
    case "integer":
    case "long": {
      const max = kind === "integer" ? INTEGER_MAX : LONG_MAX;
      const ok = typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max;
      return ok ? [] : [{ field: path, reason: `${name} must be an integer between 0 and ${max}` }];
    }
  }
}

function checkStructure(
  members: Record<string, ScalarKind>,
  required: readonly string[],
  value: unknown,
  path: string,
): Reason[] {
  const name = lastSegment(path);
  if (!isPlainObject(value)) return [{ field: path, reason: `${name} must be an object` }];
  const reasons: Reason[] = [];
  for (const [key, v] of Object.entries(value)) {
    const kind = members[key];
    if (kind === undefined) {
      reasons.push({ field: `${path}.${key}`, reason: `${key} is not a member of ${name}` });
    } else if (v === undefined && !required.includes(key)) {
      continue;
    } else {
      reasons.push(...checkScalar(kind, v, `${path}.${key}`));
      if (kind === "string" && required.includes(key) && v === "") {
        reasons.push({ field: `${path}.${key}`, reason: `${key} must not be empty` });
      }
    }
  }
  for (const key of required) {
    if (value[key] === undefined) reasons.push({ field: `${path}.${key}`, reason: `${key} is required` });
  }
  return reasons;
}

function checkMember(kind: MemberKind, value: unknown, path: string): Reason[] {
  if (typeof kind === "string") return checkScalar(kind, value, path);
  if ("structure" in kind) return checkStructure(kind.structure, [], value, path);
  const name = lastSegment(path);
  if (!Array.isArray(value)) return [{ field: path, reason: `${name} must be a list` }];
  const item = kind.list;
  const reasons: Reason[] = [];
  value.forEach((v, i) => {
    const itemPath = `${path}[${i}]`;
    reasons.push(...(typeof item === "string" ? checkScalar(item, v, itemPath) : checkStructure(item.structure, item.required, v, itemPath)));
  });
  return reasons;
}

export interface SettingsCheck {
  reasons: Reason[];
  /** The input as typed settings (meaningful only when there are no reasons). */
  settings: SecurityGroupSettings;
}

/**
 * Checks a `securityGroupSettings` input. `shape` says which members are accepted: the full
 * SecurityGroupSettings (UpdateSecurityGroup, console drift, seeding) or the 8-member
 * SecurityGroupSettingsRequest (CreateSecurityGroup). A JSON null is refused like any wrong type.
 */
export function checkSettings(
  input: unknown,
  shape: "SecurityGroupSettings" | "SecurityGroupSettingsRequest",
  path = "securityGroupSettings",
): SettingsCheck {
  if (!isPlainObject(input)) {
    return { reasons: [{ field: path, reason: `${lastSegment(path)} must be an object` }], settings: {} };
  }
  const reasons: Reason[] = [];
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const field = `${path}.${key}`;
    const kind = (SETTINGS_MEMBERS as Record<string, MemberKind | undefined>)[key];
    if (kind === undefined || !Object.prototype.hasOwnProperty.call(SETTINGS_MEMBERS, key)) {
      reasons.push({ field, reason: `${key} is not a member of ${shape}` });
      continue;
    }
    if (shape === "SecurityGroupSettingsRequest" && !CREATE_SETTING_NAMES.includes(key as SettingName)) {
      reasons.push({
        field,
        reason: `${key} is not a member of SecurityGroupSettingsRequest; it cannot be set when creating a security group (set it with UpdateSecurityGroup)`,
      });
      continue;
    }
    if (value === undefined) continue;
    const found = checkMember(kind, value, field);
    reasons.push(...found);
    if (found.length === 0) settings[key] = structuredClone(value);
  }
  return { reasons, settings: settings as SecurityGroupSettings };
}

/** A security-group name: a non-empty string. `required` says whether absence is an error. */
export function checkName(value: unknown, required: boolean, path = "name"): Reason[] {
  if (value === undefined) return required ? [{ field: path, reason: "name is required" }] : [];
  if (typeof value !== "string") return [{ field: path, reason: "name must be a string" }];
  if (value.trim() === "") return [{ field: path, reason: required ? "name is required" : "name must not be empty" }];
  return [];
}

/** Members of a request body that the operation does not have. */
export function checkBodyMembers(body: Record<string, unknown>, allowed: readonly string[], shape: string): Reason[] {
  return Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ field: key, reason: `${key} is not a member of ${shape}` }));
}

/** The `X-Client-Token` header (ClientToken: length 1..64, `^[a-zA-Z0-9-_:]+$`). */
export function checkClientToken(value: string | undefined): Reason[] {
  if (value === undefined) return [];
  if (value.length < 1 || value.length > 64 || !CLIENT_TOKEN.test(value)) {
    return [{ field: "clientToken", reason: "clientToken must be 1 to 64 characters of letters, digits, '-', '_' or ':'" }];
  }
  return [];
}

export function checkNetworkIdParam(value: string): Reason[] {
  return isNetworkId(value) ? [] : [{ field: "networkId", reason: "networkId must be exactly 8 digits" }];
}

export interface ParsedGroupChange {
  name?: string;
  securityGroupSettings?: SecurityGroupSettings;
}

/** Checks an UpdateSecurityGroup-shaped body `{name?, securityGroupSettings?}` (also used by the drift control). */
export function parseGroupChange(body: Record<string, unknown>, extraMembers: readonly string[] = []): ParsedGroupChange {
  const reasons = [
    ...checkBodyMembers(body, ["name", "securityGroupSettings", ...extraMembers], "UpdateSecurityGroupRequest"),
    ...checkName(body.name, false),
  ];
  let settings: SecurityGroupSettings | undefined;
  if (body.securityGroupSettings !== undefined) {
    const check = checkSettings(body.securityGroupSettings, "SecurityGroupSettings");
    reasons.push(...check.reasons);
    settings = check.settings;
  }
  if (reasons.length > 0) throw WickrApiError.validation(reasons);
  return { name: body.name as string | undefined, securityGroupSettings: settings };
}
