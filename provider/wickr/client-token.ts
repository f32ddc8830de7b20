// The X-Client-Token of a CreateSecurityGroup. CreateSecurityGroup is idempotent on this token:
// sent again with the same token, it answers the group the first call made instead of making
// another. Derived from the resource's identity and the request, the token is the same in a
// later process, so a `pulumi up` run after an interrupted one (killed between the create and
// the state write) gets back the group the interrupted run made: no duplicate, nothing lost.
import { createHash } from "node:crypto";

export interface CreateRequestKey {
  networkId: string;
  name: string;
  securityGroupSettings: Record<string, unknown>;
}

/** JSON with object keys sorted, so equal requests give equal text whatever the key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * `pwsg-` and 48 hex digits (ClientToken: 1..64 of `[a-zA-Z0-9-_:]`). `identity` names the
 * Pulumi resource (project/stack/type/name), so two resources declaring the same group never
 * share a token; a changed request (another name or create-time setting) gets a new token.
 * `stale` lists the groups earlier tokens of this create were answered with although they no
 * longer exist (a destroyed group the service still remembers its token for): each one gives
 * a new token, the same in every process, so the create stays idempotent.
 */
export function createClientToken(identity: string | undefined, request: CreateRequestKey, stale: readonly string[] = []): string {
  const key = stale.length === 0 ? { identity: identity ?? null, request } : { identity: identity ?? null, request, stale };
  const digest = createHash("sha256").update(stableJson(key)).digest("hex");
  return `pwsg-${digest.slice(0, 48)}`;
}
