import * as pulumi from "@pulumi/pulumi";
import { SchemaResource } from "../../provider/core/resource";
import { noopDefinition } from "./definition";

export class NoopItem extends SchemaResource {
  constructor(name: string, args: { name: string; value?: number }, opts?: pulumi.CustomResourceOptions) {
    super(noopDefinition, name, args, ["reported"], opts);
  }
}
