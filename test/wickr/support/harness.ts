// Shared set-up of the Wickr engine tests: an in-process emulator, stacks configured for it
// (region and endpoint from stack config, the test key pair from the environment), and
// helpers that read the emulator's request log.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { EmulatorControl } from "../../../emulators/core/control-client";
import type { EmulatorServer, LogEntry } from "../../../emulators/core/server";
import { createWickrEmulator, WICKR_TEST_REGION } from "../../../emulators/wickr";
import type { SecurityGroup, WickrVariant } from "../../../emulators/wickr";
import { TestStack } from "../../support/engine";
import { isolatedAwsEnv } from "../../support/aws-env";

export const TYPE_TOKEN = "pulumi-nodejs:dynamic/wickr:WickrSecurityGroup";

export interface WickrEngineHarness {
  emulator: EmulatorServer;
  control: EmulatorControl;
  /** A stack whose provider talks to this emulator. */
  stack(program: PulumiFn, options?: { importCapableHost?: boolean }): Promise<TestStack>;
  /** Every request the emulator served since the last clear. */
  log(): Promise<LogEntry[]>;
  clearLog(): Promise<void>;
  /** Every request the emulator served since the harness started (clears included), for the conformance check. */
  captured(): Promise<LogEntry[]>;
  /** A group as the emulator holds it. */
  group(networkId: string, groupId: string): Promise<SecurityGroup | undefined>;
  groups(networkId: string): Promise<SecurityGroup[]>;
  close(): Promise<void>;
}

export const WRITE_METHODS = ["POST", "PATCH", "PUT", "DELETE"];

/** The requests that change something. */
export const writes = (entries: LogEntry[]) => entries.filter((e) => WRITE_METHODS.includes(e.method));

/** `[operation, path]` of each request, for compact assertions. */
export const calls = (entries: LogEntry[]) => entries.map((e) => `${e.operation} ${e.method} ${e.path}`);

/** The operations in order. */
export const operations = (entries: LogEntry[]) => entries.map((e) => e.operation);

export async function startWickrEngineHarness(options: { variant?: Partial<WickrVariant> } = {}): Promise<WickrEngineHarness> {
  const emulator = createWickrEmulator({ variant: options.variant });
  const earlier: LogEntry[] = [];
  const url = await emulator.listen();
  const control = new EmulatorControl(emulator.controlUrl);
  const state = async () =>
    (await control.service<{ networks: Array<{ networkId: string; groups: SecurityGroup[] }> }>("state")).networks;
  let hostDir: string | undefined;
  return {
    emulator,
    control,
    async stack(program, options = {}) {
      const env: Record<string, string> = isolatedAwsEnv();
      if (options.importCapableHost) {
        hostDir ??= installImportCapableHost();
        env.PATH = `${hostDir}${path.delimiter}${process.env.PATH ?? ""}`;
      }
      return TestStack.create(program, {
        config: { "wickr:region": { value: WICKR_TEST_REGION }, "wickr:endpoint": { value: url } },
        env,
      });
    },
    log: () => control.log(),
    clearLog: async () => {
      earlier.push(...(await control.log()));
      await control.clearLog();
    },
    captured: async () => [...earlier, ...(await control.log())],
    async group(networkId, groupId) {
      return (await state()).find((n) => n.networkId === networkId)?.groups.find((g) => g.id === groupId);
    },
    async groups(networkId) {
      return (await state()).find((n) => n.networkId === networkId)?.groups ?? [];
    },
    async close() {
      await emulator.close();
      if (hostDir) fs.rmSync(hostDir, { recursive: true, force: true });
    },
  };
}

/**
 * The Node dynamic-provider host of @pulumi/pulumi cannot import (pulumi/pulumi#16175): the
 * engine's Read for an import carries no properties, so the host finds no serialized provider
 * (`__provider`) and fails on `getProperties()`. This stand-in host (put first on the CLI's
 * PATH as `pulumi-resource-pulumi-nodejs`) supplies, for such a Read, the provider of the
 * resource's type token (this package's compiled runtime) and runs the SDK's host unchanged
 * otherwise. It is the fix proposed for the project's own plugin shim (scripts/bootstrap.sh).
 */
function installImportCapableHost(): string {
  const root = path.resolve(__dirname, "..", "..", "..");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-host-"));
  const runtimes = {
    [TYPE_TOKEN]: { module: path.join(root, "dist", "provider", "wickr", "runtime.js"), exportName: "wickrSecurityGroupProvider" },
  };
  const host = `"use strict";
const path = require("path");
const entry = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [${JSON.stringify(root)}] });
const sdk = path.resolve(path.dirname(entry), "..", "..");
const provproto = require(path.join(sdk, "proto", "provider_pb"));
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdk] }));
const runtimes = ${JSON.stringify(runtimes)};
const original = provproto.ReadRequest.prototype.getProperties;
provproto.ReadRequest.prototype.getProperties = function () {
  const props = original.call(this);
  // SDK 3.276 sends an empty Struct (not undefined) for an import's Read, then falls back to the inputs.
  if (props !== undefined && Object.keys(props.toJavaScript()).length > 0) return props;
  const runtime = runtimes[this.getType()];
  if (!runtime) return props;
  const source = "exports.handler = () => require(" + JSON.stringify(runtime.module) + ")[" + JSON.stringify(runtime.exportName) + "];";
  return structproto.Struct.fromJavaScript({ __provider: source });
};
require(entry);
`;
  fs.writeFileSync(path.join(dir, "host.js"), host);
  const shim = path.join(dir, "pulumi-resource-pulumi-nodejs");
  fs.writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(dir, "host.js"))} "$@"\n`);
  fs.chmodSync(shim, 0o755);
  return dir;
}

/** Every file under the stack's state folder, as text. */
export function stateFiles(stack: TestStack): Array<{ file: string; text: string }> {
  const base = path.join(stack.dir, "state");
  return (fs.readdirSync(base, { recursive: true }) as string[])
    .map((f) => path.join(base, f))
    .filter((p) => fs.statSync(p).isFile())
    .map((p) => ({ file: p, text: fs.readFileSync(p, "utf8") }));
}

/**
 * The harness of one describe block: started before its tests and closed after them; every
 * stack a test makes with `stack` is disposed, and the emulator reset, after that test.
 */
export function wickrEngineSuite(options: { variant?: Partial<WickrVariant> } = {}): WickrEngineHarness {
  let started: WickrEngineHarness | undefined;
  const stacks: TestStack[] = [];
  beforeAll(async () => {
    started = await startWickrEngineHarness(options);
  });
  afterEach(async () => {
    for (const s of stacks.splice(0)) await s.dispose();
    await started?.control.reset();
  });
  afterAll(async () => started?.close());
  const harness = (): WickrEngineHarness => {
    if (!started) throw new Error("the Wickr engine harness is used outside a test of its describe block");
    return started;
  };
  const stack: WickrEngineHarness["stack"] = async (program, stackOptions) => {
    const s = await harness().stack(program, stackOptions);
    stacks.push(s);
    return s;
  };
  return new Proxy({} as WickrEngineHarness, { get: (_target, prop) => (prop === "stack" ? stack : Reflect.get(harness(), prop)) });
}
