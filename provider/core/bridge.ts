// Turns a resource definition and its handler into Pulumi's dynamic ResourceProvider:
// check validates and canonicalizes, diff compares declared settings with the service's
// view (and checks the cross-field rules on the result), create/read/update/delete call
// the handler and lay out the outputs the same way every time.
import type * as pulumi from "@pulumi/pulumi";
import { canonicalize, Change, containsUnknown, deepEqual, diffDeclared, overlay, project } from "./diff";
import { InputError, InputProblem, scrub } from "./errors";
import { IDENTITY, LOOKUP, PartialUpdateError, Props, ResourceDefinition, ResourceHandler, resourceLabel, resourceLabelWithId, SECRET_PATHS, settingsShape, Snapshot, splitInputs } from "./definition";
import { markCarriers, registerDeclaredSecrets, secretPathsOf } from "./declared-secrets";
import { passedOnQuietly } from "./quiet-errors";
import { metaOf } from "./schema";
import { repeatedMembers, validateInputs } from "./validate";

/** The output that holds the service's full view of the resource. */
export const REPORTED = "reported";

/** Inputs without the engine-internal keys (the provider code, the identity, the secret paths). */
function withoutInternal(props: Props | undefined): Props {
  const { __provider: _provider, [IDENTITY]: _identity, [LOOKUP]: _lookup, [SECRET_PATHS]: _secrets, ...rest } = props ?? {};
  return rest;
}

/** The definition's hidden inputs among `props` (never settings: see ResourceDefinition.hiddenInputs). */
function hiddenInputsOf(def: ResourceDefinition, props: Props): Props {
  return Object.fromEntries((def.hiddenInputs ?? []).filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/**
 * Inputs split into what the program declared and the hidden ones the resource class adds
 * (IDENTITY, SECRET_PATHS; see secrecy.ts), which check passes through. Carrier keys an older
 * version of the class sent as inputs are dropped.
 */
function declaredAndHidden(def: ResourceDefinition, props: Props): { declared: Props; hidden: Props } {
  const internal = new Set<string>([IDENTITY, SECRET_PATHS, ...(def.hiddenInputs ?? [])]);
  const dropped = new Set<string>(["__provider", ...carriersOfOld(def)]);
  const declared: Props = {};
  const hidden: Props = {};
  for (const [k, v] of Object.entries(props)) {
    if (dropped.has(k)) continue;
    if (internal.has(k)) hidden[k] = v;
    else declared[k] = v;
  }
  return { declared, hidden };
}

/** Output keys an older version of the class also sent as inputs (a fixed secrecy mark): never declared. */
function carriersOfOld(def: ResourceDefinition): string[] {
  return [REPORTED, ...(def.carriers ?? [])].filter((k) => !(k in def.inputs.shape));
}

/** The identity and secret paths recorded in `props`, as outputs of their own (carried through reads). */
function hiddenOf(props: Props | undefined): Props {
  const identity = props?.[IDENTITY];
  const secrets = props?.[SECRET_PATHS];
  return { ...(typeof identity === "string" ? { [IDENTITY]: identity } : {}), ...(Array.isArray(secrets) ? { [SECRET_PATHS]: secrets } : {}) };
}

/** How an error of an operation on the resource names it. */
function labelOf(def: ResourceDefinition, props: Props | undefined, id?: string): string {
  return resourceLabelWithId(def, props?.[IDENTITY], id || undefined);
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
  problems.push(...repeatedMembers(def.inputs.shape as Record<string, import("zod").ZodType>, inputs));
  if (problems.length > 0 || !def.rules) return problems;
  const { settings } = splitInputs(def, inputs);
  return def.rules(settings, settings);
}

/** The changes between what is declared and what the service reports (and recorded control values). */
export function plannedChanges(def: ResourceDefinition, olds: Props, news: Props): Change[] {
  const { settings, control } = splitInputs(def, news);
  const view = (olds[REPORTED] as Props | undefined) ?? {};
  const changes = diffDeclared(settingsShape(def), settings, view);
  const shape = def.inputs.shape as Record<string, import("zod").ZodType>;
  for (const key of def.controlProperties) {
    if (!deepEqual(olds[key], control[key])) {
      const kind = metaOf(shape[key]).replaceOnChange ? "replace" : "update";
      changes.push({ path: key, segments: [key], kind, old: olds[key], new: control[key] });
    }
  }
  return changes;
}

export function makeDynamicProvider(def: ResourceDefinition, handler: ResourceHandler): pulumi.dynamic.ResourceProvider {
  const shape = settingsShape(def);

  return {
    async configure(req) {
      handler.configure(req.config);
    },

    async check(olds, news) {
      registerDeclaredSecrets(olds, news);
      const { declared: inputs, hidden } = declaredAndHidden(def, news);
      const problems = checkInputs(def, inputs);
      const creating = Object.keys(withoutInternal(olds)).length === 0;
      if (problems.length === 0 && creating && handler.preflight && !containsUnknown(inputs)) {
        const { settings, control } = splitInputs(def, inputs);
        problems.push(...(await guard(labelOf(def, news), () => handler.preflight!(settings, control))));
      }
      if (problems.length === 0 && handler.checkAgainstService && !containsUnknown(inputs)) {
        const { settings } = splitInputs(def, inputs);
        const previous = splitInputs(def, withoutInternal(olds)).settings;
        problems.push(...(await guard(labelOf(def, news), () => handler.checkAgainstService!(settings, previous))));
      }
      const canonical = canonicalize(def.inputs.shape as Record<string, import("zod").ZodType>, inputs);
      return { inputs: { ...canonical, ...hidden }, failures: problems.map((p) => ({ property: p.path, reason: scrub(p.reason) })) };
    },

    async diff(id, olds, news) {
      registerDeclaredSecrets(olds, news);
      const changes = plannedChanges(def, olds, withoutInternal(news));
      // A value newly marked secret (same value): an update that sends nothing re-records the
      // outputs, so the ones that carry it become secrets in the state too.
      if (changes.length === 0) return { changes: newlySecret(olds, news) };
      if (def.rules) {
        const declared = splitInputs(def, news).settings;
        const merged = overlay(shape, olds[REPORTED] as Props | undefined, declared);
        const problems = def.rules(merged, declared, olds);
        if (problems.length > 0) throw passedOnQuietly(new InputError(resourceLabel(def, news[IDENTITY] ?? olds[IDENTITY], id), problems));
      }
      const replaces = [...new Set(changes.filter((c) => c.kind === "replace").map((c) => c.segments[0]))];
      if (replaces.length > 0) await refuseBrokenReplacement(def, handler, id, olds, news);
      // Leaving `changes` unset lets the engine compute the property-level diff of the
      // inputs itself, which is what previews show; the inputs are canonical (check) and
      // track the service (read), so that diff names exactly the changed properties.
      // A changed control property (adopt) replaces with the old resource released first:
      // an adopted group is given back (restored, never deleted) before it is adopted again.
      const deleteBeforeReplace = replaces.some((key) => def.controlProperties.includes(key));
      return { replaces, deleteBeforeReplace };
    },

    async create(inputs) {
      registerDeclaredSecrets(inputs);
      const { settings, control } = splitInputs(def, inputs);
      const internal = hiddenOf(inputs);
      const label = labelOf(def, inputs);
      const snapshot = await guard(label, () => handler.create(settings, control, { identity: internal[IDENTITY] as string | undefined, label, ...(def.hiddenInputs ? { hidden: hiddenInputsOf(def, inputs) } : {}) }));
      const outs = { ...composeOutputs(def, snapshot, settings, control), ...internal };
      return { id: snapshot.id, outs: markCarriers(def, outs, secretPathsOf(inputs)) };
    },

    async read(id, props) {
      registerDeclaredSecrets(props);
      const previous = props === undefined ? undefined : withoutInternal(props);
      const label = labelOf(def, props, id);
      const snapshot = await guard(label, () => handler.read(id, previous, { label }));
      if (!snapshot) {
        if (props?.[LOOKUP] === true) throw new Error(`${resourceLabel(def, props[IDENTITY], id)}: there is no such ${def.typeName} to look up`);
        return { id: "", props: {} };
      }
      const { settings: declared, control } = splitInputs(def, previous ?? {});
      // A first read (import) has no declared shape yet: it manages everything reported.
      const template = Object.keys(declared).length > 0 ? declared : snapshot.view;
      const outs = markCarriers(def, { ...composeOutputs(def, snapshot, template, control), ...hiddenOf(props) }, secretPathsOf(props));
      const inputs = { ...project(shape, snapshot.view, template), ...control, ...hiddenOf(props) };
      return { id: snapshot.id, props: outs, inputs };
    },

    async update(id, olds, news) {
      registerDeclaredSecrets(olds, news);
      const previous = withoutInternal(olds);
      const inputs = withoutInternal(news);
      const { settings, control } = splitInputs(def, inputs);
      const changes = plannedChanges(def, previous, inputs);
      const label = labelOf(def, news, id);
      const secrets = secretPathsOf(news);
      const snapshot = await guard(label, () =>
        // No changes (only the secrecy changed, see diff): the handler sends nothing.
        handler.update({ id, view: (previous[REPORTED] as Props) ?? {}, outputs: previous, label }, settings, control, changes),
      ).catch((err: unknown) => {
        if (!(err instanceof PartialUpdateError)) throw err;
        // The engine records these outputs with the failure (ErrorResourceInitFailed: the
        // dynamic-provider host sends `id` and `properties` of a thrown error as a partial
        // result); `__provider` must stay among them for later operations to find the provider.
        const outs = { ...markCarriers(def, { ...composeOutputs(def, err.snapshot, settings, control), ...hiddenOf(news) }, secrets), __provider: news.__provider };
        throw Object.assign(new Error(err.message), { id, properties: outs, reasons: [err.message] });
      });
      return { outs: markCarriers(def, { ...composeOutputs(def, snapshot, settings, control), ...hiddenOf(news) }, secrets) };
    },

    async delete(id, props) {
      registerDeclaredSecrets(props);
      const previous = withoutInternal(props);
      const label = labelOf(def, props, id);
      await guard(label, () => handler.delete({ id, view: (previous[REPORTED] as Props) ?? {}, outputs: previous, label }));
    },
  };
}

/** Whether the program marks secret a path the recorded outputs do not list as secret. */
function newlySecret(olds: Props, news: Props): boolean {
  const before = new Set(secretPathsOf(olds));
  return secretPathsOf(news).some((path) => !before.has(path));
}

/** At preview, before a replacement: what replacing this resource would run into (reads only). */
async function refuseBrokenReplacement(def: ResourceDefinition, handler: ResourceHandler, id: string, olds: Props, news: Props): Promise<void> {
  // The settings and control values only: a hidden input (an adoption record's original) is not
  // known at preview, and is not what a replacement would run into.
  const { settings, control } = splitInputs(def, withoutInternal(news));
  if (containsUnknown({ ...settings, ...control })) return;
  const previous = { id, view: (olds[REPORTED] as Props | undefined) ?? {}, outputs: withoutInternal(olds) };
  const label = labelOf(def, news[IDENTITY] === undefined ? olds : news, id);
  const problems = handler.replacementProblems ? await guard(label, () => handler.replacementProblems!(previous, settings, control)) : [];
  if (problems.length > 0) throw passedOnQuietly(new InputError(resourceLabel(def, news[IDENTITY] ?? olds[IDENTITY], id), problems));
}

/**
 * Re-throws with the resource named (its Pulumi name and id: `label`) unless the message names it
 * already, and every known secret scrubbed from the message (the last line of defence).
 */
async function guard<T>(label: string, fn: () => Promise<T>): Promise<T> {
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
