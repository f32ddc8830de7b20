// The foundation's end-to-end pattern: the real Pulumi engine (Automation API, local file
// backend) drives a trivial resource built on the shared machinery against a tiny server.
import * as fs from "node:fs";
import * as path from "node:path";
import { EchoItem } from "../support/echo/resource";
import { startEchoServer, EchoServer } from "../support/echo/server";
import { changed, TestStack } from "../support/engine";

const TOKEN = "echo-test-token-value-7731";

describe("engine round trip on the shared machinery", () => {
  let server: EchoServer;
  let stack: TestStack;

  beforeAll(async () => {
    server = await startEchoServer(TOKEN);
    stack = await TestStack.create(
      async () => {
        const item = new EchoItem("item", { key: "alpha", value: "one", tags: ["b", "a"] });
        return { value: item.value };
      },
      { config: { "echo:url": { value: server.url }, "echo:token": { value: TOKEN, secret: true } } },
    );
  });

  afterAll(async () => {
    await stack?.dispose();
    await server?.close();
  });

  it("creates, previews one property, updates, refreshes drift and destroys", async () => {
    const created = await stack.up();
    expect(changed(created.steps).map((s) => [s.name, s.op])).toEqual([["item", "create"]]);
    expect(created.steps[0].type).toBe("pulumi-nodejs:dynamic/echo:EchoItem");
    expect(server.items.get("alpha")).toEqual({ key: "alpha", value: "one", tags: ["a", "b"] });

    // Reordering a set changes nothing.
    stack.setProgram(async () => {
      new EchoItem("item", { key: "alpha", value: "one", tags: ["a", "b"] });
    });
    const same = await stack.preview();
    expect(changed(same.steps)).toEqual([]);

    // One property changes: the preview names exactly that property.
    stack.setProgram(async () => {
      new EchoItem("item", { key: "alpha", value: "two", tags: ["a", "b"] });
    });
    const preview = await stack.preview();
    const step = changed(preview.steps);
    expect(step.map((s) => s.op)).toEqual(["update"]);
    expect(Object.keys(step[0].detailedDiff)).toEqual(["value"]);
    expect(step[0].diffs).toEqual(["value"]);
    expect(preview.stdout).toContain('value: "one" => "two"');

    server.requests.length = 0;
    await stack.up();
    expect(server.requests.filter((r) => r.method === "PUT").map((r) => r.body)).toEqual([{ value: "two" }]);

    // Someone edits the item by hand: refresh finds it, the next preview wants it back.
    server.items.set("alpha", { key: "alpha", value: "hand-made", tags: ["a", "b"] });
    await stack.refresh();
    const drift = await stack.preview();
    const driftStep = changed(drift.steps);
    expect(Object.keys(driftStep[0].detailedDiff)).toEqual(["value"]);
    await stack.up();
    expect(server.items.get("alpha")?.value).toBe("two");

    // No drift: refresh and preview find nothing.
    await stack.refresh();
    expect(changed((await stack.preview()).steps)).toEqual([]);

    // A key change replaces.
    stack.setProgram(async () => {
      new EchoItem("item", { key: "beta", value: "two", tags: ["a", "b"] });
    });
    const replace = await stack.preview();
    expect(changed(replace.steps).map((s) => s.op)).toContain("replace");
    expect(changed(replace.steps).find((s) => s.op === "replace")?.diffs).toEqual(["key"]);
    await stack.up();
    expect([...server.items.keys()]).toEqual(["beta"]);

    // The token never reaches the state.
    const stateFiles = fs.readdirSync(path.join(stack.dir, "state"), { recursive: true }) as string[];
    for (const f of stateFiles) {
      const p = path.join(stack.dir, "state", f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p, "utf8")).not.toContain(TOKEN);
    }

    await stack.destroy();
    expect(server.items.size).toBe(0);
  });

  it("refuses bad input before any call, naming the resource and the path", async () => {
    const bad = await TestStack.create(
      async () => {
        new EchoItem("broken", { key: "gamma", value: "x".repeat(65) });
      },
      { config: { "echo:url": { value: server.url }, "echo:token": { value: TOKEN, secret: true } } },
    );
    try {
      server.requests.length = 0;
      await expect(bad.preview()).rejects.toThrow(/EchoItem resource 'broken': property value value .* has a problem: Too big/);
      expect(server.requests).toEqual([]);
    } finally {
      await bad.dispose();
    }
  });
});
