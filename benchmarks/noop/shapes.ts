// Records what a real resource of each kind leaves in state, for the shaped floors: the
// service's view (`reported`) and the computed outputs, from the outputs the engine recorded.
import type { Props, ResourceDefinition } from "../../provider/core/definition";
import { settingsShape } from "../../provider/core/definition";
import { REPORTED } from "../../provider/core/bridge";

export interface RecordedShape {
  view: Props;
  extras: Props;
}

/** The view and computed outputs in `outputs`, a real resource's recorded outputs. */
export function recordShape(def: ResourceDefinition, outputs: Props): RecordedShape {
  const declaredOrControl = new Set([...Object.keys(settingsShape(def)), ...def.controlProperties, REPORTED]);
  const extras = Object.fromEntries(Object.entries(outputs).filter(([k]) => !declaredOrControl.has(k) && !k.startsWith("__")));
  return { view: outputs[REPORTED] as Props, extras };
}
