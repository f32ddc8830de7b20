// The generic diff engine. Everything is driven by a resource's zod schema:
// - only what the program declares is compared (an undeclared property is unmanaged);
// - nested objects are compared leaf by leaf, lists whole, sets without regard to order;
// - a property marked replaceOnChange makes a replacement, anything else an update;
// - a value still unknown during preview counts as a change.
import { z } from "zod";
import { arrayItem, metaOf, objectShape, SetSemantics } from "./schema";

/** The value the engine sends for a property that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export type ChangeKind = "update" | "replace";

export interface Change {
  /** Dotted property path, e.g. `securityGroupSettings.calling.canVideoCall`. */
  path: string;
  /** Path segments, e.g. ["securityGroupSettings", "calling", "canVideoCall"]. */
  segments: string[];
  kind: ChangeKind;
  old: unknown;
  new: unknown;
}

type Shape = Record<string, z.ZodType>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** Whether a value, at any depth, is still unknown (during preview). */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** What a set gains and loses going from `actual` to `declared`. */
export function setDelta<T>(semantics: Pick<SetSemantics<T>, "same">, declared: T[], actual: T[]): { added: T[]; removed: T[] } {
  const added = declared.filter((d) => !actual.some((a) => semantics.same(d, a)));
  const removed = actual.filter((a) => !declared.some((d) => semantics.same(d, a)));
  return { added, removed };
}

function sameList(schema: z.ZodType, declared: unknown, actual: unknown): boolean {
  const set = metaOf(schema).set;
  if (!set || !Array.isArray(declared) || !Array.isArray(actual)) return deepEqual(declared, actual);
  const { added, removed } = setDelta(set, declared, actual);
  return added.length === 0 && removed.length === 0;
}

/**
 * The changes that would bring `actual` to what `declared` says, for the declared
 * properties only. `actual` is the service's view in the same declarative shape.
 */
export function diffDeclared(shape: Shape, declared: Record<string, unknown>, actual: Record<string, unknown> | undefined, prefix: string[] = []): Change[] {
  const changes: Change[] = [];
  for (const [key, value] of Object.entries(declared)) {
    const schema = shape[key];
    if (schema === undefined || value === undefined) continue;
    const segments = [...prefix, key];
    const old = actual?.[key];
    const meta = metaOf(schema);
    const kind: ChangeKind = meta.replaceOnChange ? "replace" : "update";
    const nested = objectShape(schema);
    if (nested && isPlainObject(value) && !meta.replaceOnChange) {
      const inner = diffDeclared(nested, value, isPlainObject(old) ? old : undefined, segments);
      changes.push(...inner);
      continue;
    }
    if (meta.imposedValues?.some((v) => deepEqual(v, old))) continue;
    const equal = Array.isArray(value) ? sameList(schema, value, old) : meta.same ? meta.same(value, old) : deepEqual(value, old);
    const changed = containsUnknown(value) || !equal;
    if (changed) changes.push({ path: segments.join("."), segments, kind, old, new: value });
  }
  return changes;
}

/** Sorts every set in a value into its canonical order, so that order never makes a diff. */
export function canonicalize(shape: Shape, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const schema = shape[key];
    out[key] = schema === undefined ? v : canonicalValue(schema, v);
  }
  return out;
}

function canonicalValue(schema: z.ZodType, value: unknown): unknown {
  if (isUnknown(value)) return value;
  const nested = objectShape(schema);
  if (nested && isPlainObject(value)) return canonicalize(nested, value);
  const item = arrayItem(schema);
  if (item && Array.isArray(value)) {
    const items = value.map((v) => canonicalValue(item, v));
    const set = metaOf(schema).set;
    if (!set || items.some(containsUnknown)) return items;
    return [...items].sort((a, b) => compareKeys(set.sortKey(a), set.sortKey(b)));
  }
  return value;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The managed view: the service's values, restricted to what `template` declares and, for
 * sets, in the form the template used for each member (a member named by name stays named
 * by name). Members the service has and the template lacks appear in the service's form.
 */
export function project(shape: Shape, actual: Record<string, unknown>, template: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, declared] of Object.entries(template)) {
    const schema = shape[key];
    if (schema === undefined || declared === undefined) continue;
    const value = actual[key];
    if (value === undefined) continue;
    out[key] = projectValue(schema, value, declared);
  }
  return out;
}

function projectValue(schema: z.ZodType, value: unknown, declared: unknown): unknown {
  const meta = metaOf(schema);
  const nested = objectShape(schema);
  if (nested && isPlainObject(value) && isPlainObject(declared) && !meta.replaceOnChange) {
    return project(nested, value, declared);
  }
  // A value the service says is imposed from above keeps the declared form in the managed
  // view, so it makes no diff there either; `reported` keeps what the service said.
  if (meta.imposedValues?.some((v) => deepEqual(v, value)) && declared !== undefined && !isUnknown(declared)) return declared;
  if (meta.same && !Array.isArray(value)) return !isUnknown(declared) && meta.same(declared, value) ? declared : value;
  if (meta.set && Array.isArray(value)) {
    const twins = Array.isArray(declared) ? declared : [];
    const items = value.map((v) => twins.find((d) => !isUnknown(d) && meta.set!.same(d, v)) ?? v);
    return [...items].sort((a, b) => compareKeys(meta.set!.sortKey(a), meta.set!.sortKey(b)));
  }
  return value;
}

/**
 * The settings as they will be after an update: declared values laid over the current
 * ones, nested objects leaf by leaf, lists whole. Used to check cross-field rules.
 */
export function overlay(shape: Shape, actual: Record<string, unknown> | undefined, declared: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(actual ?? {}) };
  for (const [key, value] of Object.entries(declared)) {
    if (value === undefined) continue;
    const schema = shape[key];
    const nested = schema && objectShape(schema);
    const current = out[key];
    out[key] = nested && isPlainObject(value) && isPlainObject(current) ? overlay(nested, current, value) : value;
  }
  return out;
}

/** Reads a value at a path of segments. */
export function getPath(value: unknown, segments: string[]): unknown {
  let current = value;
  for (const s of segments) {
    if (!isPlainObject(current)) return undefined;
    current = current[s];
  }
  return current;
}
