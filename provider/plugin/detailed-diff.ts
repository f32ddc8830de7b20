// The detailed diff a preview shows, from the core's changes: each path as the engine reads it
// (old values from the recorded outputs, not the old inputs: `inputDiff` false; new ones from
// the inputs); a set's change is each
// member added or removed, by its position in the new inputs or in the old outputs; a reorder
// is no change at all (the core finds none).
import type { z } from "zod";
import type { Change } from "../core/diff";
import { containsUnknown, getPath, setDelta } from "../core/diff";
import type { Props, ResourceDefinition } from "../core/definition";
import { metaOf, objectShape } from "../core/schema";

export type Kind = "add" | "delete" | "update";

export interface PathDiff {
  kind: Kind;
  replace: boolean;
}

/** The schema at a path of property names, or undefined when the path leaves the schema. */
function schemaAt(def: ResourceDefinition, segments: string[]): z.ZodType | undefined {
  let shape: Record<string, z.ZodType> | undefined = def.inputs.shape as Record<string, z.ZodType>;
  let schema: z.ZodType | undefined;
  for (const s of segments) {
    schema = shape?.[s];
    if (!schema) return undefined;
    shape = objectShape(schema);
  }
  return schema;
}

export function detailedDiff(def: ResourceDefinition, changes: Change[], oldOutputs: Props): Record<string, PathDiff> {
  const out: Record<string, PathDiff> = {};
  for (const change of changes) {
    const replace = change.kind === "replace";
    const old = getPath(oldOutputs, change.segments);
    const set = metaOf(schemaAt(def, change.segments) ?? ({} as z.ZodType)).set;
    if (set && Array.isArray(old) && Array.isArray(change.new) && !containsUnknown(change.new)) {
      const { added, removed } = setDelta(set, change.new, old);
      if (added.length + removed.length > 0) {
        for (const member of removed) out[`${change.path}[${old.indexOf(member)}]`] = { kind: "delete", replace };
        for (const member of added) {
          // A member added at the index of one removed: the engine's display keeps one change per
          // index (an add hides a delete), so that index shows as `old => new`, both members named.
          const key = `${change.path}[${change.new.indexOf(member)}]`;
          out[key] = { kind: key in out ? "update" : "add", replace };
        }
        continue;
      }
    }
    out[change.path] = { kind: old === undefined ? "add" : change.new === undefined ? "delete" : "update", replace };
  }
  return out;
}
