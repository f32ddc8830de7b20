// The user groups of the CommServe, kept in their read shape.
import { randomUUID } from "node:crypto";
import type { AuthSetting, ConsoleType } from "./enums";
import { COMMVAULT_SEED, type Company, type Directory, type NamedRef } from "./directory";

/** A user group as `GET /V4/UserGroup/{id}` answers it. */
export interface UserGroup {
  id: number;
  name: string;
  description: string;
  enabled: boolean;
  enforceFSQuota: boolean;
  quotaLimitInGB: number;
  enableTwoFactorAuthentication: AuthSetting;
  enableLocalAuthentication: AuthSetting;
  laptopAdmins: boolean;
  allowMultipleCompanyMembers: boolean;
  eligibleToAllowMultipleCompanyMembers: boolean;
  users: NamedRef[];
  associatedExternalGroups: NamedRef[];
  associatedLocalGroups: NamedRef[];
  restrictedConsoleTypes: Array<{ consoleType: ConsoleType }>;
  doNotInheritRestrictConsoleTypes: boolean;
  azureGUID: string;
  showAzureGuidOption: boolean;
  /** The laptop plan; absent when the group has none. */
  plan?: NamedRef;
  company: NamedRef;
  GUID: string;
  email: string;
  serviceType: string;
  associatedEntities: Array<Record<string, unknown>>;
}

/** One entry of `GET /V4/UserGroup`. */
export interface UserGroupSummary {
  id: number;
  name: string;
  description: string;
  enabled: boolean;
  company: NamedRef;
}

/** A fresh group of a company: enabled, no quota, empty lists, authentication as the company allows. */
export function defaultGroup(id: number, name: string, company: Company): UserGroup {
  return {
    id,
    name,
    description: "",
    enabled: true,
    enforceFSQuota: false,
    quotaLimitInGB: 0,
    enableTwoFactorAuthentication: company.disableTwoFactorAuthentication ? "DISABLED_AT_COMPANY" : "OFF",
    enableLocalAuthentication: company.disableLocalAuthentication ? "DISABLED_AT_COMPANY" : "ON",
    laptopAdmins: false,
    allowMultipleCompanyMembers: false,
    eligibleToAllowMultipleCompanyMembers: company.eligibleToAllowMultipleCompanyMembers,
    users: [],
    associatedExternalGroups: [],
    associatedLocalGroups: [],
    restrictedConsoleTypes: [],
    doNotInheritRestrictConsoleTypes: false,
    azureGUID: "",
    showAzureGuidOption: false,
    company: { id: company.id, name: company.name },
    GUID: randomUUID().toUpperCase(),
    email: "",
    serviceType: "LOCAL",
    associatedEntities: [],
  };
}

/** The read shape as sent: a copy in a stable member order, `plan` only when set. */
export function readShape(group: UserGroup): UserGroup {
  const { plan, company, GUID, email, serviceType, associatedEntities, ...rest } = structuredClone(group);
  return {
    ...rest,
    ...(plan ? { plan } : {}),
    company,
    GUID,
    email,
    serviceType,
    associatedEntities,
  };
}

export function summary(group: UserGroup): UserGroupSummary {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    enabled: group.enabled,
    company: { ...group.company },
  };
}

export class UserGroupStore {
  private groups = new Map<number, UserGroup>();
  /** The groups the CommServe made itself (master, View All, Tenant Admin, ...): not in the read shape. */
  private system = new Set<number>();

  constructor(private readonly directory: Directory) {
    this.reset();
  }

  reset(): void {
    this.groups.clear();
    this.system.clear();
    const { commCell, acme } = COMMVAULT_SEED.companies;
    const { users, externalGroups, userGroups } = COMMVAULT_SEED;
    this.put({
      ...defaultGroup(userGroups.master.id, userGroups.master.name, commCell),
      description: "Members have all permissions on the CommCell",
      users: [{ ...users.alice }],
    });
    this.put({
      ...defaultGroup(userGroups.viewAll.id, userGroups.viewAll.name, commCell),
      description: "Members can view all entities",
      associatedExternalGroups: [{ ...externalGroups.auditors }],
    });
    this.put({
      ...defaultGroup(userGroups.tenantAdmin.id, userGroups.tenantAdmin.name, acme),
      description: "Administrators of the Acme Tenant company",
      users: [{ ...users.heidi }],
    });
    // Every group present after a reset is one a CommServe creates itself.
    for (const id of this.groups.keys()) this.system.add(id);
  }

  /** Whether the CommServe made the group itself (a seed may say so). */
  isSystemCreated(id: number): boolean {
    return this.system.has(id);
  }

  /** Marks a group as made by the CommServe itself, or not. */
  setSystemCreated(id: number, systemCreated: boolean): void {
    if (systemCreated) this.system.add(id);
    else this.system.delete(id);
  }

  get(id: number): UserGroup | undefined {
    return this.groups.get(id);
  }

  /** Every group, by id. */
  all(): UserGroup[] {
    return [...this.groups.values()].sort((a, b) => a.id - b.id);
  }

  /** The id a new group gets: above every existing one. */
  nextId(): number {
    let max = 0;
    for (const id of this.groups.keys()) max = Math.max(max, id);
    return max + 1;
  }

  /** The group (other than `exceptId`) that already uses this name, case-insensitively. */
  nameOwner(name: string, exceptId?: number): UserGroup | undefined {
    const wanted = name.toLowerCase();
    return this.all().find((g) => g.id !== exceptId && g.name.toLowerCase() === wanted);
  }

  put(group: UserGroup): void {
    this.groups.set(group.id, group);
  }

  /** Removes a group and every other group's local-group reference to it. */
  delete(id: number): boolean {
    if (!this.groups.delete(id)) return false;
    this.system.delete(id);
    for (const g of this.groups.values()) {
      g.associatedLocalGroups = g.associatedLocalGroups.filter((r) => r.id !== id);
    }
    return true;
  }

  /** A new CommCell group with the defaults and the next id, not stored yet. */
  newGroup(name: string): UserGroup {
    return defaultGroup(this.nextId(), name, this.commCell());
  }

  private commCell(): Company {
    return this.directory.company(COMMVAULT_SEED.companies.commCell.id) ?? { ...COMMVAULT_SEED.companies.commCell };
  }
}
