// The serializable provider proxy: one object per runtime, so Pulumi serializes it once per
// program (its cache is keyed by the provider object), and its code captures only where the
// runtime is.
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { providerProxy, serializableProvider } from "../../provider/core/proxy";

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
    expect(text).not.toContain("commvaultUserGroupProvider");
    expect(text).not.toMatch(/proxies|makeProxy/);
  });
});

describe("serializableProvider", () => {
  it("is the whole export of the compiled serialized-provider module, one object per type", () => {
    const wickr = serializableProvider("provider/wickr/serialized");
    expect(serializableProvider("provider/wickr/serialized")).toBe(wickr);
    expect(serializableProvider("provider/commvault/serialized")).not.toBe(wickr);
    expect(typeof wickr.create).toBe("function");
    // Pulumi captures a module's export under node_modules as a `require` of it (see
    // test/package/install.test.ts for the installed package); from a checkout it is serialized
    // by value, naming the runtime it loads.
    expect(Object.values(require.cache).some((m) => m?.exports === wickr && m.filename.endsWith(path.join("dist", "provider", "wickr", "serialized.js")))).toBe(true);
  });
});
