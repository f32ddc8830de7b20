// The plugin's configuration: the same settings the dynamic provider reads from `wickr:*` and
// `commvault:*`, under the plugin's own namespace (the engine gives a provider only the config
// of its package): `wickr:region` is `wickr-commvault:wickrRegion`, `commvault:password` is
// `wickr-commvault:commvaultPassword`, and so on. The environment fallbacks are the same
// (AWS_REGION, COMMVAULT_URL, ...): the core's readers apply them.
import type { ConfigSource } from "../core/config";
import type { Props } from "../core/definition";

/** The plugin's property for a core setting key: `wickr:region` → `wickrRegion`. */
export function pluginKey(coreKey: string): string {
  const [namespace, name] = coreKey.split(":", 2);
  return name === undefined ? coreKey : `${namespace}${name[0].toUpperCase()}${name.slice(1)}`;
}

/**
 * The stack's configuration as the core's readers ask for it. `args`: the Configure request's
 * properties (secrets already revealed); `variables`: its `<package>:config:<key>` map.
 */
export function pluginConfigSource(pkg: string, args: Props, variables: ReadonlyMap<string, string>): ConfigSource {
  return {
    get(key: string): string | undefined {
      const name = pluginKey(key);
      const value = args[name];
      if (value !== undefined && value !== null) return typeof value === "string" ? value : JSON.stringify(value);
      return variables.get(`${pkg}:config:${name}`) ?? variables.get(`${pkg}:${name}`);
    },
  };
}

/** Every setting the plugin takes (the schema's `config` section): core key, description, secret. */
export const CONFIG_SETTINGS: ReadonlyArray<{ key: string; description: string; secret?: boolean; type?: "string" | "number" | "boolean" }> = [
  { key: "wickr:region", description: "AWS region of the Wickr admin API (else AWS_REGION, AWS_DEFAULT_REGION)." },
  { key: "wickr:endpoint", description: "Endpoint of the Wickr admin API (else WICKR_ENDPOINT, AWS_ENDPOINT_URL_WICKR, AWS_ENDPOINT_URL; default: the region's public endpoint)." },
  { key: "wickr:useFipsEndpoint", description: "Use the region's FIPS endpoint (else AWS_USE_FIPS_ENDPOINT).", type: "boolean" },
  { key: "wickr:newCreateTokens", description: "For one run, when an error asks for it: comma-separated resource names (as the program names them) whose earlier group was destroyed while the service may still remember its create's client token (else WICKR_NEW_CREATE_TOKENS)." },
  { key: "wickr:profile", description: "AWS profile of the credentials (else AWS_PROFILE); credentials come from the standard AWS chain." },
  { key: "commvault:url", description: "Commvault REST API URL, e.g. https://<commserve>/commandcenter/api (else COMMVAULT_URL)." },
  { key: "commvault:username", description: "Commvault user name (else COMMVAULT_USERNAME)." },
  { key: "commvault:password", description: "Commvault password (else COMMVAULT_PASSWORD).", secret: true },
  { key: "commvault:token", description: "Commvault API token, instead of user name and password (else COMMVAULT_TOKEN).", secret: true },
  { key: "commvault:resumeCreates", description: "For the run after an interrupted `pulumi up` only: comma-separated user group names whose create the interrupted run may have made (`*` is refused) (else COMMVAULT_RESUME_CREATES)." },
  { key: "commvault:usersOverwrite", description: "The CommServe accepts userOperationType OVERWRITE (else COMMVAULT_USERS_OVERWRITE; default false).", type: "boolean" },
  ...(["wickr", "commvault"] as const).flatMap((ns) => [
    { key: `${ns}:requestTimeoutMs`, description: "Timeout of one request, in milliseconds.", type: "number" as const },
    { key: `${ns}:connectTimeoutMs`, description: "Timeout of a connection, in milliseconds.", type: "number" as const },
    { key: `${ns}:maxRetries`, description: "Retries of a throttled or failed idempotent request.", type: "number" as const },
    { key: `${ns}:maxRetryAfterSeconds`, description: "Longest Retry-After honoured, in seconds.", type: "number" as const },
    { key: `${ns}:requestsPerSecond`, description: "Most requests per second sent to the service.", type: "number" as const },
  ]),
];
