// The recommended security baseline for WickrSecurityGroup and CommvaultUserGroup, as
// @pulumi/policy resource policies. This module only defines them (index.ts starts the pack),
// so tests can run every policy directly.
//
// Each policy reads settings from the resource's inputs by property path and reports
// "<path> is <value>; the baseline requires <requirement>". A setting the program does not
// declare is not managed (the service keeps whatever it has): the policy skips it, unless
// the policy's config sets `requireDeclared`, which reports it as "not managed".
// The pack is standalone: it imports nothing from the provider (tests check that the paths
// and value sets below match the provider's schemas).
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
} from "@pulumi/policy";

export const PACK_NAME = "wickr-commvault-baseline";

/** The resources' type tokens, as the engine (and so every policy) sees them. */
export const WICKR_SECURITY_GROUP = "pulumi-nodejs:dynamic/wickr:WickrSecurityGroup";
export const COMMVAULT_USER_GROUP = "pulumi-nodejs:dynamic/commvault:CommvaultUserGroup";
/** The same resources served by the provider plugin (provider/plugin/): each policy applies to both faces. */
export const PLUGIN_TYPES: Readonly<Record<string, string>> = {
  [WICKR_SECURITY_GROUP]: "wickr-commvault:index:WickrSecurityGroup",
  [COMMVAULT_USER_GROUP]: "wickr-commvault:index:CommvaultUserGroup",
};

/** Value sets of the provider's schemas the config schemas offer (kept equal by a test). */
export const SHREDDER_INTENSITIES = [0, 20, 60, 100] as const;
export const MAX_AUTO_DOWNLOAD_SIZES = [512000, 7340032] as const;
export const CONSOLE_TYPES = ["COMMANDCENTER", "WEBCONSOLE", "COMMCELLCONSOLE", "API", "MOBILE"] as const;

const S = "securityGroupSettings";

// ---------------------------------------------------------------------------------------
// Reading settings

/** A setting as the inputs carry it: declared (with its value) or not. */
export interface Setting {
  declared: boolean;
  value?: unknown;
}

/**
 * The setting at a dotted path. Absent, undefined and null all mean "not declared". During
 * preview a value that is not known yet throws @pulumi/policy's UnknownValueError.
 */
export function lookup(props: Record<string, unknown>, path: string): Setting {
  let current: unknown = props;
  for (const segment of path.split(".")) {
    // A secret object redacted whole (`pulumi policy analyze --file`): what it holds is unknown, not absent.
    if (current === REDACTED) return { declared: true, value: REDACTED };
    if (current === null || typeof current !== "object" || !(segment in current)) return { declared: false };
    current = (current as Record<string, unknown>)[segment];
    if (current === undefined || current === null) return { declared: false };
  }
  return { declared: true, value: current };
}

/**
 * What `pulumi policy analyze` puts in place of a secret it cannot decrypt (a state file
 * analyzed without the stack's secrets provider), whatever the value's type.
 */
export const REDACTED = "[secret]";

/** @pulumi/policy's UnknownValueError (not in its type declarations): a value not known during preview. */
export function isUnknownValueError(err: unknown): boolean {
  return err instanceof Error && err.constructor.name === "UnknownValueError" && Array.isArray((err as { props?: unknown }).props);
}

/** A value as messages show it: strings quoted, lists as JSON. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Seconds with a readable duration: "604800 (7 days)". */
export function seconds(n: number): string {
  if (n === 0) return "0";
  const units: Array<[number, string]> = [
    [86400, "day"],
    [3600, "hour"],
    [60, "minute"],
  ];
  for (const [size, unit] of units) {
    if (n >= size && n % size === 0) {
      const count = n / size;
      return `${n} (${count} ${unit}${count === 1 ? "" : "s"})`;
    }
  }
  return `${n} (${n} second${n === 1 ? "" : "s"})`;
}

// ---------------------------------------------------------------------------------------
// Checks and the policy factory

type Get = (path: string) => Setting;

/** One requirement on one setting. */
export interface Check {
  /** The setting's path in the inputs, e.g. securityGroupSettings.maxTtl. */
  path: string;
  /** What the baseline requires, as messages say it ("at least 12"). */
  requirement: string;
  /** The violation messages for a declared value (none when it meets the requirement). */
  violations(value: unknown, get: Get): string[];
  /** Never reported as "not managed", even with requireDeclared (an optional list, say). */
  optional?: boolean;
  /** When given and false, the check does not apply to this resource at all. */
  applies?(get: Get): boolean;
}

/** "<path> is <value>; the baseline requires <requirement>". */
export function violation(path: string, value: unknown, requirement: string, note?: string): string {
  return `${path} is ${show(value)}${note ? ` ${note}` : ""}; the baseline requires ${requirement}`;
}

function atLeast(path: string, min: number): Check {
  const requirement = `at least ${min}`;
  return { path, requirement, violations: (v) => (typeof v === "number" && v >= min ? [] : [violation(path, v, requirement)]) };
}

function equals(path: string, expected: unknown): Check {
  const requirement = show(expected);
  return { path, requirement, violations: (v) => (v === expected ? [] : [violation(path, v, requirement)]) };
}

/** JSON schema of one config property (what configSchema accepts). */
type ConfigProperty = PolicyConfigSchema["properties"][string];

/** Every policy's config has this key. */
export interface CommonConfig {
  /** Report settings the program does not declare ("not managed"). */
  requireDeclared: boolean;
}

const REQUIRE_DECLARED: ConfigProperty = {
  type: "boolean",
  default: false,
  description: "Report a setting the program does not declare as not managed (by default undeclared settings are skipped).",
};

export interface BaselinePolicySpec<C extends object> {
  name: string;
  description: string;
  resourceType: string;
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  remediationSteps: string;
  /** The policy's own config keys (requireDeclared is added), each with its default where it has one. */
  config: { [K in keyof C]-?: ConfigProperty };
  /** The checks for a config (defaults applied). */
  checks(config: C & CommonConfig): Check[];
}

/** The policy's config: schema defaults, then what the policy config gives. Unknown keys are refused. */
export function resolveConfig<C extends object>(spec: BaselinePolicySpec<C>, given: Record<string, unknown>): C & CommonConfig {
  const properties: Record<string, ConfigProperty> = { ...spec.config, requireDeclared: REQUIRE_DECLARED };
  const unknownKeys = Object.keys(given).filter((k) => !(k in properties));
  if (unknownKeys.length > 0) {
    throw new Error(
      `policy config for ${spec.name} has unknown key${unknownKeys.length === 1 ? "" : "s"} ${unknownKeys.map((k) => JSON.stringify(k)).join(", ")} ` +
        `(known: ${Object.keys(properties).join(", ")})`,
    );
  }
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(properties)) {
    if (typeof schema === "object" && schema.default !== undefined) defaults[key] = schema.default;
  }
  return { ...defaults, ...given } as C & CommonConfig;
}

/** Runs a spec's checks on one resource's inputs. */
export function evaluate<C extends object>(spec: BaselinePolicySpec<C>, props: Record<string, unknown>, config: C & CommonConfig, report: (message: string) => void): void {
  const get: Get = (path) => lookup(props, path);
  // A value not known yet (preview) skips its check; the others still run. The first such
  // error is rethrown at the end, so the engine shows "can't run policy ... during preview"
  // next to the violations found; at `up` the value is known and the check runs.
  let notKnownYet: unknown;
  for (const check of spec.checks(config)) {
    try {
      if (check.applies && !check.applies(get)) continue;
      const setting = get(check.path);
      if (!setting.declared) {
        if (config.requireDeclared && !check.optional) report(`${check.path} is not managed (not declared); the baseline requires ${check.requirement}`);
        continue;
      }
      if (setting.value === REDACTED && check.violations(REDACTED, get).length > 0) {
        // Never a pass for what cannot be seen: a redacted secret is reported as unchecked.
        report(`${check.path} is a secret redacted in this analysis, so it cannot be checked; the baseline requires ${check.requirement} (analyze the stack itself, whose secrets the CLI decrypts: pulumi policy analyze --stack)`);
        continue;
      }
      for (const message of check.violations(setting.value, get)) report(message);
    } catch (err) {
      if (!isUnknownValueError(err)) throw err;
      notKnownYet ??= err;
    }
  }
  if (notKnownYet !== undefined) throw notKnownYet;
}

/** A @pulumi/policy resource policy from a spec; it applies to the spec's resource type only. */
export function toPolicy<C extends object>(spec: BaselinePolicySpec<C>): ResourceValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    severity: spec.severity,
    remediationSteps: spec.remediationSteps,
    configSchema: { properties: { ...(spec.config as Record<string, ConfigProperty>), requireDeclared: REQUIRE_DECLARED } },
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      if (args.type !== spec.resourceType && args.type !== PLUGIN_TYPES[spec.resourceType]) return;
      const config = resolveConfig(spec, args.getConfig<Record<string, unknown>>());
      evaluate(spec, args.props, config, (message) => reportViolation(message));
    },
  };
}

// ---------------------------------------------------------------------------------------
// Wickr

export interface PasswordLengthConfig {
  minLength: number;
}

export const wickrPasswordLength: BaselinePolicySpec<PasswordLengthConfig> = {
  name: "wickr-password-length",
  description: "Wickr passwords have a minimum length (securityGroupSettings.passwordRequirements.minLength).",
  resourceType: WICKR_SECURITY_GROUP,
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Set securityGroupSettings.passwordRequirements.minLength to at least the configured minimum.",
  config: {
    minLength: { type: "integer", minimum: 1, default: 12, description: "Smallest accepted passwordRequirements.minLength." },
  },
  checks: (c) => [atLeast(`${S}.passwordRequirements.minLength`, c.minLength)],
};

export interface PasswordCharacterClassesConfig {
  lowercase: number;
  uppercase: number;
  numbers: number;
  symbols: number;
}

const CHARACTER_CLASSES = ["lowercase", "uppercase", "numbers", "symbols"] as const;

export const wickrPasswordCharacterClasses: BaselinePolicySpec<PasswordCharacterClassesConfig> = {
  name: "wickr-password-character-classes",
  description: "Wickr passwords contain lowercase letters, uppercase letters, digits and symbols (securityGroupSettings.passwordRequirements.*).",
  resourceType: WICKR_SECURITY_GROUP,
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Set each securityGroupSettings.passwordRequirements member (lowercase, uppercase, numbers, symbols) to at least the configured minimum.",
  config: {
    lowercase: { type: "integer", minimum: 0, default: 1, description: "Smallest accepted passwordRequirements.lowercase (0: not checked)." },
    uppercase: { type: "integer", minimum: 0, default: 1, description: "Smallest accepted passwordRequirements.uppercase (0: not checked)." },
    numbers: { type: "integer", minimum: 0, default: 1, description: "Smallest accepted passwordRequirements.numbers (0: not checked)." },
    symbols: { type: "integer", minimum: 0, default: 1, description: "Smallest accepted passwordRequirements.symbols (0: not checked)." },
  },
  checks: (c) => CHARACTER_CLASSES.filter((k) => c[k] > 0).map((k) => atLeast(`${S}.passwordRequirements.${k}`, c[k])),
};

export interface LockoutThresholdConfig {
  maxLockoutThreshold: number;
}

export const wickrLockoutThreshold: BaselinePolicySpec<LockoutThresholdConfig> = {
  name: "wickr-lockout-threshold",
  description: "Wickr accounts lock after a few failed password attempts (securityGroupSettings.lockoutThreshold).",
  resourceType: WICKR_SECURITY_GROUP,
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Set securityGroupSettings.lockoutThreshold between 1 and the configured maximum.",
  config: {
    maxLockoutThreshold: { type: "integer", minimum: 1, default: 10, description: "Largest accepted lockoutThreshold (failed attempts)." },
  },
  checks: (c) => {
    const path = `${S}.lockoutThreshold`;
    const requirement = `between 1 and ${c.maxLockoutThreshold}`;
    return [
      {
        path,
        requirement,
        violations: (v) => {
          if (v === 0) return [violation(path, v, requirement, "(read as: never locks)")];
          return typeof v === "number" && v >= 1 && v <= c.maxLockoutThreshold ? [] : [violation(path, v, requirement)];
        },
      },
    ];
  },
};

export interface MessageExpiryConfig {
  maxTtlSeconds: number;
  maxBorSeconds: number;
}

export const wickrMessageExpiry: BaselinePolicySpec<MessageExpiryConfig> = {
  name: "wickr-message-expiry",
  description: "Wickr messages expire: bounded time-to-live (securityGroupSettings.maxTtl) and burn-on-read time (securityGroupSettings.maxBor).",
  resourceType: WICKR_SECURITY_GROUP,
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Set securityGroupSettings.maxTtl (1 or more) and maxBor no higher than the configured maxima (seconds).",
  config: {
    maxTtlSeconds: { type: "integer", minimum: 1, default: 2592000, description: "Largest accepted maxTtl, seconds (default 30 days)." },
    maxBorSeconds: { type: "integer", minimum: 0, default: 86400, description: "Largest accepted maxBor, seconds (default 1 day)." },
  },
  checks: (c) => {
    const ttl = `${S}.maxTtl`;
    const bor = `${S}.maxBor`;
    const ttlRequirement = `between 1 and ${seconds(c.maxTtlSeconds)}`;
    const borRequirement = `at most ${seconds(c.maxBorSeconds)}`;
    const secondsValue = (path: string, v: unknown, requirement: string, note?: string) =>
      `${path} is ${typeof v === "number" ? seconds(v) : show(v)}${note ? ` ${note}` : ""}; the baseline requires ${requirement}`;
    return [
      {
        path: ttl,
        requirement: ttlRequirement,
        violations: (v) => {
          if (v === 0) return [secondsValue(ttl, v, ttlRequirement, "(read as: no expiry)")];
          return typeof v === "number" && v <= c.maxTtlSeconds ? [] : [secondsValue(ttl, v, ttlRequirement)];
        },
      },
      {
        // 0 passes: no burn-on-read timer; the message still expires by maxTtl.
        path: bor,
        requirement: borRequirement,
        violations: (v) => (typeof v === "number" && v <= c.maxBorSeconds ? [] : [secondsValue(bor, v, borRequirement)]),
      },
    ];
  },
};

export interface ShredderConfig {
  minIntensity: number;
}

export const wickrShredderIntensity: BaselinePolicySpec<ShredderConfig> = {
  name: "wickr-shredder-intensity",
  description: "The Wickr message shredder overwrites deleted data thoroughly (securityGroupSettings.shredder.intensity).",
  resourceType: WICKR_SECURITY_GROUP,
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps: "Set securityGroupSettings.shredder.intensity to at least the configured minimum (one of 0, 20, 60, 100).",
  config: {
    minIntensity: { type: "integer", enum: [...SHREDDER_INTENSITIES], default: 60, description: "Smallest accepted shredder.intensity (0, 20, 60 or 100)." },
  },
  checks: (c) => [atLeast(`${S}.shredder.intensity`, c.minIntensity)],
};

export const wickrGuestFederation: BaselinePolicySpec<{}> = {
  name: "wickr-guest-federation",
  description: "Wickr users do not talk to guest users (securityGroupSettings.enableGuestFederation off).",
  resourceType: WICKR_SECURITY_GROUP,
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Set securityGroupSettings.enableGuestFederation to false (or set this policy's enforcementLevel where guests are intended).",
  config: {},
  checks: () => [equals(`${S}.enableGuestFederation`, false)],
};

/**
 * Which numbering of federationMode the team's service uses; the model's docs disagree (docs/evidence.md).
 * `member-doc`: 0 none, 1 federated with any network, 2 restricted to permittedNetworks;
 * `update-doc` (also the Terraform fork's): 0 local (any network), 1 restricted, 2 global;
 * `unknown`: not said, so every value that either reading calls unrestricted fails.
 */
export const FEDERATION_NUMBERINGS = ["unknown", "member-doc", "update-doc"] as const;
export type FederationNumbering = (typeof FEDERATION_NUMBERINGS)[number];

export interface FederationAllowListConfig {
  permittedNetworkIds: string[];
  restrictLocalFederation: boolean;
  federationNumbering: FederationNumbering;
}

/** What each reading calls each federationMode. */
const FEDERATION_MEANINGS: Record<Exclude<FederationNumbering, "unknown">, Record<number, { name: string; restricted: boolean }>> = {
  "member-doc": {
    0: { name: "none", restricted: true },
    1: { name: "federated with any network", restricted: false },
    2: { name: "restricted to permittedNetworks", restricted: true },
  },
  "update-doc": {
    0: { name: "local federation with any network", restricted: false },
    1: { name: "restricted to permittedNetworks", restricted: true },
    2: { name: "global federation", restricted: false },
  },
};

/** The federationMode check of a numbering: the values it calls restricted (or none) pass. */
function federationModeCheck(numbering: FederationNumbering): Check {
  const path = `${S}.federationMode`;
  if (numbering === "unknown" || !(numbering in FEDERATION_MEANINGS)) {
    const requirement =
      "a value no numbering calls unrestricted, and the model's two numberings leave none (member doc: 1 is unrestricted; update doc: 0 and 2 are): " +
      "set federationNumbering in this policy's config to the one your service uses";
    const note = (v: unknown) => {
      const readings = Object.entries(FEDERATION_MEANINGS)
        .filter(([, meanings]) => typeof v === "number" && meanings[v] !== undefined)
        .map(([reading, meanings]) => `${meanings[v as number].name} by the ${reading.replace("-", " ")}`);
      return readings.length > 0 ? `(${readings.join("; ")})` : undefined;
    };
    return { path, requirement, violations: (v) => [violation(path, v, requirement, note(v))] };
  }
  const meanings = FEDERATION_MEANINGS[numbering];
  const passing = Object.entries(meanings).filter(([, m]) => m.restricted);
  const requirement = `${passing.map(([value, m]) => `${value} (${m.name})`).join(" or ")}, numbered as the ${numbering.replace("-", " ")} numbers it`;
  return {
    path,
    requirement,
    violations: (v) => {
      const meaning = typeof v === "number" ? meanings[v] : undefined;
      if (meaning?.restricted) return [];
      return [violation(path, v, requirement, meaning ? `(${meaning.name})` : undefined)];
    },
  };
}

const NETWORK_LISTS = [
  { key: "permittedWickrAwsNetworks", id: (n: unknown) => (n as { networkId?: unknown }).networkId, suffix: ".networkId" },
  { key: "permittedWickrEnterpriseNetworks", id: (n: unknown) => (n as { networkId?: unknown }).networkId, suffix: ".networkId" },
  { key: "permittedNetworks", id: (n: unknown) => n, suffix: "" },
] as const;

export const wickrFederationAllowList: BaselinePolicySpec<FederationAllowListConfig> = {
  name: "wickr-federation-allow-list",
  description:
    "Wickr global federation only with an allow-list: globalFederation requires enableRestrictedGlobalFederation (talk only to the permitted networks); optionally an organisation-wide list of permitted network ids.",
  resourceType: WICKR_SECURITY_GROUP,
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "With securityGroupSettings.globalFederation true, set enableRestrictedGlobalFederation to true and list the partner networks in permittedWickrAwsNetworks / permittedWickrEnterpriseNetworks.",
  config: {
    permittedNetworkIds: {
      type: "array",
      items: { type: "string", pattern: "^[0-9]{8}$" },
      default: [],
      description: "When not empty: the only network ids the permitted network lists may name (empty: any).",
    },
    restrictLocalFederation: {
      type: "boolean",
      default: false,
      description:
        "Also refuse a federationMode that is not restricted to permittedNetworks (or none); which values those are depends on federationNumbering.",
    },
    federationNumbering: {
      type: "string",
      enum: [...FEDERATION_NUMBERINGS],
      default: "unknown",
      description:
        'The federationMode numbering your service uses: "member-doc" (0 none, 1 any network, 2 restricted: 0 and 2 pass), "update-doc" (0 local, 1 restricted, 2 global: 1 passes) or "unknown" (the documents disagree: every value fails).',
    },
  },
  checks: (c) => {
    const global = `${S}.globalFederation`;
    const restricted = `${S}.enableRestrictedGlobalFederation`;
    const checks: Check[] = [
      {
        path: global,
        requirement: `false, or true only with ${restricted} true (an allow-list of permitted networks)`,
        violations: (v, get) => {
          if (v !== true) return [];
          const r = get(restricted);
          if (r.value === true) return [];
          const state = r.declared ? `is ${show(r.value)}` : "is not declared";
          return [`${global} is true and ${restricted} ${state}; the baseline requires global federation only restricted to permitted networks (${restricted} true)`];
        },
      },
    ];
    if (c.restrictLocalFederation) checks.push(federationModeCheck(c.federationNumbering));
    if (c.permittedNetworkIds.length > 0) {
      const allowed = c.permittedNetworkIds;
      const requirement = `only the networks ${allowed.map(show).join(", ")}`;
      for (const list of NETWORK_LISTS) {
        const path = `${S}.${list.key}`;
        checks.push({
          path,
          requirement,
          optional: true,
          violations: (v) =>
            (Array.isArray(v) ? v : []).flatMap((entry, i) => {
              const id = list.id(entry);
              return typeof id === "string" && allowed.includes(id) ? [] : [violation(`${path}[${i}]${list.suffix}`, id, requirement)];
            }),
        });
      }
    }
    return checks;
  },
};

export interface FileDownloadConfig {
  allowFileDownload: boolean;
  maxAutoDownloadSize: number;
}

export const wickrFileDownload: BaselinePolicySpec<FileDownloadConfig> = {
  name: "wickr-file-download",
  description: "Wickr file downloads are limited (securityGroupSettings.enableFileDownload, securityGroupSettings.maxAutoDownloadSize).",
  resourceType: WICKR_SECURITY_GROUP,
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Keep securityGroupSettings.maxAutoDownloadSize at or below the configured maximum; set enableFileDownload to false where downloads are not allowed.",
  config: {
    allowFileDownload: { type: "boolean", default: true, description: "Whether enableFileDownload may be true." },
    maxAutoDownloadSize: {
      type: "integer",
      enum: [...MAX_AUTO_DOWNLOAD_SIZES],
      default: 512000,
      description: "Largest accepted maxAutoDownloadSize in bytes (512000 or 7340032).",
    },
  },
  checks: (c) => {
    const size = `${S}.maxAutoDownloadSize`;
    const checks: Check[] = [];
    if (!c.allowFileDownload) checks.push(equals(`${S}.enableFileDownload`, false));
    const requirement = `at most ${c.maxAutoDownloadSize}`;
    checks.push({
      path: size,
      requirement,
      // Only meaningful while downloads may be on (the provider refuses a size with download off).
      applies: (get) => get(`${S}.enableFileDownload`).value !== false,
      violations: (v) => (typeof v === "number" && v <= c.maxAutoDownloadSize ? [] : [violation(size, v, requirement)]),
    });
    return checks;
  },
};

// ---------------------------------------------------------------------------------------
// Commvault

export const commvaultTwoFactorAuthentication: BaselinePolicySpec<{}> = {
  name: "commvault-two-factor-authentication",
  description: "Commvault user groups require two-factor authentication (enableTwoFactorAuthentication \"ON\").",
  resourceType: COMMVAULT_USER_GROUP,
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps: "Set enableTwoFactorAuthentication to \"ON\".",
  config: {},
  checks: () => [equals("enableTwoFactorAuthentication", "ON")],
};

export interface QuotaConfig {
  maxQuotaLimitInGB?: number;
}

export const commvaultQuotaEnforced: BaselinePolicySpec<QuotaConfig> = {
  name: "commvault-quota-enforced",
  description: "Commvault user groups enforce a data quota (enforceFSQuota true; optionally quotaLimitInGB at most a maximum).",
  resourceType: COMMVAULT_USER_GROUP,
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Set enforceFSQuota to true and quotaLimitInGB to the group's quota (no more than the configured maximum).",
  config: {
    maxQuotaLimitInGB: { type: "integer", minimum: 1, description: "When set: the largest accepted quotaLimitInGB (no default: not checked)." },
  },
  checks: (c) => {
    const checks: Check[] = [equals("enforceFSQuota", true)];
    if (c.maxQuotaLimitInGB !== undefined) {
      const max = c.maxQuotaLimitInGB;
      const requirement = `at most ${max}`;
      checks.push({ path: "quotaLimitInGB", requirement, applies: (get) => get("enforceFSQuota").value !== false, violations: (v) => (typeof v === "number" && v <= max ? [] : [violation("quotaLimitInGB", v, requirement)]) });
    }
    return checks;
  },
};

export const commvaultMultiCompanyMembers: BaselinePolicySpec<{}> = {
  name: "commvault-multi-company-members",
  description: "Commvault user groups do not take members from child companies (allowMultipleCompanyMembers off).",
  resourceType: COMMVAULT_USER_GROUP,
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Set allowMultipleCompanyMembers to false.",
  config: {},
  checks: () => [equals("allowMultipleCompanyMembers", false)],
};

export interface ConsoleRestrictionsConfig {
  requiredRestrictedConsoleTypes: string[];
}

export const commvaultConsoleRestrictions: BaselinePolicySpec<ConsoleRestrictionsConfig> = {
  name: "commvault-console-restrictions",
  description: "Commvault user groups are kept off the consoles they do not need (the required console types are in restrictConsoleTypes).",
  resourceType: COMMVAULT_USER_GROUP,
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps: "Add the missing console types to restrictConsoleTypes.",
  config: {
    requiredRestrictedConsoleTypes: {
      type: "array",
      items: { type: "string", enum: [...CONSOLE_TYPES] },
      uniqueItems: true,
      default: ["COMMCELLCONSOLE"],
      description: "Console types restrictConsoleTypes must contain.",
    },
  },
  checks: (c) => {
    const required = c.requiredRestrictedConsoleTypes;
    if (required.length === 0) return [];
    const requirement = `it to include ${required.map(show).join(", ")}`;
    return [
      {
        path: "restrictConsoleTypes",
        requirement,
        violations: (v) => {
          const present = Array.isArray(v) ? v : [];
          const missing = required.filter((t) => !present.includes(t));
          return missing.length === 0 ? [] : [violation("restrictConsoleTypes", v, `it to include ${missing.map(show).join(", ")}`)];
        },
      },
    ];
  },
};

// ---------------------------------------------------------------------------------------

/** Every spec of the baseline, in the order the README lists them. */
export const BASELINE_SPECS: ReadonlyArray<BaselinePolicySpec<any>> = [
  wickrPasswordLength,
  wickrPasswordCharacterClasses,
  wickrLockoutThreshold,
  wickrMessageExpiry,
  wickrShredderIntensity,
  wickrGuestFederation,
  wickrFederationAllowList,
  wickrFileDownload,
  commvaultTwoFactorAuthentication,
  commvaultQuotaEnforced,
  commvaultMultiCompanyMembers,
  commvaultConsoleRestrictions,
];

export const baselinePolicies: ResourceValidationPolicy[] = BASELINE_SPECS.map(toPolicy);
