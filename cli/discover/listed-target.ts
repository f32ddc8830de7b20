// Whether a stack's provider would talk to the services discover listed. A group's listed answer
// stands for the read an import would make (ImportEntry.answer) only when the stack's
// configuration points at the same place: otherwise the stack's provider would later act, with
// these ids, on another endpoint, region or CommServe than the one that answered, so the import
// reads each group through the stack's own configuration, as without an answer.
import type { Stack } from "@pulumi/pulumi/automation";
import type { ConfigSource } from "../../provider/core/config";
import { readCommvaultConfig } from "../../provider/commvault/config";
import { readWickrConfig } from "../../provider/wickr/config";
import type { Service } from "./model";

/** Where a configuration sends each service's calls, or undefined when it cannot (no region, no URL). */
function targets(source: ConfigSource): Record<Service, string | undefined> {
  const attempt = (read: () => object) => {
    try {
      return JSON.stringify(read());
    } catch {
      return undefined;
    }
  };
  return {
    wickr: attempt(() => {
      const c = readWickrConfig(source);
      return { region: c.region, endpoint: c.endpoint, profile: c.profile ?? null };
    }),
    commvault: attempt(() => {
      const c = readCommvaultConfig(source);
      return { url: c.url, username: c.username ?? null };
    }),
  };
}

/**
 * The services for which `stack`'s configuration (its stack config, with the same environment
 * fallbacks the provider reads) targets what `listedWith` (discover's flags and environment) did.
 */
export async function sameTargets(stack: Pick<Stack, "getAllConfig">, listedWith: ConfigSource): Promise<Set<Service>> {
  const config = await stack.getAllConfig();
  const ofStack = targets({ get: (key) => config[key]?.value });
  const listed = targets(listedWith);
  return new Set((Object.keys(listed) as Service[]).filter((s) => listed[s] !== undefined && listed[s] === ofStack[s]));
}
