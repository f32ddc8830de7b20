// The policy pack's entry point: the CLI loads this folder (PulumiPolicy.yaml) and runs this
// module, which serves the baseline's policies to the engine. Defined in baseline.ts.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, baselinePolicies } from "./baseline";

new PolicyPack(PACK_NAME, {
  description: "Recommended security baseline for AWS Wickr security groups (WickrSecurityGroup) and Commvault user groups (CommvaultUserGroup).",
  // Policies without their own level are advisory; the core ones say mandatory.
  enforcementLevel: "advisory",
  policies: baselinePolicies,
});
