// A front in front of the Wickr emulator: the stack's `wickr:endpoint` points here. It forwards
// every request unchanged (the SigV4 signature covers the Host header, which it keeps), unless a
// mode is set for the next command: then it answers as what sits at a wrong endpoint, as another
// AWS account's credentials see the service, or as a read that lags a create. These are the
// Wickr failures the emulator itself does not play (yet): once it does, a fault kind in faults.ts
// can name the emulator's rule instead of a front mode.
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export type FrontMode =
  /** A web server or proxy at a wrong endpoint: HTTP 404 with an HTML page, for every request. */
  | "htmlNotFound"
  /** A wrong AWS endpoint (another service, a shell-wide AWS_ENDPOINT_URL): 404 UnknownOperationException. */
  | "unknownOperation"
  /** Credentials of another AWS account: 403 AccessDeniedException, and ListNetworks lists none of ours. */
  | "otherAccount"
  /** Eventual consistency: the first GetSecurityGroup of a group just created answers 404 ResourceNotFoundError. */
  | "lagRead";

const HTML_404 = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>";

export class WickrFront {
  private server: http.Server;
  private mode: FrontMode | undefined;
  /** Group ids whose next read lags (lagRead), with how many reads still lag. */
  private lagging = new Map<string, number>();
  /** What the front answered instead of the service, for the report. */
  readonly answered: string[] = [];

  constructor(private readonly target: string) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The mode of the next command (undefined: forward everything). */
  set(mode: FrontMode | undefined): void {
    this.mode = mode;
    this.lagging.clear();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? "/").split("?")[0];
    const method = req.method ?? "GET";
    const answer = this.instead(method, path);
    if (answer) {
      this.answered.push(`${this.mode}: ${method} ${path} -> ${answer.status}`);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    const upstream = await forward(this.target, req, body);
    if (!upstream) {
      req.socket.destroy(); // the emulator dropped the connection (an appliedDrop fault): so does the front
      return;
    }
    if (this.mode === "lagRead" && method === "POST" && /^\/networks\/[^/]+\/security-groups\/?$/.test(path) && upstream.status === 200) {
      const id = idOf(upstream.body);
      if (id) this.lagging.set(id, 1);
    }
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  }

  private instead(method: string, path: string): { status: number; headers: Record<string, string>; body: string } | undefined {
    const json = (status: number, type: string, message: string) => ({
      status,
      headers: { "content-type": "application/json", "x-amzn-errortype": type },
      body: JSON.stringify({ message }),
    });
    switch (this.mode) {
      case "htmlNotFound":
        return { status: 404, headers: { "content-type": "text/html" }, body: HTML_404 };
      case "unknownOperation":
        return json(404, "UnknownOperationException", "");
      case "otherAccount":
        if (method === "GET" && /^\/networks\/?$/.test(path)) return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ networks: [] }) };
        return json(403, "AccessDeniedException", "User: arn:aws:iam::999999999999:user/ci is not authorized to perform this action on the requested resource");
      case "lagRead": {
        const m = /^\/networks\/[^/]+\/security-groups\/([^/]+)\/?$/.exec(path);
        const left = m ? this.lagging.get(decodeURIComponent(m[1])) : undefined;
        if (method !== "GET" || !m || !left) return undefined;
        this.lagging.set(decodeURIComponent(m[1]), left - 1);
        return json(404, "ResourceNotFoundError", "Security group not found");
      }
      default:
        return undefined;
    }
  }
}

function idOf(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString("utf8"));
    return typeof parsed?.securityGroup?.id === "string" ? parsed.securityGroup.id : typeof parsed?.id === "string" ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

function forward(target: string, req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.OutgoingHttpHeaders; body: Buffer } | undefined> {
  const url = new URL(target);
  return new Promise((resolve) => {
    const out = http.request({ host: url.hostname, port: url.port, method: req.method, path: req.url, headers: req.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: stripHop(res.headers), body: Buffer.concat(chunks) }));
      res.on("error", () => resolve({ status: 502, headers: {}, body: Buffer.alloc(0) }));
    });
    out.on("error", () => resolve(undefined));
    out.end(body);
  });
}

function stripHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const { connection, "keep-alive": _k, "transfer-encoding": _t, ...rest } = headers;
  void connection;
  return rest;
}
