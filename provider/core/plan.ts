// Pure decisions on a resource's values that every face of the provider shares (the dynamic
// bridge, bridge.ts, and the plugin server, provider/plugin/): the inputs' problems, the changes
// between declared settings and the service's view, and the outputs and inputs recorded for a
// snapshot.
import type { ZodType } from "zod";
import { Change, deepEqual, diffDeclared, project } from "./diff";
import type { InputProblem } from "./errors";
import { IDENTITY, LOOKUP, Previous, Props, ResourceDefinition, SECRET_PATHS, settingsShape, Snapshot, splitInputs } from "./definition";
import { metaOf } from "./schema";
import { repeatedMembers, validateInputs } from "./validate";

/** The output that holds the service's full view of the resource. */
export const REPORTED = "reported";

/** Inputs without the engine-internal keys (the provider code, the identity, the secret paths). */
export function withoutInternal(props: Props | undefined): Props {
  const { __provider: _provider, [IDENTITY]: _identity, [LOOKUP]: _lookup, [SECRET_PATHS]: _secrets, ...rest } = props ?? {};
  return rest;
}

/** The definition's hidden inputs among `props` (never settings: see ResourceDefinition.hiddenInputs). */
export function hiddenInputsOf(def: ResourceDefinition, props: Props): Props {
  return Object.fromEntries((def.hiddenInputs ?? []).filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/** The outputs recorded for a snapshot: the managed view, control values, the full view, extras. */
export function composeOutputs(def: ResourceDefinition, snapshot: Snapshot, declared: Props, control: Props): Props {
  const managed = project(settingsShape(def), snapshot.view, declared);
  return { ...managed, ...control, [REPORTED]: snapshot.view, ...snapshot.extras };
}

/** Problems with inputs as the program gave them (schema and the rules that need no state). */
export function checkInputs(def: ResourceDefinition, inputs: Props): InputProblem[] {
  const { problems } = validateInputs(def.inputs, inputs);
  if (problems.length > 0) return problems;
  problems.push(...repeatedMembers(def.inputs.shape as Record<string, ZodType>, inputs));
  if (problems.length > 0 || !def.rules) return problems;
  const { settings } = splitInputs(def, inputs);
  return def.rules(settings, settings);
}

/** The changes between what is declared and what the service reports (and recorded control values). */
export function plannedChanges(def: ResourceDefinition, olds: Props, news: Props): Change[] {
  const { settings, control } = splitInputs(def, news);
  const view = (olds[REPORTED] as Props | undefined) ?? {};
  const changes = diffDeclared(settingsShape(def), settings, view);
  const shape = def.inputs.shape as Record<string, ZodType>;
  for (const key of def.controlProperties) {
    if (!deepEqual(olds[key], control[key])) {
      const kind = metaOf(shape[key]).replaceOnChange ? "replace" : "update";
      changes.push({ path: key, segments: [key], kind, old: olds[key], new: control[key] });
    }
  }
  return changes;
}

/**
 * Read: the outputs and inputs to record for what the service reports. `previous`: the recorded
 * outputs without internal keys (undefined or {} for an import, which then manages everything
 * reported).
 */
export function readProjection(def: ResourceDefinition, snapshot: Snapshot, previous: Props | undefined): { outputs: Props; inputs: Props } {
  const { settings: declared, control } = splitInputs(def, previous ?? {});
  // A first read (import) has no declared shape yet: it manages everything reported.
  const template = Object.keys(declared).length > 0 ? declared : snapshot.view;
  const outputs = composeOutputs(def, snapshot, template, control);
  const inputs = { ...project(settingsShape(def), snapshot.view, template), ...control };
  return { outputs, inputs };
}

/** The handler's view of the state before a change, from recorded outputs without internal keys. */
export function previousOf(id: string, outputs: Props, label?: string): Previous {
  return { id, view: (outputs[REPORTED] as Props | undefined) ?? {}, outputs, ...(label === undefined ? {} : { label }) };
}

/** Whether the program marks secret a path (`after`) the recorded state does not list as secret (`before`). */
export function newlySecret(before: readonly string[], after: readonly string[]): boolean {
  const known = new Set(before);
  return after.some((path) => !known.has(path));
}
