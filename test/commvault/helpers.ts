// Shared set-up of the CommvaultUserGroup engine tests: an in-process Commvault emulator,
// its control client, stack config for username/password or a ready token, and readers of
// the emulator's request log.
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { EmulatorControl } from "../../emulators/core/control-client";
import type { EmulatorServer, LogEntry } from "../../emulators/core/server";
import {
  COMMVAULT_TEST_ACCESS_TOKEN,
  COMMVAULT_TEST_CREDENTIALS,
  createCommvaultEmulator,
  type UserGroup,
} from "../../emulators/commvault";
import { exportStackEncrypted } from "../../provider/commvault/import";
import type { TestStack } from "../support/engine";

export const TYPE_TOKEN = "pulumi-nodejs:dynamic/commvault:CommvaultUserGroup";

export interface Emulator {
  server: EmulatorServer;
  control: EmulatorControl;
  url: string;
}

export async function startEmulator(): Promise<Emulator> {
  const server = createCommvaultEmulator();
  const url = await server.listen(0);
  return { server, control: new EmulatorControl(server.controlUrl), url };
}

/** Stack config that logs in with the emulator's username and password (a secret). */
export function passwordConfig(url: string): ConfigMap {
  return {
    "commvault:url": { value: url },
    "commvault:username": { value: COMMVAULT_TEST_CREDENTIALS.username },
    "commvault:password": { value: COMMVAULT_TEST_CREDENTIALS.password, secret: true },
  };
}

/** Stack config with a ready (console-issued) access token (a secret). */
export function tokenConfig(url: string): ConfigMap {
  return {
    "commvault:url": { value: url },
    "commvault:token": { value: COMMVAULT_TEST_ACCESS_TOKEN, secret: true },
  };
}

/** Service calls of the log (test controls are not logged), as "METHOD Operation". */
export function calls(log: LogEntry[]): string[] {
  return log.map((e) => `${e.method} ${e.operation}`);
}

/** The calls that change something at the service (login and logout aside). */
export function writes(log: LogEntry[]): LogEntry[] {
  return log.filter((e) => e.method !== "GET" && e.operation !== "Login" && e.operation !== "Logout");
}

export function puts(log: LogEntry[]): LogEntry[] {
  return log.filter((e) => e.operation === "UpdateUserGroup");
}

export function logins(log: LogEntry[]): LogEntry[] {
  return log.filter((e) => e.operation === "Login");
}

/** The group as the emulator holds it (read shape). */
export async function groupState(control: EmulatorControl, id: number): Promise<UserGroup | undefined> {
  const state = await control.service<{ userGroups: UserGroup[] }>("state");
  return state.userGroups.find((g) => g.id === id);
}

export async function groupByName(control: EmulatorControl, name: string): Promise<UserGroup | undefined> {
  const state = await control.service<{ userGroups: UserGroup[] }>("state");
  return state.userGroups.find((g) => g.name === name);
}

/** The one CommvaultUserGroup of a stack's state. */
export async function groupResource(stack: TestStack, name?: string) {
  const { resources } = await stack.state();
  const found = resources.filter((r) => r.type === TYPE_TOKEN && (name === undefined || r.urn.endsWith(`::${name}`)));
  if (found.length !== 1) throw new Error(`expected one ${TYPE_TOKEN}${name ? ` named ${name}` : ""}, found ${found.length}`);
  return found[0];
}

/** Every file below the stack's state folder, as text. */
export function stateFiles(stack: TestStack): Array<{ file: string; text: string }> {
  const root = path.join(stack.dir, "state");
  const out: Array<{ file: string; text: string }> = [];
  for (const rel of fs.readdirSync(root, { recursive: true }) as string[]) {
    const file = path.join(root, rel);
    if (fs.statSync(file).isFile()) out.push({ file, text: fs.readFileSync(file, "utf8") });
  }
  return out;
}

/** Every form in which a credential could leak: the password (plain and base64), the tokens. */
export const SECRET_FORMS = [
  COMMVAULT_TEST_CREDENTIALS.password,
  Buffer.from(COMMVAULT_TEST_CREDENTIALS.password, "utf8").toString("base64"),
  COMMVAULT_TEST_ACCESS_TOKEN,
  "QSDK ", // every session token the emulator issues starts so
];

/** Neither the stack's export (secrets left encrypted) nor any file of its state folder holds a credential. */
export async function expectNoSecretInState(stack: TestStack): Promise<void> {
  const exported = JSON.stringify(await exportStackEncrypted(stack.stack));
  expect(exported).toContain("CommvaultUserGroup"); // the export is the real thing
  const files = stateFiles(stack);
  expect(files.length).toBeGreaterThan(0);
  for (const { file, text } of [{ file: "(export)", text: exported }, ...files]) {
    expect({ file, leaked: SECRET_FORMS.filter((s) => text.includes(s)) }).toEqual({ file, leaked: [] });
  }
}
