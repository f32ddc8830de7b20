// Discovering Wickr security groups with the provider's own calls and readers: per network one
// GetNetwork (its plan, which the rules need) and one ListSecurityGroups call per page of 100
// (the largest page the API documents; a network holds at most 100 groups, so one page)
// (a listed group carries every setting, as the provider's adoption of a default group reads
// it), so no group is read on its own.
import { HttpClient } from "../../provider/core/http";
import type { ConfigSource } from "../../provider/core/config";
import { readWickrConfig } from "../../provider/wickr/config";
import { wickrSecurityGroupDefinition as def } from "../../provider/wickr/definition";
import * as ops from "../../provider/wickr/operations";
import { wickrHttpClient } from "../../provider/wickr/protocol";
import type { WickrReadAnswer } from "../../provider/wickr/snapshot";
import { viewFromWire } from "../../provider/wickr/wire";
import type { Props } from "../../provider/core/definition";
import { declarable } from "./check";
import type { DiscoveredGroup, ServiceProblem } from "./model";
import { inOrder } from "./pool";
import type { Progress } from "./progress";

/** Networks listed at once, and listed but not yet handed on (each at most 100 groups). */
const NETWORKS_IN_FLIGHT = { inFlight: 4, window: 8 };

/** A listed network: its plan (GetNetwork accessLevel) and how many of its groups were kept. */
export interface NetworkSummary {
  networkId: string;
  accessLevel?: string;
  groups: number;
}

export interface WickrDiscovery {
  problems: ServiceProblem[];
  networks: NetworkSummary[];
}

/** The client the provider would use with this configuration (config flags, then the environment). */
export function wickrClient(config: ConfigSource): HttpClient {
  return wickrHttpClient(readWickrConfig(config));
}

/** A network's plan (GetNetwork accessLevel), when the answer gives one. */
const planOf = (network: ops.NetworkWire) => (typeof network.accessLevel === "string" ? network.accessLevel : undefined);

/** What a program declares for a listed group, and what its import records. */
async function discoverGroup(networkId: string, network: ops.NetworkWire, group: ops.SecurityGroupWire): Promise<DiscoveredGroup> {
  const accessLevel = planOf(network);
  const accountId = typeof network.awsAccountId === "string" ? network.awsAccountId : undefined;
  const view = viewFromWire(networkId, group);
  const isDefault = group.isDefault === true;
  const args: Props = { ...view, ...(isDefault ? { adopt: "default" } : {}) };
  const { args: declared, findings, unmanaged } = await declarable(args, {
    def,
    view,
    // The rules with the network's plan, on the settings as held (a STANDARD network refuses some).
    extra: async (a) => def.rules?.(a, a, { networkAccessLevel: accessLevel, reported: view }) ?? [],
  });
  // A default group is adopted, as an adopting create records it: destroy restores what it holds now.
  const recorded: Props = isDefault
    ? { adopt: "default", restoreOnDelete: true, adopted: true, adoptedState: { name: view.name, securityGroupSettings: view.securityGroupSettings } }
    : {};
  // What the provider's read of the group would fetch: the group as listed, the network's plan and account.
  const answer: WickrReadAnswer = { group, ...(accessLevel === undefined ? {} : { accessLevel }), ...(accountId === undefined ? {} : { accountId }) };
  return { service: "wickr", def, id: `${networkId}/${group.id}`, groupName: group.name, networkId, isDefault, args: declared, recorded, answer, findings, unmanaged };
}

/**
 * Lists and checks the groups of every network, handing each network's groups to `onGroup`
 * (in the networks' order, then the default group first and by name) as soon as the network
 * and those before it are done: a few networks at a time, never the whole estate, in memory.
 */
export async function discoverWickr(
  http: HttpClient,
  networks: string[] | "all",
  matches: (name: string) => boolean,
  progress: Progress,
  onGroup: (g: DiscoveredGroup) => void,
): Promise<WickrDiscovery> {
  const out: WickrDiscovery = { problems: [], networks: [] };
  const ids = networks === "all" ? (await ops.listNetworks(http)).map((n) => n.networkId) : networks;
  progress.grow(ids.length);
  // A few networks at once (the client paces them all as one endpoint); handed on in the order listed.
  const listNetwork = async (networkId: string) => {
    let network: ops.NetworkWire;
    let listed: ops.SecurityGroupWire[];
    try {
      network = await ops.getNetwork(http, networkId);
      listed = await ops.listSecurityGroups(http, networkId);
    } catch (err) {
      progress.tick(`wickr ${networkId}: failed`);
      return { problem: { service: "wickr" as const, where: `network ${networkId}`, message: (err as Error).message } };
    }
    // The default group first, then by name: a stable order for the written program.
    const kept = listed.filter((g) => matches(g.name)).sort((a, b) => Number(b.isDefault === true) - Number(a.isDefault === true) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const groups: DiscoveredGroup[] = [];
    for (const group of kept) groups.push(await discoverGroup(networkId, network, group));
    progress.tick(`wickr ${networkId}: ${kept.length} groups`);
    return { network: { networkId, accessLevel: planOf(network), groups: kept.length }, groups };
  };
  await inOrder(ids, NETWORKS_IN_FLIGHT, listNetwork, (f) => {
    if (f.problem) out.problems.push(f.problem);
    else {
      out.networks.push(f.network);
      for (const g of f.groups) onGroup(g);
    }
  });
  return out;
}
