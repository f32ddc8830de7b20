// Program-side helpers shared by every resource class: validate what is already known
// before anything is sent, and register with a type token that names the resource.
import * as pulumi from "@pulumi/pulumi";
import { checkInputs, REPORTED } from "./bridge";
import { UNKNOWN, isPlainObject } from "./diff";
import { InputError } from "./errors";
import { IDENTITY, resourceIdentity, ResourceDefinition } from "./definition";
import { providerProxy } from "./proxy";
import { carrierInputs } from "./secrecy";

/** Plain values as they are; Outputs, Promises and Resources become "not known yet". */
function knownPart(value: unknown): unknown {
  if (pulumi.Output.isInstance(value) || value instanceof Promise || pulumi.Resource.isInstance(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(knownPart);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = knownPart(v);
    return out;
  }
  return value;
}

/** Throws an InputError naming the resource and each bad property path; values not known yet are checked later. */
export function assertValidArgs(def: ResourceDefinition, name: string, args: object): void {
  const known = knownPart(args) as Record<string, unknown>;
  const problems = checkInputs(def, known);
  if (problems.length > 0) throw new InputError(`${def.typeName} "${name}"`, problems);
}

/**
 * The dynamic Resource base every resource class extends: validates, then registers as
 * `pulumi-nodejs:dynamic/<module>:<typeName>` with the serializable provider proxy.
 * `carriers` are the outputs that may carry declared values under a key of their own (the
 * service's full view, a snapshot taken at adoption): they are secret whenever an input is
 * (see secrecy.ts).
 */
export abstract class SchemaResource extends pulumi.dynamic.Resource {
  protected constructor(
    def: ResourceDefinition,
    name: string,
    args: object,
    outputNames: readonly string[],
    opts?: pulumi.CustomResourceOptions,
    carriers: readonly string[] = [REPORTED],
  ) {
    assertValidArgs(def, name, args);
    const props: Record<string, unknown> = { ...args, ...carrierInputs(args, carriers) };
    for (const output of outputNames) if (!(output in props)) props[output] = undefined;
    // Names the resource to its provider across processes (see IDENTITY); not a setting.
    props[IDENTITY] = resourceIdentity(pulumi.getProject(), pulumi.getStack(), def, name);
    super(providerProxy(def.runtime.module, def.runtime.exportName), name, props, opts, def.module, def.typeName);
  }
}
