// makeDynamicProvider over a fake in-memory handler: check, diff, create, read, update,
// delete, and the shape of the outputs.
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { composeOutputs, makeDynamicProvider, plannedChanges, REPORTED } from "../../provider/core/bridge";
import type { ConfigSource } from "../../provider/core/config";
import { type Previous, type Props, type ResourceDefinition, type ResourceHandler, type Snapshot } from "../../provider/core/definition";
import { Change, UNKNOWN } from "../../provider/core/diff";
import { InputError, InputProblem, registerSecret } from "../../provider/core/errors";
import { attr, SetSemantics, setOf, valueSet } from "../../provider/core/schema";

type Ref = { id?: string; name?: string };
const refSemantics: SetSemantics<Ref> = {
  same: (a, b) =>
    (a.id !== undefined && b.id !== undefined && a.id === b.id) ||
    (a.name !== undefined && b.name !== undefined && a.name.toLowerCase() === b.name.toLowerCase()),
  sortKey: (r) => (r.name ?? r.id ?? "").toLowerCase(),
};

const thingInputs = z.strictObject({
  name: attr(z.string().min(1), { replaceOnChange: true }),
  description: z.string().optional(),
  settings: z
    .strictObject({
      enabled: z.boolean().optional(),
      level: z.number().int().min(0).max(10).optional(),
      mode: z.enum(["a", "b"]).optional(),
    })
    .optional(),
  tags: valueSet(z.string()).optional(),
  members: setOf(z.strictObject({ id: z.string().optional(), name: z.string().optional() }), refSemantics).optional(),
  // Control properties: steer the provider, never sent to the service.
  adopt: z.boolean().optional(),
  placement: attr(z.string(), { replaceOnChange: true }).optional(),
});

const LEVEL_RULE = "settings.level above 0 needs settings.enabled";
const rules = jest.fn((after: Props, _declared: Props, _outputs?: Props): InputProblem[] => {
  const s = (after.settings ?? {}) as { enabled?: unknown; level?: unknown };
  return s.enabled === false && typeof s.level === "number" && s.level > 0 ? [{ path: "settings.level", reason: LEVEL_RULE }] : [];
});

const def: ResourceDefinition<typeof thingInputs> = {
  module: "test",
  typeName: "Thing",
  inputs: thingInputs,
  controlProperties: ["adopt", "placement"],
  rules,
  serializedProvider: "unused",
};

/** The service's defaults: the view always reports more than a program declares. */
const DEFAULTS: Props = {
  description: "made by the service",
  settings: { enabled: true, level: 0, mode: "a" },
  tags: [],
  members: [],
};

function setPath(root: Props, segments: string[], value: unknown): void {
  let cur = root;
  for (const s of segments.slice(0, -1)) {
    if (typeof cur[s] !== "object" || cur[s] === null) cur[s] = {};
    cur = cur[s] as Props;
  }
  cur[segments[segments.length - 1]] = value;
}

class FakeHandler implements ResourceHandler {
  readonly store = new Map<string, Props>();
  private revision = 0;
  configure = jest.fn((_config: ConfigSource) => undefined);
  preflight?: jest.Mock<Promise<InputProblem[]>, [Props, Props]>;
  create = jest.fn(async (settings: Props, _control: Props): Promise<Snapshot> => {
    const view = structuredClone(DEFAULTS);
    for (const [k, v] of Object.entries(settings)) {
      if (k === "settings") Object.assign(view.settings as Props, v);
      else view[k] = v;
    }
    const id = `thing-${settings.name as string}`;
    this.store.set(id, view);
    return this.snapshot(id);
  });
  read = jest.fn(async (id: string, _previous: Props | undefined) => (this.store.has(id) ? this.snapshot(id) : undefined));
  update = jest.fn(async (previous: Previous, _settings: Props, _control: Props, changes: Change[]): Promise<Snapshot> => {
    const view = this.store.get(previous.id)!;
    for (const c of changes) if (!def.controlProperties.includes(c.segments[0])) setPath(view, c.segments, c.new);
    return this.snapshot(previous.id);
  });
  delete = jest.fn(async (previous: Previous) => {
    this.store.delete(previous.id);
  });

  snapshot(id: string): Snapshot {
    return { id, view: structuredClone(this.store.get(id)!), extras: { revision: ++this.revision, serviceId: id } };
  }
}

let handler: FakeHandler;
let provider: pulumi.dynamic.ResourceProvider;

beforeEach(() => {
  rules.mockClear();
  handler = new FakeHandler();
  provider = makeDynamicProvider(def, handler);
});

const PROVIDER = { __provider: "serialized-provider-string" };

/** Creates through the provider; returns the id and the outputs as the engine would record them. */
async function created(inputs: Props): Promise<{ id: string; outs: Props }> {
  const res = await provider.create({ ...inputs, ...PROVIDER });
  return { id: res.id, outs: { ...res.outs, ...PROVIDER } };
}

describe("configure", () => {
  it("hands the stack config to the handler", async () => {
    const config = { get: (k: string) => (k === "test:x" ? "y" : undefined) };
    await provider.configure!({ config } as unknown as pulumi.dynamic.ConfigureRequest);
    expect(handler.configure).toHaveBeenCalledWith(config);
  });
});

describe("check", () => {
  it("returns the inputs in canonical form, without the provider, and no failures", async () => {
    const res = await provider.check!({}, { name: "a", tags: ["c", "a", "b"], members: [{ name: "Zed" }, { id: "1", name: "amy" }], adopt: true, ...PROVIDER });
    expect(res.failures).toEqual([]);
    expect(res.inputs).toEqual({ name: "a", tags: ["a", "b", "c"], members: [{ id: "1", name: "amy" }, { name: "Zed" }], adopt: true });
  });

  it("reports every schema problem by property path", async () => {
    const res = await provider.check!({}, { name: "", settings: { level: 11, mode: "z" }, bogus: 1, ...PROVIDER });
    const byPath = Object.fromEntries((res.failures ?? []).map((f) => [f.property, f.reason]));
    expect(Object.keys(byPath).sort()).toEqual(["bogus", "name", "settings.level", "settings.mode"]);
    expect(byPath.bogus).toBe("unknown property");
    // The rules wait for a schema-valid input.
    expect(rules).not.toHaveBeenCalled();
  });

  it("refuses a set naming a member twice, as the set compares members, at the repeat's path", async () => {
    const res = await provider.check!({}, { name: "a", tags: ["x", "y", "x"], members: [{ name: "amy" }, { name: "AMY" }, { id: "1" }, { id: "1", name: "b" }], ...PROVIDER });
    expect(res.failures).toEqual([
      { property: "tags[2]", reason: "repeats tags[0]: a set names each member once (values compare exactly)" },
      { property: "members[1]", reason: "repeats members[0]: a set names each member once" },
      { property: "members[3]", reason: "repeats members[2]: a set names each member once" },
    ]);
    // Members not known yet are not compared; distinct ones pass.
    const later = await provider.check!({}, { name: "a", tags: [UNKNOWN, "x"], members: [{ name: "amy" }, { name: "bob" }] });
    expect(later.failures).toEqual([]);
  });

  it("passes the hidden inputs (identity, secret paths) through, drops an older version's carrier mark, and still refuses an unknown key", async () => {
    const res = await provider.check!({}, { name: "a", __identity: "p/s/test:Thing/my-thing", __secrets: ["name"], reported: "mark", other: "x", ...PROVIDER });
    expect(res.inputs).toMatchObject({ name: "a", __identity: "p/s/test:Thing/my-thing", __secrets: ["name"] });
    expect(res.inputs).not.toHaveProperty("reported");
    expect(res.failures).toEqual([{ property: "other", reason: "unknown property" }]);
  });

  it("reports a broken rule on the rule's path", async () => {
    const res = await provider.check!({}, { name: "a", settings: { enabled: false, level: 3 }, adopt: true });
    expect(res.failures).toEqual([{ property: "settings.level", reason: LEVEL_RULE }]);
    // Rules see the settings only, never control properties.
    expect(rules).toHaveBeenCalledWith({ name: "a", settings: { enabled: false, level: 3 } }, { name: "a", settings: { enabled: false, level: 3 } });
  });

  it("does not fail values not known yet", async () => {
    const res = await provider.check!({}, { name: "a", settings: { level: UNKNOWN, enabled: false }, tags: [UNKNOWN, "b"] });
    expect(res.failures).toEqual([]);
    expect(res.inputs).toEqual({ name: "a", settings: { level: UNKNOWN, enabled: false }, tags: [UNKNOWN, "b"] });
  });

  it("runs preflight only for a resource about to be created, with known inputs and no other problem", async () => {
    const preflight = jest.fn(async (_settings: Props, _control: Props): Promise<InputProblem[]> => [{ path: "name", reason: "taken" }]);
    handler.preflight = preflight;
    const creating = await provider.check!({}, { name: "a", adopt: true, ...PROVIDER });
    expect(creating.failures).toEqual([{ property: "name", reason: "taken" }]);
    expect(preflight).toHaveBeenCalledWith({ name: "a" }, { adopt: true });

    preflight.mockClear();
    await provider.check!({ name: "a", ...PROVIDER }, { name: "a" });
    await provider.check!({ ...PROVIDER }, { name: UNKNOWN });
    await provider.check!({}, { name: "" });
    expect(preflight).not.toHaveBeenCalled();
  });
});

describe("diff", () => {
  it("is {changes:false} when nothing declared differs, though the service reports more", async () => {
    const inputs = { name: "a", settings: { level: 2 }, tags: ["x", "y"], adopt: true };
    const { id, outs } = await created(inputs);
    expect(Object.keys(outs[REPORTED] as Props)).toEqual(expect.arrayContaining(["description", "members"]));
    expect(await provider.diff!(id, outs, { ...inputs, ...PROVIDER })).toEqual({ changes: false });
    // Sets in another order and members named another way are no difference either.
    expect(await provider.diff!(id, outs, { ...inputs, tags: ["y", "x"] })).toEqual({ changes: false });
    const withMembers = { ...outs, [REPORTED]: { ...(outs[REPORTED] as Props), members: [{ id: "1", name: "Alice" }] } };
    expect(await provider.diff!(id, withMembers, { ...inputs, members: [{ name: "ALICE" }] })).toEqual({ changes: false });
    expect(rules).not.toHaveBeenCalled();
  });

  it("names replaceOnChange properties (settings and control) in replaces", async () => {
    const inputs = { name: "a", settings: { level: 2 }, placement: "left" };
    const { id, outs } = await created(inputs);
    const res = await provider.diff!(id, outs, { ...inputs, name: "b", placement: "right", settings: { level: 3 } });
    // A changed control property (adopt, placement here) releases the old resource first.
    expect(res).toEqual({ replaces: ["name", "placement"], deleteBeforeReplace: true });
    expect(res).not.toHaveProperty("changes");
    const byName = await provider.diff!(id, outs, { ...inputs, name: "b" });
    expect(byName).toEqual({ replaces: ["name"], deleteBeforeReplace: false });
  });

  it("leaves changes unset for an in-place update, with no replaces", async () => {
    const inputs = { name: "a", settings: { level: 2 }, adopt: false };
    const { id, outs } = await created(inputs);
    for (const news of [{ ...inputs, settings: { level: 4 } }, { ...inputs, adopt: true }, { ...inputs, tags: ["new"] }, { ...inputs, description: "mine" }]) {
      const res = await provider.diff!(id, outs, news);
      expect(res).not.toHaveProperty("changes");
      expect(res.replaces).toEqual([]);
    }
  });

  it("a value not known yet is a change", async () => {
    const inputs = { name: "a", settings: { level: 2 } };
    const { id, outs } = await created(inputs);
    const res = await provider.diff!(id, outs, { ...inputs, settings: { level: UNKNOWN } });
    expect(res).not.toHaveProperty("changes");
    expect(res.replaces).toEqual([]);
  });

  it("throws an InputError naming the resource and the rule's path when the merged settings break a rule", async () => {
    const { id, outs } = await created({ name: "a", settings: { enabled: false } });
    rules.mockClear();
    const news = { name: "a", settings: { level: 3 } };
    let thrown: unknown;
    try {
      await provider.diff!(id, outs, { ...news, ...PROVIDER });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InputError);
    const err = thrown as InputError;
    expect(err.problems).toEqual([{ path: "settings.level", reason: LEVEL_RULE }]);
    expect(err.message).toContain(`Thing ${id}`); // no identity recorded: the id
    const named = await provider.diff!(id, outs, { ...news, __identity: "p/s/test:Thing/my/thing" }).catch((e: Error) => e);
    expect((named as Error).message).toMatch(/^Thing "my\/thing" has invalid input:/); // as the program names it
    expect(err.message).toContain(`settings.level: ${LEVEL_RULE}`);
    // The rule saw the service's view with the declared values laid over it.
    const [after, declared, outputs] = rules.mock.calls[0];
    expect(after.settings).toEqual({ enabled: false, level: 3, mode: "a" });
    expect(after.description).toBe("made by the service");
    expect(declared).toEqual(news);
    expect(outputs).toBe(outs);
  });

  it("consults the rules on the merged settings, which may satisfy them", async () => {
    const { id, outs } = await created({ name: "a", settings: { enabled: false } });
    const res = await provider.diff!(id, outs, { name: "a", settings: { enabled: true, level: 3 } });
    expect(res.replaces).toEqual([]);
  });
});

describe("create", () => {
  it("passes settings and control apart, and outputs the managed view, control values, reported and extras", async () => {
    const res = await provider.create({ name: "a", settings: { level: 2 }, tags: ["b", "a"], adopt: true, ...PROVIDER });
    expect(handler.create).toHaveBeenCalledWith({ name: "a", settings: { level: 2 }, tags: ["b", "a"] }, { adopt: true }, { identity: undefined, label: "Thing" });
    expect(res.id).toBe("thing-a");
    const view = handler.store.get("thing-a");
    expect(res.outs).toEqual({
      name: "a",
      settings: { level: 2 },
      tags: ["a", "b"],
      adopt: true,
      [REPORTED]: view,
      revision: 1,
      serviceId: "thing-a",
    });
  });
});

describe("the resource's identity (__identity)", () => {
  const IDENT = { __identity: "proj/dev/test:Thing/a" };

  it("check keeps it beside the canonical inputs, and it is neither a setting nor a problem", async () => {
    const res = await provider.check!({}, { name: "a", tags: ["b", "a"], ...IDENT, ...PROVIDER });
    expect(res.failures).toEqual([]);
    expect(res.inputs).toEqual({ name: "a", tags: ["a", "b"], ...IDENT });
  });

  it("create hands it to the handler apart from settings and control, and records it as an output", async () => {
    const res = await provider.create({ name: "a", adopt: true, ...IDENT, ...PROVIDER });
    expect(handler.create).toHaveBeenCalledWith({ name: "a" }, { adopt: true }, { identity: IDENT.__identity, label: 'Thing "a"' });
    expect(res.outs).toMatchObject(IDENT);
  });

  it("makes no diff, even when it changes (a renamed stack is the same resource)", async () => {
    const { id, outs } = await created({ name: "a", ...IDENT });
    expect(await provider.diff!(id, outs, { name: "a", __identity: "proj/prod/test:Thing/a", ...PROVIDER })).toEqual({ changes: false });
  });

  it("read and update carry it, so a refresh leaves the inputs as the program gives them", async () => {
    const { id, outs } = await created({ name: "a", settings: { level: 2 }, ...IDENT });
    const read = await provider.read!(id, outs);
    expect(read.inputs).toMatchObject(IDENT);
    expect(read.props).toMatchObject(IDENT);
    expect(handler.read.mock.calls[0][1]).not.toHaveProperty("__identity");
    const updated = await provider.update!(id, outs, { name: "a", settings: { level: 3 }, ...IDENT, ...PROVIDER });
    expect(updated.outs).toMatchObject(IDENT);
    expect(handler.update.mock.calls[0][2]).not.toHaveProperty("__identity");
  });
});

describe("read", () => {
  it("without previous props (import) manages everything the service reports", async () => {
    await created({ name: "a", settings: { level: 2 }, tags: ["y", "x"] });
    handler.read.mockClear();
    const res = await provider.read!("thing-a", undefined as unknown as Props);
    const view = handler.store.get("thing-a")!;
    expect(handler.read).toHaveBeenCalledWith("thing-a", undefined, { label: "Thing thing-a" });
    expect(res.id).toBe("thing-a");
    expect(res.inputs).toEqual({
      name: "a",
      description: "made by the service",
      settings: { enabled: true, level: 2, mode: "a" },
      tags: ["x", "y"],
      members: [],
    });
    expect(res.props?.[REPORTED]).toEqual(view);
    expect(res.props?.serviceId).toBe("thing-a");
    expect(res.props).toMatchObject(res.inputs!);
  });

  it("with previous props projects the service's view onto the declared shape", async () => {
    const { outs } = await created({ name: "a", settings: { level: 2 }, members: [{ name: "alice" }], adopt: true });
    // Drift on the service: a declared leaf, an undeclared one, a new member; alice gets an id.
    const view = handler.store.get("thing-a")!;
    (view.settings as Props).level = 5;
    (view.settings as Props).mode = "b";
    view.members = [{ id: "2", name: "Bob" }, { id: "1", name: "Alice" }];
    handler.read.mockClear();
    const res = await provider.read!("thing-a", outs);
    expect(handler.read.mock.calls[0][1]).not.toHaveProperty("__provider");
    expect(res.id).toBe("thing-a");
    expect(res.inputs).toEqual({
      name: "a",
      settings: { level: 5 },
      members: [{ name: "alice" }, { id: "2", name: "Bob" }],
      adopt: true,
    });
    expect(res.props?.[REPORTED]).toEqual(view);
    expect(res.props).toMatchObject({ name: "a", settings: { level: 5 }, adopt: true, serviceId: "thing-a" });
  });

  it("a resource that is gone reads as id \"\"", async () => {
    const res = await provider.read!("thing-missing", { name: "missing" });
    expect(res).toEqual({ id: "", props: {} });
  });
});

describe("update", () => {
  it("passes the handler exactly the planned changes and records the new view", async () => {
    const { id, outs } = await created({ name: "a", settings: { level: 2, mode: "a" }, tags: ["x"], adopt: false });
    const news = { name: "a", settings: { level: 7, mode: "a" }, tags: ["y", "x"], adopt: true, ...PROVIDER };
    const expected = plannedChanges(def, outs, news);
    expect(expected.map((c) => [c.path, c.kind, c.old, c.new])).toEqual([
      ["settings.level", "update", 2, 7],
      ["tags", "update", ["x"], ["y", "x"]],
      ["adopt", "update", false, true],
    ]);

    const res = await provider.update!(id, outs, news);
    expect(handler.update).toHaveBeenCalledTimes(1);
    const [previous, settings, control, changes] = handler.update.mock.calls[0];
    expect(changes).toEqual(expected);
    expect(settings).toEqual({ name: "a", settings: { level: 7, mode: "a" }, tags: ["y", "x"] });
    expect(control).toEqual({ adopt: true });
    expect(previous.id).toBe(id);
    expect(previous.view).toEqual(outs[REPORTED]);
    expect(previous.outputs).not.toHaveProperty("__provider");
    expect(previous.outputs).toMatchObject({ adopt: false, serviceId: id });

    const view = handler.store.get(id)!;
    expect(res.outs).toEqual({
      name: "a",
      settings: { level: 7, mode: "a" },
      tags: ["x", "y"],
      adopt: true,
      [REPORTED]: view,
      revision: 2,
      serviceId: id,
    });
    // After the update nothing is left to do.
    expect(await provider.diff!(id, { ...res.outs, ...PROVIDER }, news)).toEqual({ changes: false });
  });

  it("with nothing declared differing the handler gets no changes", async () => {
    const inputs = { name: "a", settings: { level: 2 } };
    const { id, outs } = await created(inputs);
    await provider.update!(id, outs, { ...inputs, ...PROVIDER });
    expect(handler.update.mock.calls[0][3]).toEqual([]);
  });
});

describe("delete", () => {
  it("passes the recorded view and outputs", async () => {
    const { id, outs } = await created({ name: "a", placement: "left" });
    await provider.delete!(id, outs);
    const [previous] = handler.delete.mock.calls[0];
    expect(previous).toEqual({ id, view: outs[REPORTED], outputs: { ...outs, __provider: undefined }, label: "Thing thing-a" });
    expect(previous.outputs).not.toHaveProperty("__provider");
    expect(handler.store.has(id)).toBe(false);
  });
});

describe("secrets in handler errors", () => {
  it("are scrubbed from the message and stack of whatever the handler throws", async () => {
    const secret = "handler-secret-77aa99";
    registerSecret(secret);
    handler.create.mockRejectedValueOnce(new Error(`login failed for token ${secret}`));
    const err = (await provider.create({ name: "a" }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe("Thing: login failed for token [redacted]");
    expect(err.stack ?? "").not.toContain(secret);
  });

  it("values at the paths the program marked secret (__secrets) are scrubbed from errors and check failures; carriers come back as secrets", async () => {
    const name = "secret-thing-name-5521";
    const member = "secret-member-4410";
    handler.create.mockRejectedValueOnce(new Error(`the service refused "${name}"`));
    const err = (await provider.create({ name, members: [{ name: member }], __identity: "p/s/test:Thing/my-thing", __secrets: ["name", "members[0]"] }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('Thing "my-thing": the service refused "[redacted]"');
    const res = await provider.create({ name: "plain", __secrets: ["description"], description: "d-secret-1234" });
    expect(res.outs[REPORTED]).toEqual({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: handler.store.get(res.id) });
    expect(res.outs.__secrets).toEqual(["description"]);
    const plain = await provider.create({ name: "plain2" });
    expect(plain.outs[REPORTED]).toEqual(handler.store.get(plain.id));
  });
});

describe("composeOutputs and plannedChanges", () => {
  it("composeOutputs lays out managed view, control, reported and extras", () => {
    const snapshot: Snapshot = { id: "x", view: { name: "n", description: "d", tags: ["b", "a"] }, extras: { count: 3 } };
    expect(composeOutputs(def, snapshot, { tags: ["a"] }, { adopt: true })).toEqual({
      tags: ["a", "b"],
      adopt: true,
      [REPORTED]: snapshot.view,
      count: 3,
    });
  });

  it("plannedChanges compares against the reported view and the recorded control values", () => {
    const olds = { adopt: true, [REPORTED]: { name: "n", settings: { enabled: true } } };
    expect(plannedChanges(def, olds, { name: "n", settings: { enabled: true }, adopt: true })).toEqual([]);
    expect(plannedChanges(def, olds, { name: "n" }).map((c) => c.path)).toEqual(["adopt"]);
    expect(plannedChanges(def, {}, { name: "n" }).map((c) => [c.path, c.kind])).toEqual([["name", "replace"]]);
  });
});
