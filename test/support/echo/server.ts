// A tiny key-value HTTP service for the foundation's engine test: items with a value and a
// set of tags, behind a bearer token. Just enough service for a resource to manage.
import * as http from "node:http";
import { AddressInfo } from "node:net";

export interface EchoItem {
  key: string;
  value: string;
  tags: string[];
}

export interface EchoServer {
  url: string;
  items: Map<string, EchoItem>;
  requests: Array<{ method: string; path: string; body: unknown }>;
  close(): Promise<void>;
}

export async function startEchoServer(token: string): Promise<EchoServer> {
  const items = new Map<string, EchoItem>();
  const requests: EchoServer["requests"] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const body = text ? JSON.parse(text) : undefined;
      const path = req.url ?? "/";
      requests.push({ method: req.method ?? "GET", path, body });
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "x-request-id": `echo-${requests.length}` });
        res.end(JSON.stringify(payload));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { code: "Unauthorized", message: "bad token" });
      const m = /^\/items\/([^/]+)$/.exec(path);
      if (!m) return reply(404, { code: "NotFound", message: "no route" });
      const key = decodeURIComponent(m[1]);
      const existing = items.get(key);
      switch (req.method) {
        case "GET":
          return existing ? reply(200, existing) : reply(404, { code: "NotFound", message: `no item ${key}` });
        case "PUT": {
          const item: EchoItem = { key, value: body.value ?? existing?.value ?? "", tags: body.tags ?? existing?.tags ?? [] };
          items.set(key, item);
          return reply(200, item);
        }
        case "DELETE":
          items.delete(key);
          return reply(200, {});
        default:
          return reply(405, { code: "MethodNotAllowed", message: "no" });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    items,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
