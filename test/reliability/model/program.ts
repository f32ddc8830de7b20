// The program a model declares, as an inline Pulumi program. It copies the declarations, so a
// later edit of the model does not change a program already handed to the engine.
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { CommvaultUserGroup, WickrSecurityGroup } from "../../../provider";
import { CommvaultUserGroupArgs } from "../../../provider/commvault/resource";
import { COMMVAULT_KEYS, CommvaultDecl, DEFAULT_KEY, Model, Val, WICKR_KEYS } from "./model";

/** The Wickr network of the model (STANDARD: lockoutThreshold at least 10). */
export const NETWORK = "13572468";

const markSecret = (v: Val): string | pulumi.Output<string> => (v.secret ? pulumi.secret(v.value) : v.value);

export function programOf(model: Model): PulumiFn {
  // A JSON copy, not structuredClone: under jest, a clone's arrays come from another realm, which Pulumi does not take for arrays.
  const m = JSON.parse(JSON.stringify({ wickr: model.wickr, commvault: model.commvault, def: model.def })) as Pick<Model, "wickr" | "commvault" | "def">;
  return async () => {
    for (const key of WICKR_KEYS) {
      const d = m.wickr[key];
      if (!d.present) continue;
      new WickrSecurityGroup(key, {
        networkId: NETWORK,
        name: markSecret(d.name),
        securityGroupSettings: {
          lockoutThreshold: d.lockoutThreshold,
          ...(d.presenceEnabled === undefined ? {} : { presenceEnabled: d.presenceEnabled }),
          ...(d.videoCall === undefined ? {} : { calling: { canStart11Call: true, canVideoCall: d.videoCall } }),
          ...(d.quickResponse === undefined ? {} : { quickResponses: d.quickResponse.secret ? pulumi.secret([d.quickResponse.value]) : [d.quickResponse.value] }),
        },
      });
    }
    for (const key of COMMVAULT_KEYS) {
      const d = m.commvault[key];
      if (d.present) new CommvaultUserGroup(key, commvaultArgs(d));
    }
    if (m.def.adopted) {
      new WickrSecurityGroup(DEFAULT_KEY, {
        networkId: NETWORK,
        adopt: "default",
        securityGroupSettings: {
          lockoutThreshold: m.def.lockoutThreshold,
          ...(m.def.presenceEnabled === undefined ? {} : { presenceEnabled: m.def.presenceEnabled }),
        },
      });
    }
  };
}

/**
 * What the program declares for a Commvault group. An import passes the same values, but plain
 * (`plain`): the import helpers take no Output; the program alone marks what is secret.
 */
export function commvaultArgs(d: CommvaultDecl, plain = false): CommvaultUserGroupArgs {
  const mark = (v: Val) => (plain ? v.value : markSecret(v));
  return {
    name: mark(d.name),
    users: d.users,
    ...(d.description === undefined ? {} : { description: mark(d.description) }),
    ...(d.enabled === undefined ? {} : { enabled: d.enabled }),
  };
}
