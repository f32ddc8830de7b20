// A large estate in one go (the `seed-estate` control and the `estate` start option): many
// networks of many groups each, made in memory without one HTTP call per group, for the scale
// benchmarks and for anyone trying the provider or discover on an estate of a real size.
// Deterministic: the same numbers always give the same networks, ids, names and settings.
import { MAX_GROUPS_PER_NETWORK, type GroupSeed, type NetworkSeed } from "./store";
import { isNetworkId } from "./validation";

export interface WickrEstate {
  /** How many networks (1..10000). */
  networks: number;
  /** Groups in each network, its default group included (1..MAX_GROUPS_PER_NETWORK). */
  groupsPerNetwork: number;
  /** The first network's id; the others count up from it (default 40000001). */
  firstNetworkId?: string;
}

export const DEFAULT_ESTATE_FIRST_NETWORK = "40000001";

/** The reasons an estate is refused (empty when it is fine), each naming its member. */
export function estateProblems(raw: unknown): string[] {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return ["the body must be {networks, groupsPerNetwork, firstNetworkId?}"];
  const e = raw as Record<string, unknown>;
  const problems = Object.keys(e)
    .filter((k) => !["networks", "groupsPerNetwork", "firstNetworkId"].includes(k))
    .map((k) => `${k} is not an estate member`);
  const isInt = (v: unknown, lo: number, hi: number) => typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
  if (!isInt(e.networks, 1, 10_000)) problems.push("networks must be an integer from 1 to 10000");
  if (!isInt(e.groupsPerNetwork, 1, MAX_GROUPS_PER_NETWORK)) problems.push(`groupsPerNetwork must be an integer from 1 to ${MAX_GROUPS_PER_NETWORK} (a network holds at most ${MAX_GROUPS_PER_NETWORK} groups, its default one included)`);
  const first = e.firstNetworkId ?? DEFAULT_ESTATE_FIRST_NETWORK;
  if (!isNetworkId(first)) problems.push("firstNetworkId must be exactly 8 digits");
  else if (problems.length === 0 && Number(first) + (e.networks as number) - 1 > 99_999_999) problems.push("the networks' ids would run past 99999999");
  return problems;
}

/** The ids of the estate's networks, in order. */
export function estateNetworkIds(estate: WickrEstate): string[] {
  const first = Number(estate.firstNetworkId ?? DEFAULT_ESTATE_FIRST_NETWORK);
  return Array.from({ length: estate.networks }, (_, n) => String(first + n).padStart(8, "0"));
}

/** Group `g` (1-based; 0 is the default group) of network number `n`: settings that vary, valid on either plan. */
function estateGroup(n: number, g: number, premium: boolean): GroupSeed {
  const settings: Record<string, unknown> = {
    lockoutThreshold: 10 + ((n + g) % 20),
    enableCrashReports: g % 2 === 0,
    checkForUpdates: g % 5 !== 0,
  };
  if (premium) {
    settings.alwaysReauthenticate = g % 3 === 0;
    settings.calling = { canStart11Call: true, canVideoCall: g % 4 !== 0 };
    settings.passwordRequirements = { minLength: 8 + (g % 8) };
  }
  return { id: `e${String(n).padStart(4, "0")}${String(g).padStart(3, "0")}`, name: `team-${String(g).padStart(3, "0")}`, securityGroupSettings: settings as GroupSeed["securityGroupSettings"] };
}

/** The estate's networks as seeds: every other network PREMIUM, the rest STANDARD. */
export function estateSeeds(estate: WickrEstate): NetworkSeed[] {
  return estateNetworkIds(estate).map((networkId, n) => {
    const premium = n % 2 === 0;
    const groups: GroupSeed[] = [{ id: `e${String(n).padStart(4, "0")}000`, name: "default", isDefault: true, activeMembers: 10 }];
    for (let g = 1; g < estate.groupsPerNetwork; g++) groups.push(estateGroup(n, g, premium));
    return { networkId, networkName: `estate ${networkId}`, accessLevel: premium ? "PREMIUM" : "STANDARD", groups };
  });
}
