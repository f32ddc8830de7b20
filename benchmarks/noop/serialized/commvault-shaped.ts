// The serialized provider of a benchmark floor (see provider/core/proxy.ts).
import { providerProxy } from "../../../provider/core/proxy";

export = providerProxy("benchmarks/noop/runtime", "commvaultShapedNoopProvider");
