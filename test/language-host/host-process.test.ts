// The built host as the CLI starts it (dist/tools/language-host/main.js with the CLI's flags
// and the engine's address): it prints its gRPC port first, answers over gRPC, and exits once
// the engine is gone, so a crashed CLI leaves no host behind.
import { ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { ENGINE_CHECK_MS, hostAndPort } from "../../tools/language-host/main";
import { exited, NODE_BIN } from "../../tools/language-host/node-processes";
import type * as Grpc from "@grpc/grpc-js";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { emptyPb, grpc, languageGrpc, languagePb, SDK_VERSION } from "../../tools/language-host/sdk";
import type { LanguagePb } from "../../tools/language-host/sdk";

const HOST = path.resolve(__dirname, "..", "..", "dist", "tools", "language-host", "main.js");

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes("\n")) resolve(text.split("\n")[0]);
    });
    child.once("exit", (code) => reject(new Error(`host exited (${code}) before printing a port`)));
  });
}

function unaryCall<Res>(call: (cb: (err: Error | null, res?: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => call((err, res) => (err ? reject(err) : resolve(res as Res))));
}

/** The error status a RunPlugin stream ends with (undefined if it ends well). */
function pluginFailure(client: InstanceType<typeof languageGrpc.LanguageRuntimeClient>, kind: string, dir: string): Promise<string | undefined> {
  const info = new languagePb.ProgramInfo();
  info.setProgramDirectory(dir);
  info.setRootDirectory(dir);
  info.setEntryPoint(".");
  const req = new languagePb.RunPluginRequest();
  req.setInfo(info);
  req.setKind(kind);
  return new Promise((resolve) => {
    const stream = client.runPlugin(req);
    stream.on("data", () => undefined);
    stream.on("error", (err: Grpc.ServiceError) => resolve(err.details));
    stream.on("end", () => resolve(undefined));
  });
}

test("engine addresses parse to host and port, IPv6 included", () => {
  expect(hostAndPort("127.0.0.1:4000")).toEqual({ host: "127.0.0.1", port: 4000 });
  expect(hostAndPort("[::1]:4000")).toEqual({ host: "::1", port: 4000 });
  expect(hostAndPort(":4000")).toEqual({ host: "127.0.0.1", port: 4000 });
});

test("the host prints its port first, answers GetPluginInfo, Handshake, About and refused RunPlugins, and exits once the engine is gone", async () => {
  const engine = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
  const engineAddress = `127.0.0.1:${(engine.address() as net.AddressInfo).port}`;
  const host = spawn(NODE_BIN, [HOST, "--logtostderr", "-v=3", engineAddress], { stdio: ["ignore", "pipe", "inherit"] });
  const exit = exited(host);
  const client = new languageGrpc.LanguageRuntimeClient(`127.0.0.1:${await firstLine(host)}`, grpc.credentials.createInsecure());
  try {
    const info = await unaryCall<PluginInfo>((cb) => client.getPluginInfo(new emptyPb.Empty(), cb));
    expect(info.getVersion()).toBe(SDK_VERSION);

    const handshake = new languagePb.LanguageHandshakeRequest();
    handshake.setEngineAddress(engineAddress);
    await unaryCall((cb) => client.handshake(handshake, cb));

    const about = await unaryCall<LanguagePb.AboutResponse>((cb) => client.about(new languagePb.AboutRequest(), cb));
    expect(about.getExecutable()).toBe(NODE_BIN);
    expect(about.getVersion()).toBe(process.version);

    // RunPlugin: policy packs only, and only where their SDK is installed; each refusal is the stream's one error.
    expect(await pluginFailure(client, "resource", os.tmpdir())).toBe(`this language host runs policy packs only, not a plugin of kind "resource" (${os.tmpdir()})`);
    expect(await pluginFailure(client, "analyzer", os.tmpdir())).toBe(
      `it looks like the policy pack's dependencies are not installed; run npm install in ${os.tmpdir()}`,
    );
  } finally {
    client.close();
  }

  const closedAt = Date.now();
  await new Promise((resolve) => engine.close(resolve));
  expect(await exit).toEqual({ code: 1, signal: null });
  expect(Date.now() - closedAt).toBeLessThan(3 * ENGINE_CHECK_MS + 2000);
}, 60_000);
