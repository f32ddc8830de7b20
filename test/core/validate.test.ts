// validateInputs: zod issues become property-path problems; values not known yet are skipped.
import { z } from "zod";
import { UNKNOWN } from "../../provider/core/diff";
import { formatPath, validateInputs } from "../../provider/core/validate";

const schema = z.strictObject({
  name: z.string().max(5),
  a: z
    .strictObject({
      b: z.array(z.strictObject({ c: z.number().int(), d: z.string().optional() })),
    })
    .optional(),
  ab: z.boolean().optional(),
  abc: z.number().optional(),
  tags: z.array(z.string().min(2)).optional(),
});

describe("formatPath", () => {
  it.each<[PropertyKey[], string]>([
    [[], "(inputs)"],
    [["a"], "a"],
    [["a", "b", 2, "c"], "a.b[2].c"],
    [["tags", 0], "tags[0]"],
    [["m", 1, 2], "m[1][2]"],
  ])("%j → %s", (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe("validateInputs", () => {
  it("returns the parsed value and no problems for valid inputs", () => {
    const inputs = { name: "ok", a: { b: [{ c: 1 }] } };
    expect(validateInputs(schema, inputs)).toEqual({ value: inputs, problems: [] });
  });

  it("names the exact property path of a bad value", () => {
    const { value, problems } = validateInputs(schema, { name: "ok", a: { b: [{ c: 1 }, { c: 2 }, { c: "three" }] } });
    expect(value).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe("a.b[2].c");
    expect(problems[0].reason).toMatch(/number/i);
  });

  it("reports every problem", () => {
    const { problems } = validateInputs(schema, { name: "toolong", a: { b: [{ c: 1.5 }] }, tags: ["ok", "x"] });
    expect(problems.map((p) => p.path).sort()).toEqual(["a.b[0].c", "name", "tags[1]"]);
  });

  it("reports each unknown key on its own path", () => {
    const { problems } = validateInputs(schema, { name: "ok", top: 1, a: { b: [{ c: 1, zz: true, yy: 2 }], extra: "e" } });
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.reason]));
    expect(Object.keys(byPath).sort()).toEqual(["a.b[0].yy", "a.b[0].zz", "a.extra", "top"]);
    for (const reason of Object.values(byPath)) expect(reason).toBe("unknown property");
  });

  it("names a missing required property", () => {
    const { problems } = validateInputs(schema, { a: { b: [{}] } });
    expect(problems.map((p) => p.path).sort()).toEqual(["a.b[0].c", "name"]);
  });

  it("reports a non-object input at the root", () => {
    const { problems } = validateInputs(schema, 42);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe("(inputs)");
  });

  it("skips values not known yet, at any depth, and still reports the known ones", () => {
    expect(validateInputs(schema, { name: UNKNOWN }).problems).toEqual([]); // UNKNOWN is longer than 5
    expect(validateInputs(schema, { name: "ok", a: UNKNOWN }).problems).toEqual([]);
    expect(validateInputs(schema, { name: "ok", a: { b: UNKNOWN } }).problems).toEqual([]);
    expect(validateInputs(schema, { name: "ok", a: { b: [{ c: UNKNOWN }, UNKNOWN] } }).problems).toEqual([]);
    expect(validateInputs(schema, { name: "ok", ab: UNKNOWN, abc: UNKNOWN, tags: [UNKNOWN, "ok"] }).problems).toEqual([]);
    expect(validateInputs(schema, UNKNOWN).problems).toEqual([]);

    const mixed = validateInputs(schema, { name: UNKNOWN, a: { b: [{ c: UNKNOWN }, { c: "bad" }] }, tags: [UNKNOWN, "x"] });
    expect(mixed.problems.map((p) => p.path).sort()).toEqual(["a.b[1].c", "tags[1]"]);
  });

  it("an unknown value does not hide a problem on a property whose name merely starts the same", () => {
    const { problems } = validateInputs(schema, { name: "ok", ab: UNKNOWN, abc: "not a number" });
    expect(problems.map((p) => p.path)).toEqual(["abc"]);
    const list = validateInputs(schema, {
      name: "ok",
      a: { b: [{ c: 0 }, UNKNOWN, ...Array.from({ length: 9 }, () => ({ c: 0 })), { c: "bad" }] },
    });
    expect(list.problems.map((p) => p.path)).toEqual(["a.b[11].c"]);
    const index1 = validateInputs(schema, {
      name: "ok",
      a: { b: [{ c: 0 }, UNKNOWN, ...Array.from({ length: 8 }, () => ({ c: 0 })), { c: "bad" }] },
    });
    expect(index1.problems.map((p) => p.path)).toEqual(["a.b[10].c"]);
  });
});
