// A typed client of an emulator's test controls, for tests, the demo and benchmarks.
// It talks HTTP, so it works the same against an in-process emulator and a standalone one.
import type { FaultRule } from "./faults";
import type { LogEntry } from "./server";

export class EmulatorControl {
  constructor(readonly controlUrl: string) {}

  private async call<T>(method: string, name: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.controlUrl}/${name}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : {};
    if (!res.ok) throw new Error(`emulator control ${name}: ${res.status} ${parsed.message ?? text}`);
    return parsed as T;
  }

  async log(): Promise<LogEntry[]> {
    return (await this.call<{ entries: LogEntry[] }>("GET", "log")).entries;
  }

  clearLog(): Promise<unknown> {
    return this.call("DELETE", "log");
  }

  reset(): Promise<unknown> {
    return this.call("POST", "reset");
  }

  faults(faults: FaultRule[], seed?: number): Promise<unknown> {
    return this.call("POST", "faults", { faults, seed });
  }

  clearFaults(): Promise<unknown> {
    return this.call("DELETE", "faults");
  }

  /** Limits the request rate (undefined: no limit); `algorithm` defaults to the service's (rate-limit.ts). */
  rateLimit(perSecond: number | undefined, algorithm?: "token-bucket" | "fixed-window"): Promise<unknown> {
    return this.call("POST", "rate-limit", { perSecond, algorithm });
  }

  /** A service-specific control (seed, drift, state, ...). */
  service<T = unknown>(name: string, body: unknown = {}): Promise<T> {
    return this.call<T>("POST", name, body);
  }
}
