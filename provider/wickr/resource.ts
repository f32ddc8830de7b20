// WickrSecurityGroup as a program uses it.
import * as pulumi from "@pulumi/pulumi";
import { assertGetSupported, lookupOutputs } from "../core/lookup";
import { SchemaResource } from "../core/resource";
import { serializableProvider } from "../core/proxy";
import { secretPaths } from "../core/secrecy";
import { SECRET_PATHS } from "../core/definition";
import { adoptionRecordName } from "./adoption-definition";
import type { ArgsOf } from "../core/types";
import { wickrSecurityGroupDefinition } from "./definition";
import { disputedRuleWarnings } from "./rules";
import type { SecurityGroupSettings, WickrSecurityGroupInputs } from "./schema";

/** Inputs of a WickrSecurityGroup (generated from its schema). */
export type WickrSecurityGroupArgs = ArgsOf<WickrSecurityGroupInputs>;

export const OUTPUTS = [
  "groupId",
  "isDefault",
  "activeMembers",
  "botMembers",
  "modified",
  "activeDirectoryGuid",
  "networkAccessLevel",
  "networkAccountId",
  "adopted",
  "adoptedState",
  "deletionBehavior",
  "reported",
] as const;

/** The definition's defaults (restoreOnDelete for an adopted group), shared with the plugin. */
function withDefaults(args: WickrSecurityGroupArgs): WickrSecurityGroupArgs {
  return wickrSecurityGroupDefinition.withDefaults!(args as Record<string, unknown>) as WickrSecurityGroupArgs;
}

/**
 * The adoption record of an adopting WickrSecurityGroup (provider/wickr/adoption.ts): its own
 * engine step that reads the group and records the original before the group resource sends
 * anything. `original` is secret whenever an input of the group is (see secrecy.ts).
 */
class WickrAdoptionRecord extends pulumi.dynamic.Resource {
  declare readonly original: pulumi.Output<Record<string, unknown>>;
  declare readonly groupId: pulumi.Output<string>;
  declare readonly networkId: pulumi.Output<string>;
  /** When the record was made (epoch ms): the program warns once, in the run that made it. */
  declare readonly recordedAt: pulumi.Output<number>;
  constructor(name: string, args: WickrSecurityGroupArgs, opts?: pulumi.CustomResourceOptions) {
    // The group's secret paths (SECRET_PATHS, names only): `original` holds the group's values, so it is secret when any is.
    const props = { networkId: args.networkId, adopt: args.adopt, resource: name, groupId: undefined, recordedAt: undefined, original: undefined, [SECRET_PATHS]: secretPaths(args) };
    // Declared now, so a record made at or after this moment was made by this run.
    const declaredAt = Date.now();
    super(serializableProvider("provider/wickr/adoption-serialized"), adoptionRecordName(name), props, { parent: opts?.parent }, "wickr", "WickrAdoptionRecord");
    pulumi.all([this.recordedAt, this.networkId, this.groupId]).apply(([at, networkId, groupId]) => {
      if (typeof at === "number" && at >= declaredAt) void pulumi.log.warn(sharedAdoptionWarning(name, networkId, groupId), this);
    });
  }
}

/**
 * Said once, at the adoption (by the program, when it sees the record made in this run: a
 * provider's stderr is not shown by `up`): nothing at the service records an adoption, so a
 * second adopter cannot be seen.
 */
function sharedAdoptionWarning(resource: unknown, networkId: string, groupId: string): string {
  return (
    `WickrSecurityGroup ${JSON.stringify(String(resource))}: adopting group ${networkId}/${groupId}; its name and settings as of now are ` +
    `recorded as the original that destroy restores. Nothing at the service records an adoption: if another stack adopts ` +
    `this group too, each restores only its own changes, and only where the group still holds its value.`
  );
}

/** The args with the adoption record's original as a hidden input (when the program adopts). */
function withAdoptionRecord(name: string, args: WickrSecurityGroupArgs, opts?: pulumi.CustomResourceOptions): WickrSecurityGroupArgs {
  if (args.adopt === undefined || opts?.id !== undefined) return args;
  const record = new WickrAdoptionRecord(name, args, opts);
  return { ...args, __adoptionOriginal: record.original } as WickrSecurityGroupArgs;
}

/**
 * Rules that rest only on contradictory documents do not block a preview: the program warns
 * (a dynamic provider's `check` can return only failures, so the warning comes from here, on
 * the values the program declares) and the service decides.
 */
function warnOnDisputedRules(resource: pulumi.Resource, args: WickrSecurityGroupArgs): void {
  const warn = (settings: unknown) => {
    for (const w of disputedRuleWarnings(settings as Record<string, unknown> | undefined)) void pulumi.log.warn(w, resource);
  };
  const settings = args.securityGroupSettings;
  if (pulumi.Output.isInstance(settings) || settings instanceof Promise) pulumi.output(settings).apply(warn);
  else warn(settings);
}

/**
 * A security group of an AWS Wickr network, its settings kept as code. Creates the group,
 * or adopts an existing one (`adopt: "default"` or `{ groupId }`): destroying an adopted group
 * leaves it in place, by default with what the program changed put back as it was when adopted
 * (`restoreOnDelete`); a network's default group is never deleted. Only declared settings
 * are managed. Import with `networkId/groupId`.
 */
export class WickrSecurityGroup extends SchemaResource {
  /** The group's id within its network. */
  declare readonly groupId: pulumi.Output<string>;
  declare readonly networkId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** The declared settings, with the values the service reports. */
  declare readonly securityGroupSettings: pulumi.Output<SecurityGroupSettings | undefined>;
  declare readonly isDefault: pulumi.Output<boolean>;
  declare readonly activeMembers: pulumi.Output<number>;
  declare readonly botMembers: pulumi.Output<number>;
  /** Last modification, epoch seconds. */
  declare readonly modified: pulumi.Output<number>;
  /** The plan of the group's network (GetNetwork `accessLevel`: STANDARD or PREMIUM). */
  declare readonly networkAccessLevel: pulumi.Output<string | undefined>;
  /** The AWS account that owns the group's network (GetNetwork `awsAccountId`): what tells a deleted network from other credentials. */
  declare readonly networkAccountId: pulumi.Output<string | undefined>;
  /** The Active Directory group the group is synchronised with, when there is one. */
  declare readonly activeDirectoryGuid: pulumi.Output<string | undefined>;
  declare readonly adopted: pulumi.Output<boolean>;
  /** For an adopted group: the name and settings it had when adopted (what destroy restores). */
  declare readonly adoptedState: pulumi.Output<{ name: string; securityGroupSettings: Record<string, unknown> } | undefined>;
  /** What destroying this resource does to the group. */
  declare readonly deletionBehavior: pulumi.Output<string>;
  /** Everything the service reports about the group: name and all settings. */
  declare readonly reported: pulumi.Output<{ networkId: string; name: string; securityGroupSettings: Record<string, unknown> }>;

  constructor(name: string, args: WickrSecurityGroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(wickrSecurityGroupDefinition, name, withAdoptionRecord(name, withDefaults(args), opts), OUTPUTS, opts);
    if (opts?.id === undefined) warnOnDisputedRules(this, args);
  }

  /**
   * Read-only lookup of an existing group by `networkId/groupId`: its outputs as the service
   * reports them (every setting in `securityGroupSettings` and `reported`). The program does
   * not manage it: nothing is ever sent to the group, and destroy leaves it.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): WickrSecurityGroup {
    assertGetSupported("WickrSecurityGroup", name, "lookupWickrSecurityGroup");
    return new WickrSecurityGroup(name, {} as WickrSecurityGroupArgs, { ...opts, id });
  }
}

/**
 * The outputs of the group `id` (`networkId/groupId`) as the service reports them, read from the
 * program with the stack's `wickr:*` configuration: a lookup that works with every supported
 * SDK (WickrSecurityGroup.get needs @pulumi/pulumi 3.268.0 or later). Nothing is written.
 */
export async function lookupWickrSecurityGroup(id: string): Promise<Record<string, unknown> & { id: string }> {
  // The handler (and its HTTP and credential modules) loads only when a lookup runs.
  return lookupOutputs(wickrSecurityGroupDefinition, new (await import("./handler")).WickrSecurityGroupHandler(), id);
}
