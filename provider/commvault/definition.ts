// CommvaultUserGroup, declared once: schema, control properties, rules, runtime module.
import type { ResourceDefinition } from "../core/definition";
import { userGroupRuleProblems } from "./rules";
import { commvaultUserGroupInputs } from "./schema";
import { snapshotOfRead } from "./wire";

export const commvaultUserGroupDefinition: ResourceDefinition<typeof commvaultUserGroupInputs> = {
  module: "commvault",
  typeName: "CommvaultUserGroup",
  inputs: commvaultUserGroupInputs,
  controlProperties: ["adopt"],
  rules: userGroupRuleProblems,
  serializedProvider: "provider/commvault/serialized",
  snapshotOfRead: (_id, answer, previous) => snapshotOfRead(answer as Record<string, unknown>, previous),
};
