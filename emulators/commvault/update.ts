// What create and update do to a user group, and the business rules that refuse them.
// Both are atomic: they work on a copy and throw `Refused` before anything is stored.
import { CommvaultErrorCode, Refused } from "./errors";
import type { Directory, NamedRef, Reference } from "./directory";
import { resolveReference } from "./directory";
import type { AuthSetting, ConsoleType, OperationType } from "./enums";
import {
  CONSOLE_TYPES_MEMBER,
  PLAN_MEMBER,
  REFERENCE_LIST_MEMBERS,
  SCALAR_MEMBERS,
  consoleTypesFromRead,
  consoleTypesToRead,
  type ReferenceListMember,
  type ScalarMember,
} from "./mapping";
import type { CreateBody, UpdateBody } from "./schemas";
import type { UserGroup, UserGroupStore } from "./store";
import type { CommvaultVariants } from "./variants";

export interface RuleContext {
  directory: Directory;
  store: UserGroupStore;
  /** The readings of open questions the server plays (defaults when absent). */
  variants?: Readonly<Pick<CommvaultVariants, "referencesNeedId" | "planSwitch">>;
}

/** Checks a create body and builds the new group (not stored yet). */
export function applyCreate(body: CreateBody, ctx: RuleContext): UserGroup {
  checkNameFree(ctx.store, body.name);
  const enforce = body.enforceFSQuota ?? false;
  checkQuota(enforce, body.quotaLimitInGB);
  const group = ctx.store.newGroup(body.name);
  if (body.description !== undefined) group.description = body.description;
  group.enforceFSQuota = enforce;
  group.quotaLimitInGB = enforce ? (body.quotaLimitInGB ?? 0) : 0;
  return group;
}

/** Checks an update body against the group and returns the updated copy. */
export function applyUpdate(current: UserGroup, body: UpdateBody, ctx: RuleContext): UserGroup {
  const next = structuredClone(current);
  if (ctx.variants?.referencesNeedId) checkReferencesHaveIds(body);
  if (body.newName !== undefined) checkNameFree(ctx.store, body.newName, current.id);
  checkAuthentication(current, body, ctx.directory);
  if (body.allowMultipleCompanyMembers === true && !current.eligibleToAllowMultipleCompanyMembers) {
    throw new Refused(
      CommvaultErrorCode.multipleCompanyMembersNotAllowed,
      `allowMultipleCompanyMembers: user group "${current.name}" of company "${current.company.name}" cannot allow members of other companies`,
    );
  }

  const writable = next as unknown as Record<string, unknown>;
  for (const [write, read] of Object.entries(SCALAR_MEMBERS)) {
    const value = body[write as ScalarMember];
    if (value !== undefined) writable[read] = value;
  }
  if (body.quotaLimitInGB !== undefined) checkQuota(next.enforceFSQuota, body.quotaLimitInGB);
  if (body.enforceFSQuota === false) next.quotaLimitInGB = 0;

  for (const member of Object.keys(REFERENCE_LIST_MEMBERS) as ReferenceListMember[]) {
    const refs = body[member];
    if (refs === undefined) continue;
    const { read, operation } = REFERENCE_LIST_MEMBERS[member];
    const resolved = refs.map((ref, i) => resolveMember(member, i, () => resolveListItem(member, ref, current, ctx)));
    const op = (body[operation] ?? "ADD") as OperationType;
    next[read] = applyOperation(next[read], resolved, op, (r) => r.id);
  }

  if (body.restrictConsoleTypes !== undefined) {
    const op = body[CONSOLE_TYPES_MEMBER.operation] ?? "ADD";
    const types = applyOperation(consoleTypesFromRead(next.restrictedConsoleTypes), body.restrictConsoleTypes.consoleType, op, (t: ConsoleType) => t);
    next[CONSOLE_TYPES_MEMBER.read] = consoleTypesToRead(types);
  }

  if (body.laptopPlan !== undefined) {
    const plan = resolveMember(PLAN_MEMBER.write, undefined, () => ctx.directory.resolvePlan(body.laptopPlan as Reference));
    if ((body[PLAN_MEMBER.operation] ?? "ADD") === "ADD") {
      if (ctx.variants?.planSwitch === "deleteFirst" && next.plan !== undefined && next.plan.id !== plan.id) {
        throw new Refused(
          CommvaultErrorCode.planAlreadyAssociated,
          `laptopPlan: user group "${current.name}" already has laptop plan "${next.plan.name}"; remove it first`,
        );
      }
      next[PLAN_MEMBER.read] = plan;
    } else if (next.plan?.id === plan.id) {
      delete next[PLAN_MEMBER.read];
    } else {
      throw new Refused(
        CommvaultErrorCode.planNotAssociated,
        `laptopPlan: plan "${plan.name}" is not the laptop plan of user group "${current.name}"`,
      );
    }
  }
  return next;
}

/** On a server that needs ids: every member and plan reference carries one. */
function checkReferencesHaveIds(body: UpdateBody): void {
  const lists: Array<[string, Reference[] | undefined]> = [
    ...(Object.keys(REFERENCE_LIST_MEMBERS) as ReferenceListMember[]).map((m): [string, Reference[] | undefined] => [m, body[m]]),
    [PLAN_MEMBER.write, body.laptopPlan ? [body.laptopPlan] : undefined],
  ];
  for (const [member, refs] of lists) {
    const index = (refs ?? []).findIndex((r) => r.id === undefined);
    if (index >= 0) {
      const where = member === PLAN_MEMBER.write ? member : `${member}[${index}]`;
      throw new Refused(CommvaultErrorCode.referenceNeedsId, `${where}: a reference needs an id`);
    }
  }
}

/** ADD appends what is missing, DELETE removes what is there (a no-op otherwise), OVERWRITE replaces. */
export function applyOperation<T>(current: readonly T[], items: readonly T[], op: OperationType, key: (item: T) => unknown): T[] {
  const unique = (list: readonly T[]) => list.filter((item, i) => list.findIndex((o) => key(o) === key(item)) === i);
  switch (op) {
    case "ADD":
      return unique([...current, ...items]);
    case "DELETE": {
      const removed = new Set(items.map(key));
      return current.filter((item) => !removed.has(key(item)));
    }
    case "OVERWRITE":
      return unique(items);
  }
}

function resolveListItem(member: ReferenceListMember, ref: Reference, current: UserGroup, ctx: RuleContext): NamedRef {
  switch (member) {
    case "users":
      return ctx.directory.resolveUser(ref);
    case "associatedExternalGroups":
      return ctx.directory.resolveExternalGroup(ref);
    case "associatedLocalGroups": {
      const group = resolveReference(ctx.store.all(), ref, "user group");
      if (group.id === current.id) {
        throw new Refused(CommvaultErrorCode.selfReference, `user group "${current.name}" cannot be associated with itself`);
      }
      return group;
    }
  }
}

/** Runs a resolution and prefixes its refusal with the member (`users[2]: ...`). */
function resolveMember(member: string, index: number | undefined, resolve: () => NamedRef): NamedRef {
  try {
    return resolve();
  } catch (err) {
    if (err instanceof Refused) {
      throw new Refused(err.errorCode, `${member}${index === undefined ? "" : `[${index}]`}: ${err.message}`);
    }
    throw err;
  }
}

function checkNameFree(store: UserGroupStore, name: string, exceptId?: number): void {
  const owner = store.nameOwner(name, exceptId);
  if (owner) {
    throw new Refused(CommvaultErrorCode.duplicateName, `A user group named "${owner.name}" already exists (id ${owner.id})`);
  }
}

function checkQuota(enforceFSQuota: boolean, quotaLimitInGB: number | undefined): void {
  if (quotaLimitInGB === undefined) return;
  if (!enforceFSQuota) {
    throw new Refused(CommvaultErrorCode.invalidQuota, "quotaLimitInGB can only be set while enforceFSQuota is true");
  }
  if (quotaLimitInGB < 1) {
    throw new Refused(CommvaultErrorCode.invalidQuota, `quotaLimitInGB must be at least 1, got ${quotaLimitInGB}`);
  }
}

const AUTH_MEMBERS = [
  { member: "enableTwoFactorAuthentication", label: "Two-factor authentication", disabledBy: "disableTwoFactorAuthentication" },
  { member: "enableLocalAuthentication", label: "Local authentication", disabledBy: "disableLocalAuthentication" },
] as const;

function checkAuthentication(current: UserGroup, body: UpdateBody, directory: Directory): void {
  const company = directory.company(current.company.id);
  for (const { member, label, disabledBy } of AUTH_MEMBERS) {
    const value: AuthSetting | undefined = body[member];
    if (value === undefined) continue;
    if (value === "DISABLED_AT_COMPANY") {
      throw new Refused(
        CommvaultErrorCode.disabledAtCompany,
        `${member}: DISABLED_AT_COMPANY is imposed by the company and cannot be requested`,
      );
    }
    if (company?.[disabledBy]) {
      throw new Refused(
        CommvaultErrorCode.disabledAtCompany,
        `${member}: ${label} is disabled by company "${company.name}" for user group "${current.name}"`,
      );
    }
  }
}
