// The program a model declares, as an inline Pulumi program. It copies the declarations, so a
// later edit of the model does not change a program already handed to the engine. A group
// `discover` wrote is declared by loading the written file, as a user's index.ts would.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import * as ts from "typescript";
import * as provider from "../../../provider";
import { CommvaultUserGroup, WickrSecurityGroup } from "../../../provider";
import { CommvaultUserGroupArgs } from "../../../provider/commvault/resource";
import type { WickrSecurityGroupArgs } from "../../../provider/wickr/resource";
import { COMMVAULT_KEYS, CommvaultDecl, DEFAULT_KEY, Model, Val, WICKR_KEYS, WickrDecl } from "./model";

/** The Wickr network of the model (STANDARD: lockoutThreshold at least 10). */
export const NETWORK = "13572468";

const markSecret = (v: Val): string | pulumi.Output<string> => (v.secret ? pulumi.secret(v.value) : v.value);

/** Runs a file `discover` wrote, its `pulumi-wickr-commvault` import bound to this checkout's provider. */
function loadWritten(file: string): void {
  const js = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const load = (id: string) => (id === "pulumi-wickr-commvault" ? provider : require(id));
  new Function("exports", "require", js)({}, load);
}

export function programOf(model: Model): PulumiFn {
  // A JSON copy, not structuredClone: under jest, a clone's arrays come from another realm, which Pulumi does not take for arrays.
  const m = JSON.parse(JSON.stringify({ wickr: model.wickr, commvault: model.commvault, def: model.def })) as Pick<Model, "wickr" | "commvault" | "def">;
  return async () => {
    for (const key of WICKR_KEYS) {
      const d = m.wickr[key];
      if (d.present) new WickrSecurityGroup(key, wickrArgs(d));
    }
    for (const key of COMMVAULT_KEYS) {
      const d = m.commvault[key];
      if (d.present && d.file !== undefined) loadWritten(d.file);
      else if (d.present) new CommvaultUserGroup(key, commvaultArgs(d));
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
 * What the program declares for a Wickr group; `plain`: without secret marks (the import helpers
 * take no Output; the program alone marks what is secret).
 */
export function wickrArgs(d: WickrDecl, plain = false): WickrSecurityGroupArgs {
  const mark = (v: Val) => (plain ? v.value : markSecret(v));
  return {
    networkId: NETWORK,
    name: mark(d.name),
    securityGroupSettings: {
      lockoutThreshold: d.lockoutThreshold,
      ...(d.presenceEnabled === undefined ? {} : { presenceEnabled: d.presenceEnabled }),
      ...(d.videoCall === undefined ? {} : { calling: { canStart11Call: true, canVideoCall: d.videoCall } }),
      ...(d.quickResponse === undefined ? {} : { quickResponses: d.quickResponse.secret && !plain ? pulumi.secret([d.quickResponse.value]) : [d.quickResponse.value] }),
    },
  };
}

/** What the program declares for a Commvault group (`plain` as for wickrArgs). */
export function commvaultArgs(d: CommvaultDecl, plain = false): CommvaultUserGroupArgs {
  const mark = (v: Val) => (plain ? v.value : markSecret(v));
  return {
    name: mark(d.name),
    users: d.users,
    ...(d.description === undefined ? {} : { description: mark(d.description) }),
    ...(d.enabled === undefined ? {} : { enabled: d.enabled }),
    ...(d.laptopPlan === undefined ? {} : { laptopPlan: d.laptopPlan }),
  };
}
