// fast-check arbitraries derived from a resource's zod schema, so generated programs follow
// the single source of truth: valid values, and single-leaf mutations that make them invalid.
import fc from "fast-check";
import { z } from "zod";

type Def = { type: string; [k: string]: any };
const defOf = (s: z.ZodType): Def => (s as any)._zod.def;

/** Any valid value of a schema (objects get a random subset of their optional keys). */
export function validValue(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
      return validValue(def.innerType);
    case "boolean":
      return fc.boolean();
    case "number": {
      const s = schema as z.ZodNumber;
      return fc.integer({ min: Math.max(s.minValue ?? 0, -(2 ** 31)), max: Math.min(s.maxValue ?? 2 ** 31 - 1, 2 ** 31 - 1) });
    }
    case "string": {
      const s = schema as z.ZodString;
      const pattern = (def.checks ?? []).map((c: any) => c._zod.def).find((c: any) => c.format === "regex")?.pattern as RegExp | undefined;
      if (pattern) return fc.stringMatching(pattern);
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 12, 12) }).filter((v) => v.length >= (s.minLength ?? 0));
    }
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case "union":
      return fc.oneof(...(def.options as z.ZodType[]).map(validValue)).filter((v) => schema.safeParse(v).success);
    case "array":
      return fc.array(validValue(def.element), { maxLength: 4 });
    case "object": {
      const shape = def.shape as Record<string, z.ZodType>;
      const keys = Object.keys(shape);
      const required = keys.filter((k) => defOf(shape[k]).type !== "optional");
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of keys) record[k] = validValue(shape[k]);
      return fc.record(record, { requiredKeys: required }).filter((v) => schema.safeParse(v).success);
    }
    default:
      throw new Error(`no arbitrary for zod type ${def.type}`);
  }
}

/** A value of the wrong kind for a schema (what a typo or a wrong type in a program gives). */
export function invalidValue(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constant("not-valid-☃"), fc.constant(1.5), fc.constant(-7), fc.constant({ nested: true }), fc.constant([null]), fc.constant(true)).filter(
    (v) => !schema.safeParse(v).success && v !== undefined,
  );
}

export interface Mutation {
  /** The property path as validation messages write it (`a.b[2]`). */
  path: string;
  value: unknown;
}

/** Every leaf path of a value, with the schema that governs it. */
function leaves(schema: z.ZodType, value: unknown, path: string, out: Array<{ path: string; schema: z.ZodType; parent?: boolean }>): void {
  const def = defOf(schema);
  if (def.type === "optional" || def.type === "nullable") return leaves(def.innerType, value, path, out);
  out.push({ path, schema });
  if (def.type === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    out.push({ path, schema, parent: true });
    for (const [k, v] of Object.entries(value)) leaves(def.shape[k], v, path ? `${path}.${k}` : k, out);
  }
  if (def.type === "array" && Array.isArray(value)) value.forEach((v, i) => leaves(def.element, v, `${path}[${i}]`, out));
}

function setAt(root: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  const segments = path.match(/[^.[\]]+/g) ?? [];
  let cur: any = copy;
  for (const s of segments.slice(0, -1)) cur = cur[/^\d+$/.test(s) ? Number(s) : s];
  const last = segments[segments.length - 1];
  cur[/^\d+$/.test(last) ? Number(last) : last] = value;
  return copy;
}

/**
 * A valid input with exactly one thing wrong: a leaf of the wrong kind, or an unknown
 * property added to an object. Returns the input and the path a good message must name.
 */
export function invalidInput(schema: z.ZodObject): fc.Arbitrary<{ input: Record<string, unknown>; path: string }> {
  return validValue(schema).chain((valid) => {
    const base = valid as Record<string, unknown>;
    const spots: Array<{ path: string; schema: z.ZodType; parent?: boolean }> = [];
    leaves(schema, base, "", spots);
    const candidates = spots.filter((s) => s.path !== "" || s.parent);
    return fc.constantFrom(...candidates).chain((spot) => {
      if (spot.parent) {
        const key = "unknownSetting";
        const target = spot.path === "" ? base : undefined;
        const input = target ? { ...base, [key]: 1 } : setAt(base, `${spot.path}.${key}`, 1);
        return fc.constant({ input, path: spot.path === "" ? key : `${spot.path}.${key}` });
      }
      return invalidValue(spot.schema).map((bad) => ({ input: setAt(base, spot.path, bad), path: spot.path }));
    });
  });
}
