// The provider object Pulumi serializes into the state, and how a resource gets it.
//
// Each resource type has a tiny "serialized provider" module (for example
// provider/wickr/serialized.ts) whose whole export is a proxy made here. Pulumi records a
// captured value that is the export of a module under node_modules as a `require` of that
// module, so an installed package's resources each carry about 250 bytes of provider code:
// `require("pulumi-wickr-commvault/dist/provider/wickr/serialized.js")`, with no path of the
// machine. Run from a checkout (not under node_modules), Pulumi serializes the proxy by value
// instead: three strings (where the compiled runtime is, by package name and by absolute path,
// and which export to call). Either way the implementation loads inside the provider process,
// so no code graph, no configuration and no credential is ever serialized.
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

export const PACKAGE_NAME = "pulumi-wickr-commvault";

/** The folder that holds the compiled package (`<root>/dist`), from source or from dist. */
export function distRoot(): string {
  // From source (ts-jest, ts-node): <root>/provider/core/proxy.ts → <root>/dist.
  // Compiled: <root>/dist/provider/core/proxy.js → <root>/dist.
  return __filename.endsWith(".ts") ? path.resolve(__dirname, "..", "..", "dist") : path.resolve(__dirname, "..", "..");
}

/** Where the provider process may find a runtime module, best first. */
export function runtimeCandidates(runtimeModule: string): string[] {
  const absolute = path.join(distRoot(), `${runtimeModule}.js`);
  const inPackage = absolute.split(path.sep).includes("node_modules");
  return inPackage ? [`${PACKAGE_NAME}/dist/${runtimeModule}`, absolute] : [absolute];
}

/**
 * The serializable provider of a resource type: the whole export of its compiled serialized
 * provider module (`<dist>/<module>.js`), loaded by path so that an installed package's
 * module is the one under node_modules.
 */
export function serializableProvider(serializedModule: string): pulumi.dynamic.ResourceProvider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(distRoot(), `${serializedModule}.js`));
}

const proxies = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * A serializable provider that forwards every call to `require(module)[exportName]`, one
 * object per runtime: Pulumi caches a provider's serialized code by object, so every resource
 * of a type shares one serialization instead of serializing its own copy.
 */
export function providerProxy(runtimeModule: string, exportName: string): pulumi.dynamic.ResourceProvider {
  const key = `${runtimeModule}#${exportName}`;
  let proxy = proxies.get(key);
  if (!proxy) proxies.set(key, (proxy = makeProxy(runtimeModule, exportName)));
  return proxy;
}

function makeProxy(runtimeModule: string, exportName: string): pulumi.dynamic.ResourceProvider {
  const candidates = runtimeCandidates(runtimeModule);
  const load = (): pulumi.dynamic.ResourceProvider => {
    const tried: string[] = [];
    for (const candidate of candidates) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(candidate)[exportName];
      } catch (err) {
        if ((err as { code?: string }).code !== "MODULE_NOT_FOUND") throw err;
        tried.push(candidate);
      }
    }
    throw new Error(`cannot load the provider runtime (tried ${tried.join(", ")}); is the package built and installed?`);
  };
  return {
    configure: (req) => load().configure!(req),
    check: (olds, news) => load().check!(olds, news),
    diff: (id, olds, news) => load().diff!(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read!(id, props),
    update: (id, olds, news) => load().update!(id, olds, news),
    delete: (id, props) => load().delete!(id, props),
  };
}
