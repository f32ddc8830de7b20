// The security-group settings: their shape (the model's SecurityGroupSettings, 36 members in the
// model of 2026-06-04, plus the nested members the live service returns beyond the model, and the
// 8-member SecurityGroupSettingsRequest that CreateSecurityGroup takes), the federation-mode
// values and the settings a new group starts with. Nothing here comes from the provider: the
// model and the field evidence (README, "Choices") are the only sources.

/** federationMode values the model names (its docs disagree on what each means; see variants.ts). */
export const FEDERATION_MODE_VALUES: readonly number[] = Object.freeze([0, 1, 2]);
/** The federationMode of a new group (observed: 1) and what a STANDARD network stores for 0 (observed). */
export const DEFAULT_FEDERATION_MODE = 1;

/** maxAutoDownloadSize values: 512000 (low_quality), 7340032 (high_quality). */
export const MAX_AUTO_DOWNLOAD_SIZES: readonly number[] = [512000, 7340032];
/** shredder.intensity values. */
export const SHREDDER_INTENSITIES: readonly number[] = [0, 20, 60, 100];

/** The model's 3 members and the 4 the live service returns beside them (under `CALLING`). */
export interface CallingSettings {
  canStart11Call?: boolean;
  canVideoCall?: boolean;
  forceTcpCall?: boolean;
  canAddtoCall?: boolean;
  canStartGroupCall?: boolean;
  canStartRoomCall?: boolean;
  canStartScreenShare?: boolean;
}

export interface PasswordRequirements {
  lowercase?: number;
  minLength?: number;
  numbers?: number;
  symbols?: number;
  uppercase?: number;
  /** Not in the model; returned by the live service and required on update (evidence 2). */
  regex?: string;
}

export interface ShredderSettings {
  canProcessManually?: boolean;
  intensity?: number;
  /** Not in the model; returned by the live service and required on update (evidence 2). */
  canProcessInBackground?: boolean;
}

export interface WickrAwsNetwork {
  region: string;
  networkId: string;
}

export interface PermittedWickrEnterpriseNetwork {
  domain: string;
  networkId: string;
}

/** The model's SecurityGroupSettings: every member optional. */
export interface SecurityGroupSettings {
  alwaysReauthenticate?: boolean;
  atakPackageValues?: string[];
  calling?: CallingSettings;
  checkForUpdates?: boolean;
  enableAtak?: boolean;
  enableCrashReports?: boolean;
  enableFileDownload?: boolean;
  enableGuestFederation?: boolean;
  enableNotificationPreview?: boolean;
  enableOpenAccessOption?: boolean;
  enableRestrictedGlobalFederation?: boolean;
  filesEnabled?: boolean;
  forceDeviceLockout?: number;
  forceOpenAccess?: boolean;
  forceReadReceipts?: boolean;
  globalFederation?: boolean;
  isAtoEnabled?: boolean;
  isLinkPreviewEnabled?: boolean;
  locationAllowMaps?: boolean;
  locationEnabled?: boolean;
  maxAutoDownloadSize?: number;
  maxBor?: number;
  maxTtl?: number;
  messageForwardingEnabled?: boolean;
  passwordRequirements?: PasswordRequirements;
  presenceEnabled?: boolean;
  quickResponses?: string[];
  showMasterRecoveryKey?: boolean;
  shredder?: ShredderSettings;
  ssoMaxIdleMinutes?: number;
  maxNonSsoSessionMinutes?: number;
  federationMode?: number;
  lockoutThreshold?: number;
  permittedNetworks?: string[];
  permittedWickrAwsNetworks?: WickrAwsNetwork[];
  permittedWickrEnterpriseNetworks?: PermittedWickrEnterpriseNetwork[];
}

export type SettingName = keyof SecurityGroupSettings;

/** How a member is typed on the wire (Integer = 32-bit, Long = 53-bit safe integer here). */
export type ScalarKind = "boolean" | "integer" | "long" | "string" | "networkId";
export type MemberKind =
  | ScalarKind
  | { list: ScalarKind }
  | { list: { structure: Record<string, ScalarKind>; required: readonly string[] } }
  | { structure: Record<string, ScalarKind> };

const CALLING: Record<keyof CallingSettings, ScalarKind> = {
  canStart11Call: "boolean",
  canVideoCall: "boolean",
  forceTcpCall: "boolean",
  canAddtoCall: "boolean",
  canStartGroupCall: "boolean",
  canStartRoomCall: "boolean",
  canStartScreenShare: "boolean",
};
const PASSWORD: Record<keyof PasswordRequirements, ScalarKind> = {
  lowercase: "integer",
  minLength: "integer",
  numbers: "integer",
  symbols: "integer",
  uppercase: "integer",
  regex: "string",
};
const SHREDDER: Record<keyof ShredderSettings, ScalarKind> = { canProcessManually: "boolean", intensity: "integer", canProcessInBackground: "boolean" };
const AWS_NETWORK = { structure: { region: "string", networkId: "networkId" } as Record<string, ScalarKind>, required: ["region", "networkId"] };
const ENTERPRISE_NETWORK = {
  structure: { domain: "string", networkId: "networkId" } as Record<string, ScalarKind>,
  required: ["domain", "networkId"],
};

/** Every SecurityGroupSettings member with its wire type, in the model's order. */
const MEMBERS: Record<SettingName, MemberKind> = {
  alwaysReauthenticate: "boolean",
  atakPackageValues: { list: "string" },
  calling: { structure: CALLING },
  checkForUpdates: "boolean",
  enableAtak: "boolean",
  enableCrashReports: "boolean",
  enableFileDownload: "boolean",
  enableGuestFederation: "boolean",
  enableNotificationPreview: "boolean",
  enableOpenAccessOption: "boolean",
  enableRestrictedGlobalFederation: "boolean",
  filesEnabled: "boolean",
  forceDeviceLockout: "integer",
  forceOpenAccess: "boolean",
  forceReadReceipts: "boolean",
  globalFederation: "boolean",
  isAtoEnabled: "boolean",
  isLinkPreviewEnabled: "boolean",
  locationAllowMaps: "boolean",
  locationEnabled: "boolean",
  maxAutoDownloadSize: "long",
  maxBor: "integer",
  maxTtl: "long",
  messageForwardingEnabled: "boolean",
  passwordRequirements: { structure: PASSWORD },
  presenceEnabled: "boolean",
  quickResponses: { list: "string" },
  showMasterRecoveryKey: "boolean",
  shredder: { structure: SHREDDER },
  ssoMaxIdleMinutes: "integer",
  maxNonSsoSessionMinutes: "integer",
  federationMode: "integer",
  lockoutThreshold: "integer",
  permittedNetworks: { list: "networkId" },
  permittedWickrAwsNetworks: { list: AWS_NETWORK },
  permittedWickrEnterpriseNetworks: { list: ENTERPRISE_NETWORK },
};
export const SETTINGS_MEMBERS: Readonly<Record<SettingName, MemberKind>> = Object.freeze(MEMBERS);

export const SETTING_NAMES = Object.keys(SETTINGS_MEMBERS) as SettingName[];

/** The 8 members of SecurityGroupSettingsRequest: all CreateSecurityGroup accepts. */
export const CREATE_SETTING_NAMES: readonly SettingName[] = Object.freeze([
  "lockoutThreshold",
  "permittedNetworks",
  "enableGuestFederation",
  "globalFederation",
  "federationMode",
  "enableRestrictedGlobalFederation",
  "permittedWickrAwsNetworks",
  "permittedWickrEnterpriseNetworks",
] as SettingName[]);

/** Members that exist only in SSO-enabled networks. */
export const SSO_ONLY_SETTING_NAMES: readonly SettingName[] = Object.freeze(["showMasterRecoveryKey", "ssoMaxIdleMinutes"] as SettingName[]);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Settings of a new group in a network without SSO (deeply frozen; copy before changing). */
export const DEFAULT_SECURITY_GROUP_SETTINGS: Readonly<SecurityGroupSettings> = deepFreeze<SecurityGroupSettings>({
  alwaysReauthenticate: false,
  atakPackageValues: [],
  calling: {
    canStart11Call: true,
    canVideoCall: true,
    forceTcpCall: false,
    canAddtoCall: true,
    canStartGroupCall: true,
    canStartRoomCall: true,
    canStartScreenShare: true,
  },
  checkForUpdates: true,
  enableAtak: false,
  enableCrashReports: true,
  enableFileDownload: true,
  enableGuestFederation: false,
  enableNotificationPreview: true,
  enableOpenAccessOption: false,
  enableRestrictedGlobalFederation: false,
  filesEnabled: true,
  forceDeviceLockout: 5,
  forceOpenAccess: false,
  forceReadReceipts: false,
  globalFederation: false,
  isAtoEnabled: false,
  isLinkPreviewEnabled: true,
  locationAllowMaps: false,
  locationEnabled: false,
  maxAutoDownloadSize: 512000,
  maxBor: 0,
  // 90 days: within the limit of every plan under every reading (at most 3 months on STANDARD,
  // 1 year on PREMIUM; variants.ts). The live default is not known.
  maxTtl: 7776000,
  messageForwardingEnabled: true,
  passwordRequirements: { lowercase: 0, minLength: 6, numbers: 0, symbols: 0, uppercase: 0, regex: "" },
  presenceEnabled: true,
  quickResponses: [],
  shredder: { canProcessManually: true, intensity: 20, canProcessInBackground: false },
  maxNonSsoSessionMinutes: 0,
  federationMode: DEFAULT_FEDERATION_MODE,
  lockoutThreshold: 10,
  permittedNetworks: [],
  permittedWickrAwsNetworks: [],
  permittedWickrEnterpriseNetworks: [],
});

/** What a new group has on top of the defaults in an SSO-enabled network, and in every network when the service returns every member (variant `ssoMembers: "always"`). */
export const SSO_DEFAULT_SETTINGS_EXTRA: Readonly<SecurityGroupSettings> = deepFreeze<SecurityGroupSettings>({
  showMasterRecoveryKey: false,
  ssoMaxIdleMinutes: 60,
});

/** A fresh, mutable copy of the settings a new group starts with. */
export function defaultSecurityGroupSettings(withSsoMembers = false): SecurityGroupSettings {
  return canonicalSettings({ ...DEFAULT_SECURITY_GROUP_SETTINGS, ...(withSsoMembers ? SSO_DEFAULT_SETTINGS_EXTRA : {}) });
}

/** A deep copy with the members in the model's order (absent members left out). */
export function canonicalSettings(settings: SecurityGroupSettings): SecurityGroupSettings {
  const out: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const value = settings[name];
    if (value !== undefined) out[name] = structuredClone(value);
  }
  return out as SecurityGroupSettings;
}
