// Discovering Commvault user groups with the provider's own calls and readers: one listing
// (GET /V4/UserGroup), one legacy listing without the system-created groups (adopted, never
// owned), one read per matching group (GET /V4/UserGroup/{id}, as the provider
// reads), and the reference listings the provider's preview checks members against (each once).
import type { ConfigSource } from "../../provider/core/config";
import type { Props } from "../../provider/core/definition";
import { HttpClient } from "../../provider/core/http";
import { readCommvaultConfig } from "../../provider/commvault/config";
import { commvaultUserGroupDefinition as def } from "../../provider/commvault/definition";
import * as ops from "../../provider/commvault/operations";
import { commvaultHttpClient } from "../../provider/commvault/protocol";
import { ReferenceDirectory } from "../../provider/commvault/references";
import type { WireReference } from "../../provider/commvault/schema";
import { viewFromWire } from "../../provider/commvault/wire";
import { declarable } from "./check";
import type { DiscoveredGroup, ServiceProblem } from "./model";
import { inOrder } from "./pool";
import type { Progress } from "./progress";

/**
 * Group reads in flight at once (the client paces them as the provider's requestsPerSecond
 * says), and read but not yet handed on.
 */
const READS_IN_FLIGHT = { inFlight: 4, window: 32 };

export interface CommvaultDiscovery {
  problems: ServiceProblem[];
}

/** The client the provider would use with this configuration (config flags, then the environment). */
export function commvaultClient(config: ConfigSource): HttpClient {
  return commvaultHttpClient(readCommvaultConfig(config));
}

/** A reference as a program names it: by name when the service gives one, else by id. */
function byName(ref: WireReference): string | number {
  return ref.name ?? (ref.id as number);
}

/** The view's references by name (memberships by name, as a program writes them). */
function namedReferences(view: Props): Props {
  const args: Props = { ...view };
  for (const field of ["users", "associatedExternalGroups", "associatedLocalGroups"]) {
    const list = view[field] as WireReference[] | undefined;
    if (list !== undefined) args[field] = list.map(byName);
  }
  const plan = view.laptopPlan as WireReference | null | undefined;
  if (plan === null || plan === undefined) delete args.laptopPlan;
  else args.laptopPlan = byName(plan);
  return args;
}

/**
 * A group the CommServe made itself (master, View All, Tenant Admin, ...) is adopted, never
 * owned: a destroy must not delete it. `GET /UserGroup?includeSystemCreated=false` (cvpysdk's
 * USERGROUPS flag) lists the others; when that listing fails, nothing is written.
 */
async function discoverGroup(http: HttpClient, references: ReferenceDirectory, summary: ops.NamedId, adopted: boolean): Promise<DiscoveredGroup> {
  const recorded = adopted ? { adopt: { id: summary.id }, adopted: true } : {};
  const base = { service: "commvault" as const, def, id: String(summary.id), groupName: summary.name, isDefault: false, recorded };
  let group: ops.UserGroupWire;
  try {
    group = await ops.getUserGroup(http, summary.id);
  } catch (err) {
    // An answer the provider cannot read: reported, never written.
    const message = (err as Error).message;
    return { ...base, args: {}, findings: [{ path: "(answer)", reason: message }], unmanaged: [], skipped: message };
  }
  const view = viewFromWire(group);
  const declared = adopted ? { ...namedReferences(view), adopt: { id: summary.id } } : namedReferences(view);
  const { args, findings, unmanaged } = await declarable(declared, {
    def,
    view,
    // Every member and plan must be one the CommServe lists, as the provider checks at preview.
    extra: (a) => references.problems(a, {}),
  });
  return { ...base, args, answer: group, findings, unmanaged };
}

/**
 * Lists the CommServe's user groups, then reads and checks each, handing each to `onGroup` in
 * the order of their ids as soon as it and those before it are done: the listing (names and
 * ids) and a window of reads in memory, never every group's settings.
 */
export async function discoverCommvault(http: HttpClient, matches: (name: string) => boolean, progress: Progress, onGroup: (g: DiscoveredGroup) => void): Promise<CommvaultDiscovery> {
  let listed: ops.NamedId[];
  try {
    listed = await ops.listUserGroups(http);
  } catch (err) {
    return { problems: [{ service: "commvault", where: "the CommServe", message: (err as Error).message }] };
  }
  const kept = listed.filter((g) => matches(g.name)).sort((a, b) => a.id - b.id);
  let userMade: Set<number>;
  try {
    userMade = new Set((await ops.listAllUserGroups(http, { includeSystemCreated: false })).map((g) => g.id));
  } catch (err) {
    const message = `the listing without system-created groups (GET /UserGroup?includeSystemCreated=false) failed, so which groups must never be deleted is not known: ${(err as Error).message}`;
    return { problems: [{ service: "commvault", where: "the CommServe", message }] };
  }
  progress.grow(kept.length);
  const references = new ReferenceDirectory(http);
  const read = async (summary: ops.NamedId) => {
    const found = await discoverGroup(http, references, summary, !userMade.has(summary.id));
    progress.tick(`commvault ${summary.name}`);
    return found;
  };
  await inOrder(kept, READS_IN_FLIGHT, read, onGroup);
  return { problems: [] };
}
