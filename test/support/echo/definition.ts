// The echo item's schema and definition: the smallest resource on the shared machinery.
import { z } from "zod";
import { attr, valueSet } from "../../../provider/core/schema";
import type { ResourceDefinition } from "../../../provider/core/definition";

export const echoItemInputs = z.strictObject({
  key: attr(z.string().min(1), { replaceOnChange: true, description: "Item key; a change replaces the item." }),
  value: z.string().max(64).optional().describe("The item's value."),
  tags: valueSet(z.string(), "Tags; order does not matter.").optional(),
});

export type EchoItemArgs = z.input<typeof echoItemInputs>;

export const echoItemDefinition: ResourceDefinition<typeof echoItemInputs> = {
  module: "echo",
  typeName: "EchoItem",
  inputs: echoItemInputs,
  controlProperties: [],
  serializedProvider: "test/support/echo/serialized",
};
