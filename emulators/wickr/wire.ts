// What the live service does on the wire beyond the model (evidence 2 and 4): the key it
// uses for the calling settings, the members it requires in nested objects on update, null
// refused, and a create answer that may not carry every setting.
import { WickrApiError } from "./errors";
import { CREATE_SETTING_NAMES, SecurityGroupSettings } from "./settings";
import type { SecurityGroup } from "./store";
import type { WickrVariant } from "./variants";
import { isPlainObject } from "./validation";

/** The message of the 402 the live service gives for a null or a nested object missing a required member. */
export const INVALID_OPTIONS = "This request contains invalid options or data";

const invalidOptions = (detail: string) => new WickrApiError("BadRequestError", `${INVALID_OPTIONS} (${detail})`, undefined, 402);

/** Members the live service requires whenever their nested object is sent in an update (evidence 2). */
const REQUIRED_NESTED: Readonly<Record<string, readonly string[]>> = { passwordRequirements: ["regex"], shredder: ["canProcessInBackground"] };

function nullPath(value: unknown, path: string): string | undefined {
  if (value === null) return path;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nullPath(v, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = nullPath(v, `${path}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The settings of a request with the calling settings under the model's key, as the store keeps
 * them. A null anywhere, or a key the variant does not take, is refused as the service would.
 */
export function settingsFromRequest(raw: unknown, variant: WickrVariant, operation: "create" | "update"): unknown {
  if (!isPlainObject(raw)) return raw;
  const nul = nullPath(raw, "securityGroupSettings");
  if (nul) throw invalidOptions(`${nul} is null`);
  const out: Record<string, unknown> = { ...raw };
  if (operation === "update") {
    for (const [nested, members] of Object.entries(REQUIRED_NESTED)) {
      const value = out[nested];
      const missing = isPlainObject(value) ? members.filter((m) => value[m] === undefined) : [];
      if (missing.length > 0) throw invalidOptions(`securityGroupSettings.${nested}.${missing.join(", ")} is required`);
    }
  }
  // CreateSecurityGroup takes no calling settings under either key: its shape check refuses them.
  if (operation === "create") return out;
  const upper = "CALLING" in out;
  const lower = "calling" in out;
  const takes = variant.callingKey === "both" ? ["calling", "CALLING"] : [variant.callingKey];
  if ((upper && !takes.includes("CALLING")) || (lower && !takes.includes("calling")) || (upper && lower)) {
    const sent = [lower ? "calling" : undefined, upper ? "CALLING" : undefined].filter(Boolean).join(" and ");
    throw WickrApiError.validation([{ field: "securityGroupSettings", reason: `${sent} is not accepted; the calling settings go under ${takes.join(" or ")}` }]);
  }
  if (upper) {
    out.calling = out.CALLING;
    delete out.CALLING;
  }
  return out;
}

/** The settings as an answer carries them: the calling key(s) of the variant, in the model's member order. */
function settingsForAnswer(settings: SecurityGroupSettings, variant: WickrVariant, only?: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings)) {
    if (only && !only.includes(k)) continue;
    if (k !== "calling") out[k] = v;
    else {
      if (variant.callingKey !== "CALLING") out.calling = v;
      if (variant.callingKey !== "calling") out.CALLING = v;
    }
  }
  return out;
}

/** A group as GetSecurityGroup, ListSecurityGroups and UpdateSecurityGroup answer it. */
export function groupAnswer(group: SecurityGroup, variant: WickrVariant): Record<string, unknown> {
  return { ...group, securityGroupSettings: settingsForAnswer(group.securityGroupSettings, variant) };
}

/** A group as CreateSecurityGroup answers it: with variant `createAnswer: "partial"`, only the create request's settings. */
export function createAnswer(group: SecurityGroup, variant: WickrVariant): Record<string, unknown> {
  const only = variant.createAnswer === "partial" ? CREATE_SETTING_NAMES : undefined;
  return { ...group, securityGroupSettings: settingsForAnswer(group.securityGroupSettings, variant, only) };
}
