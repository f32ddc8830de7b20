// The plugin's package: its name (the first part of every type token and the stack config
// namespace), its version, and the resources it serves.
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceDefinition, ResourceHandler } from "../core/definition";
import { distRoot } from "../core/proxy";
import { commvaultUserGroupDefinition } from "../commvault/definition";
import { wickrSecurityGroupDefinition } from "../wickr/definition";

/** The Pulumi package name: plugin `pulumi-resource-wickr-commvault`, tokens `wickr-commvault:index:<Type>`. */
export const PACKAGE = "wickr-commvault";

/** The package root (beside dist/): package.json and schema.json. */
export function packageRoot(): string {
  return path.resolve(distRoot(), "..");
}

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

export interface ServedResource {
  token: string;
  definition: ResourceDefinition;
  /** The handler module, loaded on first use (so a Wickr-only stack never needs Commvault's config). */
  handler: () => Promise<ResourceHandler>;
}

export function tokenOf(def: Pick<ResourceDefinition, "typeName">): string {
  return `${PACKAGE}:index:${def.typeName}`;
}

export const RESOURCES: ServedResource[] = [
  { token: tokenOf(wickrSecurityGroupDefinition), definition: wickrSecurityGroupDefinition, handler: async () => new (await import("../wickr/handler")).WickrSecurityGroupHandler() },
  { token: tokenOf(commvaultUserGroupDefinition), definition: commvaultUserGroupDefinition, handler: async () => new (await import("../commvault/handler")).CommvaultUserGroupHandler() },
];
