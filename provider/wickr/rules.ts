// The rules of UpdateSecurityGroup checked at preview, on the settings as they will be after a
// change: the documented cross-field rules the evidence does not contradict, what a STANDARD
// network refuses (observed), and the plans' message-lifetime limits (doc). A rule that rests
// only on contradictory documents (permittedNetworks and the federationMode numbering, guest
// federation needing global federation, the SSO-only settings the service reports everywhere)
// is not checked here: the service decides (docs/evidence.md). A rule whose settings are not all
// known yet says nothing.
import type { InputProblem } from "../core/errors";
import { deepEqual, isUnknown } from "../core/diff";
import { MESSAGE_LIFETIME_LIMITS, MESSAGE_LIFETIME_SETTINGS, OBSERVED_PREMIUM_ONLY, STANDARD_LOCKOUT_FLOOR } from "./schema";
import type { SecurityGroupSettings } from "./schema";

type Settings = Partial<Record<keyof SecurityGroupSettings, unknown>> & Record<string, unknown>;

const known = (v: unknown) => v !== undefined && !isUnknown(v);
const nonEmpty = (v: unknown) => Array.isArray(v) && v.length > 0;
const P = "securityGroupSettings";

interface Rule {
  /** The setting the problem is reported on. */
  path: string;
  reason: string;
  /** True when the rule is broken. */
  broken(s: Settings, ctx: RuleContext): boolean;
}

export interface RuleContext {
  /** The settings the program declares (the rest of `s` is the service's current values). */
  declared?: Settings;
  /** The network's plan (GetNetwork `accessLevel`); undefined when not known. */
  accessLevel?: string;
  /** The group's settings as last reported (undefined before it exists). */
  reported?: Settings;
}

const nested = (s: Settings, obj: string, key: string): unknown => {
  const o = s[obj];
  return o && typeof o === "object" && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined;
};

export const WICKR_RULES: Rule[] = [
  {
    path: `${P}.calling.canVideoCall`,
    reason: "canVideoCall can only be enabled when calling.canStart11Call is enabled",
    broken: (s) => nested(s, "calling", "canVideoCall") === true && known(nested(s, "calling", "canStart11Call")) && nested(s, "calling", "canStart11Call") !== true,
  },
  {
    path: `${P}.forceOpenAccess`,
    reason: "forceOpenAccess can only be enabled when enableOpenAccessOption is enabled",
    broken: (s) => s.forceOpenAccess === true && known(s.enableOpenAccessOption) && s.enableOpenAccessOption !== true,
  },
  {
    path: `${P}.locationAllowMaps`,
    reason: "locationAllowMaps can only be enabled when locationEnabled is enabled",
    broken: (s) => s.locationAllowMaps === true && known(s.locationEnabled) && s.locationEnabled !== true,
  },
  {
    path: `${P}.maxAutoDownloadSize`,
    reason: "maxAutoDownloadSize is only allowed when enableFileDownload is enabled",
    // Turning file download off drops a size the request does not send (docs/evidence.md),
    // so only a declared size conflicts with download off.
    broken: (s, ctx) => known((ctx.declared ?? s).maxAutoDownloadSize) && s.enableFileDownload === false,
  },
  {
    path: `${P}.forceDeviceLockout`,
    reason: "forceDeviceLockout must be lower than lockoutThreshold",
    broken: (s) =>
      typeof s.forceDeviceLockout === "number" && typeof s.lockoutThreshold === "number" && s.forceDeviceLockout >= s.lockoutThreshold,
  },

  {
    path: `${P}.enableRestrictedGlobalFederation`,
    reason: "enableRestrictedGlobalFederation requires globalFederation to be enabled",
    broken: (s) => s.enableRestrictedGlobalFederation === true && known(s.globalFederation) && s.globalFederation !== true,
  },
  {
    path: `${P}.permittedWickrAwsNetworks`,
    reason: "permittedWickrAwsNetworks is only allowed when enableRestrictedGlobalFederation is enabled",
    broken: (s) => nonEmpty(s.permittedWickrAwsNetworks) && known(s.enableRestrictedGlobalFederation) && s.enableRestrictedGlobalFederation !== true,
  },
  {
    path: `${P}.permittedWickrEnterpriseNetworks`,
    reason: "permittedWickrEnterpriseNetworks is only allowed when enableRestrictedGlobalFederation is enabled",
    broken: (s) =>
      nonEmpty(s.permittedWickrEnterpriseNetworks) && known(s.enableRestrictedGlobalFederation) && s.enableRestrictedGlobalFederation !== true,
  },

  {
    path: `${P}.atakPackageValues`,
    reason: "atakPackageValues is only allowed when enableAtak is enabled",
    broken: (s) => nonEmpty(s.atakPackageValues) && known(s.enableAtak) && s.enableAtak !== true,
  },


];

/** A declared value the group does not have yet (before it exists, any declared value). */
const changes = (key: string, ctx: RuleContext) => known(ctx.declared?.[key]) && !deepEqual(ctx.declared?.[key], ctx.reported?.[key]);

/** What a STANDARD network refuses or changes (observed); nothing when the plan is not known. */
export const STANDARD_PLAN_RULES: Rule[] = [
  ...OBSERVED_PREMIUM_ONLY.map<Rule>((key) => ({
    path: `${P}.${key}`,
    reason: `${key} needs a PREMIUM network; this network's plan is STANDARD (the service answers 402 "this feature requires a different level plan")`,
    broken: (_s, ctx) => ctx.accessLevel === "STANDARD" && changes(key, ctx),
  })),
  {
    path: `${P}.lockoutThreshold`,
    reason: `lockoutThreshold must be at least ${STANDARD_LOCKOUT_FLOOR} on a STANDARD network (the service answers 422 "invalid lockoutThreshold setting for network")`,
    broken: (_s, ctx) => ctx.accessLevel === "STANDARD" && typeof ctx.declared?.lockoutThreshold === "number" && ctx.declared.lockoutThreshold < STANDARD_LOCKOUT_FLOOR,
  },
  {
    path: `${P}.federationMode`,
    reason: "a STANDARD network stores federationMode 0 as 1; declare 1 (or leave it out)",
    broken: (_s, ctx) => ctx.accessLevel === "STANDARD" && ctx.declared?.federationMode === 0,
  },
];

/** A declared change of `key` above `limit` seconds. */
const beyond = (key: string, ctx: RuleContext, limit: number) => {
  const value = ctx.declared?.[key];
  return typeof value === "number" && value > limit && changes(key, ctx);
};

/**
 * maxBor / maxTtl beyond the plan's limit (doc): 3 months on a STANDARD network, 1 year on
 * PREMIUM and on a plan not known (no plan allows more). Only a declared change is checked.
 */
export const MESSAGE_LIFETIME_RULES: Rule[] = MESSAGE_LIFETIME_SETTINGS.flatMap<Rule>((key) => [
  {
    path: `${P}.${key}`,
    reason: `${key} must be at most 3 months on a STANDARD network (1 year on PREMIUM): at most ${MESSAGE_LIFETIME_LIMITS.STANDARD} seconds (92 days)`,
    broken: (_s, ctx) => ctx.accessLevel === "STANDARD" && beyond(key, ctx, MESSAGE_LIFETIME_LIMITS.STANDARD),
  },
  {
    path: `${P}.${key}`,
    reason: `${key} must be at most 1 year (3 months on a STANDARD network): at most ${MESSAGE_LIFETIME_LIMITS.PREMIUM} seconds (366 days)`,
    broken: (_s, ctx) => ctx.accessLevel !== "STANDARD" && beyond(key, ctx, MESSAGE_LIFETIME_LIMITS.PREMIUM),
  },
]);

/** Problems with the settings as they will be; `settings` is the securityGroupSettings object. */
export function securityGroupRuleProblems(settings: Settings | undefined, ctx: RuleContext = {}): InputProblem[] {
  if (!settings || isUnknown(settings)) return [];
  return [...WICKR_RULES, ...STANDARD_PLAN_RULES, ...MESSAGE_LIFETIME_RULES].filter((r) => r.broken(settings, ctx)).map((r) => ({ path: r.path, reason: r.reason }));
}

/**
 * Warnings for rules the documents state but contradict (docs/evidence.md): the service decides.
 * Only declared values are looked at (the program does not know the service's).
 */
export function disputedRuleWarnings(settings: Settings | undefined): string[] {
  if (!settings || isUnknown(settings)) return [];
  const warnings: string[] = [];
  if (settings.enableGuestFederation === true && settings.globalFederation === false) {
    warnings.push(
      `${P}.enableGuestFederation: the model says guest federation is only valid with global federation, and globalFederation is declared false; ` +
        "the documents disagree on this rule, so the service decides",
    );
  }
  return warnings;
}
