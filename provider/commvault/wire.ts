// Between the declarative shape and Commvault's wire, in one place: the read shape's names
// and forms (plan, restrictedConsoleTypes[{consoleType}]) and the update shape's
// (newName, laptopPlan + planOperationType, restrictConsoleTypes{consoleType[]}, one
// operation type per list), and how changes become the fewest PUTs the API allows.
import type { Change } from "../core/diff";
import { setDelta } from "../core/diff";
import type { Props, Snapshot } from "../core/definition";
import type { Reference, WireReference } from "./schema";
import { sameReference, toWireReference } from "./schema";

type Semantics = { same(a: unknown, b: unknown): boolean };

interface ScalarField {
  kind: "scalar";
  read: string;
  write: string;
}
interface PlanField {
  kind: "plan";
  read: string;
  write: string;
  op: string;
}
interface ListField {
  kind: "list";
  read: string;
  write: string;
  op: string;
  /** Whether the API accepts OVERWRITE for this list (never for users). */
  overwrite: boolean;
  /** Read items to declarative items, and declarative items to the update's form. */
  fromRead(items: unknown[]): unknown[];
  toWrite(items: unknown[]): unknown;
  semantics: Semantics;
}
type Field = ScalarField | PlanField | ListField;

/** A reference as the read gives it, its id a number even when the service sends a numeric string. */
export function readReference(item: unknown): WireReference {
  const { id, name } = (item && typeof item === "object" ? item : {}) as { id?: unknown; name?: unknown };
  const numeric = typeof id === "number" ? id : typeof id === "string" && /^[0-9]+$/.test(id) ? Number(id) : undefined;
  return { ...(numeric !== undefined ? { id: numeric } : {}), ...(typeof name === "string" ? { name } : {}) };
}

const references: Pick<ListField, "fromRead" | "toWrite" | "semantics"> = {
  fromRead: (items) => items.map(readReference),
  toWrite: (items) => items.map((i) => toWireReference(i as Reference)),
  semantics: { same: (a, b) => sameReference(a as Reference, b as Reference) },
};

/** Declarative name → how it reads and writes. */
export const FIELDS: Record<string, Field> = {
  name: { kind: "scalar", read: "name", write: "newName" },
  description: { kind: "scalar", read: "description", write: "newDescription" },
  enabled: { kind: "scalar", read: "enabled", write: "enabled" },
  enforceFSQuota: { kind: "scalar", read: "enforceFSQuota", write: "enforceFSQuota" },
  quotaLimitInGB: { kind: "scalar", read: "quotaLimitInGB", write: "quotaLimitInGB" },
  enableTwoFactorAuthentication: { kind: "scalar", read: "enableTwoFactorAuthentication", write: "enableTwoFactorAuthentication" },
  enableLocalAuthentication: { kind: "scalar", read: "enableLocalAuthentication", write: "enableLocalAuthentication" },
  laptopAdmins: { kind: "scalar", read: "laptopAdmins", write: "laptopAdmins" },
  allowMultipleCompanyMembers: { kind: "scalar", read: "allowMultipleCompanyMembers", write: "allowMultipleCompanyMembers" },
  azureGUID: { kind: "scalar", read: "azureGUID", write: "azureGUID" },
  doNotInheritRestrictConsoleTypes: { kind: "scalar", read: "doNotInheritRestrictConsoleTypes", write: "doNotInheritRestrictConsoleTypes" },
  laptopPlan: { kind: "plan", read: "plan", write: "laptopPlan", op: "planOperationType" },
  users: { kind: "list", read: "users", write: "users", op: "userOperationType", overwrite: false, ...references },
  associatedExternalGroups: {
    kind: "list",
    read: "associatedExternalGroups",
    write: "associatedExternalGroups",
    op: "externalUserGroupsOperationType",
    overwrite: true,
    ...references,
  },
  associatedLocalGroups: {
    kind: "list",
    read: "associatedLocalGroups",
    write: "associatedLocalGroups",
    op: "localUserGroupsOperationType",
    overwrite: true,
    ...references,
  },
  restrictConsoleTypes: {
    kind: "list",
    read: "restrictedConsoleTypes",
    write: "restrictConsoleTypes",
    op: "consoleTypeOperationType",
    overwrite: true,
    fromRead: (items) => items.map((i) => (i && typeof i === "object" ? (i as { consoleType?: unknown }).consoleType : i)),
    toWrite: (items) => ({ consoleType: items }),
    semantics: { same: (a, b) => a === b },
  },
};

/** POST /V4/UserGroup takes only these. */
export const CREATE_FIELDS = ["name", "description", "enforceFSQuota", "quotaLimitInGB"] as const;

/** The declarative view of a group from its read shape (members as {id, name}). */
export function viewFromWire(group: Record<string, unknown>): Props {
  const view: Props = {};
  for (const [decl, f] of Object.entries(FIELDS)) {
    const value = group[f.read];
    if (f.kind === "scalar") {
      // The quota limit means nothing while the quota is not enforced (the service reports 0):
      // left out, it neither makes a diff nor lands in imported inputs as an invalid 0.
      if (decl === "quotaLimitInGB" && group.enforceFSQuota === false) continue;
      if (value !== undefined) view[decl] = value;
    } else if (f.kind === "plan") {
      view[decl] = value && typeof value === "object" ? readReference(value) : null;
    } else {
      view[decl] = f.fromRead(Array.isArray(value) ? value : []);
    }
  }
  return view;
}

/** Read-only facts of a group, as outputs. */
export function extrasFromWire(group: Record<string, unknown>): Props {
  const pick = (k: string) => (group[k] === undefined ? {} : { [k]: group[k] });
  return {
    groupId: group.id,
    ...pick("company"),
    ...pick("GUID"),
    ...pick("email"),
    ...pick("serviceType"),
    ...pick("eligibleToAllowMultipleCompanyMembers"),
    ...pick("showAzureGuidOption"),
  };
}

export type PutBody = Record<string, unknown>;

/**
 * The PUT bodies for a set of changes, as few as the API allows: every scalar and one
 * operation per list in the first; a second only for lists that need both ADD and DELETE
 * where OVERWRITE is not allowed (users) or not the smaller request. Then the DELETE goes
 * first and the ADD second, so a failure half-way has granted nothing new.
 */
export function planPuts(changes: Change[], declared: Props, current: Props, options: PlanOptions = {}): PutBody[] {
  const first: PutBody = {};
  const second: PutBody = {};
  let planSwitch: PutBody | undefined;
  for (const change of changes) {
    const decl = change.segments[0];
    const f = FIELDS[decl];
    if (!f) continue;
    const want = declared[decl];
    if (f.kind === "scalar") {
      first[f.write] = want;
    } else if (f.kind === "plan") {
      const have = current[decl] as Reference | null | undefined;
      if (want === null || want === undefined) {
        if (have) Object.assign(first, { [f.write]: toWireReference(have), [f.op]: "DELETE" });
      } else if (have) {
        // A switch goes alone and last: on a server that wants the old plan removed first, the
        // handler can then do that without touching anything else (and put it back on failure).
        planSwitch = { [f.write]: toWireReference(want as Reference), [f.op]: "ADD" };
      } else {
        Object.assign(first, { [f.write]: toWireReference(want as Reference), [f.op]: "ADD" });
      }
    } else {
      const wanted = (want ?? []) as unknown[];
      const { added, removed } = setDelta(f.semantics, wanted, (current[decl] ?? []) as unknown[]);
      if (added.length > 0 && removed.length > 0) {
        const overwrite = f.overwrite || (decl === "users" && options.usersOverwrite === true);
        if (overwrite && wanted.length <= added.length + removed.length) {
          Object.assign(first, { [f.write]: f.toWrite(wanted), [f.op]: "OVERWRITE" });
        } else {
          Object.assign(first, { [f.write]: f.toWrite(removed), [f.op]: "DELETE" });
          Object.assign(second, { [f.write]: f.toWrite(added), [f.op]: "ADD" });
        }
      } else if (added.length > 0) {
        Object.assign(first, { [f.write]: f.toWrite(added), [f.op]: "ADD" });
      } else if (removed.length > 0) {
        Object.assign(first, { [f.write]: f.toWrite(removed), [f.op]: "DELETE" });
      }
    }
  }
  return [first, second, planSwitch ?? {}].filter((b) => Object.keys(b).length > 0);
}

export interface PlanOptions {
  /** The server accepts OVERWRITE for users (`commvault:usersOverwrite`); the seed forbids it. */
  usersOverwrite?: boolean;
}

/** A PUT that only switches the laptop plan (ADD of a plan while the group has another). */
export function planSwitchOf(body: PutBody): WireReference | undefined {
  const keys = Object.keys(body);
  const f = FIELDS.laptopPlan as PlanField;
  return keys.length === 2 && body[f.op] === "ADD" && body[f.write] ? (body[f.write] as WireReference) : undefined;
}

/** The PUT that removes, or adds, a laptop plan alone. */
export function planBody(plan: WireReference, op: "ADD" | "DELETE"): PutBody {
  const f = FIELDS.laptopPlan as PlanField;
  return { [f.write]: plan, [f.op]: op };
}

/** The view of a group that was just created with `body` (POST answers only id and name). */
export function emptyGroupView(): Props {
  const view: Props = { laptopPlan: null };
  for (const [decl, f] of Object.entries(FIELDS)) if (f.kind === "list") view[decl] = [];
  return view;
}

/**
 * The snapshot the provider records of a group as GET /V4/UserGroup/{id} answers it, with the
 * facts carried from state to state (`carried`: whether the group is adopted).
 */
export function snapshotOfGroup(group: Record<string, unknown>, carried: Props): Snapshot {
  return { id: String(group.id), view: viewFromWire(group), extras: { ...extrasFromWire(group), ...carried } };
}

/** The snapshot a read records of the group's answer, given the recorded outputs (`previous`; undefined for a first read). */
export const snapshotOfRead = (group: Record<string, unknown>, previous: Props | undefined): Snapshot => snapshotOfGroup(group, { adopted: previous?.adopted ?? false });
