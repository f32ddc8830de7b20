// The life cycle of a resource, one function per operation, that every face of the provider
// calls (the dynamic bridge, bridge.ts, and the plugin server, provider/plugin/): each face only
// translates its protocol's values to and from these (hidden inputs, secret wrappers, wire
// formats). Values here are plain: no engine-internal keys, no secret wrappers. `identity` is
// the resource's IDENTITY (how messages name it, and a create's idempotency), when known.
import type { ZodType } from "zod";
import { canonicalize, Change, containsUnknown, overlay } from "./diff";
import { InputError, InputProblem, scrub } from "./errors";
import { PartialUpdateError, Props, ResourceDefinition, ResourceHandler, resourceLabel, resourceLabelWithId, settingsShape, splitInputs } from "./definition";
import { passedOnQuietly } from "./quiet-errors";
import { checkInputs, composeOutputs, hiddenInputsOf, newlySecret, plannedChanges, previousOf, readProjection, REPORTED, withoutInternal } from "./plan";

/** How an error of an operation on the resource names it (its Pulumi name and, when known, its id). */
export function labelOf(def: ResourceDefinition, identity: unknown, id?: string): string {
  return resourceLabelWithId(def, identity, id || undefined);
}

/**
 * Check: the problems with the inputs `given` (what the program declares, with the definition's
 * defaults) and their canonical form.
 * `olds`: the previous inputs ({} for a create). The schema and rules first; then, when they pass
 * and every value is known, the reads of the service (preflight for a create, checkAgainstService
 * always). Every reason is scrubbed of known secrets.
 */
export async function checkResource(def: ResourceDefinition, handler: ResourceHandler, olds: Props, given: Props, identity: unknown): Promise<{ canonical: Props; problems: InputProblem[] }> {
  // The definition's hidden inputs (an adoption record's original) pass through unchecked.
  const hidden = hiddenInputsOf(def, given);
  const declared = Object.fromEntries(Object.entries(given).filter(([k]) => !(k in hidden)));
  // The definition's defaults (the dynamic classes write them in already, so previews show them).
  const inputs = def.withDefaults ? def.withDefaults(declared) : declared;
  const problems = checkInputs(def, inputs);
  const creating = Object.keys(olds).length === 0;
  const label = labelOf(def, identity);
  if (problems.length === 0 && creating && handler.preflight && !containsUnknown(inputs)) {
    const { settings, control } = splitInputs(def, inputs);
    problems.push(...(await guard(label, () => handler.preflight!(settings, control))));
  }
  if (problems.length === 0 && handler.checkAgainstService && !containsUnknown(inputs)) {
    const { settings } = splitInputs(def, inputs);
    const previous = splitInputs(def, olds).settings;
    problems.push(...(await guard(label, () => handler.checkAgainstService!(settings, previous))));
  }
  const canonical = { ...canonicalize(def.inputs.shape as Record<string, ZodType>, inputs), ...hidden };
  return { canonical, problems: problems.map((p) => ({ ...p, reason: scrub(p.reason) })) };
}

/** What a diff decides. */
export interface DiffDecision {
  /** The changes an update sends (none: see `resecret`). */
  changes: Change[];
  /** The top-level properties whose change replaces the resource. */
  replaces: string[];
  /** A replacement releases the old resource first (a changed control property: adopt). */
  deleteBeforeReplace: boolean;
  /**
   * No change, but a value newly marked secret: an update that sends nothing re-records the
   * outputs, so the ones that carry it become secrets in the state too.
   */
  resecret: boolean;
}

/**
 * Diff: `olds` the recorded outputs, `news` the checked inputs (no internal keys);
 * `secretsBefore`/`secretsAfter` the paths marked secret in the state and in the program. Throws
 * an InputError naming the resource when the settings after the change break a rule, or when
 * replacing it would run into trouble (reads only).
 */
export async function diffResource(
  def: ResourceDefinition,
  handler: ResourceHandler,
  req: { id: string; olds: Props; news: Props; identity: unknown; secretsBefore: readonly string[]; secretsAfter: readonly string[] },
): Promise<DiffDecision> {
  const { id, olds, news, identity } = req;
  const changes = plannedChanges(def, olds, news);
  if (changes.length === 0) return { changes, replaces: [], deleteBeforeReplace: false, resecret: newlySecret(req.secretsBefore, req.secretsAfter) };
  if (def.rules) {
    const declared = splitInputs(def, news).settings;
    const merged = overlay(settingsShape(def), olds[REPORTED] as Props | undefined, declared);
    const problems = def.rules(merged, declared, olds);
    if (problems.length > 0) throw passedOnQuietly(new InputError(resourceLabel(def, identity, id), problems));
  }
  const replaces = [...new Set(changes.filter((c) => c.kind === "replace").map((c) => c.segments[0]))];
  const { settings, control } = splitInputs(def, news);
  // At preview, before a replacement: what replacing this resource would run into (reads only).
  // The settings and control values only decide whether the inputs are known: a hidden input (an
  // adoption record's original) is not known at preview, and is not what a replacement would run into.
  if (replaces.length > 0 && !containsUnknown({ ...settings, ...control }) && handler.replacementProblems) {
    const previous = previousOf(id, withoutInternal(olds));
    const problems = await guard(labelOf(def, identity, id), () => handler.replacementProblems!(previous, settings, control));
    if (problems.length > 0) throw passedOnQuietly(new InputError(resourceLabel(def, identity, id), problems));
  }
  // A changed control property (adopt) replaces with the old resource released first: an
  // adopted group is given back (restored, never deleted) before it is adopted again.
  const deleteBeforeReplace = replaces.some((key) => def.controlProperties.includes(key));
  return { changes, replaces, deleteBeforeReplace, resecret: false };
}

/** Create: the new resource's id and the outputs to record (without internal keys); the definition's hidden inputs go to the handler in its context. */
export async function createResource(def: ResourceDefinition, handler: ResourceHandler, inputs: Props, identity: string | undefined): Promise<{ id: string; outputs: Props }> {
  const { settings, control } = splitInputs(def, inputs);
  const label = labelOf(def, identity);
  const context = { identity, label, ...(def.hiddenInputs ? { hidden: hiddenInputsOf(def, inputs) } : {}) };
  const snapshot = await guard(label, () => handler.create(settings, control, context));
  return { id: snapshot.id, outputs: composeOutputs(def, snapshot, settings, control) };
}

/**
 * Read (refresh, import, lookup): what to record for what the service reports, or undefined
 * when the service says the resource is gone. `previous`: the recorded outputs (undefined for
 * an import).
 */
export async function readResource(
  def: ResourceDefinition,
  handler: ResourceHandler,
  id: string,
  previous: Props | undefined,
  identity: unknown,
): Promise<{ id: string; outputs: Props; inputs: Props } | undefined> {
  const label = labelOf(def, identity, id);
  const snapshot = await guard(label, () => handler.read(id, previous, { label }));
  if (!snapshot) return undefined;
  return { id: snapshot.id, ...readProjection(def, snapshot, previous) };
}

/**
 * An update that failed after changing something: `outputs` what the service holds now, for the
 * face to record with the failure (the next preview then shows what is left to do).
 */
export class RecordedFailure extends Error {
  constructor(
    message: string,
    readonly outputs: Props,
  ) {
    super(message);
    this.name = "RecordedFailure";
  }
}

/**
 * Update: sends the changes between the inputs `news` and the recorded view (`olds`: the
 * recorded outputs), none when only the secrecy changed; the outputs to record.
 */
export async function updateResource(def: ResourceDefinition, handler: ResourceHandler, id: string, olds: Props, news: Props, identity: unknown): Promise<Props> {
  const { settings, control } = splitInputs(def, news);
  const changes = plannedChanges(def, olds, news);
  const label = labelOf(def, identity, id);
  const snapshot = await guard(label, () => handler.update(previousOf(id, olds, label), settings, control, changes)).catch((err: unknown) => {
    if (!(err instanceof PartialUpdateError)) throw err;
    throw new RecordedFailure(err.message, composeOutputs(def, err.snapshot, settings, control));
  });
  return composeOutputs(def, snapshot, settings, control);
}

/** Delete (or give back an adopted group): `olds` the recorded outputs. */
export async function deleteResource(def: ResourceDefinition, handler: ResourceHandler, id: string, olds: Props, identity: unknown): Promise<void> {
  const label = labelOf(def, identity, id);
  await guard(label, () => handler.delete(previousOf(id, olds, label)));
}

/**
 * Re-throws with the resource named (its Pulumi name and id: `label`) unless the message names it
 * already, and every known secret scrubbed from the message (the last line of defence).
 */
export async function guard<T>(label: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof Error) {
      const typeName = label.split(" ")[0];
      const named = err.message.startsWith(`${typeName} "`) || err.message.startsWith(`${typeName}:`);
      err.message = scrub(named ? err.message : `${label}: ${err.message}`);
      if (err.stack) err.stack = scrub(err.stack);
    }
    throw err;
  }
}
