// The emulator core's fault kinds, on a tiny counter service: the "applied" kinds let the
// service act and then lose its answer (5xx, dropped connection, answer past the client's
// timeout); the plain kinds answer instead of the service, which then has not acted.
import { EmulatorControl } from "../../emulators/core/control-client";
import { EmulatorServer, ServiceAdapter } from "../../emulators/core/server";

function counterService(): { adapter: ServiceAdapter; count: () => number } {
  let count = 0;
  const adapter: ServiceAdapter = {
    name: "counter",
    basePath: "/api",
    routes: [
      { method: "POST", pattern: "/things", operation: "CreateThing", handle: () => ({ status: 201, body: { id: ++count } }) },
      { method: "GET", pattern: "/things", operation: "CountThings", handle: () => ({ status: 200, body: { count } }) },
    ],
    errorResponse: (_kind, status, message, retryAfterSeconds) => ({
      status,
      body: { message },
      headers: retryAfterSeconds === undefined ? undefined : { "retry-after": String(retryAfterSeconds) },
    }),
    controls: {},
    reset: () => (count = 0),
  };
  return { adapter, count: () => count };
}

describe("emulator core: fault kinds", () => {
  let server: EmulatorServer;
  let control: EmulatorControl;
  let url: string;
  let count: () => number;
  beforeAll(async () => {
    const svc = counterService();
    count = svc.count;
    server = new EmulatorServer(svc.adapter);
    url = await server.listen(0);
    control = new EmulatorControl(server.controlUrl);
  });
  afterAll(() => server.close());
  beforeEach(() => control.reset());

  const create = (timeoutMs = 5_000) =>
    fetch(`${url}/things`, { method: "POST", body: "{}", headers: { "content-type": "application/json" }, signal: AbortSignal.timeout(timeoutMs) });

  it("appliedError5xx: the service acts, the answer is a 5xx; the next request is served", async () => {
    await control.faults([{ kind: "appliedError5xx", status: 503, match: { operation: "CreateThing" } }]);
    const res = await create();
    expect(res.status).toBe(503);
    expect(count()).toBe(1);
    expect((await create()).status).toBe(201);
    expect(count()).toBe(2);
    const [first] = await control.log();
    expect(first).toMatchObject({ operation: "CreateThing", status: 503, fault: "appliedError5xx", appliedStatus: 201 });
  });

  it("appliedDrop: the service acts, the connection closes unanswered", async () => {
    await control.faults([{ kind: "appliedDrop" }]);
    await expect(create()).rejects.toThrow();
    expect(count()).toBe(1);
    const [first] = await control.log();
    expect(first).toMatchObject({ status: -1, fault: "appliedDrop", appliedStatus: 201 });
  });

  it("appliedLatency: the service acts at once, the answer lands after the client's timeout", async () => {
    await control.faults([{ kind: "appliedLatency", latencyMs: 600 }]);
    const started = Date.now();
    await expect(create(200)).rejects.toThrow(/timeout|aborted/i);
    expect(Date.now() - started).toBeLessThan(550);
    expect(count()).toBe(1); // applied before the client gave up
    await new Promise((r) => setTimeout(r, 600));
    const [first] = await control.log();
    expect(first).toMatchObject({ fault: "appliedLatency", appliedStatus: 201, status: -1 });
  });

  it("appliedLatency with a patient client: the answer arrives late but whole", async () => {
    await control.faults([{ kind: "appliedLatency", latencyMs: 300 }]);
    const started = Date.now();
    const res = await create();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 1 });
  });

  it("latency serves the request after the wait: applied late, even when the client gave up", async () => {
    await control.faults([{ kind: "latency", latencyMs: 400 }]);
    await expect(create(150)).rejects.toThrow(/timeout|aborted/i);
    expect(count()).toBe(0); // not yet applied when the client timed out
    await new Promise((r) => setTimeout(r, 400));
    expect(count()).toBe(1); // the service acted after the client's timeout
  });

  it("error5xx and drop answer instead of the service: nothing is applied", async () => {
    await control.faults([{ kind: "error5xx", status: 500 }, { kind: "drop" }]);
    expect((await create()).status).toBe(500);
    await expect(create()).rejects.toThrow();
    expect(count()).toBe(0);
  });

  it("`after` lets that many matching requests through first (the second of two fails)", async () => {
    await control.faults([{ kind: "appliedError5xx", after: 1, match: { operation: "CreateThing" } }]);
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(500);
    expect((await create()).status).toBe(201);
    expect(count()).toBe(3);
  });

  it("an applied fault matches like any rule: only the named operation, `count` times", async () => {
    await control.faults([{ kind: "appliedError5xx", count: 2, match: { operation: "CreateThing" } }]);
    expect((await fetch(`${url}/things`)).status).toBe(200);
    expect((await create()).status).toBe(500);
    expect((await create()).status).toBe(500);
    expect((await create()).status).toBe(201);
    expect(count()).toBe(3);
  });
});
