// What a resource is, declared once: its schema (the single source of truth for types,
// validation, diff and docs), the properties that steer the provider rather than the
// service, its cross-field rules and the runtime module that implements it.
import { z } from "zod";
import type { ConfigSource } from "./config";
import type { Change } from "./diff";
import type { InputProblem } from "./errors";

export type Props = Record<string, unknown>;

export interface ResourceDefinition<S extends z.ZodObject = z.ZodObject> {
  /** Module part of the type token (`pulumi-nodejs:dynamic/<module>:<typeName>`). */
  readonly module: string;
  readonly typeName: string;
  /** Every input property; service settings and control properties alike. */
  readonly inputs: S;
  /** Inputs that steer the provider (adoption, restore on delete) and are not sent to the service. */
  readonly controlProperties: readonly string[];
  /**
   * Cross-field rules on the settings as they will be after the change (`after`: declared
   * values over the current ones), given what the program declares and the outputs
   * recorded in state (absent before create). A rule whose properties are not all known
   * says nothing.
   */
  rules?(after: Props, declared: Props, outputs?: Props): InputProblem[];
  /**
   * The compiled module (below the package's dist/, without `.js`) whose whole export is the
   * serializable provider (see provider/core/proxy.ts).
   */
  readonly serializedProvider: string;
  /**
   * Outputs besides `reported` that may carry declared values under a key of their own (a
   * snapshot taken at adoption): secret whenever an input is (see secrecy.ts).
   */
  readonly carriers?: readonly string[];
  /** Defaults written into the inputs before check (so every preview shows them), for every face. */
  withDefaults?(inputs: Props): Props;
  /**
   * Inputs the resource class adds that are neither settings nor control properties (Wickr: the
   * original of an adopted group, from its adoption record): passed through check, diffed by
   * nobody, handed to create in its context.
   */
  readonly hiddenInputs?: readonly string[];
  /**
   * The snapshot a read records of the service's answer (`answer`: what the handler's read
   * fetches, in the handler's form), given the recorded outputs (`previous`; undefined for a
   * first read). Pure: the handler's read fetches and calls it, and an import whose caller
   * already holds the answer (discover lists every group) records what the read would, without
   * asking the service again. Absent: an import reads.
   */
  snapshotOfRead?(id: string, answer: unknown, previous: Props | undefined): Snapshot;
  /** Its read asks the service nothing and records the outputs as they are (an adoption record): an import needs no read. */
  readonly readKeepsOutputs?: boolean;
}

/** The service's view of one resource, as a handler reports it. */
export interface Snapshot {
  id: string;
  /** Every setting the service reports, in the schema's declarative shape. */
  view: Props;
  /** Computed outputs (ids, counts, timestamps, read-only fields). */
  extras: Props;
}

/**
 * An update that failed after changing something: `snapshot` is what the service holds now
 * (read after the failure). The bridge records it in state, so the next preview shows what is
 * left to do, and fails the update with `message`.
 */
export class PartialUpdateError extends Error {
  constructor(
    message: string,
    readonly snapshot: Snapshot,
  ) {
    super(message);
    this.name = "PartialUpdateError";
  }
}

/** Everything a handler needs about the state before a change. */
export interface Previous {
  id: string;
  /** The full view recorded in state (outputs.reported). */
  view: Props;
  /** All outputs recorded in state (extras and control values included). */
  outputs: Props;
  /** How messages name the resource (resourceLabel, with its id). */
  label?: string;
}

/** The service calls behind a resource; the bridge turns it into a dynamic provider. */
export interface ResourceHandler {
  configure(config: ConfigSource): void;
  /** Creates (or adopts) the resource and applies the declared settings. */
  create(settings: Props, control: Props, context?: CreateContext): Promise<Snapshot>;
  /** The service's current view; undefined when the resource is gone. */
  read(id: string, previous: Props | undefined, context?: { label?: string }): Promise<Snapshot | undefined>;
  /** Applies `changes` (declared settings that differ from the service's view). */
  update(previous: Previous, settings: Props, control: Props, changes: Change[]): Promise<Snapshot>;
  delete(previous: Previous): Promise<void>;
  /**
   * Extra checks at preview for a resource about to be created, that need the service's
   * current state (reads only, never a write): e.g. the rules on an adopted group.
   */
  preflight?(settings: Props, control: Props): Promise<InputProblem[]>;
  /**
   * What replacing the resource would run into (reads only, at preview): the replacement's
   * create must not fail half-way (a name still held by the group the old resource leaves in
   * place) nor take the group the old resource's delete then deletes.
   */
  replacementProblems?(previous: Previous, settings: Props, control: Props): Promise<InputProblem[]>;
  /**
   * Checks at every preview (create and update) that need reads of the service, never a
   * write: e.g. that the entities the settings refer to exist. `previous`: the settings of the
   * previous inputs ({} for a create).
   */
  checkAgainstService?(settings: Props, previous: Props): Promise<InputProblem[]>;
}

/**
 * The hidden input (and output) that names the resource across processes:
 * `<project>/<stack>/<module>:<typeName>/<name>`. The program sets it; a create uses it to be
 * repeatable by a later run after an interruption (an idempotency token derived from it).
 * Keys starting with `__` are internal to the engine's display and to policy packs.
 */
export const IDENTITY = "__identity";

/**
 * The hidden input a lookup (the classes' static `get`) sends with its read: a lookup of a
 * resource that is not there fails, where a refresh drops it from the state.
 */
export const LOOKUP = "__lookup";

/** The identity string of a resource (see IDENTITY). */
export function resourceIdentity(project: string, stack: string, def: Pick<ResourceDefinition, "module" | "typeName">, name: string): string {
  return `${project}/${stack}/${def.module}:${def.typeName}/${name}`;
}

/** The resource's name as the program gave it, read back from its identity (see IDENTITY). */
export function nameFromIdentity(def: Pick<ResourceDefinition, "module" | "typeName">, identity: unknown): string | undefined {
  if (typeof identity !== "string") return undefined;
  const marker = `/${def.module}:${def.typeName}/`;
  const at = identity.indexOf(marker);
  return at < 0 ? undefined : identity.slice(at + marker.length);
}

/** How messages name a resource: as the program names it, or by its id when no name is known. */
export function resourceLabel(def: Pick<ResourceDefinition, "module" | "typeName">, identity: unknown, id?: string): string {
  const name = nameFromIdentity(def, identity);
  if (name !== undefined) return `${def.typeName} "${name}"`;
  return id ? `${def.typeName} ${id}` : def.typeName;
}

/**
 * How provider errors name a resource: its Pulumi resource name (never a declared value, which
 * may be secret) and, when known, the service's id: `CommvaultUserGroup "ops" (id 7)`.
 */
export function resourceLabelWithId(def: Pick<ResourceDefinition, "module" | "typeName">, identity: unknown, id?: string): string {
  const name = nameFromIdentity(def, identity);
  if (name === undefined) return resourceLabel(def, identity, id);
  return id ? `${def.typeName} "${name}" (id ${id})` : `${def.typeName} "${name}"`;
}

/** What a handler knows about the resource beyond its inputs. */
export interface CreateContext {
  /** The resource's identity (IDENTITY), when the program gave one. */
  identity?: string;
  /** How messages name the resource (resourceLabel). */
  label?: string;
  /** The definition's hidden inputs, as the program gave them. */
  hidden?: Props;
}

/**
 * Splits inputs into service settings and control properties. Keys outside the schema (the
 * engine-internal `__provider` and IDENTITY, recorded outputs) are neither.
 */
export function splitInputs(def: ResourceDefinition, inputs: Props): { settings: Props; control: Props } {
  const settings: Props = {};
  const control: Props = {};
  for (const [k, v] of Object.entries(inputs)) {
    if (v === undefined) continue;
    if (def.controlProperties.includes(k)) control[k] = v;
    else if (k in def.inputs.shape) settings[k] = v;
  }
  return { settings, control };
}

/**
 * The hidden input (and output) that lists the property paths the program marked secret (see
 * secrecy.ts): the outputs that carry declared values are secret when it is not empty, and the
 * values at those paths are never printed. A `__` key: the CLI's display does not show it.
 */
export const SECRET_PATHS = "__secrets";

/** The outputs that carry declared values: `reported` (the service's full view) and the definition's own. */
export function carriersOf(def: Pick<ResourceDefinition, "carriers">): string[] {
  return ["reported", ...(def.carriers ?? [])];
}

/** The schema of the service settings only (without control properties). */
export function settingsShape(def: ResourceDefinition): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(def.inputs.shape as Record<string, z.ZodType>)) {
    if (!def.controlProperties.includes(k)) shape[k] = v;
  }
  return shape;
}
