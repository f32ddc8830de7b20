// The X-Client-Token of a CreateSecurityGroup. CreateSecurityGroup is idempotent on this token:
// sent again with the same token, it answers the group the first call made instead of making
// another. The token is derived from the resource's identity (project, stack, type, name) and
// its network only, not from its settings: a `pulumi up` run after an interrupted one (killed
// between the create and the state write) gets back the group the interrupted run made even
// when the program was edited in between (the create then brings that group to the edited
// settings with its follow-up update): no duplicate, nothing orphaned.
import { createHash } from "node:crypto";

export interface CreateRequestKey {
  networkId: string;
  name: string;
  securityGroupSettings: Record<string, unknown>;
}

/** JSON with object keys sorted, so equal values give equal text whatever the key order. */
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
 * `pwsg-` and 48 hex digits (ClientToken: 1..64 of `[a-zA-Z0-9-_:]`). With an `identity` (every
 * resource a program declares has one) the token depends on it and the network only, so two
 * resources never share a token and one resource keeps its token whatever its settings. Without
 * one (a handler used directly) the whole request stands in for it.
 * `stale` lists groups earlier tokens of this create were answered with that no longer exist,
 * when the user said this resource's earlier group was destroyed (`wickr:newCreateTokens`):
 * each one gives a new token, the same in every process, so the create stays idempotent.
 */
export function createClientToken(identity: string | undefined, request: CreateRequestKey, stale: readonly string[] = []): string {
  const base = identity === undefined ? { identity: null, request } : { identity, networkId: request.networkId };
  const key = stale.length === 0 ? base : { ...base, stale };
  const digest = createHash("sha256").update(stableJson(key)).digest("hex");
  return `pwsg-${digest.slice(0, 48)}`;
}
