// Schema-first attributes: a resource's zod schema carries, per property, how a change is
// applied (update in place or replace) and whether a list is a set. The diff engine, the
// canonical form of inputs and the docs read these facts from the schema alone.
import { z } from "zod";

export interface FieldMeta {
  /** A change to this property replaces the resource. */
  replaceOnChange?: boolean;
  /** The list is a set: order never matters and `same` tells when two items are one. */
  set?: SetSemantics<any>;
  /** Human documentation (also fed to the README's generated reference). */
  description?: string;
  /** The service reports this value but the program may not set it. */
  readOnly?: boolean;
  /**
   * Values the service may report that something above the resource imposes (Commvault's
   * DISABLED_AT_COMPANY): while the service reports one, the declared value cannot apply,
   * so it makes no diff (no endless update loop); the outputs still show it.
   */
  imposedValues?: readonly unknown[];
  /** For a single value that may be written in several forms (a reference by name or id): when two are one. */
  same?: (declared: any, actual: any) => boolean;
}

export interface SetSemantics<T> {
  /** Whether two items name the same member. */
  same(a: T, b: T): boolean;
  /** A sort key for the canonical order. */
  sortKey(item: T): string;
  /** How the service tells two members apart, for messages ("names compare case-insensitively"). */
  sameness?: string;
}

const registry = new WeakMap<z.ZodType, FieldMeta>();

/** Attaches attribute facts to a schema and returns it. */
export function attr<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  // zod returns a new instance from describe(): register the instance that is returned.
  const out = (meta.description ? schema.describe(meta.description) : schema) as T;
  registry.set(out, { ...registry.get(schema), ...meta });
  return out;
}

/** A list whose order does not matter. */
export function setOf<T extends z.ZodType>(item: T, semantics: SetSemantics<z.output<T>>, description?: string) {
  return attr(z.array(item), { set: semantics, description });
}

/** A set of plain values (strings or numbers) compared by value. */
export function valueSet<T extends z.ZodType<string | number>>(item: T, description?: string) {
  return setOf(item, { same: (a, b) => a === b, sortKey: (v) => String(v), sameness: "values compare exactly" }, description);
}

/** Strips optional/nullable/default wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
      current = (current as unknown as { unwrap(): z.ZodType }).unwrap();
      continue;
    }
    return current;
  }
}

/** The attribute facts of a property, merged along its wrappers (the outermost wins). */
export function metaOf(schema: z.ZodType): FieldMeta {
  const layers: FieldMeta[] = [];
  let current: z.ZodType = schema;
  for (;;) {
    const meta = registry.get(current);
    if (meta) layers.unshift(meta);
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
      current = (current as unknown as { unwrap(): z.ZodType }).unwrap();
      continue;
    }
    return Object.assign({}, ...layers);
  }
}

/** The object schema of a property, when the property is an object. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : undefined;
}

/** The item schema of a property, when the property is a list. */
export function arrayItem(schema: z.ZodType): z.ZodType | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.ZodArray ? (inner.element as z.ZodType) : undefined;
}

/** The description of a property, wherever it was attached along its wrappers (the outermost wins). */
export function describe(schema: z.ZodType): string | undefined {
  let current: z.ZodType | undefined = schema;
  while (current) {
    const found = registry.get(current)?.description ?? current.description;
    if (found) return found;
    const isWrapper: boolean = current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault;
    current = isWrapper ? (current as unknown as { unwrap(): z.ZodType }).unwrap() : undefined;
  }
  return undefined;
}
