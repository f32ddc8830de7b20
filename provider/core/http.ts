// JSON over HTTP on undici: one keep-alive pool per endpoint, timeouts, bounded retries with
// backoff and Retry-After, optional pacing, and failures as one typed ServiceError.
// Service specifics (signing, login tokens, error shapes) come in through a ServiceProtocol.
import { Pool } from "undici";
import { ServiceError } from "./errors";
import { Pacer } from "./pacer";
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, RetryPolicy, shouldRetry } from "./retry";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ApiRequest {
  /** The service's operation name, for errors and logs. */
  operation: string;
  method: HttpMethod;
  /** Path below the endpoint's base path, already percent-encoded where needed. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** Whether sending it twice has the same effect as once (decides retries on 5xx / resets). */
  idempotent: boolean;
}

/** The request as it goes on the wire; what a protocol signs or decorates. */
export interface WireRequest {
  method: HttpMethod;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  requestId?: string;
}

export interface ParsedError {
  code?: string;
  message?: string;
  reasons?: Array<{ field?: string; reason?: string }>;
}

export interface ServiceProtocol {
  /** Service name in errors ("wickr", "commvault"). */
  readonly service: string;
  /** Headers carrying the request id of an answer. */
  readonly requestIdHeaders: string[];
  /** Adds credentials (signature, token) to a request; runs before every attempt. */
  authorize(request: WireRequest): Promise<WireRequest>;
  /** The service's error code and message from an error answer. */
  parseError(status: number, headers: Record<string, string>, body: unknown): ParsedError;
  /**
   * An answer with a success status that is a failure all the same (Commvault's HTTP 200
   * with a non-zero errorCode); undefined when it is a real success.
   */
  failureInSuccess?(body: unknown): ParsedError | undefined;
  /**
   * Called on a 401 with the request as it was sent (its credentials): true when credentials
   * were renewed and the call may be tried once more.
   */
  renewCredentials?(rejected: WireRequest): Promise<boolean>;
}

export interface HttpClientOptions {
  /** Base URL, may include a base path: `https://host/commandcenter/api`. */
  endpoint: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Pace requests to this endpoint to at most this many a second. */
  requestsPerSecond?: number;
  /** Largest answer body read, in bytes; a larger one is a failure, not a crash. */
  maxResponseBytes?: number;
}

const pools = new Map<string, Pool>();
const pacers = new Map<string, Pacer>();

function poolFor(origin: string, connectTimeoutMs: number, requestTimeoutMs: number): Pool {
  const key = `${origin}|${connectTimeoutMs}|${requestTimeoutMs}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new Pool(origin, {
      connections: 8,
      keepAliveTimeout: 4_000,
      connect: { timeout: connectTimeoutMs },
      headersTimeout: requestTimeoutMs,
      bodyTimeout: requestTimeoutMs,
    });
    pools.set(key, pool);
  }
  return pool;
}

/** Closes every pool (tests and short-lived processes). */
export async function closeAllPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.close().catch(() => undefined)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

export class HttpClient {
  private readonly base: URL;
  private readonly policy: RetryPolicy;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly pacer: Pacer;

  constructor(
    private readonly protocol: ServiceProtocol,
    options: HttpClientOptions,
  ) {
    this.base = new URL(options.endpoint.replace(/\/+$/, ""));
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
    const pacerKey = `${this.base.origin}|${options.requestsPerSecond ?? "-"}`;
    let pacer = pacers.get(pacerKey);
    if (!pacer) pacers.set(pacerKey, (pacer = new Pacer(options.requestsPerSecond)));
    this.pacer = pacer;
  }

  /** Sends a request, retrying what may be retried; resolves with a successful answer only. */
  async send<T = unknown>(request: ApiRequest): Promise<ApiResponse<T>> {
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(request);
      if (outcome.kind === "ok") {
        this.pacer.recordSuccess();
        const failure = this.protocol.failureInSuccess?.(outcome.response.body);
        if (failure) throw this.error(request, outcome.response.status, failure, outcome.response.requestId);
        return outcome.response as ApiResponse<T>;
      }
      if (outcome.status === 401 && !renewed && this.protocol.renewCredentials) {
        renewed = true;
        if (await this.protocol.renewCredentials(outcome.wire)) {
          attempt--;
          continue;
        }
      }
      const retryAfterMs = parseRetryAfter(outcome.headers?.["retry-after"]);
      const cap = this.policy.maxRetryAfterMs;
      const beyondCap = retryAfterMs !== undefined && retryAfterMs > cap;
      // A wait beyond the cap is not honoured: the call fails below, and the endpoint is not parked.
      if (outcome.status === 429 && !beyondCap) this.pacer.throttled(Date.now() + (retryAfterMs ?? this.policy.baseDelayMs));
      const retryable = shouldRetry({ status: outcome.status, code: outcome.parsed.code, idempotent: request.idempotent });
      if (!retryable || attempt >= this.policy.maxRetries) {
        throw this.error(request, outcome.status, outcome.parsed, outcome.requestId);
      }
      if (beyondCap) {
        const asked = `the service asks to wait ${Math.ceil(retryAfterMs! / 1000)} s (Retry-After) before another try, longer than ${this.protocol.service}:maxRetryAfterSeconds (${cap / 1000} s)`;
        const message = outcome.parsed.message ? `${outcome.parsed.message}; ${asked}` : asked;
        throw this.error(request, outcome.status, { ...outcome.parsed, message }, outcome.requestId);
      }
      await sleep(backoffDelay(attempt + 1, this.policy, retryAfterMs));
    }
  }

  private url(request: ApiRequest): URL {
    const url = new URL(this.base.toString());
    url.pathname = `${this.base.pathname.replace(/\/$/, "")}${request.path}`;
    for (const [k, v] of Object.entries(request.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url;
  }

  private async attempt(request: ApiRequest): Promise<
    | { kind: "ok"; response: ApiResponse }
    | { kind: "failed"; status: number; parsed: ParsedError; headers?: Record<string, string>; requestId?: string; wire: WireRequest }
  > {
    const wait = this.pacer.reserve();
    if (wait > 0) await sleep(wait);
    for (let gap = this.pacer.gapMs(); gap > 0; gap = this.pacer.gapMs()) await sleep(gap);
    this.pacer.sent();
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const unsigned: WireRequest = {
      method: request.method,
      url: this.url(request),
      headers: {
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...request.headers,
      },
      body,
    };
    const wire = await this.protocol.authorize(unsigned);
    const pool = poolFor(wire.url.origin, this.connectTimeoutMs, this.requestTimeoutMs);
    let status = 0;
    let headers: Record<string, string>;
    let text: string;
    try {
      const res = await pool.request({
        method: wire.method,
        path: `${wire.url.pathname}${wire.url.search}`,
        headers: wire.headers,
        body: wire.body,
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      status = res.statusCode;
      headers = flattenHeaders(res.headers);
      text = await this.readBody(res.body);
    } catch (err) {
      const e = err as { code?: unknown; name?: string };
      // An aborted request rejects with a DOMException whose numeric `code` means nothing here.
      const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
      const code = timedOut ? "ETIMEDOUT" : typeof e.code === "string" ? e.code : (e.name ?? "ConnectionError");
      if (code === "ResponseTooLarge") {
        return { kind: "failed", status, parsed: { code, message: `the answer is larger than ${this.maxResponseBytes} bytes` }, wire };
      }
      const message = timedOut ? `no answer within ${this.requestTimeoutMs} ms` : "connection failed";
      return { kind: "failed", status: 0, parsed: { code, message }, wire };
    }
    const requestId = this.protocol.requestIdHeaders.map((h) => headers[h]).find((v) => v !== undefined);
    let parsedBody: unknown = undefined;
    if (text.length > 0) {
      try {
        parsedBody = JSON.parse(text);
      } catch {
        if (status >= 200 && status < 300) {
          return { kind: "failed", status, parsed: { code: "MalformedResponse", message: "the answer is not valid JSON" }, requestId, wire };
        }
        parsedBody = undefined;
      }
    }
    if (status >= 200 && status < 300) return { kind: "ok", response: { status, headers, body: parsedBody, requestId } };
    return { kind: "failed", status, parsed: this.protocol.parseError(status, headers, parsedBody), headers, requestId, wire };
  }

  private async readBody(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: () => void }): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > this.maxResponseBytes) {
        body.destroy?.();
        const err = new Error("answer too large") as Error & { code: string };
        err.code = "ResponseTooLarge";
        throw err;
      }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  private error(request: ApiRequest, status: number, parsed: ParsedError, requestId?: string): ServiceError {
    return new ServiceError({
      service: this.protocol.service,
      operation: request.operation,
      status,
      code: parsed.code,
      serviceMessage: parsed.message,
      reasons: parsed.reasons,
      requestId,
    });
  }
}
