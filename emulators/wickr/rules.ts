// How a settings change lands on a group (merge semantics) and the cross-field rules the
// documentation states, checked on the settings as they will be after the change.
import type { Reason } from "./errors";
import {
  canonicalSettings,
  FEDERATION_MODE_VALUES,
  MAX_AUTO_DOWNLOAD_SIZES,
  SecurityGroupSettings,
  SHREDDER_INTENSITIES,
  SSO_ONLY_SETTING_NAMES,
} from "./settings";
import { DEFAULT_VARIANT, MESSAGE_LIFETIME_SETTINGS, messageLifetimeLimit, restrictedFederationMode, WickrVariant } from "./variants";

/** maxNonSsoSessionMinutes: 0 (off) or 60..525600 (the model's doc; the model's range is 0..525600). */
export const MAX_NON_SSO_SESSION_MINUTES = { min: 60, max: 525600 } as const;

/**
 * The settings after a change: a member the change leaves out keeps its value; a member it carries
 * replaces the old value whole (nested objects `calling`, `passwordRequirements`, `shredder` and
 * lists included, so `{calling:{canStart11Call:false}}` leaves `calling` with that one member).
 * When the change turns `enableFileDownload` off without sending `maxAutoDownloadSize`, the old
 * `maxAutoDownloadSize` is dropped (a group with file download off carries none).
 */
export function mergeSettings(current: SecurityGroupSettings, change: SecurityGroupSettings): SecurityGroupSettings {
  // canonicalSettings copies and leaves out undefined members, so an undefined in the change keeps the old value.
  const merged: SecurityGroupSettings = { ...canonicalSettings(current), ...canonicalSettings(change) };
  if (change.enableFileDownload === false && change.maxAutoDownloadSize === undefined) {
    delete merged.maxAutoDownloadSize;
  }
  return canonicalSettings(merged);
}

export interface RuleContext {
  /** Whether the group's network has SSO enabled (showMasterRecoveryKey, ssoMaxIdleMinutes). */
  ssoEnabled: boolean;
  /** The reading of the evidence the emulator plays (default: DEFAULT_VARIANT). */
  variant?: WickrVariant;
  /** Prefix of the reported field paths. */
  path?: string;
}

interface Rule {
  field: string;
  reason: string;
  broken(s: SecurityGroupSettings, ctx: RuleContext): boolean;
}

const nonEmpty = (list: unknown[] | undefined) => Array.isArray(list) && list.length > 0;

/** "X true only when Y true" rules. */
function requires(field: string, reason: string, isOn: (s: SecurityGroupSettings) => boolean | undefined, dependency: (s: SecurityGroupSettings) => boolean | undefined): Rule {
  return { field, reason, broken: (s) => isOn(s) === true && dependency(s) !== true };
}

/** The documented cross-field rules, each with the field it is reported on. */
export const CROSS_FIELD_RULES: readonly Rule[] = [
  requires("calling.canVideoCall", "canVideoCall requires canStart11Call to be enabled", (s) => s.calling?.canVideoCall, (s) => s.calling?.canStart11Call),
  requires("forceOpenAccess", "forceOpenAccess requires enableOpenAccessOption to be enabled", (s) => s.forceOpenAccess, (s) => s.enableOpenAccessOption),
  requires("locationAllowMaps", "locationAllowMaps requires locationEnabled to be enabled", (s) => s.locationAllowMaps, (s) => s.locationEnabled),
  {
    field: "maxAutoDownloadSize",
    reason: `maxAutoDownloadSize must be one of ${MAX_AUTO_DOWNLOAD_SIZES.join(" (low_quality), ")} (high_quality)`,
    broken: (s) => s.maxAutoDownloadSize !== undefined && !MAX_AUTO_DOWNLOAD_SIZES.includes(s.maxAutoDownloadSize),
  },
  {
    field: "maxAutoDownloadSize",
    reason: "maxAutoDownloadSize requires enableFileDownload to be enabled",
    broken: (s) => s.maxAutoDownloadSize !== undefined && s.enableFileDownload !== true,
  },
  {
    field: "forceDeviceLockout",
    reason: "forceDeviceLockout must be less than lockoutThreshold",
    broken: (s) => s.forceDeviceLockout !== undefined && s.lockoutThreshold !== undefined && !(s.forceDeviceLockout < s.lockoutThreshold),
  },
  {
    field: "shredder.intensity",
    reason: `intensity must be one of ${SHREDDER_INTENSITIES.join(", ")}`,
    broken: (s) => s.shredder?.intensity !== undefined && !SHREDDER_INTENSITIES.includes(s.shredder.intensity),
  },
  {
    field: "federationMode",
    reason: `federationMode must be one of ${FEDERATION_MODE_VALUES.join(", ")}`,
    broken: (s) => s.federationMode !== undefined && !FEDERATION_MODE_VALUES.includes(s.federationMode),
  },
  {
    field: "permittedNetworks",
    reason: "permittedNetworks requires the restricted federationMode",
    broken: (s, ctx) => nonEmpty(s.permittedNetworks) && s.federationMode !== restrictedFederationMode(ctx.variant ?? DEFAULT_VARIANT),
  },
  {
    field: "maxNonSsoSessionMinutes",
    reason: `maxNonSsoSessionMinutes must be 0 (off) or between ${MAX_NON_SSO_SESSION_MINUTES.min} and ${MAX_NON_SSO_SESSION_MINUTES.max}`,
    broken: (s) =>
      s.maxNonSsoSessionMinutes !== undefined &&
      s.maxNonSsoSessionMinutes !== 0 &&
      !(s.maxNonSsoSessionMinutes >= MAX_NON_SSO_SESSION_MINUTES.min && s.maxNonSsoSessionMinutes <= MAX_NON_SSO_SESSION_MINUTES.max),
  },
  requires("permittedWickrAwsNetworks", "permittedWickrAwsNetworks requires enableRestrictedGlobalFederation to be enabled", (s) => nonEmpty(s.permittedWickrAwsNetworks), (s) => s.enableRestrictedGlobalFederation),
  requires("permittedWickrEnterpriseNetworks", "permittedWickrEnterpriseNetworks requires enableRestrictedGlobalFederation to be enabled", (s) => nonEmpty(s.permittedWickrEnterpriseNetworks), (s) => s.enableRestrictedGlobalFederation),
  {
    field: "enableGuestFederation",
    reason: "enableGuestFederation requires globalFederation to be enabled",
    broken: (s, ctx) => (ctx.variant ?? DEFAULT_VARIANT).guestFederation === "requires-global" && s.enableGuestFederation === true && s.globalFederation !== true,
  },
  {
    field: "ssoMaxIdleMinutes",
    reason: "ssoMaxIdleMinutes must be at least 1",
    broken: (s, ctx) => ctx.ssoEnabled && s.ssoMaxIdleMinutes !== undefined && s.ssoMaxIdleMinutes < 1,
  },
  requires("atakPackageValues", "atakPackageValues requires enableAtak to be enabled", (s) => nonEmpty(s.atakPackageValues), (s) => s.enableAtak),
];

/** The SSO-only members a change sends in a network without SSO (they may still be reported there). */
export function ssoOnlyReasons(change: SecurityGroupSettings, ctx: RuleContext): Reason[] {
  if (ctx.ssoEnabled) return [];
  const prefix = ctx.path ?? "securityGroupSettings";
  return SSO_ONLY_SETTING_NAMES.filter((name) => change[name] !== undefined).map((name) => ({
    field: `${prefix}.${name}`,
    reason: `${name} is only available in SSO-enabled networks`,
  }));
}

/** Observed (400): restricted global federation without global federation. */
export const RESTRICTED_WITHOUT_GLOBAL = "RestrictedGlobalFederation is not supported when globalFederation is disabled";

export function restrictedWithoutGlobal(s: SecurityGroupSettings): boolean {
  return s.enableRestrictedGlobalFederation === true && s.globalFederation !== true;
}

/** Every cross-field rule the settings break, as ValidationError reasons. */
export function checkCrossFieldRules(settings: SecurityGroupSettings, ctx: RuleContext): Reason[] {
  const prefix = ctx.path ?? "securityGroupSettings";
  return CROSS_FIELD_RULES.filter((rule) => rule.broken(settings, ctx)).map((rule) => ({
    field: `${prefix}.${rule.field}`,
    reason: rule.reason,
  }));
}

/**
 * `maxBor` / `maxTtl` above the plan's limit (doc: 3 months on STANDARD, 1 year on PREMIUM),
 * refused as the service refuses a value its plan does not allow (observed for lockoutThreshold:
 * 422 "invalid <setting> setting for network").
 */
export function messageLifetimeReasons(
  settings: SecurityGroupSettings,
  accessLevel: "STANDARD" | "PREMIUM",
  variant: WickrVariant,
  path = "securityGroupSettings",
): Reason[] {
  const limit = messageLifetimeLimit(variant, accessLevel);
  return MESSAGE_LIFETIME_SETTINGS.filter((name) => {
    const value = settings[name];
    return typeof value === "number" && value > limit;
  }).map((name) => ({ field: `${path}.${name}`, reason: `invalid ${name} setting for network` }));
}
