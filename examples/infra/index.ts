// The example infra project's program, as a platform team keeps it in its own repository:
// `pulumi up` in this folder. The stage (which version of the settings the demo applies) and
// the Wickr network come from stack config; endpoints and credentials from the providers'
// config (`wickr:*`, `commvault:*`) or the environment.
import * as pulumi from "@pulumi/pulumi";
import { exampleProgram, Stage } from "./program";

const config = new pulumi.Config("demo");
const stage = (config.get("stage") ?? "initial") as Stage;

export = exampleProgram({ stage, wickrNetworkId: config.get("wickrNetworkId") ?? "12345678" })();
