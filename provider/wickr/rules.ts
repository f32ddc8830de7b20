// The cross-field rules of UpdateSecurityGroup (the seed's documentation and the model's
// member docs), checked on the settings as they will be after a change. A rule whose
// settings are not all known yet says nothing; the service checks again in any case.
import type { InputProblem } from "../core/errors";
import { isUnknown } from "../core/diff";
import { FederationMode } from "./federation-mode";
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
  /** Whether the group's network uses SSO; undefined when not known. */
  ssoEnabled?: boolean;
  /** The settings the program declares (the rest of `s` is the service's current values). */
  declared?: Settings;
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
    // Turning file download off drops a size the request does not send (README, Choices),
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
    path: `${P}.permittedNetworks`,
    reason: `permittedNetworks is only used when federationMode is ${FederationMode.restricted} (restricted)`,
    broken: (s) => nonEmpty(s.permittedNetworks) && known(s.federationMode) && s.federationMode !== FederationMode.restricted,
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
    path: `${P}.enableGuestFederation`,
    reason: "enableGuestFederation requires globalFederation to be enabled",
    broken: (s) => s.enableGuestFederation === true && known(s.globalFederation) && s.globalFederation !== true,
  },
  {
    path: `${P}.atakPackageValues`,
    reason: "atakPackageValues is only allowed when enableAtak is enabled",
    broken: (s) => nonEmpty(s.atakPackageValues) && known(s.enableAtak) && s.enableAtak !== true,
  },
  {
    path: `${P}.showMasterRecoveryKey`,
    reason: "showMasterRecoveryKey is only available in SSO-enabled networks",
    broken: (s, ctx) => known(s.showMasterRecoveryKey) && ctx.ssoEnabled === false,
  },
  {
    path: `${P}.ssoMaxIdleMinutes`,
    reason: "ssoMaxIdleMinutes is only available in SSO-enabled networks",
    broken: (s, ctx) => known(s.ssoMaxIdleMinutes) && ctx.ssoEnabled === false,
  },
];

/** Problems with the settings as they will be; `settings` is the securityGroupSettings object. */
export function securityGroupRuleProblems(settings: Settings | undefined, ctx: RuleContext = {}): InputProblem[] {
  if (!settings || isUnknown(settings)) return [];
  return WICKR_RULES.filter((r) => r.broken(settings, ctx)).map((r) => ({ path: r.path, reason: r.reason }));
}
