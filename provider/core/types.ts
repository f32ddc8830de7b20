// Program-facing types derived from a schema: every property may be a Pulumi Input, at
// every depth, so values can come from other resources.
import type * as pulumi from "@pulumi/pulumi";

export type DeepInput<T> = T extends ReadonlyArray<infer U>
  ? pulumi.Input<ReadonlyArray<DeepInput<U>>>
  : T extends object
    ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
    : pulumi.Input<T>;

/** The Args type of a resource: the schema's input type with Inputs at every depth. */
export type ArgsOf<T> = { [K in keyof T]: DeepInput<T[K]> };
