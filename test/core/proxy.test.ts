// The serializable provider proxy: one object per runtime, so Pulumi serializes it once per
// program (its cache is keyed by the provider object), and its code captures only where the
// runtime is.
import * as pulumi from "@pulumi/pulumi";
import { providerProxy } from "../../provider/core/proxy";

describe("providerProxy", () => {
  it("is one object per runtime module and export", () => {
    const a = providerProxy("provider/wickr/runtime", "wickrSecurityGroupProvider");
    expect(providerProxy("provider/wickr/runtime", "wickrSecurityGroupProvider")).toBe(a);
    expect(providerProxy("provider/commvault/runtime", "commvaultUserGroupProvider")).not.toBe(a);
    expect(providerProxy("provider/wickr/runtime", "otherExport")).not.toBe(a);
  });

  it("serializes to code that names its runtime and captures nothing else of the program", async () => {
    const proxy = providerProxy("provider/wickr/runtime", "wickrSecurityGroupProvider");
    const { text } = await pulumi.runtime.serializeFunction(() => proxy);
    expect(text).toContain("provider/wickr/runtime");
    expect(text).toContain("wickrSecurityGroupProvider");
    expect(text).not.toContain("commvault");
    expect(text).not.toMatch(/proxies|makeProxy/);
  });
});
