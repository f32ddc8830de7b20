// The engine's floors for the benchmarks: dynamic resources on the same machinery (schema,
// bridge, serialized proxy) whose provider keeps its state in memory and makes no HTTP call.
// `NoopItem` is the trivial floor; the shaped floors take a real resource's schema and answer
// with the outputs a real one of its kind recorded, so their state is the same size and shape.
import { z } from "zod";
import type { ResourceDefinition } from "../../provider/core/definition";
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import { wickrSecurityGroupDefinition } from "../../provider/wickr/definition";

export const noopInputs = z.strictObject({
  name: z.string().min(1),
  value: z.number().int().optional(),
});

export const noopDefinition: ResourceDefinition<typeof noopInputs> = {
  module: "bench",
  typeName: "NoopItem",
  inputs: noopInputs,
  controlProperties: [],
  serializedProvider: "benchmarks/noop/serialized/noop",
};

/** The shaped floors, by the kind of resource whose shape they take. */
export const shapedNoopDefinitions = {
  wickr: { ...wickrSecurityGroupDefinition, module: "bench", typeName: "WickrShapedNoop", serializedProvider: "benchmarks/noop/serialized/wickr-shaped" },
  commvault: { ...commvaultUserGroupDefinition, module: "bench", typeName: "CommvaultShapedNoop", serializedProvider: "benchmarks/noop/serialized/commvault-shaped" },
} satisfies Record<string, ResourceDefinition>;

export type ShapedKind = keyof typeof shapedNoopDefinitions;

/** The environment variable that names the file of recorded shapes (see shapes.ts). */
export const SHAPES_FILE_ENV = "BENCH_SHAPES_FILE";
