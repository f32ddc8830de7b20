// The program's npm side: what it depends on (`pulumi about`), `pulumi install` (npm install
// in the program folder, its output streamed back), and the runtime `pulumi about` names.
import * as fs from "node:fs";
import * as path from "node:path";
import type * as Grpc from "@grpc/grpc-js";
import { languagePb } from "./sdk";
import type { LanguagePb } from "./sdk";
import { ChildRegister, exited, NODE_BIN, resolveFrom, withNodeOnPath } from "./node-processes";
import { folderOf, optionsOf } from "./program-info";
import { fail, finish, send } from "./streams";

export interface Dependency {
  name: string;
  version: string;
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The installed version of `name` as the program would load it (nearest node_modules upwards). */
function installedVersion(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const pkg = readJson(path.join(d, "node_modules", name, "package.json"));
    if (typeof pkg?.version === "string") return pkg.version;
    if (path.dirname(d) === d) return undefined;
  }
}

/** Every package folder directly in `dir`/node_modules (scoped ones included). */
function installedPackages(dir: string): Dependency[] {
  const root = path.join(dir, "node_modules");
  const names: string[] = [];
  const list = (d: string) => {
    try {
      return fs.readdirSync(d);
    } catch {
      return [];
    }
  };
  for (const entry of list(root)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) names.push(...list(path.join(root, entry)).map((n) => `${entry}/${n}`));
    else names.push(entry);
  }
  return names.flatMap((name) => {
    const version = readJson(path.join(root, name, "package.json"))?.version;
    return typeof version === "string" ? [{ name, version }] : [];
  });
}

/**
 * The program's dependencies: those its package.json names, at their installed versions
 * (uninstalled ones left out); with `transitive`, every package in its node_modules.
 */
export function programDependencies(dir: string, transitive: boolean): Dependency[] {
  if (transitive) return installedPackages(dir);
  const pkg = readJson(path.join(dir, "package.json")) ?? {};
  const declared = { ...(pkg.devDependencies as object | undefined), ...(pkg.dependencies as object | undefined) };
  return Object.keys(declared)
    .sort()
    .flatMap((name) => {
      const version = installedVersion(dir, name);
      return version ? [{ name, version }] : [];
    });
}

export function dependenciesResponse(req: LanguagePb.GetProgramDependenciesRequest): LanguagePb.GetProgramDependenciesResponse {
  const dir = folderOf(req.getInfo(), req.getPwd());
  const res = new languagePb.GetProgramDependenciesResponse();
  res.setDependenciesList(
    programDependencies(dir, req.getTransitivedependencies()).map((d) => {
      const info = new languagePb.DependencyInfo();
      info.setName(d.name);
      info.setVersion(d.version);
      return info;
    }),
  );
  return res;
}

type InstallCall = Grpc.ServerWritableStream<LanguagePb.InstallDependenciesRequest, LanguagePb.InstallDependenciesResponse>;

function installOutput(kind: "stdout" | "stderr", chunk: Buffer | string): LanguagePb.InstallDependenciesResponse {
  const message = new languagePb.InstallDependenciesResponse();
  if (kind === "stdout") message.setStdout(Buffer.from(chunk));
  else message.setStderr(Buffer.from(chunk));
  return message;
}

/** `pulumi install`: `npm install` in the program folder, its output streamed as it comes. */
export async function installDependencies(call: InstallCall, children: ChildRegister): Promise<void> {
  const req = call.request;
  const dir = folderOf(req.getInfo(), req.getDirectory());
  let production: boolean;
  try {
    production = optionsOf(req.getInfo()).production;
  } catch (err) {
    return fail(call, `${dir}: ${(err as Error).message}`);
  }
  const args = ["install", "--no-audit", "--no-fund", ...(production ? ["--omit=dev"] : [])];
  send(call, installOutput("stdout", `Installing dependencies (npm ${args.join(" ")} in ${dir})...\n\n`));
  const child = children.start("npm", args, { cwd: dir, env: withNodeOnPath(process.env), stdio: ["ignore", "pipe", "pipe"] });
  call.on("cancelled", () => child.kill("SIGTERM"));
  child.stdout?.on("data", (chunk: Buffer) => send(call, installOutput("stdout", chunk)));
  child.stderr?.on("data", (chunk: Buffer) => send(call, installOutput("stderr", chunk)));
  try {
    const { code, signal } = await exited(child);
    if (code !== 0) return fail(call, `npm install failed in ${dir} (exit code ${code ?? signal})`);
    send(call, installOutput("stdout", "Finished installing dependencies\n\n"));
    finish(call);
  } catch (err) {
    fail(call, `could not run npm in ${dir}: ${(err as Error).message}`);
  }
}

/** `pulumi about`: the Node this host runs programs on, and the TypeScript the program would load. */
export function aboutResponse(req: LanguagePb.AboutRequest): LanguagePb.AboutResponse {
  const res = new languagePb.AboutResponse();
  res.setExecutable(NODE_BIN);
  res.setVersion(process.version);
  const metadata = res.getMetadataMap();
  metadata.set("runtime", "nodejs");
  metadata.set("packagemanager", "npm");
  const dir = folderOf(req.getInfo(), "");
  const tsPackage = dir ? resolveFrom(dir, "typescript/package.json") : undefined;
  const tsVersion = tsPackage ? readJson(tsPackage)?.version : undefined;
  if (typeof tsVersion === "string") metadata.set("typescriptVersion", tsVersion);
  return res;
}
