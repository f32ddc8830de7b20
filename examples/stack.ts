// The example as a Pulumi project's program (Pulumi.yaml at the repository root): the stage
// and network come from stack config, endpoints and credentials from the providers' config.
import * as pulumi from "@pulumi/pulumi";
import { exampleProgram, Stage } from "./program";

export default function run() {
  const config = new pulumi.Config("demo");
  const stage = (config.get("stage") ?? "initial") as Stage;
  return exampleProgram({ stage, wickrNetworkId: config.get("wickrNetworkId") ?? "12345678" })();
}
