import * as pulumi from "@pulumi/pulumi";
import { SchemaResource } from "../../provider/core/resource";
import { noopDefinition, ShapedKind, shapedNoopDefinitions } from "./definition";

export class NoopItem extends SchemaResource {
  constructor(name: string, args: { name: string; value?: number }, opts?: pulumi.CustomResourceOptions) {
    super(noopDefinition, name, args, ["reported"], opts);
  }
}

/** A floor shaped like a resource of `kind`: its inputs are that resource's arguments. */
export class ShapedNoop extends SchemaResource {
  constructor(kind: ShapedKind, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    super(shapedNoopDefinitions[kind], name, args, ["reported"], opts);
  }
}
