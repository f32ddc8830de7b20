// Test helpers for the Wickr emulator: start it in-process on port 0 and call it with requests
// signed by @smithy/signature-v4, the way an AWS SDK client signs them.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { EmulatorControl } from "../../../emulators/core/control-client";
import type { EmulatorServer } from "../../../emulators/core/server";
import { createWickrEmulator, WICKR_TEST_CREDENTIALS, WICKR_TEST_REGION } from "../../../emulators/wickr";
import type { WickrCredentials, WickrEmulatorOptions } from "../../../emulators/wickr";

export interface CallOptions {
  query?: Record<string, string>;
  /** JSON-encoded into the body (and signed). */
  body?: unknown;
  /** A raw body, signed as is. */
  rawBody?: string;
  /** A different body to send than the one signed (tampering). */
  sendBody?: string;
  headers?: Record<string, string>;
  credentials?: WickrCredentials;
  region?: string;
  service?: string;
  signingDate?: Date;
  /** Whether the signer adds x-amz-content-sha256 (the SDK does by default). */
  applyChecksum?: boolean;
  unsignableHeaders?: Set<string>;
  /** Send without any signature. */
  unsigned?: boolean;
  /** Change the signed headers before sending. */
  alter?: (headers: Record<string, string>) => void;
  /** Send this query string instead of the signed one. */
  sendQuery?: Record<string, string>;
  /** Send to this path instead of the signed one. */
  sendPath?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export class WickrTestClient {
  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const url = new URL(this.baseUrl);
    const query = options.query ?? {};
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    let headers: Record<string, string> = { host: url.host, ...(options.headers ?? {}) };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (!options.unsigned) {
      const signer = new SignatureV4({
        credentials: options.credentials ?? WICKR_TEST_CREDENTIALS,
        region: options.region ?? WICKR_TEST_REGION,
        service: options.service ?? "wickr",
        sha256: Sha256,
        applyChecksum: options.applyChecksum ?? true,
      });
      const signed = await signer.sign(
        { method, protocol: "http:", hostname: url.hostname, port: Number(url.port), path, query, headers, body },
        { signingDate: options.signingDate ?? new Date(), unsignableHeaders: options.unsignableHeaders },
      );
      headers = signed.headers as Record<string, string>;
    }
    options.alter?.(headers);
    const qs = new URLSearchParams(options.sendQuery ?? query).toString();
    const res = await fetch(`${this.baseUrl}${options.sendPath ?? path}${qs ? `?${qs}` : ""}`, {
      method,
      headers,
      body: options.sendBody ?? body,
    });
    const text = await res.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  get = (path: string, options?: CallOptions) => this.call("GET", path, options);
  post = (path: string, body: unknown, options?: CallOptions) => this.call("POST", path, { ...options, body });
  patch = (path: string, body: unknown, options?: CallOptions) => this.call("PATCH", path, { ...options, body });
  delete = (path: string, options?: CallOptions) => this.call("DELETE", path, options);
}

export interface WickrHarness {
  emulator: EmulatorServer;
  client: WickrTestClient;
  control: EmulatorControl;
}

export async function startWickr(options?: WickrEmulatorOptions): Promise<WickrHarness> {
  const emulator = createWickrEmulator(options);
  const url = await emulator.listen();
  return { emulator, client: new WickrTestClient(url), control: new EmulatorControl(emulator.controlUrl) };
}

export const groupsPath = (networkId: string) => `/networks/${networkId}/security-groups`;
export const groupPath = (networkId: string, groupId: string) => `/networks/${networkId}/security-groups/${groupId}`;

/** The `field`s of a ValidationError answer. */
export const fieldsOf = (result: CallResult): string[] => (result.body?.reasons ?? []).map((r: { field: string }) => r.field);

/** Settings as the emulator answers them under a calling-key variant (the store keeps the model's `calling`). */
export function answered(settings: Record<string, unknown>, callingKey: "CALLING" | "both" | "calling" = "CALLING"): Record<string, unknown> {
  const { calling, ...rest } = settings;
  if (calling === undefined) return rest;
  return { ...rest, ...(callingKey !== "CALLING" ? { calling } : {}), ...(callingKey !== "calling" ? { CALLING: calling } : {}) };
}
