// The echo item as a program uses it.
import * as pulumi from "@pulumi/pulumi";
import { SchemaResource } from "../../../provider/core/resource";
import { echoItemDefinition, EchoItemArgs } from "./definition";

export class EchoItem extends SchemaResource {
  declare readonly key: pulumi.Output<string>;
  declare readonly value: pulumi.Output<string | undefined>;
  declare readonly tags: pulumi.Output<string[] | undefined>;
  declare readonly reported: pulumi.Output<Record<string, unknown>>;

  constructor(name: string, args: { [K in keyof EchoItemArgs]: pulumi.Input<EchoItemArgs[K]> }, opts?: pulumi.CustomResourceOptions) {
    super(echoItemDefinition, name, args, ["reported"], opts);
  }
}
