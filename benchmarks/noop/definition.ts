// The engine's floor for the benchmarks: a dynamic resource on the same machinery (schema,
// bridge, serialized proxy) whose provider keeps its state in memory and makes no HTTP call.
import { z } from "zod";
import type { ResourceDefinition } from "../../provider/core/definition";

export const noopInputs = z.strictObject({
  name: z.string().min(1),
  value: z.number().int().optional(),
});

export const noopDefinition: ResourceDefinition<typeof noopInputs> = {
  module: "bench",
  typeName: "NoopItem",
  inputs: noopInputs,
  controlProperties: [],
  runtime: { module: "benchmarks/noop/runtime", exportName: "noopProvider" },
};
