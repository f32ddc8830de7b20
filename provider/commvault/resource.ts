// CommvaultUserGroup as a program uses it.
import * as pulumi from "@pulumi/pulumi";
import { assertGetSupported, lookupOutputs } from "../core/lookup";
import { SchemaResource } from "../core/resource";
import type { ArgsOf } from "../core/types";
import { commvaultUserGroupDefinition } from "./definition";
import type { CommvaultUserGroupInputs, ConsoleType, Reference } from "./schema";

/** Inputs of a CommvaultUserGroup (generated from its schema). */
export type CommvaultUserGroupArgs = ArgsOf<CommvaultUserGroupInputs>;

export const OUTPUTS = ["groupId", "company", "GUID", "email", "serviceType", "eligibleToAllowMultipleCompanyMembers", "showAzureGuidOption", "adopted", "reported"] as const;

/**
 * A Commvault user group, its settings and memberships kept as code. Memberships and
 * console restrictions are sets; references may name users, groups and plans by name or
 * id. Import an existing group by its numeric id with `importCommvaultUserGroup` (import.ts).
 */
export class CommvaultUserGroup extends SchemaResource {
  declare readonly groupId: pulumi.Output<number>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly enabled: pulumi.Output<boolean | undefined>;
  declare readonly enforceFSQuota: pulumi.Output<boolean | undefined>;
  declare readonly quotaLimitInGB: pulumi.Output<number | undefined>;
  declare readonly enableTwoFactorAuthentication: pulumi.Output<"ON" | "OFF" | "DISABLED_AT_COMPANY" | undefined>;
  declare readonly enableLocalAuthentication: pulumi.Output<"ON" | "OFF" | "DISABLED_AT_COMPANY" | undefined>;
  declare readonly laptopAdmins: pulumi.Output<boolean | undefined>;
  declare readonly allowMultipleCompanyMembers: pulumi.Output<boolean | undefined>;
  declare readonly azureGUID: pulumi.Output<string | undefined>;
  declare readonly users: pulumi.Output<Reference[] | undefined>;
  declare readonly associatedExternalGroups: pulumi.Output<Reference[] | undefined>;
  declare readonly associatedLocalGroups: pulumi.Output<Reference[] | undefined>;
  declare readonly doNotInheritRestrictConsoleTypes: pulumi.Output<boolean | undefined>;
  declare readonly showAzureGuidOption: pulumi.Output<boolean | undefined>;
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
    if (opts?.import !== undefined) {
      // The engine's import read carries no properties, so a dynamic provider cannot be found
      // for it (pulumi/pulumi#16175); fail clearly instead of deep in the provider host.
      throw new Error(
        `${commvaultUserGroupDefinition.typeName} "${name}": the \`import\` resource option cannot work with a Pulumi dynamic provider ` +
          `(pulumi/pulumi#16175). Declare the resource without it and import the group by id with ` +
          `importCommvaultUserGroup(stack, "${name}", <id>) from the Automation API.`,
      );
    }
    super(commvaultUserGroupDefinition, name, args, OUTPUTS, opts);
  }

  /**
   * Read-only lookup of an existing group by its numeric id: its outputs as the service reports
   * them (members as `{id, name}`). The program does not manage it: nothing is ever sent to the
   * group, and destroy leaves it.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): CommvaultUserGroup {
    assertGetSupported("CommvaultUserGroup", name, "lookupCommvaultUserGroup");
    return new CommvaultUserGroup(name, {} as CommvaultUserGroupArgs, { ...opts, id });
  }
}

/**
 * The outputs of the user group `id` (its numeric id) as the CommServe reports them, read from the
 * program with the stack's `commvault:*` configuration: a lookup that works with every supported
 * SDK (CommvaultUserGroup.get needs @pulumi/pulumi 3.268.0 or later). Nothing is written.
 */
export async function lookupCommvaultUserGroup(id: string): Promise<Record<string, unknown> & { id: string }> {
  // The handler (and its HTTP and credential modules) loads only when a lookup runs.
  return lookupOutputs(commvaultUserGroupDefinition, new (await import("./handler")).CommvaultUserGroupHandler(), id);
}
