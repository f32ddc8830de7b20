// Lookups by id, program-side: the resource's outputs read by its handler in the program's own
// process, with the stack's configuration (the same keys, environment fallbacks and credential
// chain as the provider). They work with every supported SDK, where a resource's static `get`
// needs a dynamic-provider host that finds the provider of a Get by its inputs (3.268.0).
import * as pulumi from "@pulumi/pulumi";
import { composeOutputs } from "./bridge";
import type { ConfigSource } from "./config";
import type { Props, ResourceDefinition, ResourceHandler } from "./definition";
import { scrub } from "./errors";

/** The first @pulumi/pulumi whose dynamic-provider host falls back to a Get's inputs to find `__provider`. */
export const GET_MIN_SDK = "3.268.0";

/** The stack's configuration as the program sees it (secrets included, never logged). */
const stackConfig: ConfigSource = { get: (key) => pulumi.runtime.getConfig(key) };

/** The version of the @pulumi/pulumi the program runs with. */
export function programSdkVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("@pulumi/pulumi/package.json") as { version: string }).version;
}

export function atLeast(version: string, minimum: string): boolean {
  const a = version.split(/[.-]/).slice(0, 3).map(Number);
  const b = minimum.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** Throws a clear error when the program's SDK cannot serve a dynamic resource's `get`. */
export function assertGetSupported(typeName: string, name: string, lookupFunction: string): void {
  const version = programSdkVersion();
  if (atLeast(version, GET_MIN_SDK)) return;
  throw new Error(
    `${typeName}.get("${name}"): this program runs @pulumi/pulumi ${version}, whose dynamic-provider host cannot find the provider of a lookup ` +
      `(it reads only the properties a Get leaves empty; fixed in ${GET_MIN_SDK}). Upgrade @pulumi/pulumi, or use ${lookupFunction}(id), which reads the group from the program.`,
  );
}

/**
 * The outputs of the resource `id` (every setting the service reports, and the computed
 * outputs), read once in the program's process. Rejects, naming the resource, when it is not there.
 */
export async function lookupOutputs(def: ResourceDefinition, handler: ResourceHandler, id: string): Promise<Props & { id: string }> {
  try {
    handler.configure(stackConfig);
    const snapshot = await handler.read(id, undefined);
    if (!snapshot) throw new Error(`${def.typeName} ${id}: there is no such ${def.typeName} to look up`);
    return { ...composeOutputs(def, snapshot, snapshot.view, {}), id: snapshot.id };
  } catch (err) {
    if (err instanceof Error) err.message = scrub(err.message);
    throw err;
  }
}
