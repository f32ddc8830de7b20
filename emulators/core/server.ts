// A small HTTP server that every service emulator is built on: routing, JSON bodies,
// the request log, fault injection, a request-rate limit and the test-control path.
// Service specifics (routes, auth, error shapes, seed/drift controls) come from an adapter.
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { APPLIED_FAULT_KINDS, FaultInjector, FaultRule } from "./faults";
import { RateLimitAlgorithm, RateLimiter } from "./rate-limit";

/** The path prefix of the test controls. A provider never calls it. */
export const CONTROL_PREFIX = "/__emulator";

export interface EmulatorRequest {
  method: string;
  /** Path without the adapter's base path and without the query string. */
  path: string;
  /** Path as received, with the base path, without the query string. */
  rawPath: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
  /** The parsed JSON body, or undefined when the body is empty. */
  body: unknown;
  /** Named path segments of the matched route (`:name` in the pattern), decoded. */
  params: Record<string, string>;
  operation: string;
}

export interface EmulatorResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** e.g. `/networks/:networkId/security-groups/:groupId` */
  pattern: string;
  operation: string;
  handle(req: EmulatorRequest): EmulatorResponse | Promise<EmulatorResponse>;
}

/** The error kinds the core itself produces; the adapter gives them the service's shape. */
export type CoreErrorKind = "internal" | "rateLimit" | "notFound" | "badRequest" | "unavailable";

export interface ServiceAdapter {
  readonly name: string;
  /** Prefix every service path is served under (`/commandcenter/api`); "" for none. */
  readonly basePath: string;
  readonly routes: Route[];
  /**
   * The account whose request-rate quota a request draws on (every client of one account shares
   * it); absent: one quota for the whole emulator.
   */
  rateLimitAccount?(req: EmulatorRequest): string;
  /** How the service's rate limit counts (rate-limit.ts); default "fixed-window". */
  readonly rateLimitAlgorithm?: RateLimitAlgorithm;
  /** Refuses a request that is not authenticated; undefined lets it through. */
  authenticate?(req: EmulatorRequest): EmulatorResponse | undefined | Promise<EmulatorResponse | undefined>;
  /** An error in the service's own shape. */
  errorResponse(kind: CoreErrorKind, status: number, message: string, retryAfterSeconds?: number): EmulatorResponse;
  /** Service-specific fault kinds (for example Commvault's HTTP 200 with a non-zero errorCode). */
  customFault?(rule: FaultRule, req: EmulatorRequest): EmulatorResponse | undefined;
  /** Service-specific controls: `POST /__emulator/<name>` calls controls[name](body). */
  readonly controls: Record<string, (body: any) => unknown>;
  /** Forget all state and seed the defaults again. */
  reset(): void;
}

/**
 * Members of a request body or query that hold a credential (a login password, AWS signing
 * material, a session token): the request log keeps "[redacted]" in their place, so a log read
 * in CI shows no credential, right or wrong.
 */
const CREDENTIAL_KEY = /^(password|passwd|secret|secretAccessKey|sessionToken|authtoken|token|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;

/** `value` with every credential member (at any depth) replaced by "[redacted]". */
export function redactCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactCredentials);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, CREDENTIAL_KEY.test(k) ? "[redacted]" : redactCredentials(v)]));
}

export interface LogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  operation: string;
  body: unknown;
  status: number;
  /** The fault that answered instead of the service, when one did. */
  fault?: string;
  /** For an "applied" fault: the status the service's own (lost) answer had. */
  appliedStatus?: number;
  /** The error type / code the answer carried, when it was an error. */
  error?: string;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split("/")
    .map((segment) => {
      if (segment.startsWith(":")) {
        names.push(segment.slice(1));
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { route, regex: new RegExp(`^${source}/?$`), names };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EmulatorServer {
  private readonly server: http.Server;
  private readonly routes: CompiledRoute[];
  private log: LogEntry[] = [];
  private seq = 0;
  readonly faults = new FaultInjector();
  readonly rateLimiter: RateLimiter;
  /** The request rate a reset returns to (a start option); undefined: no limit. */
  private startRatePerSecond: number | undefined;
  private startRateAlgorithm: RateLimitAlgorithm | undefined;

  constructor(readonly adapter: ServiceAdapter) {
    this.rateLimiter = new RateLimiter(adapter.rateLimitAlgorithm);
    this.routes = adapter.routes.map(compile);
    this.server = http.createServer((req, res) => {
      this.dispatch(req, res).catch((err) => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ message: `emulator failure: ${(err as Error).message}` }));
        }
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(port = 0, host = "127.0.0.1"): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve());
    });
    return this.url;
  }

  /** Base URL of the service, with the adapter's base path. */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.adapter.basePath}`;
  }

  /** URL of the test controls (same port, separate path). */
  get controlUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${CONTROL_PREFIX}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Limits the request rate from now on and after every reset (the `--rate-limit` start option). */
  startRateLimit(perSecond: number | undefined, algorithm?: RateLimitAlgorithm): void {
    this.rateLimiter.configure(perSecond, algorithm);
    this.startRatePerSecond = perSecond;
    this.startRateAlgorithm = algorithm;
  }

  requestLog(): LogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  clearLog(): void {
    this.log = [];
  }

  reset(): void {
    this.clearLog();
    this.faults.clear();
    this.rateLimiter.configure(this.startRatePerSecond, this.startRateAlgorithm);
    this.adapter.reset();
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const rawBody = await readBody(req);
    if (url.pathname.startsWith(CONTROL_PREFIX + "/") || url.pathname === CONTROL_PREFIX) {
      return this.control(req.method ?? "GET", url.pathname.slice(CONTROL_PREFIX.length), rawBody, res);
    }
    const method = (req.method ?? "GET").toUpperCase();
    const base = this.adapter.basePath;
    const inBase = base === "" || url.pathname === base || url.pathname.startsWith(base + "/");
    const path = inBase ? url.pathname.slice(base.length) || "/" : url.pathname;
    let body: unknown;
    let bodyError = false;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody.toString("utf8"));
      } catch {
        bodyError = true;
      }
    }
    const matched = inBase ? this.match(method, path) : undefined;
    const request: EmulatorRequest = {
      method,
      path,
      rawPath: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body,
      params: matched?.params ?? {},
      operation: matched?.route.operation ?? "Unknown",
    };
    const entry: LogEntry = {
      seq: ++this.seq,
      at: new Date().toISOString(),
      method,
      path,
      query: redactCredentials(Object.fromEntries(url.searchParams)) as Record<string, string>,
      operation: request.operation,
      body: redactCredentials(body),
      status: 0,
    };
    this.log.push(entry);

    const send = (response: EmulatorResponse) => {
      entry.status = response.status;
      const errorType = response.headers?.["x-amzn-errortype"] ?? errorCodeOf(response.body);
      if (errorType !== undefined && (response.status >= 400 || errorType !== "0")) entry.error = errorType;
      // A string body goes as it is (an HTML error page); anything else as JSON.
      const payload = response.body === undefined ? "" : typeof response.body === "string" ? response.body : JSON.stringify(response.body);
      res.writeHead(response.status, {
        "content-type": "application/json",
        "x-amzn-requestid": `emu-${entry.seq}`,
        ...(response.headers ?? {}),
      });
      res.end(payload);
    };

    const limited = this.rateLimiter.take(Date.now(), this.adapter.rateLimitAccount?.(request) ?? "");
    if (limited !== undefined) {
      entry.fault = "rateLimit";
      return send(this.adapter.errorResponse("rateLimit", 429, "Too many requests sent", limited));
    }

    const fault = this.faults.next(request);
    if (fault && APPLIED_FAULT_KINDS.has(fault.kind)) {
      // The service acts first; only its answer is lost (or late).
      const answer = await this.serve(matched, request, bodyError);
      entry.fault = fault.kind;
      entry.appliedStatus = answer.status;
      return this.loseAnswer(fault, answer, entry, req, send);
    }
    if (fault) {
      entry.fault = fault.kind;
      switch (fault.kind) {
        case "drop":
          entry.status = -1;
          req.socket.destroy();
          return;
        case "latency":
          await sleep(fault.latencyMs ?? 1000);
          entry.fault = undefined;
          break;
        case "error5xx": {
          const status = fault.status ?? 500;
          return send(this.adapter.errorResponse(status === 503 ? "unavailable" : "internal", status, "Injected server error"));
        }
        case "rateLimit":
          return send(this.adapter.errorResponse("rateLimit", 429, "Too many requests sent", fault.retryAfterSeconds ?? 1));
        default: {
          const custom = this.adapter.customFault?.(fault, request);
          if (custom) return send(custom);
          entry.fault = undefined;
        }
      }
    }

    return send(await this.serve(matched, request, bodyError));
  }

  /** The service's own answer to a request: route, authentication, body, handler. */
  private async serve(
    matched: { route: Route } | undefined,
    request: EmulatorRequest,
    bodyError: boolean,
  ): Promise<EmulatorResponse> {
    if (!matched) {
      return this.adapter.errorResponse("notFound", 404, `No route for ${request.method} ${request.path}`);
    }
    const refused = await this.adapter.authenticate?.(request);
    if (refused) return refused;
    if (bodyError) {
      return this.adapter.errorResponse("badRequest", 400, "The request body is not valid JSON");
    }
    try {
      return await matched.route.handle(request);
    } catch (err) {
      // A route that throws is the emulator's bug: answer (and log) it as the service's 500.
      return this.adapter.errorResponse("internal", 500, `emulator failure: ${(err as Error).message}`);
    }
  }

  /** Loses (or delays) the answer of a request the service has already applied. */
  private async loseAnswer(
    fault: FaultRule,
    answer: EmulatorResponse,
    entry: LogEntry,
    req: http.IncomingMessage,
    send: (response: EmulatorResponse) => void,
  ): Promise<void> {
    switch (fault.kind) {
      case "appliedDrop":
        entry.status = -1;
        req.socket.destroy();
        return;
      case "appliedLatency":
        await sleep(fault.latencyMs ?? 1000);
        if (req.socket.destroyed) {
          entry.status = -1; // the client gave up before the answer came
          return;
        }
        return send(answer);
      default: {
        const status = fault.status ?? 500;
        return send(this.adapter.errorResponse(status === 503 ? "unavailable" : "internal", status, "Injected server error"));
      }
    }
  }

  private match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const c of this.routes) {
      if (c.route.method !== method) continue;
      const m = c.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      return { route: c.route, params };
    }
    return undefined;
  }

  private control(method: string, sub: string, rawBody: Buffer, res: http.ServerResponse): void {
    let body: any = {};
    try {
      body = rawBody.length ? JSON.parse(rawBody.toString("utf8")) : {};
    } catch {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: "control body is not JSON" }));
      return;
    }
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload ?? {}));
    };
    try {
      const name = sub.replace(/^\//, "");
      if (name === "log" && method === "GET") return reply(200, { entries: this.requestLog() });
      if (name === "log" && method === "DELETE") return reply(200, (this.clearLog(), {}));
      if (name === "reset" && method === "POST") return reply(200, (this.reset(), {}));
      if (name === "faults" && method === "POST") return reply(200, (this.faults.set(body.faults ?? [], body.seed), {}));
      if (name === "faults" && method === "DELETE") return reply(200, (this.faults.clear(), {}));
      if (name === "rate-limit" && method === "POST") {
        return reply(200, (this.rateLimiter.configure(body.perSecond, body.algorithm), {}));
      }
      const handler = this.adapter.controls[name];
      if (handler && method === "POST") return reply(200, handler(body));
      return reply(404, { message: `unknown control ${method} ${name}` });
    } catch (err) {
      return reply(400, { message: (err as Error).message });
    }
  }
}

function errorCodeOf(body: unknown): string | undefined {
  if (body && typeof body === "object" && "errorCode" in body) {
    return String((body as { errorCode: unknown }).errorCode);
  }
  return undefined;
}
