// How requests to the Wickr admin API are signed (AWS Signature V4, service `wickr`) and
// how its errors read (restJson1: the error name in X-Amzn-Errortype, `message`, `reasons`).
import { Sha256 } from "@aws-crypto/sha256-js";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { SignatureV4 } from "@smithy/signature-v4";
import { registerSecret } from "../core/errors";
import { httpClientOptions } from "../core/config";
import { HttpClient, ParsedError, ServiceProtocol, WireRequest } from "../core/http";
import type { WickrConfig } from "./config";

export const WICKR_SIGNING_NAME = "wickr";

type CredentialProvider = ReturnType<typeof fromNodeProviderChain>;

/** The error name: header first, then the body's `__type` or `code` (shape-id suffix only). */
export function parseWickrError(status: number, headers: Record<string, string>, body: unknown): ParsedError {
  const b = (body && typeof body === "object" ? body : {}) as { message?: unknown; Message?: unknown; __type?: unknown; code?: unknown; reasons?: unknown };
  const raw = headers["x-amzn-errortype"] ?? (typeof b.__type === "string" ? b.__type : undefined) ?? (typeof b.code === "string" ? b.code : undefined);
  const code = raw?.split(":")[0].split("#").pop() ?? `HTTP${status}`;
  const message = typeof b.message === "string" ? b.message : typeof b.Message === "string" ? b.Message : undefined;
  const reasons = Array.isArray(b.reasons)
    ? b.reasons
        .filter((r): r is Record<string, unknown> => !!r && typeof r === "object")
        .map((r) => ({ field: typeof r.field === "string" ? r.field : undefined, reason: typeof r.reason === "string" ? r.reason : undefined }))
    : undefined;
  return { code, message, reasons };
}

type Credentials = Awaited<ReturnType<CredentialProvider>>;

/** The credentials, with their secret parts registered so that no message can ever show them. */
function scrubbed(credentials: () => Promise<Credentials>): () => Promise<Credentials> {
  return async () => {
    const resolved = await credentials();
    registerSecret(resolved.secretAccessKey);
    registerSecret(resolved.sessionToken);
    return resolved;
  };
}

export function wickrProtocol(region: string, credentials: () => Promise<Credentials>): ServiceProtocol {
  const signer = new SignatureV4({ service: WICKR_SIGNING_NAME, region, credentials: scrubbed(credentials), sha256: Sha256 });
  return {
    service: "wickr",
    requestIdHeaders: ["x-amzn-requestid", "x-amz-request-id"],
    async authorize(request: WireRequest): Promise<WireRequest> {
      const url = request.url;
      const signed = await signer.sign({
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...request.headers, host: url.host },
        body: request.body,
      });
      return { ...request, headers: signed.headers as Record<string, string> };
    },
    parseError: parseWickrError,
  };
}

/** The standard AWS credential chain: environment, shared profiles, SSO, assumed roles, instance roles. */
export function wickrCredentials(profile?: string): CredentialProvider {
  return fromNodeProviderChain(profile ? { profile } : {});
}

/** The signed, paced client of the Wickr admin API a configuration describes (the provider's and discover's). */
export function wickrHttpClient(cfg: WickrConfig): HttpClient {
  return new HttpClient(wickrProtocol(cfg.region, wickrCredentials(cfg.profile)), httpClientOptions(cfg.endpoint, cfg.http));
}
