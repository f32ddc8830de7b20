// Wickr provider configuration: stack config `wickr:*` with the usual AWS environment
// fallbacks. Credentials come from the standard AWS provider chain, never from inputs.
import { ConfigSource, readBooleanSetting, readHttpOptions, readSetting } from "../core/config";

export interface WickrConfig {
  region: string;
  endpoint: string;
  profile?: string;
  /**
   * Program names of WickrSecurityGroup resources whose earlier group was destroyed while the
   * service may still remember its create's client token: their create steps past an answered
   * group that the service does not show, instead of failing. Set for one run when an error says so.
   */
  newCreateTokens: string[];
  http: ReturnType<typeof readHttpOptions>;
}

/** The public endpoint of the Wickr admin API for a region (the model's endpoint rules). */
export function defaultEndpoint(region: string, useFips = false): string {
  const host = useFips ? "admin.wickr-fips" : "admin.wickr";
  if (region.startsWith("cn-")) return `https://${host}.${region}.amazonaws.com.cn`;
  if (region.startsWith("us-iso-")) return `https://${host}.${region}.c2s.ic.gov`;
  if (region.startsWith("us-isob-")) return `https://${host}.${region}.sc2s.sgov.gov`;
  return `https://${host}.${region}.amazonaws.com`;
}

export function readWickrConfig(source: ConfigSource): WickrConfig {
  const region = readSetting(source, { key: "wickr:region", env: ["AWS_REGION", "AWS_DEFAULT_REGION"] });
  const explicitEndpoint = readSetting(source, { key: "wickr:endpoint", env: ["WICKR_ENDPOINT", "AWS_ENDPOINT_URL_WICKR", "AWS_ENDPOINT_URL"] });
  const useFips = readBooleanSetting(source, { key: "wickr:useFipsEndpoint", env: ["AWS_USE_FIPS_ENDPOINT"] }) ?? false;
  if (!region) {
    throw new Error("Wickr: no region configured; set `pulumi config set wickr:region <region>` or AWS_REGION.");
  }
  if (explicitEndpoint && useFips) {
    throw new Error("Wickr: Invalid Configuration: FIPS and custom endpoint are not supported.");
  }
  return {
    region,
    endpoint: explicitEndpoint ?? defaultEndpoint(region, useFips),
    profile: readSetting(source, { key: "wickr:profile", env: ["AWS_PROFILE"] }),
    newCreateTokens: (readSetting(source, { key: "wickr:newCreateTokens", env: ["WICKR_NEW_CREATE_TOKENS"] }) ?? "")
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name.length > 0),
    http: readHttpOptions(source, "wickr", "WICKR"),
  };
}
