// What the service says about a group's network, and the one decision of "gone" for Wickr.
//
// A group is gone only on positive evidence, from the service reached at the right API with
// credentials that can see the group's network:
//   - the service's own 404 `ResourceNotFoundError` (its JSON error shape) for the group, while
//     GetNetwork of the same credentials answers the network (so the API is the right one and
//     the credentials see the network); or
//   - the network's deletion (field evidence 5: the group answers 403 while the network is being
//     deleted, 401 with an HTML page once it is gone; ListNetworks hides the network as soon as
//     deletion starts; GetNetwork answers 403, then 401): the group answers 401/403, GetNetwork
//     answers 401/403, and ListNetworks of the same credentials does not list the network but
//     lists another network of the account the network was recorded in (`networkAccountId`),
//     which shows the credentials are that account's.
// Anything else (a 404 that is not the service's: an HTML page, `UnknownOperationException`;
// another account's 403; a network the credentials cannot see; a network not listed by
// credentials that list no network of its account) is not evidence: the caller fails, naming the
// endpoint, region and credentials in use, and the state keeps the group.
//
// Residual risk: the account is known only from what its ListNetworks shows. A principal of the
// right account whose ListNetworks left out a network that still exists (no such IAM scoping is
// known for ListNetworks) and that may not read that network would read its groups as gone.
import { ServiceError } from "../core/errors";
import type { HttpClient } from "../core/http";
import * as ops from "./operations";

/** The service's own answer that the group (or its network) does not exist: 404 with its JSON error type. */
export const isServiceNotFound = (err: unknown): boolean =>
  err instanceof ServiceError && err.status === 404 && err.code === "ResourceNotFoundError";
export const isDenied = (err: unknown): err is ServiceError => err instanceof ServiceError && (err.status === 401 || err.status === 403);

/** Where the provider sends its calls, and with which credentials (named, never shown). */
export interface Whereabouts {
  endpoint: string;
  region: string;
  /** The AWS profile, when one is configured. */
  profile?: string;
}

/** What GetNetwork of these credentials says about a network. */
type NetworkView = { kind: "visible"; network: ops.NetworkWire } | { kind: "denied"; err: ServiceError };

export type GoneDecision = { gone: true } | { gone: false; why: string };

export class NetworkFacts {
  private readonly views = new Map<string, Promise<NetworkView>>();

  constructor(private readonly http: () => HttpClient) {}

  /** GetNetwork, read once per network per provider process; 401/403 is an answer, anything else throws. */
  private view(networkId: string): Promise<NetworkView> {
    let view = this.views.get(networkId);
    if (!view) {
      view = ops.getNetwork(this.http(), networkId).then(
        (network): NetworkView => ({ kind: "visible", network }),
        (err: unknown): NetworkView => {
          if (isDenied(err)) return { kind: "denied", err };
          throw err;
        },
      );
      view.catch(() => this.views.delete(networkId));
      this.views.set(networkId, view);
    }
    return view;
  }

  /**
   * The network's plan (STANDARD or PREMIUM), read once; undefined when the answer has none or
   * the caller may not read the network (401/403: the plan checks are then left to the service).
   */
  async accessLevel(networkId: string): Promise<string | undefined> {
    const view = await this.view(networkId);
    return view.kind === "visible" && typeof view.network.accessLevel === "string" ? view.network.accessLevel : undefined;
  }

  /** The AWS account that owns the network, when these credentials can read it (recorded as `networkAccountId`). */
  async accountId(networkId: string): Promise<string | undefined> {
    const view = await this.view(networkId).catch(() => undefined);
    return view?.kind === "visible" && typeof view.network.awsAccountId === "string" ? view.network.awsAccountId : undefined;
  }

  /**
   * The plan for a refresh: read again (a plan can change), but a refresh is about the group, so
   * when the plan cannot be read the one recorded before stands.
   */
  async accessLevelOr(networkId: string, recorded: unknown): Promise<string | undefined> {
    const fallback = typeof recorded === "string" ? recorded : undefined;
    try {
      return (await this.accessLevel(networkId)) ?? fallback;
    } catch {
      return fallback;
    }
  }

  /**
   * Whether a failed call on a group of `networkId` shows the group is gone (see the head of
   * this file); when not, why not, for the error. `recordedAccount` is the `networkAccountId`
   * the state recorded for the group.
   */
  async decideGone(networkId: string, err: unknown, recordedAccount: unknown): Promise<GoneDecision> {
    if (!(err instanceof ServiceError)) return { gone: false, why: "the call did not get an answer from the service" };
    if (isServiceNotFound(err)) {
      const view = await this.view(networkId).catch((e: unknown) => ({ kind: "failed" as const, err: e }));
      if (view.kind === "visible") return { gone: true };
      return { gone: false, why: `the service says the group does not exist, but these credentials cannot read network ${networkId} (GetNetwork: ${describe(view.err)})` };
    }
    if (err.status === 404) {
      return { gone: false, why: `the 404 is not the Wickr API's own answer (${err.code ?? "no error type"}): the endpoint may not be the Wickr admin API of this region` };
    }
    if (!isDenied(err)) return { gone: false, why: "the answer does not say the group is gone" };
    // 401/403: the network's deletion, or a real authorization failure.
    const networks = await ops.listNetworks(this.http());
    if (networks.some((n) => n.networkId === networkId)) {
      return { gone: false, why: `network ${networkId} is listed by these credentials, so the refusal is an authorization failure` };
    }
    const accounts = [...new Set(networks.map((n) => n.awsAccountId).filter((a): a is string => typeof a === "string"))];
    const seen = accounts.length === 0 ? "these credentials list no network at all" : `these credentials list networks of account ${accounts.join(", ")}`;
    const known = `; if you know network ${networkId} was deleted, remove the resource from the state with \`pulumi state delete <urn>\``;
    if (typeof recordedAccount !== "string") {
      return { gone: false, why: `network ${networkId} is not listed, but the state does not record its account, so nothing shows these credentials are that account's (${seen})${known}` };
    }
    if (!accounts.includes(recordedAccount)) {
      return { gone: false, why: `network ${networkId} belongs to account ${recordedAccount}, and ${seen}: these may be another account's credentials${known}` };
    }
    // The credentials are the account's own: ListNetworks hides a network from its deletion on.
    // GetNetwork must agree (403 while deleting, 401 once gone), read now, not from the cache.
    this.views.delete(networkId);
    const view = await this.view(networkId).catch((e: unknown) => ({ kind: "failed" as const, err: e }));
    if (view.kind === "denied") return { gone: true };
    return { gone: false, why: `network ${networkId} is not listed by its account, but GetNetwork does not confirm its deletion (${view.kind === "visible" ? "it answers the network" : describe(view.err)})` };
  }

  /** decideGone as a yes or no. */
  async meansGone(networkId: string, err: unknown, recordedAccount?: unknown): Promise<boolean> {
    return (await this.decideGone(networkId, err, recordedAccount).catch(() => ({ gone: false }))).gone;
  }
}

function describe(err: unknown): string {
  return err instanceof ServiceError ? (err.status === 0 ? "no answer" : `HTTP ${err.status} ${err.code ?? ""}`.trim()) : String(err);
}

/** Where the calls went and with which credentials, for errors: endpoint, region and profile. */
export function whereabouts(w: Whereabouts): string {
  return `endpoint ${w.endpoint}, region ${w.region}, credentials ${w.profile ? `of AWS profile "${w.profile}"` : "from the default AWS credential chain"}`;
}

/**
 * The error of a read or delete whose failure does not show the group is gone: what failed, why it
 * is not taken as "gone", where the calls went, and that nothing changed.
 */
export function notShownGoneError(label: string, err: unknown, why: string, where: Whereabouts, deleting: boolean): Error {
  const failure = err instanceof Error ? err.message : String(err);
  const lines = [
    `${label}: ${failure}.`,
    `This does not show that the group is gone: ${why}.`,
    `Calls went to ${whereabouts(where)}; check wickr:endpoint (WICKR_ENDPOINT, AWS_ENDPOINT_URL_WICKR, AWS_ENDPOINT_URL), wickr:region (AWS_REGION) and the credentials (wickr:profile, AWS_PROFILE, AWS_ACCESS_KEY_ID).`,
    `Nothing was changed and the state keeps the group.`,
  ];
  if (deleting) {
    lines.push(
      "A `pulumi destroy` uses the provider configuration recorded at the stack's last update: if you corrected it since, run `pulumi up` first or `pulumi destroy --run-program`.",
    );
  }
  return new Error(lines.join(" "));
}
