// The readers of what the Pulumi CLI prints (the demo's and the folder-mode tests' checks).
import { policyViolations, resourceCounts } from "../../scripts/support/pulumi-cli";

describe("resourceCounts", () => {
  it("reads the last Resources block of a preview, an up, a refresh and a destroy", () => {
    expect(resourceCounts("Resources:\n    ~ 2 to update\n    + 1 to create\n    2 unchanged\n\nDuration: 3s\n")).toEqual({ update: 2, create: 1, same: 2 });
    expect(resourceCounts("Resources:\n    + 9 to create\n\nlater\nResources:\n    - 4 deleted\n")).toEqual({ delete: 4 });
    expect(resourceCounts("Resources:\n    +-1 to replace\n    ~ 1 updated\n")).toEqual({ replace: 1, update: 1 });
    expect(resourceCounts("no summary")).toEqual({});
  });
});

describe("policyViolations", () => {
  it("reads the diff display's violation lines, each once, with their detail", () => {
    const out = [
      "    wickr-commvault-baseline@v0.1.0 [mandatory] [severity: high]  wickr-password-length  (pulumi-nodejs:dynamic/wickr:WickrSecurityGroup: field-team)Wickr passwords have a minimum length.",
      "securityGroupSettings.passwordRequirements.minLength is 6; the baseline requires at least 12",
      "    ~ pulumi-nodejs:dynamic/wickr:WickrSecurityGroup: (update)",
      "    wickr-commvault-baseline@v0.1.0 [advisory] [severity: medium]  wickr-password-character-classes  (pulumi-nodejs:dynamic/wickr:WickrSecurityGroup: field-team)Classes.",
      "Policies:",
      "    ❌ wickr-commvault-baseline@v0.1.0 (local: policy)",
      "        - [mandatory]  commvault-two-factor-authentication  (pulumi-nodejs:dynamic/commvault:CommvaultUserGroup: ops)",
      "          2FA required.",
    ].join("\n");
    expect(policyViolations(out)).toEqual([
      { level: "mandatory", policy: "wickr-password-length", resource: "field-team", message: "Wickr passwords have a minimum length. securityGroupSettings.passwordRequirements.minLength is 6; the baseline requires at least 12" },
      { level: "advisory", policy: "wickr-password-character-classes", resource: "field-team", message: "Classes." },
      { level: "mandatory", policy: "commvault-two-factor-authentication", resource: "ops", message: "" },
    ]);
  });
});
