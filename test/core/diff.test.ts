// The generic diff engine, driven by a small schema built with attr / setOf / valueSet.
import fc from "fast-check";
import { z } from "zod";
import { canonicalize, Change, diffDeclared, overlay, project, setDelta, UNKNOWN } from "../../provider/core/diff";
import { attr, metaOf, SetSemantics, setOf, valueSet } from "../../provider/core/schema";

type Ref = { id?: string; name?: string };

/** Two references are one member when their ids match, or their names match ignoring case. */
const refSemantics: SetSemantics<Ref> = {
  same: (a, b) =>
    (a.id !== undefined && b.id !== undefined && a.id === b.id) ||
    (a.name !== undefined && b.name !== undefined && a.name.toLowerCase() === b.name.toLowerCase()),
  sortKey: (r) => (r.name !== undefined ? `n:${r.name.toLowerCase()}` : `i:${r.id ?? ""}`),
};

const ref = z.strictObject({ id: z.string().optional(), name: z.string().optional() });

const schema = z.strictObject({
  name: attr(z.string().min(1), { replaceOnChange: true }),
  description: z.string().optional(),
  settings: z
    .strictObject({
      enabled: z.boolean().optional(),
      limits: z.strictObject({ max: z.number().int().optional(), min: z.number().int().optional() }).optional(),
      labels: valueSet(z.string()).optional(),
    })
    .optional(),
  location: attr(z.strictObject({ region: z.string(), zone: z.string().optional() }), { replaceOnChange: true }).optional(),
  order: z.array(z.string()).optional(),
  ports: valueSet(z.number().int()).optional(),
  members: setOf(ref, refSemantics).optional(),
});
type Value = z.infer<typeof schema>;
const shape = schema.shape as unknown as Record<string, z.ZodType>;

const diff = (declared: Record<string, unknown>, actual: Record<string, unknown> | undefined) => diffDeclared(shape, declared, actual);
const paths = (changes: Change[]) => changes.map((c) => c.path);

const actual: Value = {
  name: "alpha",
  description: "service text",
  settings: { enabled: true, limits: { max: 10, min: 1 }, labels: ["x", "y"] },
  location: { region: "eu", zone: "a" },
  order: ["first", "second"],
  ports: [80, 443],
  members: [
    { id: "1", name: "Alice" },
    { id: "2", name: "Bob" },
  ],
};

describe("schema metadata", () => {
  it("metaOf sees attributes through optional wrappers", () => {
    expect(metaOf(shape.name).replaceOnChange).toBe(true);
    expect(metaOf(shape.location).replaceOnChange).toBe(true);
    expect(metaOf(shape.ports).set).toBeDefined();
    expect(metaOf(shape.members).set).toBe(refSemantics);
    expect(metaOf(shape.order).set).toBeUndefined();
    expect(metaOf(shape.description).replaceOnChange).toBeUndefined();
  });
});

describe("diffDeclared", () => {
  it("compares declared properties only", () => {
    expect(diff({ name: "alpha" }, actual)).toEqual([]);
    expect(diff({ settings: { enabled: true } }, actual)).toEqual([]);
    expect(diff({ settings: { limits: { max: 10 } } }, actual)).toEqual([]);
    // Undeclared (and unknown-to-the-schema) properties never diff.
    expect(diff({ name: "alpha", notInSchema: 5 }, actual)).toEqual([]);
    expect(diff({ description: undefined, name: "alpha" }, actual)).toEqual([]);
  });

  it("names nested leaves by their full path", () => {
    const changes = diff({ settings: { enabled: true, limits: { max: 20, min: 1 } } }, actual);
    expect(changes).toEqual([{ path: "settings.limits.max", segments: ["settings", "limits", "max"], kind: "update", old: 10, new: 20 }]);
  });

  it("reports every declared leaf of an object the service lacks", () => {
    const changes = diff({ settings: { enabled: false, limits: { max: 3 } } }, { name: "alpha" });
    expect(paths(changes)).toEqual(["settings.enabled", "settings.limits.max"]);
    expect(changes.every((c) => c.old === undefined)).toBe(true);
    expect(paths(diff({ description: "d" }, undefined))).toEqual(["description"]);
  });

  it("replaceOnChange properties make a replace, compared whole", () => {
    expect(diff({ name: "beta" }, actual)).toEqual([{ path: "name", segments: ["name"], kind: "replace", old: "alpha", new: "beta" }]);
    const loc = diff({ location: { region: "eu" } }, actual);
    expect(loc).toEqual([{ path: "location", segments: ["location"], kind: "replace", old: { region: "eu", zone: "a" }, new: { region: "eu" } }]);
    expect(diff({ location: { region: "eu", zone: "a" } }, actual)).toEqual([]);
  });

  it("a set in another order is no change (values, references, nested sets)", () => {
    expect(diff({ ports: [443, 80] }, actual)).toEqual([]);
    expect(diff({ settings: { labels: ["y", "x"] } }, actual)).toEqual([]);
    expect(diff({ members: [{ id: "2", name: "Bob" }, { id: "1", name: "Alice" }] }, actual)).toEqual([]);
    // The same members named another way: by id only, by name in another case.
    expect(diff({ members: [{ name: "BOB" }, { id: "1" }] }, actual)).toEqual([]);
  });

  it("an ordered list in another order is a change", () => {
    expect(diff({ order: ["second", "first"] }, actual)).toEqual([
      { path: "order", segments: ["order"], kind: "update", old: ["first", "second"], new: ["second", "first"] },
    ]);
  });

  it("adding or removing set members is one change, and setDelta names exactly what moved", () => {
    const declared = [{ name: "alice" }, { id: "3", name: "Carol" }];
    const changes = diff({ members: declared }, actual);
    expect(changes).toEqual([{ path: "members", segments: ["members"], kind: "update", old: actual.members, new: declared }]);
    expect(setDelta(refSemantics, declared, actual.members!)).toEqual({ added: [{ id: "3", name: "Carol" }], removed: [{ id: "2", name: "Bob" }] });

    expect(paths(diff({ ports: [80, 443, 8080] }, actual))).toEqual(["ports"]);
    expect(setDelta(metaOf(shape.ports).set!, [80, 443, 8080], [443, 80])).toEqual({ added: [8080], removed: [] });
    expect(paths(diff({ ports: [80] }, actual))).toEqual(["ports"]);
    expect(setDelta(metaOf(shape.ports).set!, [80], [443, 80])).toEqual({ added: [], removed: [443] });
    expect(paths(diff({ settings: { labels: [] } }, actual))).toEqual(["settings.labels"]);
  });

  it("a set the service lacks is a change", () => {
    expect(paths(diff({ ports: [] }, { name: "alpha" }))).toEqual(["ports"]);
  });

  it("a value not known yet is a change, at any depth", () => {
    expect(diff({ description: UNKNOWN }, actual)).toEqual([{ path: "description", segments: ["description"], kind: "update", old: "service text", new: UNKNOWN }]);
    expect(paths(diff({ settings: { limits: { max: UNKNOWN } } }, actual))).toEqual(["settings.limits.max"]);
    expect(paths(diff({ settings: UNKNOWN }, actual))).toEqual(["settings"]);
    expect(paths(diff({ ports: [80, UNKNOWN] }, actual))).toEqual(["ports"]);
    expect(paths(diff({ members: [{ id: "1", name: UNKNOWN }, { id: "2" }] }, actual))).toEqual(["members"]);
    expect(paths(diff({ order: [UNKNOWN] }, actual))).toEqual(["order"]);
    const replace = diff({ name: UNKNOWN }, actual);
    expect(replace.map((c) => c.kind)).toEqual(["replace"]);
  });
});

describe("canonicalize", () => {
  it("sorts sets (also nested) by their sort key and leaves ordered lists alone", () => {
    const input = {
      name: "alpha",
      order: ["z", "a", "m"],
      ports: [443, 22, 80],
      settings: { enabled: true, labels: ["b", "c", "a"] },
      members: [{ name: "Zed" }, { id: "9" }, { name: "adam" }],
    };
    const snapshot = JSON.parse(JSON.stringify(input));
    expect(canonicalize(shape, input)).toEqual({
      name: "alpha",
      order: ["z", "a", "m"],
      ports: [22, 443, 80], // sortKey is String(v): "22" < "443" < "80"
      settings: { enabled: true, labels: ["a", "b", "c"] },
      members: [{ id: "9" }, { name: "adam" }, { name: "Zed" }],
    });
    expect(input).toEqual(snapshot); // not mutated
  });

  it("keeps a set that holds an unknown value in its order, and passes unknown values and undeclared keys through", () => {
    expect(canonicalize(shape, { ports: [443, UNKNOWN, 80] })).toEqual({ ports: [443, UNKNOWN, 80] });
    expect(canonicalize(shape, { settings: UNKNOWN, extra: [3, 1, 2] })).toEqual({ settings: UNKNOWN, extra: [3, 1, 2] });
  });

  it("is idempotent", () => {
    const once = canonicalize(shape, actual as Record<string, unknown>);
    expect(canonicalize(shape, once)).toEqual(once);
  });
});

describe("project", () => {
  it("keeps the declared form of matching set members and adds the service's unmatched ones", () => {
    const template = { members: [{ name: "alice" }, { id: "7" }] };
    expect(project(shape, actual as Record<string, unknown>, template)).toEqual({
      // Bob is the service's, in its form; alice keeps the program's form; id 7 is gone.
      members: [{ name: "alice" }, { id: "2", name: "Bob" }],
    });
  });

  it("restricts the service's view to the declared properties, nested leaf by leaf", () => {
    const template = { name: "x", settings: { limits: { max: 1 } }, ports: [1] };
    expect(project(shape, actual as Record<string, unknown>, template)).toEqual({
      name: "alpha",
      settings: { limits: { max: 10 } },
      ports: [443, 80],
    });
  });

  it("drops declared properties the service does not report and keeps replaceOnChange objects whole", () => {
    const template = { description: "d", location: { region: "us" } };
    expect(project(shape, { location: { region: "eu", zone: "a" } }, template)).toEqual({ location: { region: "eu", zone: "a" } });
  });

  it("keeps ordered lists in the service's order", () => {
    expect(project(shape, { order: ["b", "a"] }, { order: ["a", "b"] })).toEqual({ order: ["b", "a"] });
  });

  it("a template member that is not known yet never stands in for a service member", () => {
    expect(project(shape, { ports: [1, 2] }, { ports: [UNKNOWN] })).toEqual({ ports: [1, 2] });
  });
});

describe("overlay", () => {
  it("lays declared leaves over the current values, nested objects leaf by leaf", () => {
    const merged = overlay(shape, actual as Record<string, unknown>, { settings: { limits: { max: 99 } }, description: "new" });
    expect(merged).toEqual({ ...actual, description: "new", settings: { enabled: true, limits: { max: 99, min: 1 }, labels: ["x", "y"] } });
    // The current view is not mutated.
    expect(actual.settings?.limits?.max).toBe(10);
  });

  it("replaces lists and sets whole", () => {
    const merged = overlay(shape, actual as Record<string, unknown>, { order: ["only"], ports: [1], settings: { labels: ["z"] } });
    expect(merged.order).toEqual(["only"]);
    expect(merged.ports).toEqual([1]);
    expect((merged.settings as Value["settings"])?.labels).toEqual(["z"]);
    expect((merged.settings as Value["settings"])?.enabled).toBe(true);
  });

  it("works without a current view and ignores undefined declared values", () => {
    expect(overlay(shape, undefined, { name: "a", description: undefined })).toEqual({ name: "a" });
    expect(overlay(shape, { description: "keep" }, { description: undefined })).toEqual({ description: "keep" });
  });

  it("a declared object replaces a current value that is not an object", () => {
    expect(overlay(shape, { settings: UNKNOWN }, { settings: { enabled: false } })).toEqual({ settings: { enabled: false } });
  });
});

// ---------------------------------------------------------------- property tests

const idArb = fc.stringMatching(/^[0-9a-f]{1,6}$/);
const nameArb = fc.stringMatching(/^[A-Za-z]{1,6}$/);
const refArb: fc.Arbitrary<Ref> = fc.oneof(fc.record({ id: idArb }), fc.record({ name: nameArb }), fc.record({ id: idArb, name: nameArb }));
/** Members no two of which are the same member. */
const membersArb = fc.uniqueArray(refArb, { maxLength: 6, comparator: (a, b) => refSemantics.same(a, b) || refSemantics.same(b, a) });

const valueArb: fc.Arbitrary<Value> = fc.record(
  {
    name: nameArb,
    description: fc.string({ maxLength: 8 }),
    settings: fc.record(
      {
        enabled: fc.boolean(),
        limits: fc.record({ max: fc.integer(), min: fc.integer() }, { requiredKeys: [] }),
        labels: fc.uniqueArray(fc.stringMatching(/^[a-z]{1,5}$/), { maxLength: 5 }),
      },
      { requiredKeys: [] },
    ),
    location: fc.record({ region: nameArb, zone: nameArb }, { requiredKeys: ["region"] }),
    order: fc.array(fc.stringMatching(/^[a-z]{1,4}$/), { maxLength: 5 }),
    ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 5 }),
    members: membersArb,
  },
  { requiredKeys: ["name"] },
);

/** A deterministic shuffle from a seed (mulberry32). */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function shuffledSets(v: Value, seed: number): Value {
  const out: Value = structuredClone(v);
  if (out.ports) out.ports = shuffle(out.ports, seed);
  if (out.members) out.members = shuffle(out.members, seed + 1);
  if (out.settings?.labels) out.settings.labels = shuffle(out.settings.labels, seed + 2);
  return out;
}

/** Every leaf path (as the diff names it) present in a value, with whether it replaces. */
function leafPaths(v: Value): Array<{ segments: string[]; replace: boolean }> {
  const out: Array<{ segments: string[]; replace: boolean }> = [{ segments: ["name"], replace: true }];
  if (v.description !== undefined) out.push({ segments: ["description"], replace: false });
  if (v.location !== undefined) out.push({ segments: ["location"], replace: true });
  if (v.order !== undefined) out.push({ segments: ["order"], replace: false });
  if (v.ports !== undefined) out.push({ segments: ["ports"], replace: false });
  if (v.members !== undefined) out.push({ segments: ["members"], replace: false });
  if (v.settings?.enabled !== undefined) out.push({ segments: ["settings", "enabled"], replace: false });
  if (v.settings?.labels !== undefined) out.push({ segments: ["settings", "labels"], replace: false });
  if (v.settings?.limits?.max !== undefined) out.push({ segments: ["settings", "limits", "max"], replace: false });
  if (v.settings?.limits?.min !== undefined) out.push({ segments: ["settings", "limits", "min"], replace: false });
  return out;
}

/** A different value for the leaf at a path, of the right type. */
function mutated(path: string, old: unknown): unknown {
  switch (path) {
    case "name":
    case "description":
      return `${String(old)}-changed`;
    case "location":
      return { ...(old as object), region: `${(old as { region: string }).region}-moved` };
    case "order":
      return [...(old as string[]), "NEW"];
    case "ports":
      return [...(old as number[]), 70000]; // outside the generated range: a new member
    case "members":
      return [...(old as Ref[]), { id: "NEW-ID" }]; // ids are lowercase hex: a new member
    case "settings.enabled":
      return !old;
    case "settings.labels":
      return [...(old as string[]), "NEW-LABEL"];
    default:
      return (old as number) + 1;
  }
}

function setAt(root: Record<string, unknown>, segments: string[], value: unknown): void {
  let cur = root;
  for (const s of segments.slice(0, -1)) cur = cur[s] as Record<string, unknown>;
  cur[segments[segments.length - 1]] = value;
}

function getAt(root: Record<string, unknown>, segments: string[]): unknown {
  return segments.reduce<unknown>((cur, s) => (cur as Record<string, unknown>)[s], root);
}

describe("diff properties", () => {
  it("the generator makes valid values", () => {
    fc.assert(fc.property(valueArb, (v) => schema.safeParse(v).success));
  });

  it("diffDeclared(x, x) is empty", () => {
    fc.assert(fc.property(valueArb, (v) => diff(v, structuredClone(v)).length === 0));
  });

  it("diffDeclared(canonicalize(x), x with its sets shuffled) is empty, and so is the other way round", () => {
    fc.assert(
      fc.property(valueArb, fc.integer(), (v, seed) => {
        const canonical = canonicalize(shape, v as Record<string, unknown>);
        const shuffled = shuffledSets(v, seed) as Record<string, unknown>;
        expect(diff(canonical, shuffled)).toEqual([]);
        expect(diff(shuffled, canonical)).toEqual([]);
        // Canonical form does not depend on the order sets came in.
        expect(canonicalize(shape, shuffled)).toEqual(canonical);
      }),
    );
  });

  it("a single leaf mutation makes exactly one change, at that path, of the right kind", () => {
    fc.assert(
      fc.property(valueArb, fc.nat(), fc.boolean(), (v, pick, mutateDeclared) => {
        const leaves = leafPaths(v);
        const { segments, replace } = leaves[pick % leaves.length];
        const path = segments.join(".");
        const original = v as Record<string, unknown>;
        const changed = structuredClone(original);
        const newLeaf = mutated(path, getAt(original, segments));
        setAt(changed, segments, newLeaf);
        const declared = mutateDeclared ? changed : original;
        const current = mutateDeclared ? original : changed;
        const changes = diff(declared, current);
        expect(changes).toHaveLength(1);
        expect(changes[0].path).toBe(path);
        expect(changes[0].segments).toEqual(segments);
        expect(changes[0].kind).toBe(replace ? "replace" : "update");
        expect(changes[0].new).toEqual(getAt(declared, segments));
        expect(changes[0].old).toEqual(getAt(current, segments));
      }),
    );
  });

  it("a leaf the service lacks is exactly one change at that path", () => {
    fc.assert(
      fc.property(valueArb, fc.nat(), (v, pick) => {
        const leaves = leafPaths(v);
        const { segments } = leaves[pick % leaves.length];
        const current = structuredClone(v) as Record<string, unknown>;
        const parent = segments.length === 1 ? current : (getAt(current, segments.slice(0, -1)) as Record<string, unknown>);
        delete parent[segments[segments.length - 1]];
        const changes = diff(v, current);
        expect(paths(changes)).toEqual([segments.join(".")]);
      }),
    );
  });

  it("project(x, canonicalize(x)) gives back the canonical value", () => {
    fc.assert(
      fc.property(valueArb, fc.integer(), (v, seed) => {
        const canonical = canonicalize(shape, v as Record<string, unknown>);
        expect(project(shape, shuffledSets(v, seed) as Record<string, unknown>, canonical)).toEqual(canonical);
      }),
    );
  });
});
