import * as pulumi from "@pulumi/pulumi";
import { SchemaResource } from "../../provider/core/resource";
import { OUTPUTS as COMMVAULT_OUTPUTS } from "../../provider/commvault/resource";
import { OUTPUTS as WICKR_OUTPUTS } from "../../provider/wickr/resource";
import { noopDefinition, ShapedKind, shapedNoopDefinitions } from "./definition";

/** The outputs each real resource class declares (the program makes an Output of each). */
const SHAPED_OUTPUTS: Record<ShapedKind, readonly string[]> = { wickr: WICKR_OUTPUTS, commvault: COMMVAULT_OUTPUTS };

export class NoopItem extends SchemaResource {
  constructor(name: string, args: { name: string; value?: number }, opts?: pulumi.CustomResourceOptions) {
    super(noopDefinition, name, args, ["reported"], opts);
  }
}

/** A floor shaped like a resource of `kind`: that resource's arguments as inputs, and its output names. */
export class ShapedNoop extends SchemaResource {
  constructor(kind: ShapedKind, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    super(shapedNoopDefinitions[kind], name, args, SHAPED_OUTPUTS[kind], opts);
  }
}
