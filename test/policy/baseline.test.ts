// The baseline's policies run directly (no engine): what each one reports for compliant,
// violating and undeclared settings, how config tunes it, values not known during preview,
// and that the pack's paths and value sets match the provider's schemas and its README.
import * as fs from "node:fs";
import * as path from "node:path";
import * as policySdk from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import {
  BASELINE_SPECS,
  baselinePolicies,
  BaselinePolicySpec,
  COMMVAULT_USER_GROUP,
  CONSOLE_TYPES,
  MAX_AUTO_DOWNLOAD_SIZES,
  PLUGIN_TYPES,
  REDACTED,
  resolveConfig,
  seconds,
  SHREDDER_INTENSITIES,
  WICKR_SECURITY_GROUP,
} from "../../policy/baseline";
import { arrayItem, objectShape, unwrap } from "../../provider/core/schema";
import { commvaultUserGroupInputs, CONSOLE_TYPES as PROVIDER_CONSOLE_TYPES } from "../../provider/commvault/schema";
import {
  MAX_AUTO_DOWNLOAD_SIZES as PROVIDER_DOWNLOAD_SIZES,
  SHREDDER_INTENSITIES as PROVIDER_INTENSITIES,
  wickrSecurityGroupInputs,
} from "../../provider/wickr/schema";

// Not in @pulumi/policy's type declarations, but exported: the proxy the analyzer wraps
// inputs in, and the sentinels that stand for values not known during preview.
const sdk = policySdk as unknown as { unknownCheckingProxy(props: object): Record<string, unknown> };
const { unknownNumberValue: UNKNOWN_NUMBER, unknownObjectValue: UNKNOWN_OBJECT } = policyProxy as unknown as Record<string, string>;

interface Outcome {
  messages: string[];
  error?: Error;
}

function policy(name: string): ResourceValidationPolicy {
  const p = baselinePolicies.find((x) => x.name === name);
  if (!p) throw new Error(`no policy ${name}`);
  return p;
}

/** Runs one policy on one resource's inputs as the analyzer would (inputs behind the unknown-checking proxy). */
async function run(name: string, props: Record<string, unknown>, config: Record<string, unknown> = {}, type?: string): Promise<Outcome> {
  const p = policy(name);
  const spec = BASELINE_SPECS.find((s) => s.name === name)!;
  const messages: string[] = [];
  const args = {
    type: type ?? spec.resourceType,
    props: sdk.unknownCheckingProxy(props),
    urn: `urn:pulumi:test::test::${type ?? spec.resourceType}::r`,
    name: "r",
    getConfig: () => config,
  } as unknown as policySdk.ResourceValidationArgs;
  const validate = p.validateResource as policySdk.ResourceValidation;
  try {
    await validate(args, (message: string) => messages.push(message));
    return { messages };
  } catch (err) {
    return { messages, error: err as Error };
  }
}

const wickr = (settings: Record<string, unknown>) => ({ networkId: "12345678", name: "g", securityGroupSettings: settings });
const commvault = (props: Record<string, unknown>) => ({ name: "ops", ...props });

describe("policy metadata", () => {
  it("has one policy per spec, unique names, mandatory core and advisory rest", () => {
    expect(baselinePolicies.map((p) => p.name)).toEqual(BASELINE_SPECS.map((s) => s.name));
    expect(new Set(baselinePolicies.map((p) => p.name)).size).toBe(baselinePolicies.length);
    const mandatory = baselinePolicies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name);
    expect(mandatory.sort()).toEqual(
      ["commvault-two-factor-authentication", "wickr-federation-allow-list", "wickr-guest-federation", "wickr-lockout-threshold", "wickr-password-length"].sort(),
    );
    expect(baselinePolicies.filter((p) => p.enforcementLevel !== "mandatory").every((p) => p.enforcementLevel === "advisory")).toBe(true);
    for (const p of baselinePolicies) expect(p.configSchema?.properties.requireDeclared).toMatchObject({ type: "boolean", default: false });
  });

  it("applies each policy to its own resource type only", async () => {
    for (const spec of BASELINE_SPECS) {
      const other = spec.resourceType === WICKR_SECURITY_GROUP ? COMMVAULT_USER_GROUP : WICKR_SECURITY_GROUP;
      const out = await run(spec.name, { enableTwoFactorAuthentication: "OFF", securityGroupSettings: { lockoutThreshold: 99 } }, { requireDeclared: true }, other);
      expect(out).toEqual({ messages: [] });
    }
  });

  it("refuses unknown config keys, naming the known ones", async () => {
    const out = await run("wickr-password-length", wickr({ passwordRequirements: { minLength: 20 } }), { minLenght: 8 });
    expect(out.error?.message).toBe('policy config for wickr-password-length has unknown key "minLenght" (known: minLength, requireDeclared)');
  });

  it("fills config defaults from the config schema", () => {
    const spec = BASELINE_SPECS.find((s) => s.name === "wickr-message-expiry")!;
    expect(resolveConfig(spec, {})).toEqual({ maxTtlSeconds: 2592000, maxBorSeconds: 86400, requireDeclared: false });
    expect(resolveConfig(spec, { maxBorSeconds: 60 })).toEqual({ maxTtlSeconds: 2592000, maxBorSeconds: 60, requireDeclared: false });
  });

  it("shows durations readably", () => {
    expect([seconds(0), seconds(604800), seconds(86400), seconds(7200), seconds(60), seconds(90), seconds(1)]).toEqual([
      "0",
      "604800 (7 days)",
      "86400 (1 day)",
      "7200 (2 hours)",
      "60 (1 minute)",
      "90 (90 seconds)",
      "1 (1 second)",
    ]);
  });
});

describe("both faces' type tokens (the dynamic classes and the provider plugin)", () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    [WICKR_SECURITY_GROUP, wickr({ passwordRequirements: { minLength: 6, lowercase: 0 }, lockoutThreshold: 50, shredder: { intensity: 0 }, enableGuestFederation: true, globalFederation: true })],
    [WICKR_SECURITY_GROUP, wickr({ passwordRequirements: REDACTED })],
    [WICKR_SECURITY_GROUP, wickr({})],
    [COMMVAULT_USER_GROUP, commvault({ enableTwoFactorAuthentication: false, allowMultipleCompanyMembers: true })],
    [COMMVAULT_USER_GROUP, commvault({})],
  ];
  it("every policy reports the same for either token, and nothing for another type", async () => {
    let reported = 0;
    for (const spec of BASELINE_SPECS) {
      for (const [type, props] of cases) {
        if (spec.resourceType !== type) continue;
        for (const config of [{}, { requireDeclared: true }]) {
          const dynamic = await run(spec.name, props, config, type);
          const plugin = await run(spec.name, props, config, PLUGIN_TYPES[type]);
          expect(plugin).toEqual(dynamic);
          reported += dynamic.messages.length;
          expect(await run(spec.name, props, config, "aws:s3/bucket:Bucket")).toEqual({ messages: [] });
        }
      }
    }
    // The cases do violate policies (the comparison is not of empty results only).
    expect(reported).toBeGreaterThan(10);
    expect(PLUGIN_TYPES).toEqual({ [WICKR_SECURITY_GROUP]: "wickr-commvault:index:WickrSecurityGroup", [COMMVAULT_USER_GROUP]: "wickr-commvault:index:CommvaultUserGroup" });
  });
});

describe("wickr policies", () => {
  it("wickr-password-length: path, value and threshold in the message; config changes the threshold", async () => {
    expect((await run("wickr-password-length", wickr({ passwordRequirements: { minLength: 6 } }))).messages).toEqual([
      "securityGroupSettings.passwordRequirements.minLength is 6; the baseline requires at least 12",
    ]);
    expect((await run("wickr-password-length", wickr({ passwordRequirements: { minLength: 12 } }))).messages).toEqual([]);
    expect((await run("wickr-password-length", wickr({ passwordRequirements: { minLength: 6 } }), { minLength: 6 })).messages).toEqual([]);
    expect((await run("wickr-password-length", wickr({ passwordRequirements: { minLength: 12 } }), { minLength: 16 })).messages).toEqual([
      "securityGroupSettings.passwordRequirements.minLength is 12; the baseline requires at least 16",
    ]);
  });

  it("skips undeclared settings unless requireDeclared asks for them", async () => {
    for (const props of [wickr({}), { networkId: "12345678", adopt: "default" }, wickr({ passwordRequirements: { symbols: 2 } })]) {
      expect(await run("wickr-password-length", props)).toEqual({ messages: [] });
      expect((await run("wickr-password-length", props, { requireDeclared: true })).messages).toEqual([
        "securityGroupSettings.passwordRequirements.minLength is not managed (not declared); the baseline requires at least 12",
      ]);
    }
  });

  it("wickr-password-character-classes: one message per class; 0 in config drops a class", async () => {
    const weak = wickr({ passwordRequirements: { minLength: 6, lowercase: 0, uppercase: 0, numbers: 0, symbols: 0 } });
    expect((await run("wickr-password-character-classes", weak)).messages).toEqual([
      "securityGroupSettings.passwordRequirements.lowercase is 0; the baseline requires at least 1",
      "securityGroupSettings.passwordRequirements.uppercase is 0; the baseline requires at least 1",
      "securityGroupSettings.passwordRequirements.numbers is 0; the baseline requires at least 1",
      "securityGroupSettings.passwordRequirements.symbols is 0; the baseline requires at least 1",
    ]);
    expect((await run("wickr-password-character-classes", weak, { lowercase: 0, uppercase: 0, numbers: 0, symbols: 0 })).messages).toEqual([]);
    expect((await run("wickr-password-character-classes", wickr({ passwordRequirements: { symbols: 1 } }), { symbols: 2, lowercase: 0, uppercase: 0, numbers: 0 })).messages).toEqual([
      "securityGroupSettings.passwordRequirements.symbols is 1; the baseline requires at least 2",
    ]);
    expect((await run("wickr-password-character-classes", wickr({ passwordRequirements: { lowercase: 1 } }), { requireDeclared: true })).messages).toEqual([
      "securityGroupSettings.passwordRequirements.uppercase is not managed (not declared); the baseline requires at least 1",
      "securityGroupSettings.passwordRequirements.numbers is not managed (not declared); the baseline requires at least 1",
      "securityGroupSettings.passwordRequirements.symbols is not managed (not declared); the baseline requires at least 1",
    ]);
  });

  it("wickr-lockout-threshold: a maximum, and 0 never passes", async () => {
    expect((await run("wickr-lockout-threshold", wickr({ lockoutThreshold: 20 }))).messages).toEqual([
      "securityGroupSettings.lockoutThreshold is 20; the baseline requires between 1 and 10",
    ]);
    expect((await run("wickr-lockout-threshold", wickr({ lockoutThreshold: 0 }))).messages).toEqual([
      "securityGroupSettings.lockoutThreshold is 0 (read as: never locks); the baseline requires between 1 and 10",
    ]);
    expect((await run("wickr-lockout-threshold", wickr({ lockoutThreshold: 10 }))).messages).toEqual([]);
    expect((await run("wickr-lockout-threshold", wickr({ lockoutThreshold: 20 }), { maxLockoutThreshold: 20 })).messages).toEqual([]);
  });

  it("wickr-message-expiry: maxTtl and maxBor maxima in seconds; maxTtl 0 fails, maxBor 0 passes", async () => {
    expect((await run("wickr-message-expiry", wickr({ maxTtl: 31536000, maxBor: 604800 }))).messages).toEqual([
      "securityGroupSettings.maxTtl is 31536000 (365 days); the baseline requires between 1 and 2592000 (30 days)",
      "securityGroupSettings.maxBor is 604800 (7 days); the baseline requires at most 86400 (1 day)",
    ]);
    expect((await run("wickr-message-expiry", wickr({ maxTtl: 0, maxBor: 0 }))).messages).toEqual([
      "securityGroupSettings.maxTtl is 0 (read as: no expiry); the baseline requires between 1 and 2592000 (30 days)",
    ]);
    expect((await run("wickr-message-expiry", wickr({ maxTtl: 604800, maxBor: 86400 }))).messages).toEqual([]);
    expect((await run("wickr-message-expiry", wickr({ maxTtl: 31536000 }), { maxTtlSeconds: 31536000 })).messages).toEqual([]);
  });

  it("wickr-shredder-intensity: a minimum intensity", async () => {
    expect((await run("wickr-shredder-intensity", wickr({ shredder: { intensity: 20 } }))).messages).toEqual([
      "securityGroupSettings.shredder.intensity is 20; the baseline requires at least 60",
    ]);
    expect((await run("wickr-shredder-intensity", wickr({ shredder: { intensity: 100 } }))).messages).toEqual([]);
    expect((await run("wickr-shredder-intensity", wickr({ shredder: { intensity: 20 } }), { minIntensity: 20 })).messages).toEqual([]);
    expect((await run("wickr-shredder-intensity", wickr({ shredder: { canProcessManually: true } }), { requireDeclared: true })).messages).toEqual([
      "securityGroupSettings.shredder.intensity is not managed (not declared); the baseline requires at least 60",
    ]);
  });

  it("wickr-guest-federation: guest federation off", async () => {
    expect((await run("wickr-guest-federation", wickr({ globalFederation: true, enableGuestFederation: true }))).messages).toEqual([
      "securityGroupSettings.enableGuestFederation is true; the baseline requires false",
    ]);
    expect((await run("wickr-guest-federation", wickr({ enableGuestFederation: false }))).messages).toEqual([]);
  });

  it("wickr-federation-allow-list: global federation only restricted; optional allow-list and local federation", async () => {
    const P = "wickr-federation-allow-list";
    expect((await run(P, wickr({ globalFederation: true }))).messages).toEqual([
      "securityGroupSettings.globalFederation is true and securityGroupSettings.enableRestrictedGlobalFederation is not declared; the baseline requires global federation only restricted to permitted networks (securityGroupSettings.enableRestrictedGlobalFederation true)",
    ]);
    expect((await run(P, wickr({ globalFederation: true, enableRestrictedGlobalFederation: false }))).messages).toEqual([
      "securityGroupSettings.globalFederation is true and securityGroupSettings.enableRestrictedGlobalFederation is false; the baseline requires global federation only restricted to permitted networks (securityGroupSettings.enableRestrictedGlobalFederation true)",
    ]);
    const restricted = wickr({
      globalFederation: true,
      enableRestrictedGlobalFederation: true,
      permittedWickrAwsNetworks: [
        { region: "us-east-1", networkId: "11223344" },
        { region: "eu-west-1", networkId: "99999999" },
      ],
      permittedWickrEnterpriseNetworks: [{ domain: "partner.example", networkId: "22334455" }],
      federationMode: 1,
    });
    expect((await run(P, restricted)).messages).toEqual([]);
    expect((await run(P, wickr({ globalFederation: false }))).messages).toEqual([]);
    expect((await run(P, restricted, { permittedNetworkIds: ["11223344", "22334455"], restrictLocalFederation: true, federationNumbering: "member-doc" })).messages).toEqual([
      "securityGroupSettings.federationMode is 1 (federated with any network); the baseline requires 0 (none) or 2 (restricted to permittedNetworks), numbered as the member doc numbers it",
      'securityGroupSettings.permittedWickrAwsNetworks[1].networkId is "99999999"; the baseline requires only the networks "11223344", "22334455"',
    ]);
    expect((await run(P, wickr({ federationMode: 2, permittedNetworks: ["11223344", "55667788"] }), { permittedNetworkIds: ["11223344"] })).messages).toEqual([
      'securityGroupSettings.permittedNetworks[1] is "55667788"; the baseline requires only the networks "11223344"',
    ]);
    // The permitted lists are never "not managed"; globalFederation is.
    expect((await run(P, wickr({}), { requireDeclared: true, permittedNetworkIds: ["11223344"] })).messages).toEqual([
      "securityGroupSettings.globalFederation is not managed (not declared); the baseline requires false, or true only with securityGroupSettings.enableRestrictedGlobalFederation true (an allow-list of permitted networks)",
    ]);
  });

  it("wickr-federation-allow-list, restrictLocalFederation: never passes what either federationMode numbering calls unrestricted (issue 20)", async () => {
    const P = "wickr-federation-allow-list";
    const mode = async (federationMode: number, federationNumbering?: string) =>
      (await run(P, wickr({ federationMode, permittedNetworks: ["11223344"] }), { restrictLocalFederation: true, ...(federationNumbering ? { federationNumbering } : {}) })).messages;
    // Not told (the default "unknown"): each value is unrestricted in one reading, so each fails, saying how to tell.
    expect(await mode(2)).toEqual([
      "securityGroupSettings.federationMode is 2 (restricted to permittedNetworks by the member doc; global federation by the update doc); " +
        "the baseline requires a value no numbering calls unrestricted, and the model's two numberings leave none (member doc: 1 is unrestricted; update doc: 0 and 2 are): " +
        "set federationNumbering in this policy's config to the one your service uses",
    ]);
    for (const value of [0, 1]) expect(await mode(value)).toHaveLength(1);
    expect(await mode(0, "unknown")).toHaveLength(1);
    // The member doc: 0 none and 2 restricted pass, 1 fails.
    expect(await mode(0, "member-doc")).toEqual([]);
    expect(await mode(2, "member-doc")).toEqual([]);
    expect(await mode(1, "member-doc")).toEqual([
      "securityGroupSettings.federationMode is 1 (federated with any network); the baseline requires 0 (none) or 2 (restricted to permittedNetworks), numbered as the member doc numbers it",
    ]);
    // The update doc (and the Terraform fork): 1 restricted passes; 2 global and 0 local fail.
    expect(await mode(1, "update-doc")).toEqual([]);
    expect(await mode(2, "update-doc")).toEqual([
      "securityGroupSettings.federationMode is 2 (global federation); the baseline requires 1 (restricted to permittedNetworks), numbered as the update doc numbers it",
    ]);
    expect(await mode(0, "update-doc")).toEqual([
      "securityGroupSettings.federationMode is 0 (local federation with any network); the baseline requires 1 (restricted to permittedNetworks), numbered as the update doc numbers it",
    ]);
    // Off (the default), federationMode is not looked at.
    expect((await run(P, wickr({ federationMode: 2 }))).messages).toEqual([]);
  });

  it("wickr-file-download: a size maximum; downloads can be refused", async () => {
    const P = "wickr-file-download";
    expect((await run(P, wickr({ enableFileDownload: true, maxAutoDownloadSize: 7340032 }))).messages).toEqual([
      "securityGroupSettings.maxAutoDownloadSize is 7340032; the baseline requires at most 512000",
    ]);
    expect((await run(P, wickr({ enableFileDownload: true, maxAutoDownloadSize: 512000 }))).messages).toEqual([]);
    expect((await run(P, wickr({ enableFileDownload: true, maxAutoDownloadSize: 7340032 }), { maxAutoDownloadSize: 7340032 })).messages).toEqual([]);
    expect((await run(P, wickr({ enableFileDownload: true, maxAutoDownloadSize: 512000 }), { allowFileDownload: false })).messages).toEqual([
      "securityGroupSettings.enableFileDownload is true; the baseline requires false",
    ]);
    // With downloads off there is no size to manage.
    expect((await run(P, wickr({ enableFileDownload: false }), { allowFileDownload: false, requireDeclared: true })).messages).toEqual([]);
    expect((await run(P, wickr({}), { requireDeclared: true })).messages).toEqual([
      "securityGroupSettings.maxAutoDownloadSize is not managed (not declared); the baseline requires at most 512000",
    ]);
  });
});

describe("commvault policies", () => {
  it("commvault-two-factor-authentication", async () => {
    expect((await run("commvault-two-factor-authentication", commvault({ enableTwoFactorAuthentication: "OFF" }))).messages).toEqual([
      'enableTwoFactorAuthentication is "OFF"; the baseline requires "ON"',
    ]);
    expect((await run("commvault-two-factor-authentication", commvault({ enableTwoFactorAuthentication: "ON" }))).messages).toEqual([]);
    expect((await run("commvault-two-factor-authentication", commvault({}), { requireDeclared: true })).messages).toEqual([
      'enableTwoFactorAuthentication is not managed (not declared); the baseline requires "ON"',
    ]);
  });

  it("commvault-quota-enforced: quota on, optional maximum", async () => {
    const P = "commvault-quota-enforced";
    expect((await run(P, commvault({ enforceFSQuota: false }))).messages).toEqual(["enforceFSQuota is false; the baseline requires true"]);
    expect((await run(P, commvault({ enforceFSQuota: true, quotaLimitInGB: 5000 }))).messages).toEqual([]);
    expect((await run(P, commvault({ enforceFSQuota: true, quotaLimitInGB: 5000 }), { maxQuotaLimitInGB: 1000 })).messages).toEqual([
      "quotaLimitInGB is 5000; the baseline requires at most 1000",
    ]);
    expect((await run(P, commvault({ enforceFSQuota: true }), { maxQuotaLimitInGB: 1000, requireDeclared: true })).messages).toEqual([
      "quotaLimitInGB is not managed (not declared); the baseline requires at most 1000",
    ]);
  });

  it("commvault-multi-company-members", async () => {
    expect((await run("commvault-multi-company-members", commvault({ allowMultipleCompanyMembers: true }))).messages).toEqual([
      "allowMultipleCompanyMembers is true; the baseline requires false",
    ]);
    expect((await run("commvault-multi-company-members", commvault({ allowMultipleCompanyMembers: false }))).messages).toEqual([]);
  });

  it("commvault-console-restrictions: required console types present", async () => {
    const P = "commvault-console-restrictions";
    expect((await run(P, commvault({ restrictConsoleTypes: ["API", "WEBCONSOLE"] }))).messages).toEqual([
      'restrictConsoleTypes is ["API","WEBCONSOLE"]; the baseline requires it to include "COMMCELLCONSOLE"',
    ]);
    expect((await run(P, commvault({ restrictConsoleTypes: ["COMMCELLCONSOLE"] }))).messages).toEqual([]);
    expect((await run(P, commvault({ restrictConsoleTypes: ["COMMCELLCONSOLE"] }), { requiredRestrictedConsoleTypes: ["COMMCELLCONSOLE", "MOBILE", "API"] })).messages).toEqual([
      'restrictConsoleTypes is ["COMMCELLCONSOLE"]; the baseline requires it to include "MOBILE", "API"',
    ]);
    expect((await run(P, commvault({}), { requiredRestrictedConsoleTypes: [], requireDeclared: true })).messages).toEqual([]);
  });
});

describe("values not known during preview", () => {
  it("checks what is known and then reports the unknown value as @pulumi/policy does", async () => {
    const out = await run("wickr-message-expiry", wickr({ maxTtl: UNKNOWN_NUMBER, maxBor: 604800 }));
    expect(out.messages).toEqual(["securityGroupSettings.maxBor is 604800 (7 days); the baseline requires at most 86400 (1 day)"]);
    expect(out.error?.constructor.name).toBe("UnknownValueError");
    expect(out.error?.message).toBe("number value at .securityGroupSettings.maxTtl can't be known during preview");
  });

  it("a fully unknown settings object is reported once", async () => {
    const out = await run("wickr-password-character-classes", { networkId: "12345678", securityGroupSettings: UNKNOWN_OBJECT });
    expect(out.messages).toEqual([]);
    expect(out.error?.constructor.name).toBe("UnknownValueError");
  });
});

describe("the pack agrees with the provider's schemas", () => {
  /** Every check any config can produce (all optional checks switched on). */
  function allCheckPaths(): Array<{ type: string; path: string }> {
    const full: Record<string, unknown> = {
      permittedNetworkIds: ["11223344"],
      restrictLocalFederation: true,
      allowFileDownload: false,
      maxQuotaLimitInGB: 10,
    };
    return BASELINE_SPECS.flatMap((spec: BaselinePolicySpec<any>) => {
      const given = Object.fromEntries(Object.entries(full).filter(([k]) => k in spec.config));
      return spec.checks(resolveConfig(spec, given)).map((c) => ({ type: spec.resourceType, path: c.path }));
    });
  }

  function resolve(shape: Record<string, z.ZodType>, path: string): z.ZodType | undefined {
    let current: Record<string, z.ZodType> | undefined = shape;
    let schema: z.ZodType | undefined;
    for (const segment of path.split(".")) {
      schema = current?.[segment];
      if (!schema) return undefined;
      current = objectShape(schema);
    }
    return schema;
  }

  it("every checked path is an input of its resource", () => {
    const paths = allCheckPaths();
    expect(paths.length).toBeGreaterThan(15);
    for (const { type, path: p } of paths) {
      const shape = (type === WICKR_SECURITY_GROUP ? wickrSecurityGroupInputs : commvaultUserGroupInputs).shape as unknown as Record<string, z.ZodType>;
      expect([p, resolve(shape, p) !== undefined]).toEqual([p, true]);
    }
  });

  it("the config value sets are the provider's", () => {
    expect([...SHREDDER_INTENSITIES]).toEqual([...PROVIDER_INTENSITIES]);
    expect([...MAX_AUTO_DOWNLOAD_SIZES]).toEqual([...PROVIDER_DOWNLOAD_SIZES]);
    expect([...CONSOLE_TYPES]).toEqual([...PROVIDER_CONSOLE_TYPES]);
    const item = arrayItem((commvaultUserGroupInputs.shape as unknown as Record<string, z.ZodType>).restrictConsoleTypes);
    expect(unwrap(item!).safeParse("COMMCELLCONSOLE").success).toBe(true);
  });
});

describe("policy/README.md", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "policy", "README.md"), "utf8");

  it("documents every policy with its enforcement level, and every config key with its default", () => {
    for (const spec of BASELINE_SPECS) {
      const section = readme.split(/^### /m).find((s) => s.startsWith(`\`${spec.name}\``));
      expect([spec.name, section !== undefined]).toEqual([spec.name, true]);
      expect(section).toContain(`**${spec.enforcementLevel}**`);
      for (const [key, schema] of Object.entries(spec.config as Record<string, { default?: unknown }>)) {
        const documented = schema.default === undefined ? `| \`${key}\` |` : `| \`${key}\` | \`${JSON.stringify(schema.default)}\` |`;
        expect([spec.name, key, section!.includes(documented)]).toEqual([spec.name, key, true]);
      }
    }
  });
});
