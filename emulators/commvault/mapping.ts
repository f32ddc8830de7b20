// The one place where the update call's member names meet the read shape's names:
// newName→name, newDescription→description, laptopPlan→plan,
// restrictConsoleTypes{consoleType[]}→restrictedConsoleTypes[{consoleType}], and which
// operation-type member drives which list.
import type { ConsoleType } from "./enums";

/** Update members that set one read-shape field as they are. */
export const SCALAR_MEMBERS = {
  newName: "name",
  newDescription: "description",
  enabled: "enabled",
  enforceFSQuota: "enforceFSQuota",
  quotaLimitInGB: "quotaLimitInGB",
  enableTwoFactorAuthentication: "enableTwoFactorAuthentication",
  enableLocalAuthentication: "enableLocalAuthentication",
  laptopAdmins: "laptopAdmins",
  allowMultipleCompanyMembers: "allowMultipleCompanyMembers",
  doNotInheritRestrictConsoleTypes: "doNotInheritRestrictConsoleTypes",
  azureGUID: "azureGUID",
} as const;
export type ScalarMember = keyof typeof SCALAR_MEMBERS;

/** Update members that change a list of references, with their operation-type member. */
export const REFERENCE_LIST_MEMBERS = {
  users: { read: "users", operation: "userOperationType" },
  associatedExternalGroups: { read: "associatedExternalGroups", operation: "externalUserGroupsOperationType" },
  associatedLocalGroups: { read: "associatedLocalGroups", operation: "localUserGroupsOperationType" },
} as const;
export type ReferenceListMember = keyof typeof REFERENCE_LIST_MEMBERS;

export const CONSOLE_TYPES_MEMBER = {
  write: "restrictConsoleTypes",
  read: "restrictedConsoleTypes",
  operation: "consoleTypeOperationType",
} as const;

export const PLAN_MEMBER = { write: "laptopPlan", read: "plan", operation: "planOperationType" } as const;

/** Every operation-type member and the member that carries its list. */
export const OPERATION_MEMBERS: ReadonlyArray<{ operation: string; list: string }> = [
  ...Object.entries(REFERENCE_LIST_MEMBERS).map(([list, m]) => ({ operation: m.operation, list })),
  { operation: CONSOLE_TYPES_MEMBER.operation, list: CONSOLE_TYPES_MEMBER.write },
  { operation: PLAN_MEMBER.operation, list: PLAN_MEMBER.write },
];

/** `{consoleType: [..]}` (update) → `[{consoleType}]` (read). */
export function consoleTypesToRead(types: readonly ConsoleType[]): Array<{ consoleType: ConsoleType }> {
  return types.map((consoleType) => ({ consoleType }));
}

/** `[{consoleType}]` (read) → the plain list. */
export function consoleTypesFromRead(items: ReadonlyArray<{ consoleType: ConsoleType }>): ConsoleType[] {
  return items.map((i) => i.consoleType);
}
