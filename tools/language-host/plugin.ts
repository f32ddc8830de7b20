// `RunPlugin`: a plugin written in Node run by this host; for the engine that is a policy
// pack (kind "analyzer"). The pack's output streams back as messages and its exit code ends
// the stream. A policy pack starts behind the Analyzer proxy (see policy-proxy.ts), so it sees
// the stack's name, project, organization and config.
import type * as Grpc from "@grpc/grpc-js";
import { languagePb } from "./sdk";
import type { LanguagePb } from "./sdk";
import { ChildRegister, envFromList, exited, NODE_BIN, resolveFrom, withNodeOnPath } from "./node-processes";
import { PolicyPackProxy } from "./policy-proxy";
import { runtimeOptionsOf } from "./program";
import { parseRuntimeOptions, policyPackStackEnv, typescriptEnv } from "./runtime-options";
import { fail, finish, send } from "./streams";

type PluginCall = Grpc.ServerWritableStream<LanguagePb.RunPluginRequest, LanguagePb.RunPluginResponse>;

const ANALYZER = "analyzer";

function output(kind: "stdout" | "stderr", chunk: Buffer): LanguagePb.RunPluginResponse {
  const message = new languagePb.RunPluginResponse();
  if (kind === "stdout") message.setStdout(chunk);
  else message.setStderr(chunk);
  return message;
}

/** Splits the pack's stdout: its first line is its port (for the proxy), the rest is output. */
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

export async function runPlugin(call: PluginCall, children: ChildRegister): Promise<void> {
  const req = call.request;
  const info = req.getInfo();
  const dir = info?.getProgramDirectory() || req.getPwd();
  const isPolicyPack = req.getKind() === ANALYZER;
  const entry = isPolicyPack ? "@pulumi/pulumi/cmd/run-policy-pack" : "@pulumi/pulumi/cmd/run-plugin";
  const runPath = resolveFrom(dir, entry);
  if (!runPath) return fail(call, `it looks like the plugin's dependencies are not installed; run npm install in ${dir}`);
  let options;
  try {
    options = parseRuntimeOptions(runtimeOptionsOf(info));
  } catch (err) {
    return fail(call, `${dir}: ${(err as Error).message}`);
  }
  // A policy pack takes the program folder last; other plugins first (as the official host).
  const args = isPolicyPack ? [...req.getArgsList(), dir] : [dir, ...req.getArgsList()];
  let env = withNodeOnPath(envFromList(req.getEnvList()), typescriptEnv(options));

  let proxy: PolicyPackProxy | undefined;
  let stopped = false;
  call.on("cancelled", () => {
    stopped = true;
    proxy?.fail("the engine stopped the policy pack");
  });
  if (isPolicyPack) {
    const listening = await PolicyPackProxy.listen();
    proxy = listening.proxy;
    send(call, output("stdout", Buffer.from(`${listening.port}\n`)));
    const stack = await proxy.stackConfiguration();
    if (stack) env = { ...env, ...policyPackStackEnv(stack) };
  }
  if (stopped) return proxy?.close();

  // A policy pack runs in its own folder (so its own SDK loads); other plugins where the engine says.
  const child = children.start(NODE_BIN, [...options.nodeargs, runPath, ...args], {
    cwd: isPolicyPack ? dir : req.getPwd() || dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  call.on("cancelled", () => child.kill("SIGTERM"));
  const forwardStdout = (chunk: Buffer) => send(call, output("stdout", chunk));
  child.stdout?.on(
    "data",
    proxy
      ? firstLineThen((line) => {
          const port = Number(line);
          const attaching = Number.isInteger(port) && port > 0 ? proxy.attach(port) : Promise.reject(new Error(`policy pack printed ${JSON.stringify(line)}, not a port`));
          attaching.catch((err: Error) => {
            send(call, output("stderr", Buffer.from(`${err.message}\n`)));
            child.kill("SIGTERM");
          });
        }, forwardStdout)
      : forwardStdout,
  );
  child.stderr?.on("data", (chunk: Buffer) => send(call, output("stderr", chunk)));

  try {
    const { code, signal } = await exited(child);
    proxy?.fail(`the policy pack exited (code ${code ?? signal}) before it listened`);
    const exit = new languagePb.RunPluginResponse();
    exit.setExitcode(code ?? 1);
    send(call, exit);
    finish(call);
  } catch (err) {
    fail(call, `could not start the plugin in ${dir}: ${(err as Error).message}`);
  } finally {
    proxy?.close();
  }
}
