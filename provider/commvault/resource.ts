// CommvaultUserGroup as a program uses it.
import * as pulumi from "@pulumi/pulumi";
import { SchemaResource } from "../core/resource";
import type { ArgsOf } from "../core/types";
import { commvaultUserGroupDefinition } from "./definition";
import type { CommvaultUserGroupInputs, ConsoleType, Reference } from "./schema";

/** Inputs of a CommvaultUserGroup (generated from its schema). */
export type CommvaultUserGroupArgs = ArgsOf<CommvaultUserGroupInputs>;

const OUTPUTS = ["groupId", "company", "GUID", "email", "serviceType", "eligibleToAllowMultipleCompanyMembers", "showAzureGuidOption", "adopted", "reported"] as const;

/**
 * A Commvault user group, its settings and memberships kept as code. Memberships and
 * console restrictions are sets; references may name users, groups and plans by name or
 * id. Import with the group's numeric id.
 */
export class CommvaultUserGroup extends SchemaResource {
  declare readonly groupId: pulumi.Output<number>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly users: pulumi.Output<Reference[] | undefined>;
  declare readonly laptopPlan: pulumi.Output<Reference | null | undefined>;
  declare readonly restrictConsoleTypes: pulumi.Output<ConsoleType[] | undefined>;
  declare readonly company: pulumi.Output<{ id: number; name: string } | undefined>;
  declare readonly GUID: pulumi.Output<string | undefined>;
  declare readonly email: pulumi.Output<string | undefined>;
  declare readonly serviceType: pulumi.Output<unknown>;
  declare readonly eligibleToAllowMultipleCompanyMembers: pulumi.Output<boolean | undefined>;
  declare readonly adopted: pulumi.Output<boolean>;
  /** Everything the service reports about the group, in the declarative shape. */
  declare readonly reported: pulumi.Output<Record<string, unknown>>;

  constructor(name: string, args: CommvaultUserGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(commvaultUserGroupDefinition, name, args, OUTPUTS, opts);
  }
}
