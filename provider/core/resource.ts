// Program-side helpers shared by every resource class: register with a type token that names
// the resource (its inputs are validated by the provider's check), and a validator of arguments.
import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "./bridge";
import { UNKNOWN, isPlainObject } from "./diff";
import { InputError } from "./errors";
import { IDENTITY, LOOKUP, resourceIdentity, ResourceDefinition, SECRET_PATHS } from "./definition";
import { serializableProvider } from "./proxy";
import { secretPaths } from "./secrecy";

/** Plain values as they are; Outputs, Promises and Resources become "not known yet". */
export function knownPart(value: unknown): unknown {
  if (pulumi.Output.isInstance(value) || value instanceof Promise || pulumi.Resource.isInstance(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(knownPart);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = knownPart(v);
    return out;
  }
  return value;
}

/**
 * Throws an InputError naming the resource and each bad property path; values not known yet are
 * checked later. (Resource classes leave this to the provider's check, whose failures the engine
 * prints once, naming the resource and each property path; this serves tools that check
 * arguments outside a Pulumi program.)
 */
export function assertValidArgs(def: ResourceDefinition, name: string, args: object): void {
  const known = knownPart(args) as Record<string, unknown>;
  const problems = checkInputs(def, known);
  if (problems.length > 0) throw new InputError(`${def.typeName} "${name}"`, problems);
}

/**
 * The dynamic Resource base every resource class extends: registers as
 * `pulumi-nodejs:dynamic/<module>:<typeName>` with the serializable provider proxy.
 * The outputs that carry declared values (carriersOf) are secret whenever an input is, and no
 * message prints a value the program marked secret (see secrecy.ts).
 */
export abstract class SchemaResource extends pulumi.dynamic.Resource {
  protected constructor(
    def: ResourceDefinition,
    name: string,
    args: object,
    outputNames: readonly string[],
    opts?: pulumi.CustomResourceOptions,
  ) {
    // A lookup (`opts.id`, the classes' static `get`) declares nothing: the engine reads the
    // resource, and every input is an output too. Otherwise bad input is refused by the
    // provider's check, before any call to the service: the engine then prints one message per
    // problem naming the resource and the property path. Throwing here instead would print it
    // twice, first as an "Unhandled exception" with a stack trace.
    const lookup = opts?.id !== undefined;
    const props: Record<string, unknown> = { ...args };
    const outputs = lookup ? [...Object.keys(def.inputs.shape), ...outputNames] : outputNames;
    for (const output of outputs) if (!(output in props)) props[output] = undefined;
    if (lookup) props[LOOKUP] = true;
    // Which inputs the program marked secret, by path (see secrecy.ts); hidden from previews.
    else props[SECRET_PATHS] = secretPaths(args);
    // Names the resource to its provider across processes (see IDENTITY); not a setting.
    props[IDENTITY] = resourceIdentity(pulumi.getProject(), pulumi.getStack(), def, name);
    super(serializableProvider(def.serializedProvider), name, props, opts, def.module, def.typeName);
  }
}
