// A tiny node:http server on 127.0.0.1 (port 0) that answers each request with the next
// scripted step, and records what it received. Shared by the core HTTP tests.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request was complete. */
  at: number;
}

export type Step = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the script; the last step repeats once the script is used up. */
  script(...steps: Step[]): void;
  close(): Promise<void>;
}

/** Answers with a JSON body (or raw text when `body` is a string and `raw` is set). */
export function json(status: number, body?: unknown, headers: Record<string, string> = {}): Step {
  return (_req, res) => {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(text);
  };
}

export function raw(status: number, text: string, headers: Record<string, string> = {}): Step {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(text);
  };
}

/** Destroys the connection without an answer (the client sees a reset / socket error). */
export const reset: Step = (req) => {
  req.socket.destroy();
};

/** Never answers (the client times out). */
export const hang: Step = () => undefined;

export async function startScriptedServer(...initial: Step[]): Promise<ScriptedServer> {
  let steps: Step[] = initial.length > 0 ? initial : [json(200, {})];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const index = requests.length;
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: Date.now() });
      const step = steps[Math.min(index, steps.length - 1)];
      step(req, res, body);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(...next: Step[]) {
      steps = next;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
