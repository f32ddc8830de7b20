// `pulumi-wickr-commvault import`: brings an existing group under the program in a project
// folder, as `pulumi import` would if the engine could import with a dynamic provider
// (pulumi/pulumi#16175). The program must already declare the resource (without the `import`
// option). Three steps, each through the Pulumi CLI in that folder:
//   1. a preview, to learn what the program declares for the resource (its inputs);
//   2. the group recorded in the stack's state by id (provider/core/import.ts);
//   3. a refresh with the program, which reads the group's settings from the service.
// After it, `pulumi preview` shows whether the program matches the group.
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { importCommvaultUserGroup } from "../provider/commvault/import";
import { commvaultUserGroupDefinition } from "../provider/commvault/definition";
import type { ResourceDefinition } from "../provider/core/definition";
import { importWickrSecurityGroup } from "../provider/wickr/import";
import type { WickrSecurityGroupArgs } from "../provider/wickr/resource";
import type { CommvaultUserGroupArgs } from "../provider/commvault/resource";
import { wickrSecurityGroupDefinition } from "../provider/wickr/definition";
import { declaredKey, MASKED_SECRET, previewDeclared, typeToken } from "./declared";
import { parseArgs, UsageError } from "./flags";

export const IMPORT_USAGE = `  import <WickrSecurityGroup|CommvaultUserGroup> <resource name> <id> [--stack NAME] [--cwd PROJECT_DIR]
      Records the existing group <id> (Wickr: networkId/groupId; Commvault: the numeric id) as the
      resource the program in PROJECT_DIR (default: the current folder) declares under <resource name>,
      in the selected stack (or --stack), then refreshes it from the service.`;

/** Each type's import helper; `args` are what the program declares (checked by the helper against the schema). */
const IMPORTERS = {
  WickrSecurityGroup: {
    def: wickrSecurityGroupDefinition,
    run: (stack: Stack, name: string, id: string, args: object, declared: Map<string, Record<string, unknown>>) =>
      importWickrSecurityGroup(stack, name, id, { args: args as WickrSecurityGroupArgs, declared }),
  },
  CommvaultUserGroup: {
    def: commvaultUserGroupDefinition,
    run: (stack: Stack, name: string, id: string, args: object, declared: Map<string, Record<string, unknown>>) =>
      importCommvaultUserGroup(stack, name, id, { args: args as CommvaultUserGroupArgs, declared }),
  },
} as const;
type ImportType = keyof typeof IMPORTERS;

/** The CLI shows a secret input as this text in engine events (values we cannot use). */
const MASKED = MASKED_SECRET;

function withoutMasked(value: unknown): unknown {
  if (value === MASKED) return undefined;
  if (Array.isArray(value)) return value.includes(MASKED) ? undefined : value.map(withoutMasked);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = withoutMasked(v);
      if (kept !== undefined) out[k] = kept;
    }
    return out;
  }
  return value;
}

/**
 * What the program declares for the resource, from a preview's events (undefined: not
 * declared): the schema's inputs only (not the engine's `__provider`, the identity, or the
 * hidden marks of the outputs that carry declared values).
 */
function declaredArgs(program: Map<string, Record<string, unknown>>, def: ResourceDefinition, name: string): Record<string, unknown> | undefined {
  const inputs = program.get(declaredKey(typeToken(def), name));
  if (!inputs) return undefined;
  const declared = Object.fromEntries(Object.entries(inputs).filter(([key]) => key in def.inputs.shape));
  return withoutMasked(declared) as Record<string, unknown>;
}

export async function importCommand(args: string[], say: (line: string) => void): Promise<number> {
  const { positional, flags } = parseArgs(args, ["stack", "cwd"]);
  if (positional.length !== 3) throw new UsageError("import takes a resource type, the resource's name in the program, and the id");
  const [typeName, resourceName, id] = positional;
  if (!(typeName in IMPORTERS)) throw new UsageError(`unknown resource type "${typeName}" (WickrSecurityGroup or CommvaultUserGroup)`);
  const importer = IMPORTERS[typeName as ImportType];
  const workDir = path.resolve(flags.get("cwd") ?? ".");

  const workspace = await LocalWorkspace.create({ workDir });
  const stackName = flags.get("stack") ?? (await workspace.stack())?.name;
  if (!stackName) throw new UsageError("no stack is selected in this project: pass --stack NAME (or `pulumi stack select` first)");
  const stack = await Stack.select(stackName, workspace);

  say(`reading what the program declares for ${typeName} "${resourceName}" (pulumi preview)...`);
  const program = await previewDeclared(stack);
  const declared = declaredArgs(program, importer.def, resourceName);
  if (!declared) throw new Error(`the program in ${workDir} declares no ${typeName} named "${resourceName}": declare it (without the import option), then run this again`);

  say(`recording ${typeName} ${id} as "${resourceName}" in stack ${stackName} and reading it from the service (pulumi refresh)...`);
  const urn = await importer.run(stack, resourceName, id, declared, program);
  say(`imported ${urn}`);
  say("`pulumi preview --diff` now shows where the program and the group differ (nothing, when they match).");
  return 0;
}
