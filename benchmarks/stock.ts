// The stock baseline: a dynamic resource written as Pulumi's documentation writes one, with
// its own small provider object and none of this package's machinery (no schema, no proxy,
// no recorded service view). It answers from memory, like the floors.
import * as pulumi from "@pulumi/pulumi";

const stockProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: String(inputs.name), outs: inputs };
  },
  async diff(_id, olds, news) {
    return { changes: olds.value !== news.value };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};

export class StockItem extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<number | undefined>;

  constructor(name: string, args: { name: pulumi.Input<string>; value?: pulumi.Input<number> }, opts?: pulumi.CustomResourceOptions) {
    super(stockProvider, name, { ...args, value: args.value }, opts);
  }
}
