// What discover learns about one group: where it is, what a program would declare for it, and
// what the provider would not understand or would change on its own.
import type { Props, ResourceDefinition } from "../../provider/core/definition";

export type Service = "wickr" | "commvault";

export interface Finding {
  /** The property path in the resource's inputs (or "(answer)" for the whole answer). */
  path: string;
  /** What the service holds there, when it is a value. */
  held?: unknown;
  /** Why the program does not declare it as held. */
  reason: string;
}

export interface DiscoveredGroup {
  service: Service;
  def: ResourceDefinition;
  /** The id imports and lookups take (Wickr `networkId/groupId`, Commvault the numeric id). */
  id: string;
  /** The group's name at the service. */
  groupName: string;
  /** Wickr: the network's id. */
  networkId?: string;
  /** The network's default group (Wickr): adopted, never created or deleted. */
  isDefault: boolean;
  /** The inputs the written program declares (settings as held, control properties). */
  args: Props;
  /** Outputs the import records beside the declared settings (control values, adoption facts). */
  recorded: Props;
  /**
   * The service's answer a read of the group would get, in the form the definition's
   * snapshotOfRead takes (Wickr: the listed group, its network's plan and account; Commvault: the
   * group's read): an import records what that read would, without reading the group again.
   */
  answer?: unknown;
  findings: Finding[];
  /** Members the service reports that the provider's schema does not know: neither declared nor ever changed. */
  unmanaged: string[];
  /** Set when the group cannot be written at all (its answer is unreadable). */
  skipped?: string;
  /** Assigned when the program is laid out: the resource's name and the variable holding it. */
  resourceName?: string;
  variable?: string;
}

/** A service-level outcome (a network or CommServe that could not be listed). */
export interface ServiceProblem {
  service: Service;
  where: string;
  message: string;
}
