// `RunPlugin`: a plugin written in Node run by this host; for the engine that is a policy
// pack (kind "analyzer"). The plugin's output streams back as messages and its exit code ends
// the stream. A policy pack starts behind the Analyzer proxy (see policy-proxy.ts), so it sees
// the stack's name, project, organization and config.
import type { ChildProcess } from "node:child_process";
import type * as Grpc from "@grpc/grpc-js";
import { languagePb } from "./sdk";
import type { LanguagePb } from "./sdk";
import { ChildRegister, envFromList, exited, NODE_BIN, resolveFrom, withNodeOnPath } from "./node-processes";
import { PolicyPackProxy } from "./policy-proxy";
import { folderOf, optionsOf } from "./program-info";
import { policyPackStackEnv, typescriptEnv } from "./runtime-options";
import { fail, finish, send } from "./streams";

type PluginCall = Grpc.ServerWritableStream<LanguagePb.RunPluginRequest, LanguagePb.RunPluginResponse>;

/** How to start the plugin: Node's arguments, folder and environment. */
interface Launch {
  dir: string;
  isPolicyPack: boolean;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

function output(kind: "stdout" | "stderr", chunk: Buffer): LanguagePb.RunPluginResponse {
  const message = new languagePb.RunPluginResponse();
  if (kind === "stdout") message.setStdout(chunk);
  else message.setStderr(chunk);
  return message;
}

/** The launch for a request, or the error that stops it before anything starts. */
function launchOf(req: LanguagePb.RunPluginRequest): Launch | string {
  const dir = folderOf(req.getInfo(), req.getPwd());
  const isPolicyPack = req.getKind() === "analyzer";
  const runPath = resolveFrom(dir, isPolicyPack ? "@pulumi/pulumi/cmd/run-policy-pack" : "@pulumi/pulumi/cmd/run-plugin");
  if (!runPath) return `it looks like the plugin's dependencies are not installed; run npm install in ${dir}`;
  try {
    const options = optionsOf(req.getInfo());
    return {
      dir,
      isPolicyPack,
      // A policy pack takes its folder last, other plugins first (as with the official host).
      args: [...options.nodeargs, runPath, ...(isPolicyPack ? [...req.getArgsList(), dir] : [dir, ...req.getArgsList()])],
      // A policy pack runs in its own folder (where its SDK is); other plugins where the engine says.
      cwd: isPolicyPack ? dir : req.getPwd() || dir,
      // The engine sends the whole environment the plugin is to have.
      env: withNodeOnPath(envFromList(req.getEnvList()), typescriptEnv(options)),
    };
  } catch (err) {
    return `${dir}: ${(err as Error).message}`;
  }
}

/** Splits stdout: its first line goes to `onFirstLine`, the rest (and later chunks) to `onRest`. */
function firstLineThen(onFirstLine: (line: string) => void, onRest: (chunk: Buffer) => void): (chunk: Buffer) => void {
  let head: Buffer | undefined = Buffer.alloc(0);
  return (chunk) => {
    if (head === undefined) return onRest(chunk);
    head = Buffer.concat([head, chunk]);
    const newline = head.indexOf(0x0a);
    if (newline < 0) return;
    const rest = head.subarray(newline + 1);
    const line = head.subarray(0, newline).toString("utf8").trim();
    head = undefined;
    onFirstLine(line);
    if (rest.length > 0) onRest(rest);
  };
}

/** Streams the child's output until it exits, then its exit code, then ends the call. */
async function streamUntilExit(call: PluginCall, child: ChildProcess, stdout: (chunk: Buffer) => void, launch: Launch): Promise<void> {
  call.on("cancelled", () => child.kill("SIGTERM"));
  child.stdout?.on("data", stdout);
  child.stderr?.on("data", (chunk: Buffer) => send(call, output("stderr", chunk)));
  try {
    const { code } = await exited(child);
    const exit = new languagePb.RunPluginResponse();
    exit.setExitcode(code ?? 1);
    send(call, exit);
    finish(call);
  } catch (err) {
    fail(call, `could not start the plugin in ${launch.dir}: ${(err as Error).message}`);
  }
}

export async function runPlugin(call: PluginCall, children: ChildRegister): Promise<void> {
  const launch = launchOf(call.request);
  if (typeof launch === "string") return fail(call, launch);
  const start = (env: NodeJS.ProcessEnv) => children.start(NODE_BIN, launch.args, { cwd: launch.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const forward = (chunk: Buffer) => send(call, output("stdout", chunk));
  if (!launch.isPolicyPack) return streamUntilExit(call, start(launch.env), forward, launch);

  // A policy pack, in order:
  // 1. the proxy listens; its port is the plugin's first line of output, so the engine dials it;
  const { proxy, port } = await PolicyPackProxy.listen();
  call.on("cancelled", () => proxy.fail("the engine stopped the policy pack"));
  try {
    send(call, output("stdout", Buffer.from(`${port}\n`)));
    // 2. the engine configures the stack (ConfigureStack), or calls something else first (no stack);
    const stack = await proxy.stackConfiguration();
    if (call.cancelled) return;
    // 3. the pack starts with the stack in its environment;
    const pack = start(stack ? { ...launch.env, ...policyPackStackEnv(stack) } : launch.env);
    // 4. its first line is its port: the proxy passes it the configuration, then forwards every call;
    const attach = (line: string) => {
      const packPort = Number(line);
      const attaching = Number.isInteger(packPort) && packPort > 0 ? proxy.attach(packPort) : Promise.reject(new Error(`the policy pack printed ${JSON.stringify(line)}, not a port`));
      attaching.catch((err: Error) => {
        send(call, output("stderr", Buffer.from(`${err.message}\n`)));
        pack.kill("SIGTERM");
      });
    };
    pack.once("exit", (code, signal) => proxy.fail(`the policy pack exited (${code ?? signal}) before it listened`));
    // 5. its output streams back until it exits.
    await streamUntilExit(call, pack, firstLineThen(attach, forward), launch);
  } finally {
    proxy.close();
  }
}
