#!/usr/bin/env node
// pulumi-language-nodejs, the project's own: the engine starts it with its address as the last
// argument (after optional logging/tracing flags) and reads the gRPC port from its first line
// of stdout. It stops when the engine is gone.
import * as net from "node:net";
import { MESSAGE_LIMITS } from "./policy-proxy";
import { ChildRegister } from "./node-processes";
import { grpc, languageGrpc, SDK_VERSION } from "./sdk";
import { EngineLink, languageRuntimeHandlers } from "./server";

/** Flags that take a value; every other `-x`/`--x` stands alone (`--logtostderr`, `-v=9`). */
const FLAGS_WITH_VALUE = new Set(["--tracing", "-tracing", "--runtime", "-runtime"]);

export function engineAddressOf(args: string[]): string {
  let address = "";
  for (let i = 0; i < args.length; i++) {
    if (FLAGS_WITH_VALUE.has(args[i])) i++;
    else if (!args[i].startsWith("-")) address = args[i];
  }
  return address;
}

/** How often the host checks that the engine still listens. */
export const ENGINE_CHECK_MS = 5000;

/** `host:port` (`[v6]:port` too) as net.connect takes it. */
export function hostAndPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
  return { host: host || "127.0.0.1", port: Number(address.slice(colon + 1)) };
}

/**
 * Exits, stopping its children first (SIGINT, then SIGTERM and SIGKILL to one that outlives a
 * grace period: a program that ignores SIGINT must not outlive the run), when the engine stops
 * accepting connections twice in a row: the CLI died without stopping the host.
 */
function exitWhenEngineGone(engine: EngineLink, children: ChildRegister): void {
  let misses = 0;
  let stopping = false;
  const timer = setInterval(() => {
    if (!engine.address) return; // none yet: a Handshake may bring it
    const socket = net.connect(hostAndPort(engine.address));
    socket.once("connect", () => {
      misses = 0;
      socket.destroy();
    });
    socket.once("error", () => {
      if (++misses < 2 || stopping) return;
      stopping = true;
      clearInterval(timer);
      void children.stopAll().then(() => process.exit(1));
    });
  }, ENGINE_CHECK_MS);
  timer.unref();
}

function main(args: string[]): void {
  if (args.includes("--version") || args.includes("-version")) {
    process.stdout.write(`${SDK_VERSION}\n`);
    return;
  }
  const engine: EngineLink = { address: engineAddressOf(args) };
  const children = new ChildRegister();
  const server = new grpc.Server(MESSAGE_LIMITS);
  server.addService(languageGrpc.LanguageRuntimeService, languageRuntimeHandlers(engine, children));
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`pulumi-language-nodejs: could not listen: ${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
    exitWhenEngineGone(engine, children);
  });
}

if (require.main === module) main(process.argv.slice(2));
