// `RunPlugin`: a policy pack (plugin kind "analyzer") written in Node, run by this host. Its
// output streams back as messages and its exit code ends the stream. It starts behind the
// Analyzer proxy (see policy-proxy.ts), so it sees the stack's name, project, organization and
// config. Other plugin kinds (Node resource providers from a PulumiPlugin.yaml) are refused:
// nothing here needs them.
import type { ChildProcess } from "node:child_process";
import type * as Grpc from "@grpc/grpc-js";
import { languagePb } from "./sdk";
import type { LanguagePb } from "./sdk";
import { ChildRegister, envFromList, exited, NODE_BIN, resolveFrom, stop, STOP_GRACE_MS, withNodeOnPath } from "./node-processes";
import { PolicyPackProxy } from "./policy-proxy";
import { folderOf, optionsOf } from "./program-info";
import { policyPackStackEnv, typescriptEnv } from "./runtime-options";
import { fail, finish, send } from "./streams";

type PluginCall = Grpc.ServerWritableStream<LanguagePb.RunPluginRequest, LanguagePb.RunPluginResponse>;

/** How to start the pack: its folder (where it runs, so its own SDK loads), Node's arguments, the environment. */
interface Launch {
  dir: string;
  args: string[];
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
  if (req.getKind() !== "analyzer") return `this language host runs policy packs only, not a plugin of kind "${req.getKind()}" (${dir})`;
  const runPath = resolveFrom(dir, "@pulumi/pulumi/cmd/run-policy-pack");
  if (!runPath) return `it looks like the policy pack's dependencies are not installed; run npm install in ${dir}`;
  try {
    const options = optionsOf(req.getInfo());
    return {
      dir,
      // The engine's arguments (its address), then the pack's folder, as with the official host.
      args: [...options.nodeargs, runPath, ...req.getArgsList(), dir],
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
async function streamUntilExit(call: PluginCall, child: ChildProcess, stdout: (chunk: Buffer) => void, dir: string): Promise<void> {
  call.on("cancelled", () => void stop(child, STOP_GRACE_MS, "SIGTERM"));
  child.stdout?.on("data", stdout);
  child.stderr?.on("data", (chunk: Buffer) => send(call, output("stderr", chunk)));
  try {
    const { code } = await exited(child);
    const exit = new languagePb.RunPluginResponse();
    exit.setExitcode(code ?? 1);
    send(call, exit);
    finish(call);
  } catch (err) {
    fail(call, `could not start the policy pack in ${dir}: ${(err as Error).message}`);
  }
}

export async function runPlugin(call: PluginCall, children: ChildRegister): Promise<void> {
  const launch = launchOf(call.request);
  if (typeof launch === "string") return fail(call, launch);
  const forward = (chunk: Buffer) => send(call, output("stdout", chunk));

  // In order:
  // 1. the proxy listens; its port is the plugin's first line of output, so the engine dials it;
  const { proxy, port } = await PolicyPackProxy.listen();
  call.on("cancelled", () => proxy.fail("the engine stopped the policy pack"));
  try {
    send(call, output("stdout", Buffer.from(`${port}\n`)));
    // 2. the engine configures the stack (ConfigureStack), or calls something else first (no stack);
    const stack = await proxy.stackConfiguration();
    if (call.cancelled) return;
    // 3. the pack starts with the stack in its environment;
    const env = stack ? { ...launch.env, ...policyPackStackEnv(stack) } : launch.env;
    const pack = children.start(NODE_BIN, launch.args, { cwd: launch.dir, env, stdio: ["ignore", "pipe", "pipe"] });
    // 4. its first line is its port: the proxy passes it the configuration, then forwards every call;
    const attach = (line: string) => {
      const packPort = Number(line);
      const attaching = Number.isInteger(packPort) && packPort > 0 ? proxy.attach(packPort) : Promise.reject(new Error(`the policy pack printed ${JSON.stringify(line)}, not a port`));
      attaching.catch((err: Error) => {
        send(call, output("stderr", Buffer.from(`${err.message}\n`)));
        void stop(pack, STOP_GRACE_MS, "SIGTERM");
      });
    };
    pack.once("exit", (code, signal) => proxy.fail(`the policy pack exited (${code ?? signal}) before it listened`));
    // 5. its output streams back until it exits.
    await streamUntilExit(call, pack, firstLineThen(attach, forward), launch.dir);
  } finally {
    proxy.close();
  }
}
