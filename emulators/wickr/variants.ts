// Where the evidence on the live service leaves a choice open, the emulator plays each reading.
// A variant is chosen at start (`createWickrEmulator({ variant })`) or by the `variant` control;
// the defaults are the likeliest reading (README, "Choices", with the evidence for each).
import type { SettingName } from "./settings";

export interface WickrVariant {
  /**
   * The key of the calling settings. `CALLING`: answers carry only the uppercase key (as
   * observed) and an update takes only that key; `both`: answers carry both keys, an update
   * takes either; `calling`: the model's key in answers and updates.
   */
  callingKey: "CALLING" | "both" | "calling";
  /** `partial`: a create answer carries only what the create request could set (evidence 4); `complete`: every setting. */
  createAnswer: "partial" | "complete";
  /**
   * Settings a STANDARD network refuses with 402. `observed`: `alwaysReauthenticate` only;
   * `pricing`: also every setting the pricing page lists as PREMIUM.
   */
  premiumOnly: "observed" | "pricing";
  /**
   * What federationMode means for `permittedNetworks`. `member-doc`: 0 none, 1 federated,
   * 2 restricted (permittedNetworks need 2); `update-doc`: 0 local, 1 restricted, 2 global
   * (permittedNetworks need 1). The model's docs say both.
   */
  federationNumbering: "member-doc" | "update-doc";
  /** `requires-global`: enableGuestFederation refused without globalFederation (the model's doc); `free`: accepted. */
  guestFederation: "requires-global" | "free";
  /**
   * When an update is refused with 402 ParameterUnchanged. `all`: when it changes nothing;
   * `any`: when any member it sends already has that value.
   */
  unchanged: "all" | "any";
  /** `always`: every group reports the SSO-only members (a fully populated read); `sso-only`: only groups of SSO networks do. */
  ssoMembers: "always" | "sso-only";
  /**
   * What the documented limits of `maxBor` / `maxTtl` ("3 months" on STANDARD, "1 year" on
   * PREMIUM) are in seconds. `days`: 90 days and 365 days; `calendar`: the longest three calendar
   * months (92 days) and a leap year (366 days).
   */
  lifetimeLimits: "days" | "calendar";
}

export const DEFAULT_VARIANT: Readonly<WickrVariant> = Object.freeze({
  callingKey: "CALLING",
  createAnswer: "partial",
  premiumOnly: "observed",
  federationNumbering: "member-doc",
  guestFederation: "requires-global",
  unchanged: "all",
  ssoMembers: "always",
  lifetimeLimits: "days",
});

export const VARIANT_CHOICES: Readonly<{ [K in keyof WickrVariant]: readonly WickrVariant[K][] }> = Object.freeze({
  callingKey: ["CALLING", "both", "calling"],
  createAnswer: ["partial", "complete"],
  premiumOnly: ["observed", "pricing"],
  federationNumbering: ["member-doc", "update-doc"],
  guestFederation: ["requires-global", "free"],
  unchanged: ["all", "any"],
  ssoMembers: ["always", "sso-only"],
  lifetimeLimits: ["days", "calendar"],
});

/** A variant from a partial one; throws naming the first unknown key or value. */
export function parseVariant(raw: unknown, base: WickrVariant = DEFAULT_VARIANT): WickrVariant {
  if (raw === undefined) return { ...base };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error("variant must be an object");
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(raw)) {
    const choices = (VARIANT_CHOICES as Record<string, readonly unknown[]>)[k];
    if (!choices) throw new Error(`variant: unknown key ${k} (known: ${Object.keys(VARIANT_CHOICES).join(", ")})`);
    if (!choices.includes(v)) throw new Error(`variant.${k} must be one of ${choices.join(", ")}`);
    out[k] = v;
  }
  return out as unknown as WickrVariant;
}

/** Refused on a STANDARD network with 402 (observed for alwaysReauthenticate). */
export const OBSERVED_PREMIUM_ONLY: readonly SettingName[] = Object.freeze(["alwaysReauthenticate"] as SettingName[]);

/** The pricing page's PREMIUM-only list (doc, not observed). */
export const PRICING_PREMIUM_ONLY: readonly SettingName[] = Object.freeze([
  "alwaysReauthenticate",
  "checkForUpdates",
  "enableAtak",
  "atakPackageValues",
  "enableFileDownload",
  "maxAutoDownloadSize",
  "enableGuestFederation",
  "enableNotificationPreview",
  "enableOpenAccessOption",
  "forceOpenAccess",
  "filesEnabled",
  "forceDeviceLockout",
  "forceReadReceipts",
  "isAtoEnabled",
  "maxBor",
  "maxTtl",
  "showMasterRecoveryKey",
  "ssoMaxIdleMinutes",
  "calling",
] as SettingName[]);

export function premiumOnlySettings(variant: WickrVariant): readonly SettingName[] {
  return variant.premiumOnly === "pricing" ? PRICING_PREMIUM_ONLY : OBSERVED_PREMIUM_ONLY;
}

/** The federationMode that `permittedNetworks` needs under a numbering. */
export function restrictedFederationMode(variant: WickrVariant): number {
  return variant.federationNumbering === "member-doc" ? 2 : 1;
}

const DAY = 86400;

/** The message-lifetime settings the plan limits (seconds; maxBor an Integer, maxTtl a Long). */
export const MESSAGE_LIFETIME_SETTINGS: readonly SettingName[] = Object.freeze(["maxBor", "maxTtl"] as SettingName[]);

/**
 * The most `maxBor` and `maxTtl` may be on a plan, in seconds (doc: at most 3 months on STANDARD,
 * 1 year on PREMIUM; how many days that is depends on variant `lifetimeLimits`).
 */
export function messageLifetimeLimit(variant: WickrVariant, accessLevel: "STANDARD" | "PREMIUM"): number {
  const calendar = variant.lifetimeLimits === "calendar";
  if (accessLevel === "STANDARD") return (calendar ? 92 : 90) * DAY;
  return (calendar ? 366 : 365) * DAY;
}
