// Test controls of the Wickr emulator (`POST /__emulator/<name>`): seed networks and groups,
// change or delete a group as the admin console would (bypassing SigV4), and read the whole state.
// A bad control body throws; the core answers 400 with the message.
import { Reason, WickrApiError } from "./errors";
import type { AccessLevel, GroupSeed, NetworkSeed, WickrStore } from "./store";
import { checkName, checkSettings, isNetworkId, isPlainObject, parseGroupChange } from "./validation";
import { parseVariant } from "./variants";
import { estateProblems, estateSeeds, type WickrEstate } from "./estate";

function fail(control: string, reasons: Reason[] | string): never {
  const text = typeof reasons === "string" ? reasons : reasons.map((r) => `${r.field}: ${r.reason}`).join("; ");
  throw new Error(`${control}: ${text}`);
}

/** Turns a WickrApiError (validation, not found, default group) into a control failure. */
function asControl<T>(control: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof WickrApiError) fail(control, err.reasons ?? err.message);
    throw err;
  }
}

function unknownKeys(value: Record<string, unknown>, allowed: string[], path: string): Reason[] {
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .map((k) => ({ field: `${path}${k}`, reason: `${k} is not a seed member` }));
}

const isCount = (v: unknown) => v === undefined || (typeof v === "number" && Number.isInteger(v) && v >= 0);
const isOptional = (v: unknown, type: "string" | "boolean" | "number") => v === undefined || typeof v === type;

function parseGroupSeed(raw: unknown, path: string, reasons: Reason[]): GroupSeed | undefined {
  if (!isPlainObject(raw)) {
    reasons.push({ field: path, reason: "a group must be an object" });
    return undefined;
  }
  const p = `${path}.`;
  reasons.push(...unknownKeys(raw, ["id", "name", "isDefault", "activeMembers", "botMembers", "activeDirectoryGuid", "securityGroupSettings"], p));
  reasons.push(...checkName(raw.name, true, `${p}name`));
  if (raw.id !== undefined && (typeof raw.id !== "string" || raw.id === "" || raw.id.includes("/"))) {
    reasons.push({ field: `${p}id`, reason: "id must be a non-empty string without '/'" });
  }
  if (!isOptional(raw.isDefault, "boolean")) reasons.push({ field: `${p}isDefault`, reason: "isDefault must be a boolean" });
  for (const key of ["activeMembers", "botMembers"] as const) {
    if (!isCount(raw[key])) reasons.push({ field: `${p}${key}`, reason: `${key} must be an integer >= 0` });
  }
  if (!isOptional(raw.activeDirectoryGuid, "string")) {
    reasons.push({ field: `${p}activeDirectoryGuid`, reason: "activeDirectoryGuid must be a string" });
  }
  let settings;
  if (raw.securityGroupSettings !== undefined) {
    const check = checkSettings(raw.securityGroupSettings, "SecurityGroupSettings", `${p}securityGroupSettings`);
    reasons.push(...check.reasons);
    settings = check.settings;
  }
  return { ...(raw as Omit<GroupSeed, "securityGroupSettings">), securityGroupSettings: settings };
}

function parseNetworkSeed(raw: unknown, path: string, reasons: Reason[]): NetworkSeed | undefined {
  if (!isPlainObject(raw)) {
    reasons.push({ field: path, reason: "a network must be an object" });
    return undefined;
  }
  const p = `${path}.`;
  reasons.push(
    ...unknownKeys(
      raw,
      ["networkId", "networkName", "ssoEnabled", "accessLevel", "awsAccountId", "standing", "freeTrialExpiration", "migrationState", "encryptionKeyArn", "groups"],
      p,
    ),
  );
  if (!isNetworkId(raw.networkId)) reasons.push({ field: `${p}networkId`, reason: "networkId must be exactly 8 digits" });
  for (const key of ["networkName", "awsAccountId", "freeTrialExpiration", "encryptionKeyArn"] as const) {
    if (!isOptional(raw[key], "string")) reasons.push({ field: `${p}${key}`, reason: `${key} must be a string` });
  }
  for (const key of ["standing", "migrationState"] as const) {
    if (!isCount(raw[key])) reasons.push({ field: `${p}${key}`, reason: `${key} must be an integer >= 0` });
  }
  if (!isOptional(raw.ssoEnabled, "boolean")) reasons.push({ field: `${p}ssoEnabled`, reason: "ssoEnabled must be a boolean" });
  if (raw.accessLevel !== undefined && raw.accessLevel !== "STANDARD" && raw.accessLevel !== "PREMIUM") {
    reasons.push({ field: `${p}accessLevel`, reason: "accessLevel must be STANDARD or PREMIUM" });
  }
  let groups: GroupSeed[] | undefined;
  if (raw.groups !== undefined) {
    if (!Array.isArray(raw.groups)) {
      reasons.push({ field: `${p}groups`, reason: "groups must be a list" });
    } else {
      groups = raw.groups.map((g, i) => parseGroupSeed(g, `${p}groups[${i}]`, reasons)).filter((g): g is GroupSeed => g !== undefined);
    }
  }
  return { ...(raw as Omit<NetworkSeed, "groups" | "accessLevel">), accessLevel: raw.accessLevel as AccessLevel | undefined, groups };
}

function requireIds(control: string, body: unknown, needGroup: boolean): { networkId: string; groupId: string } {
  if (!isPlainObject(body)) fail(control, "the body must be an object");
  const reasons: Reason[] = [];
  if (!isNetworkId(body.networkId)) reasons.push({ field: "networkId", reason: "networkId must be exactly 8 digits" });
  if (needGroup && (typeof body.groupId !== "string" || body.groupId === "")) {
    reasons.push({ field: "groupId", reason: "groupId is required" });
  }
  if (reasons.length > 0) fail(control, reasons);
  return { networkId: body.networkId as string, groupId: body.groupId as string };
}

export function wickrControls(store: WickrStore): Record<string, (body: any) => unknown> {
  return {
    /** `{networks:[{networkId, networkName?, ssoEnabled?, accessLevel?, groups?:[...]}]}`: adds or replaces networks. */
    seed(body: unknown) {
      if (!isPlainObject(body) || !Array.isArray(body.networks)) fail("seed", "the body must be {networks:[...]}");
      const reasons: Reason[] = [];
      const seeds = body.networks
        .map((n, i) => parseNetworkSeed(n, `networks[${i}]`, reasons))
        .filter((n): n is NetworkSeed => n !== undefined);
      if (reasons.length > 0) fail("seed", reasons);
      const ids = seeds.map((s) => s.networkId);
      asControl("seed", () => store.seedNetworks(seeds));
      return { networks: store.snapshot().filter((n) => ids.includes(n.networkId)) };
    },

    /** `{networks, groupsPerNetwork, firstNetworkId?}`: adds or replaces that many generated networks in one go (estate.ts); answers the counts. */
    "seed-estate"(body: unknown) {
      const problems = estateProblems(body);
      if (problems.length > 0) fail("seed-estate", problems.join("; "));
      const seeds = estateSeeds(body as WickrEstate);
      asControl("seed-estate", () => store.seedNetworks(seeds));
      return { networks: seeds.map((s) => s.networkId), groups: seeds.reduce((k, s) => k + (s.groups?.length ?? 0), 0) };
    },

    /** `{networkId, groupId, name?, securityGroupSettings?}` → the SecurityGroup: a console change, merged like UpdateSecurityGroup. */
    drift(body: unknown) {
      const { networkId, groupId } = requireIds("drift", body, true);
      return asControl("drift", () => {
        const change = parseGroupChange(body as Record<string, unknown>, ["networkId", "groupId"]);
        return store.driftGroup(networkId, groupId, change);
      });
    },

    /** `{networkId, groupId}`: a console deletion (the default group cannot be deleted). */
    "delete-group"(body: unknown) {
      const { networkId, groupId } = requireIds("delete-group", body, true);
      asControl("delete-group", () => store.deleteGroup(networkId, groupId));
      return { message: "success", networkId, groupId };
    },

    /** `{retention: "while-group-exists" | "remembered"}`: how long CreateSecurityGroup remembers a client token. */
    "client-tokens"(body: unknown) {
      const retention = isPlainObject(body) ? body.retention : undefined;
      if (retention !== "while-group-exists" && retention !== "remembered") {
        fail("client-tokens", 'retention must be "while-group-exists" or "remembered"');
      }
      store.clientTokenRetention = retention;
      return { retention };
    },

    /** `{networkId, phase: "deleting" | "gone"}`: DeleteNetwork from the console; `deleting` answers 403, `gone` 401 with an HTML page. */
    "network-deletion"(body: unknown) {
      const { networkId } = requireIds("network-deletion", body, false);
      const phase = (body as Record<string, unknown>).phase;
      if (phase !== "deleting" && phase !== "gone") fail("network-deletion", 'phase must be "deleting" or "gone"');
      asControl("network-deletion", () => store.setNetworkPhase(networkId, phase));
      return { networkId, phase };
    },

    /** `{...partial WickrVariant}` → the variant now played (variants.ts); `{}` reads it. Reset restores the start variant. */
    variant(body: unknown) {
      try {
        store.variant = parseVariant(body ?? {}, store.variant);
      } catch (err) {
        fail("variant", (err as Error).message);
      }
      return { ...store.variant };
    },

    /** `{ms}`: for this long after its creation a group is not seen by GetSecurityGroup (404) and ListSecurityGroups; 0 ends it. */
    "read-lag"(body: unknown) {
      const ms = isPlainObject(body) ? body.ms : undefined;
      if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0) fail("read-lag", "ms must be an integer >= 0");
      store.readLagMs = ms;
      return { ms };
    },

    /** `{offsetSeconds}`: the service's clock runs this far from this machine's (`modified` timestamps). */
    clock(body: unknown) {
      const offset = isPlainObject(body) ? body.offsetSeconds : undefined;
      if (typeof offset !== "number" || !Number.isInteger(offset)) fail("clock", "offsetSeconds must be an integer");
      store.clockOffsetSeconds = offset;
      return { offsetSeconds: offset };
    },

    /** `{}` → `{networks:[{...network, ssoEnabled, phase, groups:[SecurityGroup...]}]}`. */
    state() {
      return { networks: store.snapshot() };
    },
  };
}
