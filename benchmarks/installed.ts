// The package as a user's project has it: the compiled package copied under a node_modules
// folder, as npm installs a tarball, with the floors beside it. Resources loaded from there
// record their provider as a `require` of the installed module (provider/core/proxy.ts), as in
// a user's state; the provider process finds the copy through NODE_PATH.
import * as fs from "node:fs";
import * as path from "node:path";

const PACKAGE = "pulumi-wickr-commvault";

/** Copies package.json and the compiled provider and floors under `<root>/.bench/node_modules`; returns that node_modules folder. */
export function installCopy(root: string): string {
  const modules = path.join(root, ".bench", "node_modules");
  const target = path.join(modules, PACKAGE);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(root, "package.json"), path.join(target, "package.json"));
  for (const dir of ["provider", path.join("benchmarks", "noop")]) {
    fs.cpSync(path.join(root, "dist", dir), path.join(target, "dist", dir), { recursive: true, filter: (src) => !src.endsWith(".map") });
  }
  return modules;
}

/** A module of the installed copy (for example `provider` or `benchmarks/noop/resource`). */
export function installedModule<T>(modules: string, module: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(modules, PACKAGE, "dist", module)) as T;
}
