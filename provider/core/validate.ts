// Input validation against a resource's schema: zod issues become property-path problems.
// Values still unknown during preview are skipped here and checked once they are known.
import { z } from "zod";
import { containsUnknown, isPlainObject, isUnknown } from "./diff";
import { arrayItem, metaOf, objectShape } from "./schema";
import type { InputProblem } from "./errors";

/** `securityGroupSettings.permittedNetworks[2]` from a zod path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out === "" ? "(inputs)" : out;
}

/** Paths (as formatted strings) whose value is still unknown. */
function unknownPaths(value: unknown, path: PropertyKey[] = [], out: string[] = []): string[] {
  if (isUnknown(value)) out.push(formatPath(path));
  else if (Array.isArray(value)) value.forEach((v, i) => unknownPaths(v, [...path, i], out));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) unknownPaths(v, [...path, k], out);
  return out;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown ${issue.keys.length === 1 ? "property" : "properties"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  }
  return issue.message;
}

/**
 * Validates inputs; returns the parsed value (when valid) and the problems. Issues at or
 * below a path whose value is unknown are not reported.
 */
export function validateInputs<S extends z.ZodType>(schema: S, inputs: unknown): { value?: z.output<S>; problems: InputProblem[] } {
  const result = schema.safeParse(inputs);
  if (result.success) return { value: result.data, problems: [] };
  const unknown = unknownPaths(inputs);
  const problems: InputProblem[] = [];
  for (const issue of result.error.issues) {
    const path = formatPath(issue.path);
    if (unknown.some((u) => path === u || path.startsWith(u + ".") || path.startsWith(u + "["))) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) problems.push({ path: formatPath([...issue.path, key]), reason: "unknown property" });
      continue;
    }
    problems.push({ path, reason: issueMessage(issue) });
  }
  return { problems };
}

/**
 * Members a set names twice, as the service compares them (its `same`): each repeat is a
 * problem at its own path naming the first occurrence. Values are not quoted (one may be secret).
 * Members still unknown are not compared.
 */
export function repeatedMembers(shape: Record<string, z.ZodType>, value: Record<string, unknown>, path: PropertyKey[] = []): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const [key, v] of Object.entries(value)) {
    const schema = shape[key];
    if (schema !== undefined) problems.push(...repeatsIn(schema, v, [...path, key]));
  }
  return problems;
}

function repeatsIn(schema: z.ZodType, value: unknown, path: PropertyKey[]): InputProblem[] {
  const nested = objectShape(schema);
  if (nested && isPlainObject(value)) return repeatedMembers(nested, value, path);
  const item = arrayItem(schema);
  if (!item || !Array.isArray(value)) return [];
  const problems = value.flatMap((v, i) => repeatsIn(item, v, [...path, i]));
  const set = metaOf(schema).set;
  if (!set) return problems;
  value.forEach((member, i) => {
    if (containsUnknown(member)) return;
    const first = value.findIndex((other, j) => j < i && !containsUnknown(other) && set.same(other, member));
    if (first >= 0) {
      const how = set.sameness ? ` (${set.sameness})` : "";
      problems.push({ path: formatPath([...path, i]), reason: `repeats ${formatPath([...path, first])}: a set names each member once${how}` });
    }
  });
  return problems;
}
