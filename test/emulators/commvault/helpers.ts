// Shared setup of the Commvault emulator tests: an in-process emulator on port 0 and a tiny client.
import { EmulatorControl } from "../../../emulators/core/control-client";
import type { EmulatorServer } from "../../../emulators/core/server";
import {
  COMMVAULT_TEST_ACCESS_TOKEN,
  COMMVAULT_TEST_CREDENTIALS,
  createCommvaultEmulator,
  type CommvaultEmulatorOptions,
} from "../../../emulators/commvault";

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface Harness {
  server: EmulatorServer;
  control: EmulatorControl;
  url: string;
  /** Calls the service with the long-lived access token (or the given one; null for none). */
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<Answer>;
  login(password?: string): Promise<Answer>;
}

export async function startCommvault(options?: CommvaultEmulatorOptions): Promise<Harness> {
  const server = createCommvaultEmulator(options);
  const url = await server.listen(0);
  const control = new EmulatorControl(server.controlUrl);
  const call = async (method: string, path: string, body?: unknown, token: string | null = COMMVAULT_TEST_ACCESS_TOKEN) => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (token !== null) headers.authtoken = token;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(url + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const json = (res.headers.get("content-type") ?? "").includes("json");
    return { status: res.status, body: text ? (json ? JSON.parse(text) : text) : undefined, headers: res.headers };
  };
  const login = (password: string = COMMVAULT_TEST_CREDENTIALS.password) =>
    call("POST", "/Login", { username: COMMVAULT_TEST_CREDENTIALS.username, password: base64(password) }, null);
  return { server, control, url, call, login };
}

export const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
