// Importing an existing Wickr security group by `networkId/groupId` (the engine's `pulumi
// import` cannot work with a dynamic provider; see provider/core/import.ts for how this does it).
import type { Stack } from "@pulumi/pulumi/automation";
import { InputError } from "../core/errors";
import { importResource } from "../core/import";
import { wickrSecurityGroupDefinition as def } from "./definition";
import { parseGroupId } from "./handler";
import type { WickrSecurityGroupArgs } from "./resource";

/**
 * Imports the group `id` (`networkId/groupId`) into `stack` as the WickrSecurityGroup named
 * `resourceName`. The stack's program must declare that resource. `args`: what the program
 * declares, so the import manages exactly that from the start.
 */
export async function importWickrSecurityGroup(
  stack: Stack,
  resourceName: string,
  id: string,
  options: { args?: WickrSecurityGroupArgs; declared?: Map<string, Record<string, unknown>> } = {},
): Promise<string> {
  parseGroupId(id); // refuses an id of the wrong form before anything is written
  if (options.args?.adopt !== undefined) {
    // An import reads the group as it is now: it cannot know what destroy must give back.
    throw new InputError(`WickrSecurityGroup "${resourceName}"`, [
      {
        path: "adopt",
        reason:
          "an adopted group is not imported: `pulumi up` adopts it, and its adoption record saves the group's name and settings as the original (what destroy gives back) before anything is sent",
      },
    ]);
  }
  return importResource(def, stack, resourceName, id, options);
}
