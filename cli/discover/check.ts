// The provider's own checks on what a program would declare for a group as the service holds
// it: the schema and the cross-field rules (with the network's plan), the references the
// service must know, and the diff the provider would compute against the same answer. What
// fails is reported and left out of the program, so the written program previews clean.
import { checkInputs } from "../../provider/core/bridge";
import { Props, ResourceDefinition, settingsShape, splitInputs } from "../../provider/core/definition";
import { canonicalize, diffDeclared, isPlainObject } from "../../provider/core/diff";
import type { InputProblem } from "../../provider/core/errors";
import type { Finding } from "./model";

/** The reason validateInputs gives for a key the schema does not have (provider/core/validate.ts). */
const UNKNOWN_PROPERTY = "unknown property";

/** `a.b[2].c` → ["a", "b", "2", "c"]. */
export function pathSegments(path: string): string[] {
  return path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== "");
}

/** The value at `segments`, through objects and lists. */
function valueAt(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const s of segments) {
    if (Array.isArray(current)) current = current[Number(s)];
    else if (isPlainObject(current)) current = current[s];
    else return undefined;
  }
  return current;
}

/**
 * A copy of `value` without the property at `segments`; an item of a list takes the list's
 * place (a set declared without one of its members would change the set), and an object left
 * empty goes too.
 */
export function withoutPath(value: Props, segments: readonly string[]): Props {
  const [head, ...rest] = segments;
  if (!(head in value)) return value;
  const { [head]: inner, ...others } = value;
  if (rest.length === 0 || Array.isArray(inner) || !isPlainObject(inner)) return others;
  const pruned = withoutPath(inner, rest);
  return Object.keys(pruned).length === 0 ? others : { ...others, [head]: pruned };
}

/** The top of a path the problem removes (a list as a whole). */
function removedSegments(value: Props, path: string): string[] {
  const segments = pathSegments(path);
  const listAt = segments.findIndex((_, i) => Array.isArray(valueAt(value, segments.slice(0, i + 1))));
  return listAt >= 0 ? segments.slice(0, listAt + 1) : segments;
}

export interface CheckContext {
  def: ResourceDefinition;
  /** The group as the provider's read sees it (the schema's declarative shape). */
  view: Props;
  /** Further checks that need the service (Wickr: the plan's rules; Commvault: references). */
  extra?: (args: Props) => Promise<InputProblem[]>;
}

/**
 * What a program can declare for the group (`args` pruned of every property the provider would
 * refuse), with a finding per pruned property, and a finding per difference the provider would
 * still see between the pruned declaration and the group (a change it would make on its own).
 */
export async function declarable(args: Props, context: CheckContext): Promise<{ args: Props; findings: Finding[]; unmanaged: string[] }> {
  const findings: Finding[] = [];
  const unmanaged: string[] = [];
  let current = args;
  for (let round = 0; round < 10; round++) {
    const problems = checkInputs(context.def, current);
    if (problems.length === 0 && context.extra) problems.push(...(await context.extra(current)));
    if (problems.length === 0) break;
    for (const problem of problems) {
      // A member the schema does not know: the provider neither declares nor changes it (reads
      // keep it, nested objects are sent back completed with it), so it is a note, not a finding.
      if (problem.reason === UNKNOWN_PROPERTY) {
        unmanaged.push(problem.path);
        current = withoutPath(current, pathSegments(problem.path));
        continue;
      }
      const segments = removedSegments(current, problem.path);
      const removedPath = segments.join(".");
      findings.push({ path: problem.path, held: valueAt(args, pathSegments(problem.path)), reason: `${problem.reason}; not declared (${removedPath} left as the service holds it)` });
      current = withoutPath(current, segments);
    }
  }
  const shape = settingsShape(context.def);
  const declared = canonicalize(shape, splitInputs(context.def, current).settings);
  for (const change of diffDeclared(shape, declared, context.view)) {
    findings.push({ path: change.path, held: change.old, reason: `the provider would change this on its own (to ${JSON.stringify(change.new)})` });
  }
  return { args: current, findings, unmanaged };
}
