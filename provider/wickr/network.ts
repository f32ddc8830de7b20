// What the service says about a group's network: its plan (GetNetwork `accessLevel`, read once
// per network per provider process) and whether it is gone. A 401 or 403 on a group may mean
// the network was deleted (403 while deletion runs, 401 with an HTML page after it: observed)
// or a real authorization failure; only ListNetworks, which hides a network as soon as its
// deletion starts, tells them apart.
import { ServiceError } from "../core/errors";
import type { HttpClient } from "../core/http";
import * as ops from "./operations";

export const isNotFound = (err: unknown) => err instanceof ServiceError && err.status === 404;
const isDenied = (err: unknown) => err instanceof ServiceError && (err.status === 401 || err.status === 403);

export class NetworkFacts {
  private readonly plans = new Map<string, Promise<string | undefined>>();

  constructor(private readonly http: () => HttpClient) {}

  /**
   * The network's plan (STANDARD or PREMIUM), read once; undefined when the answer has none or
   * the caller may not read the network (401/403: the plan checks are then left to the service).
   */
  accessLevel(networkId: string): Promise<string | undefined> {
    let plan = this.plans.get(networkId);
    if (!plan) {
      plan = ops.getNetwork(this.http(), networkId).then(
        (n) => (typeof n.accessLevel === "string" ? n.accessLevel : undefined),
        (err: unknown) => {
          if (isDenied(err)) return undefined;
          throw err;
        },
      );
      plan.catch(() => this.plans.delete(networkId));
      this.plans.set(networkId, plan);
    }
    return plan;
  }

  /** True when ListNetworks no longer lists the network (deleted, or being deleted). */
  async isGone(networkId: string): Promise<boolean> {
    const networks = await ops.listNetworks(this.http());
    return !networks.some((n) => n.networkId === networkId);
  }

  /**
   * Whether a failed call on a group means the group is gone: a 404, or a 401/403 once the
   * network is confirmed gone. Anything else (a 401/403 in a listed network) is a real failure.
   */
  async meansGone(networkId: string, err: unknown): Promise<boolean> {
    if (isNotFound(err)) return true;
    if (!isDenied(err)) return false;
    return this.isGone(networkId);
  }
}
