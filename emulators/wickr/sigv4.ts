// SigV4 verification as an AWS front door does it: parse the Authorization header, check the
// credential scope, the key, the clock and the payload hash, then recompute the signature with
// @smithy/signature-v4 over what was received and compare in constant time. Refusals are 403s in
// the front door's shapes; no message ever carries the secret key or the provided signature.
import { timingSafeEqual } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { EmulatorRequest, EmulatorResponse } from "../core/server";
import { DEFAULT_MAX_CLOCK_SKEW_SECONDS, WICKR_SIGNING_SERVICE, WickrCredentials } from "./credentials";
import { authErrorResponse } from "./errors";

export interface SigV4VerifierOptions {
  region: string;
  service?: string;
  credentials: WickrCredentials[];
  maxClockSkewSeconds?: number;
  /** The emulator's clock in milliseconds (tests may move it). */
  now?: () => number;
}

export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const ALGORITHM = "AWS4-HMAC-SHA256";

export const AUTH_MESSAGES = {
  missing: "Missing Authentication Token",
  unrecognized: "The security token included in the request is invalid.",
  mismatch:
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  hostNotSigned: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  payloadHash: "The provided 'x-amz-content-sha256' header does not match what was computed.",
  missingDate: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
  malformed:
    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters, and the algorithm AWS4-HMAC-SHA256.",
} as const;

/** The parts of `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`; undefined when malformed. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const trimmed = header.trim();
  if (!trimmed.startsWith(ALGORITHM + " ")) return undefined;
  const params = new Map<string, string>();
  for (const part of trimmed.slice(ALGORITHM.length + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return undefined;
    params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = params.get("Credential");
  const signedHeaders = params.get("SignedHeaders");
  const signature = params.get("Signature");
  if (!credential || !signedHeaders || !signature) return undefined;
  const scope = credential.split("/");
  if (scope.length !== 5 || scope[4] !== "aws4_request" || scope.some((s) => s === "")) return undefined;
  if (!/^[0-9a-f]{64}$/.test(signature)) return undefined;
  const headers = signedHeaders.split(";");
  if (headers.some((h) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(h))) return undefined;
  const [accessKeyId, date, region, service] = scope;
  return { accessKeyId, date, region, service, signedHeaders: headers, signature };
}

/** `20240102T030405Z` → Date; undefined when it is not in ISO-8601 basic format. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== d ? undefined : date;
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

async function sha256Hex(data: Uint8Array): Promise<string> {
  const hash = new Sha256();
  hash.update(data);
  return Buffer.from(await hash.digest()).toString("hex");
}

function headerValue(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(",") : value;
}

/** The query as @smithy/signature-v4 takes it: repeated names as lists. */
function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/** Returns the SigV4 check for a service: undefined lets a request through, else the 403 answer. */
export function createSigV4Verifier(options: SigV4VerifierOptions): (req: EmulatorRequest) => Promise<EmulatorResponse | undefined> {
  const service = options.service ?? WICKR_SIGNING_SERVICE;
  const skewMs = (options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS) * 1000;
  const now = options.now ?? Date.now;
  const secrets = new Map(options.credentials.map((c) => [c.accessKeyId, c]));
  const signers = new Map<string, SignatureV4>();
  const signerFor = (credentials: WickrCredentials) => {
    let signer = signers.get(credentials.accessKeyId);
    if (!signer) {
      // applyChecksum false: the signer must not add an x-amz-content-sha256 the client did not sign.
      signer = new SignatureV4({ credentials, region: options.region, service, sha256: Sha256, applyChecksum: false });
      signers.set(credentials.accessKeyId, signer);
    }
    return signer;
  };

  return async (req) => {
    const authorization = headerValue(req.headers.authorization);
    if (!authorization) return authErrorResponse("MissingAuthenticationTokenException", AUTH_MESSAGES.missing);
    const auth = parseAuthorization(authorization);
    if (!auth) return authErrorResponse("IncompleteSignatureException", AUTH_MESSAGES.malformed);

    const rawDate = headerValue(req.headers["x-amz-date"]);
    if (!rawDate) return authErrorResponse("IncompleteSignatureException", AUTH_MESSAGES.missingDate);
    const signedAt = parseAmzDate(rawDate);
    if (!signedAt) {
      return authErrorResponse("IncompleteSignatureException", `Date must be in ISO-8601 'basic format'. Got '${rawDate}'.`);
    }

    if (auth.service !== service) {
      return authErrorResponse("InvalidSignatureException", `Credential should be scoped to correct service: '${service}'.`);
    }
    if (auth.region !== options.region) {
      return authErrorResponse("InvalidSignatureException", `Credential should be scoped to a valid region, not '${auth.region}'.`);
    }
    const credentials = secrets.get(auth.accessKeyId);
    if (!credentials) return authErrorResponse("UnrecognizedClientException", AUTH_MESSAGES.unrecognized);
    if (auth.date !== rawDate.slice(0, 8)) {
      return authErrorResponse(
        "InvalidSignatureException",
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${rawDate.slice(0, 8)}', from '${rawDate}'.`,
      );
    }
    const current = now();
    const minutes = Math.round(skewMs / 60000);
    if (signedAt.getTime() < current - skewMs) {
      return authErrorResponse(
        "InvalidSignatureException",
        `Signature expired: ${rawDate} is now earlier than ${amzDate(current - skewMs)} (${amzDate(current)} - ${minutes} min.)`,
      );
    }
    if (signedAt.getTime() > current + skewMs) {
      return authErrorResponse(
        "InvalidSignatureException",
        `Signature not yet current: ${rawDate} is still later than ${amzDate(current + skewMs)} (${amzDate(current)} + ${minutes} min.)`,
      );
    }
    if (!auth.signedHeaders.includes("host")) return authErrorResponse("InvalidSignatureException", AUTH_MESSAGES.hostNotSigned);

    const declaredHash = headerValue(req.headers["x-amz-content-sha256"]);
    if (declaredHash !== undefined && declaredHash !== (await sha256Hex(req.rawBody))) {
      return authErrorResponse("InvalidSignatureException", AUTH_MESSAGES.payloadHash);
    }

    // Recompute over what arrived: method, path, query, the signed headers only, the body.
    const headers: Record<string, string> = {};
    for (const name of auth.signedHeaders) {
      const value = headerValue(req.headers[name]);
      if (value === undefined) return authErrorResponse("InvalidSignatureException", AUTH_MESSAGES.mismatch);
      headers[name] = value;
    }
    const [hostname, port] = (headers.host ?? "").split(":");
    const signed = await signerFor(credentials).sign(
      {
        method: req.method,
        protocol: "http:",
        hostname,
        port: port ? Number(port) : undefined,
        path: req.rawPath,
        query: queryObject(req.query),
        headers,
        body: req.rawBody,
      },
      { signingDate: signedAt, signableHeaders: new Set(auth.signedHeaders) },
    );
    const expected = parseAuthorization(String(signed.headers.authorization ?? ""));
    const sameHeaders = expected !== undefined && expected.signedHeaders.join(";") === auth.signedHeaders.join(";");
    const a = Buffer.from(expected?.signature ?? "0".repeat(64), "hex");
    const b = Buffer.from(auth.signature, "hex");
    if (!(timingSafeEqual(a, b) && sameHeaders)) {
      return authErrorResponse("InvalidSignatureException", AUTH_MESSAGES.mismatch);
    }
    return undefined;
  };
}
