// WickrSecurityGroup, declared once: schema, control properties, rules, runtime module.
import type { Props, ResourceDefinition } from "../core/definition";
import { securityGroupRuleProblems } from "./rules";
import { snapshotOfRead, WickrReadAnswer } from "./snapshot";
import { wickrSecurityGroupInputs } from "./schema";

export const wickrSecurityGroupDefinition: ResourceDefinition<typeof wickrSecurityGroupInputs> = {
  module: "wickr",
  typeName: "WickrSecurityGroup",
  inputs: wickrSecurityGroupInputs,
  controlProperties: ["adopt", "restoreOnDelete"],
  rules(after: Props, declared: Props, outputs?: Props) {
    const reported = outputs?.reported as Props | undefined;
    return securityGroupRuleProblems(after.securityGroupSettings as Props | undefined, {
      declared: declared.securityGroupSettings as Props | undefined,
      accessLevel: typeof outputs?.networkAccessLevel === "string" ? outputs.networkAccessLevel : undefined,
      reported: reported?.securityGroupSettings as Props | undefined,
    });
  },
  serializedProvider: "provider/wickr/serialized",
  carriers: ["adoptedState"],
  // An adopted group is restored on destroy unless the program says otherwise; the default is
  // written into the inputs so that every preview shows what destroy will do.
  withDefaults: (inputs: Props) => (inputs.adopt !== undefined && inputs.restoreOnDelete === undefined ? { ...inputs, restoreOnDelete: true } : inputs),
  hiddenInputs: ["__adoptionOriginal"],
  snapshotOfRead: (id, answer, previous) => snapshotOfRead(id, answer as WickrReadAnswer, previous),
};
