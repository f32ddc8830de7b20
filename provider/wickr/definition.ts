// WickrSecurityGroup, declared once: schema, control properties, rules, runtime module.
import type { Props, ResourceDefinition } from "../core/definition";
import { securityGroupRuleProblems } from "./rules";
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
  hiddenInputs: ["__adoptionOriginal"],
};
