// Member references resolved against the CommServe: every user, external and local group and
// laptop plan the provider sends goes as `{id, name}` with both taken from the CommServe's
// listings, which works whether a server resolves ids, names or needs both. Each listing is
// read once per provider process (one run) and CommServe, and once more at most when a name is
// missing from it (the entity may have been made since).
import type { InputProblem } from "../core/errors";
import type { HttpClient } from "../core/http";
import type { Props } from "../core/definition";
import * as ops from "./operations";
import type { Reference, WireReference } from "./schema";
import { sameReference, toWireReference } from "./schema";

type Listing = (http: HttpClient) => Promise<ops.NamedId[]>;

/** The declared fields that hold references, what they refer to and where the CommServe lists those. */
export const REFERENCE_FIELDS: Record<string, { what: string; list: Listing; many: boolean }> = {
  users: { what: "user", list: ops.listUsers, many: true },
  associatedExternalGroups: { what: "external group", list: ops.listAllUserGroups, many: true },
  associatedLocalGroups: { what: "user group", list: ops.listAllUserGroups, many: true },
  laptopPlan: { what: "plan", list: ops.listPlans, many: false },
};

/** A reference the CommServe does not know. */
export class UnknownReferenceError extends Error {
  constructor(
    readonly what: string,
    readonly reference: WireReference,
    reason: string,
  ) {
    super(reason);
    this.name = "UnknownReferenceError";
  }
}

function describe(ref: WireReference): string {
  return ref.name !== undefined ? `named ${JSON.stringify(ref.name)}` : `with id ${ref.id}`;
}

/** Finds a reference in a listing: by id, by name (case-insensitive), or both (they must agree). */
export function findReference(entries: readonly ops.NamedId[], ref: WireReference, what: string): ops.NamedId | undefined {
  const byId = ref.id === undefined ? undefined : entries.find((e) => e.id === ref.id);
  const byName = ref.name === undefined ? undefined : entries.find((e) => e.name.toLowerCase() === ref.name!.toLowerCase());
  if (ref.id !== undefined && ref.name !== undefined && byId && byName && byId.id !== byName.id) {
    throw new UnknownReferenceError(what, ref, `${what} id ${ref.id} is ${JSON.stringify(byId.name)}, not ${JSON.stringify(ref.name)}`);
  }
  if ((ref.id !== undefined && !byId) || (ref.name !== undefined && !byName)) return undefined;
  return byId ?? byName;
}

export class ReferenceDirectory {
  private readonly listings = new Map<Listing, { entries: Promise<ops.NamedId[]>; refreshed: boolean }>();

  constructor(private readonly http: HttpClient) {}

  private listing(list: Listing, refresh = false): Promise<ops.NamedId[]> {
    const known = this.listings.get(list);
    if (known && !refresh) return known.entries;
    const entries = list(this.http);
    this.listings.set(list, { entries, refreshed: refresh || (known?.refreshed ?? false) });
    // A failed listing is not cached: the next resolution asks again.
    entries.catch(() => this.listings.delete(list));
    return entries;
  }

  /** `{id, name}` of a reference in `field`, as the CommServe has them. */
  async resolve(field: string, ref: Reference): Promise<WireReference> {
    const spec = REFERENCE_FIELDS[field];
    const wire = toWireReference(ref);
    let found = findReference(await this.listing(spec.list), wire, spec.what);
    if (!found && !this.listings.get(spec.list)?.refreshed) found = findReference(await this.listing(spec.list, true), wire, spec.what);
    if (!found) throw new UnknownReferenceError(spec.what, wire, `no ${spec.what} ${describe(wire)} on the CommServe`);
    return { id: found.id, name: found.name };
  }

  /**
   * Every declared reference the CommServe does not know, with its property path; references
   * the previous inputs already held (applied before) are not looked up again.
   */
  async problems(settings: Props, previous: Props): Promise<InputProblem[]> {
    const problems: InputProblem[] = [];
    for (const [field, spec] of Object.entries(REFERENCE_FIELDS)) {
      const declared = settings[field];
      if (declared === undefined || declared === null) continue;
      const items = (spec.many ? declared : [declared]) as Reference[];
      const before = previous[field] === undefined || previous[field] === null ? [] : ((spec.many ? previous[field] : [previous[field]]) as Reference[]);
      for (const [index, item] of items.entries()) {
        if (before.some((b) => sameReference(b, item))) continue;
        try {
          await this.resolve(field, item);
        } catch (err) {
          if (!(err instanceof UnknownReferenceError)) throw err;
          problems.push({ path: spec.many ? `${field}[${index}]` : field, reason: err.message });
        }
      }
    }
    return problems;
  }

  /**
   * A PUT body with every reference as `{id, name}`. A reference that already has both (taken
   * from the group's own read, e.g. a member to remove) is sent as it is.
   */
  async resolveBody(body: Record<string, unknown>, writeName: (field: string) => string): Promise<Record<string, unknown>> {
    const out = { ...body };
    for (const [field, spec] of Object.entries(REFERENCE_FIELDS)) {
      const key = writeName(field);
      const value = out[key];
      if (value === undefined || value === null) continue;
      const one = async (ref: WireReference) => (ref.id !== undefined && ref.name !== undefined ? ref : this.resolve(field, ref as Reference));
      out[key] = spec.many ? await Promise.all((value as WireReference[]).map(one)) : await one(value as WireReference);
    }
    return out;
  }
}

/** One directory per CommServe endpoint for the life of the provider process (one run). */
const directories = new Map<string, ReferenceDirectory>();

export function referenceDirectory(endpoint: string, http: HttpClient): ReferenceDirectory {
  let directory = directories.get(endpoint);
  if (!directory) directories.set(endpoint, (directory = new ReferenceDirectory(http)));
  return directory;
}
