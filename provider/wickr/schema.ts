// WickrSecurityGroup's inputs: the single source of truth for its types, validation, diff,
// wire mapping (JSON keys equal these names) and documentation. Every setting of
// UpdateSecurityGroup, with the model's types and the documented value rules.
import { z } from "zod";
import { attr, setOf, valueSet } from "../core/schema";

const INT32_MAX = 2_147_483_647;

/** maxNonSsoSessionMinutes: 0 turns it off; otherwise 60..525600 (the model's doc). */
export const MAX_NON_SSO_SESSION_MINUTES = { min: 60, max: 525600 } as const;

/** Smithy Integer: a whole number; the provider also refuses negatives. */
const integer = (description: string) => z.number().int().min(0).max(INT32_MAX).describe(description);
/** Smithy Long. */
const long = (description: string) => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe(description);
const flag = (description: string) => z.boolean().describe(description);

export const networkIdSchema = z.string().regex(/^[0-9]{8}$/, "must be exactly 8 digits");

export const callingSchema = z
  .strictObject({
    canStart11Call: flag("Users can start one-to-one calls.").optional(),
    canVideoCall: flag("Users can make video calls; valid only when canStart11Call is enabled.").optional(),
    forceTcpCall: flag("All calls use TCP instead of UDP.").optional(),
    // The four below are not in the model; the live service reports them (docs/evidence.md).
    canAddtoCall: flag("Users can add people to a call (reported by the service, not in the model).").optional(),
    canStartGroupCall: flag("Users can start group calls (reported by the service, not in the model).").optional(),
    canStartRoomCall: flag("Users can start calls in rooms (reported by the service, not in the model).").optional(),
    canStartScreenShare: flag("Users can share their screen (reported by the service, not in the model).").optional(),
  })
  .describe("Calling permissions (the service's `CALLING`). Sent whole: undeclared members keep the service's current values, read fresh at each change.");

export const passwordRequirementsSchema = z
  .strictObject({
    lowercase: integer("Minimum number of lowercase letters.").optional(),
    minLength: integer("Minimum password length.").optional(),
    numbers: integer("Minimum number of digits.").optional(),
    symbols: integer("Minimum number of symbols.").optional(),
    uppercase: integer("Minimum number of uppercase letters.").optional(),
  })
  .describe("Password complexity. Sent whole: undeclared members (the service's `regex` too) keep the service's current values, read fresh at each change.");

export const SHREDDER_INTENSITIES = [0, 20, 60, 100] as const;

export const shredderSchema = z
  .strictObject({
    canProcessManually: flag("Users can run the shredder by hand.").optional(),
    intensity: z
      .union(SHREDDER_INTENSITIES.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<0>, z.ZodLiteral<20>, z.ZodLiteral<60>, z.ZodLiteral<100>])
      .describe("Overwrite intensity: one of 0, 20, 60, 100.")
      .optional(),
  })
  .describe("Message shredder. Sent whole: undeclared members (the service's `canProcessInBackground` too) keep the service's current values, read fresh at each change.");

export const wickrAwsNetworkSchema = z.strictObject({
  region: z.string().min(1).describe("AWS region of the network, e.g. us-east-1."),
  networkId: networkIdSchema.describe("The network's 8-digit id."),
});

export const wickrEnterpriseNetworkSchema = z.strictObject({
  domain: z.string().min(1).describe("The Wickr Enterprise domain."),
  networkId: networkIdSchema.describe("The network's 8-digit id."),
});

type AwsNetwork = z.output<typeof wickrAwsNetworkSchema>;
type EnterpriseNetwork = z.output<typeof wickrEnterpriseNetworkSchema>;

export const MAX_AUTO_DOWNLOAD_SIZES = [512000, 7340032] as const;

export const securityGroupSettingsSchema = z
  .strictObject({
    alwaysReauthenticate: flag("Users re-authenticate every time they return to the app.").optional(),
    atakPackageValues: valueSet(z.string(), "ATAK package configuration values (a set); only with enableAtak.").optional(),
    calling: callingSchema.optional(),
    checkForUpdates: flag("Clients check for Wickr updates.").optional(),
    enableAtak: flag("ATAK (Android Team Awareness Kit) integration.").optional(),
    enableCrashReports: flag("Users may report crashes.").optional(),
    enableFileDownload: flag("Users may download files from messages to their devices.").optional(),
    enableGuestFederation: flag("Users may talk to guest users; only with globalFederation (see docs/evidence.md).").optional(),
    enableNotificationPreview: flag("Message text in push notifications.").optional(),
    enableOpenAccessOption: flag("Users may use Wickr open access to get round geo-blocking.").optional(),
    enableRestrictedGlobalFederation: flag("Global federation limited to the permitted networks; only with globalFederation.").optional(),
    filesEnabled: flag("File sharing.").optional(),
    forceDeviceLockout: integer("Failed logins before the device's data is reset; must be below lockoutThreshold.").optional(),
    forceOpenAccess: flag("Open access enforced on all devices; only with enableOpenAccessOption.").optional(),
    forceReadReceipts: flag("User-approved bots may read room messages without a slash command.").optional(),
    globalFederation: flag("Users may talk to users of other Wickr networks (AWS and Enterprise).").optional(),
    isAtoEnabled: flag("Two-factor check when a user adds a new device.").optional(),
    isLinkPreviewEnabled: flag("Link previews in messages.").optional(),
    locationAllowMaps: flag("Maps in location sharing; only with locationEnabled.").optional(),
    locationEnabled: flag("Location sharing.").optional(),
    maxAutoDownloadSize: z
      .union([z.literal(MAX_AUTO_DOWNLOAD_SIZES[0]), z.literal(MAX_AUTO_DOWNLOAD_SIZES[1])])
      .describe("Largest file (bytes) downloaded without asking: 512000 (low quality) or 7340032 (high quality); only with enableFileDownload.")
      .optional(),
    maxBor: integer("Maximum burn-on-read time, seconds: at most 3 months on a STANDARD network, 1 year on PREMIUM (checked at preview).").optional(),
    maxTtl: long("Maximum message time-to-live, seconds: at most 3 months on a STANDARD network, 1 year on PREMIUM (checked at preview).").optional(),
    messageForwardingEnabled: flag("Message forwarding.").optional(),
    passwordRequirements: passwordRequirementsSchema.optional(),
    presenceEnabled: flag("Online / away / offline indicators.").optional(),
    quickResponses: z.array(z.string()).describe("Quick-reply texts, in display order (an ordered list).").optional(),
    showMasterRecoveryKey: flag("Users get a master recovery key; SSO networks only.").optional(),
    shredder: shredderSchema.optional(),
    ssoMaxIdleMinutes: z.number().int().min(1).max(INT32_MAX).describe("Idle minutes before an SSO session ends; SSO networks only.").optional(),
    maxNonSsoSessionMinutes: z
      .number()
      .int()
      .refine((v) => v === 0 || (v >= MAX_NON_SSO_SESSION_MINUTES.min && v <= MAX_NON_SSO_SESSION_MINUTES.max), {
        message: `must be 0 (off) or between ${MAX_NON_SSO_SESSION_MINUTES.min} and ${MAX_NON_SSO_SESSION_MINUTES.max}`,
      })
      .describe("Longest session of a user who does not sign in with SSO, in minutes: 0 (off) or 60 to 525600.")
      .optional(),
    federationMode: z
      .union([z.literal(0), z.literal(1), z.literal(2)])
      .describe("Local federation mode, 0, 1 or 2 (the model's docs disagree on their meaning; see docs/evidence.md). A STANDARD network stores 0 as 1.")
      .optional(),
    lockoutThreshold: integer("Failed password attempts before the account is locked; at least 10 on a STANDARD network.").optional(),
    permittedNetworks: valueSet(networkIdSchema, "Networks permitted for local federation (a set); only with the restricted federationMode.").optional(),
    permittedWickrAwsNetworks: setOf(
      wickrAwsNetworkSchema,
      {
        same: (a: AwsNetwork, b: AwsNetwork) => a.region === b.region && a.networkId === b.networkId,
        sortKey: (n: AwsNetwork) => `${n.networkId}/${n.region}`,
      },
      "AWS Wickr networks permitted for global federation (a set); only with enableRestrictedGlobalFederation.",
    ).optional(),
    permittedWickrEnterpriseNetworks: setOf(
      wickrEnterpriseNetworkSchema,
      {
        same: (a: EnterpriseNetwork, b: EnterpriseNetwork) => a.domain === b.domain && a.networkId === b.networkId,
        sortKey: (n: EnterpriseNetwork) => `${n.networkId}/${n.domain}`,
      },
      "Wickr Enterprise networks permitted for global federation (a set); only with enableRestrictedGlobalFederation.",
    ).optional(),
  })
  .describe("The group's settings. Only declared settings are managed; the others keep whatever the service has.");

/** Which existing group to adopt instead of creating one. */
export const adoptSchema = z
  .union([z.literal("default"), z.strictObject({ groupId: z.string().min(1).describe("The id of the group to adopt.") })])
  .describe('Adopt an existing group instead of creating one: "default" (the network\'s default group) or { groupId }. A change replaces.');

export const wickrSecurityGroupInputs = z.strictObject({
  networkId: attr(networkIdSchema.describe("The Wickr network (8 digits). A change replaces the group."), { replaceOnChange: true }),
  name: z.string().min(1).describe("The group's name. Required unless the group is adopted.").optional(),
  securityGroupSettings: securityGroupSettingsSchema.optional(),
  adopt: attr(adoptSchema, { replaceOnChange: true }).optional(),
  restoreOnDelete: z
    .boolean()
    .describe("For an adopted group: on destroy, put back the name and settings it had when adopted (default true). The group itself is never deleted.")
    .optional(),
});

export type WickrSecurityGroupInputs = z.input<typeof wickrSecurityGroupInputs>;
export type SecurityGroupSettings = z.output<typeof securityGroupSettingsSchema>;

/** The settings CreateSecurityGroup accepts (SecurityGroupSettingsRequest); the rest goes through an update. */
export const CREATE_SETTINGS = [
  "lockoutThreshold",
  "permittedNetworks",
  "enableGuestFederation",
  "globalFederation",
  "federationMode",
  "enableRestrictedGlobalFederation",
  "permittedWickrAwsNetworks",
  "permittedWickrEnterpriseNetworks",
] as const satisfies ReadonlyArray<keyof SecurityGroupSettings>;

/** Settings the docs call SSO-only. The service reports them in every network (docs/evidence.md), so they are not checked at preview. */
export const SSO_ONLY_SETTINGS = ["showMasterRecoveryKey", "ssoMaxIdleMinutes"] as const satisfies ReadonlyArray<keyof SecurityGroupSettings>;

/** Refused on a STANDARD network with 402 "this feature requires a different level plan" (observed). */
export const OBSERVED_PREMIUM_ONLY = ["alwaysReauthenticate"] as const satisfies ReadonlyArray<keyof SecurityGroupSettings>;

/** PREMIUM-only by the pricing page (doc, not observed): named in a 402's error, not checked at preview. */
export const PRICING_PREMIUM_ONLY = [
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
] as const satisfies ReadonlyArray<keyof SecurityGroupSettings>;

/** Below this, a STANDARD network refuses lockoutThreshold (observed: 422 "invalid lockoutThreshold setting for network"). */
export const STANDARD_LOCKOUT_FLOOR = 10;

/** The settings whose value (seconds) the plan limits (doc: at most 3 months on STANDARD, 1 year on PREMIUM). */
export const MESSAGE_LIFETIME_SETTINGS = ["maxBor", "maxTtl"] as const satisfies ReadonlyArray<keyof SecurityGroupSettings>;

/**
 * The most a message-lifetime setting may be, seconds. The documents say "3 months" and "1 year"
 * without saying how many days: these are the most lenient readings (the longest three calendar
 * months, 92 days; a leap year, 366 days), so preview never refuses what the service may take
 * (docs/evidence.md). A plan not known gets the PREMIUM limit: no plan allows more.
 */
export const MESSAGE_LIFETIME_LIMITS = { STANDARD: 92 * 86400, PREMIUM: 366 * 86400 } as const;

/** Settings that are objects sent whole (completed from current values). */
export const NESTED_SETTINGS = ["calling", "passwordRequirements", "shredder"] as const satisfies ReadonlyArray<keyof SecurityGroupSettings>;
