// What a project's program declares, learned the way the engine sees it: a preview of the
// stack (it runs the program, changes nothing) whose events carry each resource's type, name and
// inputs. The import command and `discover --import-into` both check with it before they touch
// the state, so a resource the program does not declare is never imported (the next `up` would
// delete it).
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import type { ResourceDefinition } from "../provider/core/definition";

/** The engine's type token of a resource on the shared machinery. */
export const typeToken = (def: ResourceDefinition) => `pulumi-nodejs:dynamic/${def.module}:${def.typeName}`;

/** A key for a declared resource: its type token and its name in the program. */
export const declaredKey = (type: string, name: string) => `${type}::${name}`;

/** Every resource the stack's program declares (by declaredKey), with the inputs the preview shows. */
export async function previewDeclared(stack: Stack): Promise<Map<string, Record<string, unknown>>> {
  const declared = new Map<string, Record<string, unknown>>();
  const onEvent = (e: EngineEvent) => {
    const meta = e.resourcePreEvent?.metadata;
    if (!meta) return;
    const name = meta.urn.slice(meta.urn.lastIndexOf("::") + 2);
    declared.set(declaredKey(meta.type, name), (meta.new?.inputs ?? {}) as Record<string, unknown>);
  };
  await stack.preview({ onEvent });
  return declared;
}
