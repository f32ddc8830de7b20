// Runs in the provider process: the echo item's calls over the shared HTTP client.
import { makeDynamicProvider } from "../../../provider/core/bridge";
import { ConfigSource, readSetting } from "../../../provider/core/config";
import type { Props, ResourceHandler, Snapshot } from "../../../provider/core/definition";
import { HttpClient, ServiceProtocol } from "../../../provider/core/http";
import { echoItemDefinition } from "./definition";

interface Item {
  key: string;
  value: string;
  tags: string[];
}

class EchoHandler implements ResourceHandler {
  private client?: HttpClient;

  configure(config: ConfigSource): void {
    const url = readSetting(config, { key: "echo:url", env: ["ECHO_URL"] });
    const token = readSetting(config, { key: "echo:token", env: ["ECHO_TOKEN"], secret: true });
    if (!url || !token) throw new Error("echo:url and echo:token must be configured");
    const protocol: ServiceProtocol = {
      service: "echo",
      requestIdHeaders: ["x-request-id"],
      authorize: async (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } }),
      parseError: (_status, _headers, body) => {
        const b = (body ?? {}) as { code?: string; message?: string };
        return { code: b.code, message: b.message };
      },
    };
    this.client = new HttpClient(protocol, { endpoint: url, retry: { maxRetries: 2, baseDelayMs: 50 } });
  }

  private http(): HttpClient {
    if (!this.client) throw new Error("the echo provider is not configured");
    return this.client;
  }

  private snapshot(item: Item): Snapshot {
    return { id: item.key, view: { key: item.key, value: item.value, tags: item.tags }, extras: {} };
  }

  private async put(key: string, settings: Props): Promise<Snapshot> {
    const { key: _k, ...body } = settings;
    const res = await this.http().send<Item>({ operation: "PutItem", method: "PUT", path: `/items/${encodeURIComponent(key)}`, body, idempotent: true });
    return this.snapshot(res.body);
  }

  create(settings: Props): Promise<Snapshot> {
    return this.put(settings.key as string, settings);
  }

  async read(id: string): Promise<Snapshot | undefined> {
    try {
      const res = await this.http().send<Item>({ operation: "GetItem", method: "GET", path: `/items/${encodeURIComponent(id)}`, idempotent: true });
      return this.snapshot(res.body);
    } catch (err) {
      if ((err as { status?: number }).status === 404) return undefined;
      throw err;
    }
  }

  update(previous: { id: string }, settings: Props, _control: Props, changes: { segments: string[]; new: unknown }[]): Promise<Snapshot> {
    const body: Props = {};
    for (const c of changes) body[c.segments[0]] = c.new;
    return this.put(previous.id, body);
  }

  async delete(previous: { id: string }): Promise<void> {
    await this.http().send({ operation: "DeleteItem", method: "DELETE", path: `/items/${encodeURIComponent(previous.id)}`, idempotent: true });
  }
}

export const echoItemProvider = makeDynamicProvider(echoItemDefinition, new EchoHandler());
