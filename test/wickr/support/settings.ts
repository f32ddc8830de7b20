// Settings fixtures shared by the unit and engine tests: every setting set, and one case per
// setting (and per member of a nested object) that changes it alone, from a base that keeps
// every cross-field rule satisfied before and after.
import type { SecurityGroupSettings } from "../../../provider/wickr/schema";

/**
 * Every setting of a group in a PREMIUM network without SSO (all but a few away from the
 * emulator's defaults). A STANDARD network refuses some of them (alwaysReauthenticate, a
 * lockoutThreshold below 10): STANDARD_SETTINGS is the set valid there.
 */
export const FULL_SETTINGS: SecurityGroupSettings = {
  alwaysReauthenticate: true,
  atakPackageValues: ["pkg-alpha", "pkg-bravo"],
  calling: {
    canStart11Call: true,
    canVideoCall: false,
    forceTcpCall: true,
    canAddtoCall: false,
    canStartGroupCall: false,
    canStartRoomCall: true,
    canStartScreenShare: false,
  },
  checkForUpdates: false,
  enableAtak: true,
  enableCrashReports: false,
  enableFileDownload: true,
  enableGuestFederation: true,
  enableNotificationPreview: false,
  enableOpenAccessOption: true,
  enableRestrictedGlobalFederation: true,
  filesEnabled: false,
  // Below the default forceDeviceLockout (5) on purpose: create must not send it alone.
  lockoutThreshold: 4,
  forceDeviceLockout: 2,
  forceOpenAccess: false,
  forceReadReceipts: true,
  globalFederation: true,
  isAtoEnabled: true,
  isLinkPreviewEnabled: false,
  locationAllowMaps: false,
  locationEnabled: true,
  maxAutoDownloadSize: 7340032,
  maxBor: 60,
  maxTtl: 86400,
  messageForwardingEnabled: false,
  passwordRequirements: { lowercase: 1, minLength: 10, numbers: 2, symbols: 1, uppercase: 3 },
  presenceEnabled: false,
  quickResponses: ["On my way", "Copy that"],
  maxNonSsoSessionMinutes: 1440,
  shredder: { canProcessManually: false, intensity: 60 },
  federationMode: 2,
  permittedNetworks: ["11111111", "22222222"],
  permittedWickrAwsNetworks: [{ region: "us-east-1", networkId: "33333333" }],
  permittedWickrEnterpriseNetworks: [{ domain: "partner.example.com", networkId: "44444444" }],
};

/** Settings valid on a STANDARD network (observed: no alwaysReauthenticate, lockoutThreshold at least 10). */
export const STANDARD_SETTINGS: SecurityGroupSettings = (() => {
  const { alwaysReauthenticate: _premium, ...rest } = FULL_SETTINGS;
  return { ...rest, lockoutThreshold: 12, forceDeviceLockout: 6 };
})();

/** The SSO-only settings, on top of FULL_SETTINGS, for a group in an SSO network. */
export const SSO_SETTINGS: SecurityGroupSettings = { showMasterRecoveryKey: true, ssoMaxIdleMinutes: 30 };

export const NESTED = ["calling", "passwordRequirements", "shredder"] as const;

export interface SettingCase {
  /** A short resource name. */
  name: string;
  /** The setting path below securityGroupSettings: `maxBor`, `calling.canVideoCall`. */
  path: string;
  /** The top-level setting the request carries (the whole nested object for a member). */
  setting: keyof SecurityGroupSettings;
  /** The settings before the change. */
  before: SecurityGroupSettings;
  /** The same with the one setting changed. */
  after: SecurityGroupSettings;
  sso: boolean;
}

type Settings = SecurityGroupSettings & Record<string, unknown>;

/** Bases that keep the rules satisfied once a parent switch goes off. */
const BASE_OVERRIDES: Partial<Record<string, Settings>> = {
  enableAtak: { atakPackageValues: [] },
  enableFileDownload: { maxAutoDownloadSize: undefined },
  enableRestrictedGlobalFederation: { permittedWickrAwsNetworks: [], permittedWickrEnterpriseNetworks: [] },
  globalFederation: {
    enableRestrictedGlobalFederation: false,
    enableGuestFederation: false,
    permittedWickrAwsNetworks: [],
    permittedWickrEnterpriseNetworks: [],
  },
  federationMode: { permittedNetworks: [] },
};

/** The new value of each setting (nested members by path). */
const NEW_VALUES: Record<string, unknown> = {
  alwaysReauthenticate: false,
  atakPackageValues: ["pkg-alpha", "pkg-charlie"],
  "calling.canStart11Call": false,
  "calling.canVideoCall": true,
  "calling.forceTcpCall": false,
  checkForUpdates: true,
  enableAtak: false,
  enableCrashReports: true,
  enableFileDownload: false,
  enableGuestFederation: false,
  enableNotificationPreview: true,
  enableOpenAccessOption: false,
  enableRestrictedGlobalFederation: false,
  filesEnabled: true,
  forceDeviceLockout: 3,
  forceOpenAccess: true,
  forceReadReceipts: false,
  globalFederation: false,
  isAtoEnabled: false,
  isLinkPreviewEnabled: true,
  locationAllowMaps: true,
  locationEnabled: false,
  maxAutoDownloadSize: 512000,
  maxBor: 120,
  maxTtl: 172800,
  messageForwardingEnabled: true,
  "passwordRequirements.lowercase": 2,
  "passwordRequirements.minLength": 12,
  "passwordRequirements.numbers": 3,
  "passwordRequirements.symbols": 2,
  "passwordRequirements.uppercase": 4,
  presenceEnabled: true,
  // An ordered list: the same texts in another order are a change.
  quickResponses: ["Copy that", "On my way"],
  "shredder.canProcessManually": true,
  "shredder.intensity": 100,
  federationMode: 1,
  lockoutThreshold: 9,
  permittedNetworks: ["11111111", "55555555"],
  permittedWickrAwsNetworks: [
    { region: "us-east-1", networkId: "33333333" },
    { region: "eu-west-2", networkId: "66666666" },
  ],
  permittedWickrEnterpriseNetworks: [{ domain: "other.example.com", networkId: "44444444" }],
  showMasterRecoveryKey: false,
  ssoMaxIdleMinutes: 45,
  maxNonSsoSessionMinutes: 720,
  "calling.canAddtoCall": true,
  "calling.canStartGroupCall": true,
  "calling.canStartRoomCall": false,
  "calling.canStartScreenShare": true,
};

function withoutUndefined(s: Settings): SecurityGroupSettings {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as SecurityGroupSettings;
}

/** One case per setting and per nested member: 47 in all: 33 plain settings and 14 nested members (2 of them in the SSO network). */
/**
 * FULL_SETTINGS with the federationMode that `permittedNetworks` needs: 2 when the service reads
 * the model's member doc (0 none, 1 federated, 2 restricted), 1 under the update doc's reading.
 */
export function fullSettings(restrictedMode: 1 | 2 = 2): SecurityGroupSettings {
  return { ...FULL_SETTINGS, federationMode: restrictedMode };
}

export function settingCases(restrictedMode: 1 | 2 = 2): SettingCase[] {
  const full = fullSettings(restrictedMode);
  const newValues: Record<string, unknown> = { ...NEW_VALUES, federationMode: restrictedMode === 2 ? 1 : 2 };
  return Object.entries(newValues).map(([path, value]) => {
    const [setting, member] = path.split(".") as [keyof SecurityGroupSettings, string | undefined];
    const sso = setting === "showMasterRecoveryKey" || setting === "ssoMaxIdleMinutes";
    const before = withoutUndefined({ ...full, ...(sso ? SSO_SETTINGS : {}), ...(BASE_OVERRIDES[setting] ?? {}) } as Settings);
    // A JSON copy, not structuredClone: under jest that makes arrays of another realm, which
    // Pulumi serializes as objects.
    const after = JSON.parse(JSON.stringify(before)) as Record<string, unknown>;
    if (member) (after[setting] as Record<string, unknown>)[member] = value;
    else after[setting] = value;
    return { name: path.replace(".", "-"), path, setting, before, after: after as SecurityGroupSettings, sso };
  });
}
