// Importing an existing Commvault user group by id (the engine's `pulumi import` cannot work
// with a dynamic provider; see provider/core/import.ts for how this does it instead).
import type { Stack } from "@pulumi/pulumi/automation";
import { importResource } from "../core/import";
import { commvaultUserGroupDefinition as def } from "./definition";
import type { CommvaultUserGroupArgs } from "./resource";

export { exportStackEncrypted } from "../core/import";

/**
 * Imports the Commvault user group `groupId` into `stack` as the CommvaultUserGroup named
 * `resourceName`. The stack's program must declare that resource. `args`: what the program
 * declares, so the import manages exactly that from the start.
 */
export async function importCommvaultUserGroup(
  stack: Stack,
  resourceName: string,
  groupId: number | string,
  options: { args?: CommvaultUserGroupArgs; declared?: Map<string, Record<string, unknown>> } = {},
): Promise<string> {
  const id = String(groupId);
  if (!/^[1-9][0-9]*$/.test(id)) throw new Error(`${def.typeName} "${resourceName}": "${id}" is not a user-group id (a positive integer)`);
  try {
    return await importResource(def, stack, resourceName, id, options);
  } catch (err) {
    if (err instanceof Error && err.message.endsWith(`there is nothing with id ${id} to import`)) {
      err.message = `${def.typeName} "${resourceName}": there is no Commvault user group with id ${id} to import`;
    }
    throw err;
  }
}
