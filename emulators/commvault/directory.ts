// The CommServe's directory the user groups refer to: users, external (AD) groups, laptop
// plans and companies, with the defaults a reset seeds, and reference resolution.
import { CommvaultErrorCode, Refused } from "./errors";

export interface NamedRef {
  id: number;
  name: string;
}

/** `{id?, name?}` as a request names a target. */
export interface Reference {
  id?: number;
  name?: string;
}

export interface Company extends NamedRef {
  /** Whether the company's user groups may allow members from other companies. */
  eligibleToAllowMultipleCompanyMembers: boolean;
  /** The company imposes DISABLED_AT_COMPANY on its groups' two-factor authentication. */
  disableTwoFactorAuthentication: boolean;
  /** The company imposes DISABLED_AT_COMPANY on its groups' local authentication. */
  disableLocalAuthentication: boolean;
}

/** The ids and names a reset seeds; the provider's tests refer to them. */
export const COMMVAULT_SEED = {
  users: {
    alice: { id: 11, name: "alice" },
    bob: { id: 12, name: "bob" },
    carol: { id: 13, name: "carol" },
    dave: { id: 14, name: "dave" },
    erin: { id: 15, name: "erin" },
    frank: { id: 16, name: "frank" },
    grace: { id: 17, name: "grace" },
    heidi: { id: 18, name: "heidi" },
  },
  externalGroups: {
    opsAdmins: { id: 101, name: "CORP\\ops-admins" },
    backupOperators: { id: 102, name: "CORP\\backup-operators" },
    auditors: { id: 103, name: "CORP\\auditors" },
  },
  plans: {
    gold: { id: 201, name: "Laptop-Gold" },
    silver: { id: 202, name: "Laptop-Silver" },
    bronze: { id: 203, name: "Laptop-Bronze" },
  },
  companies: {
    commCell: {
      id: 0,
      name: "CommCell",
      eligibleToAllowMultipleCompanyMembers: true,
      disableTwoFactorAuthentication: false,
      disableLocalAuthentication: false,
    },
    acme: {
      id: 5,
      name: "Acme Tenant",
      eligibleToAllowMultipleCompanyMembers: false,
      disableTwoFactorAuthentication: true,
      disableLocalAuthentication: true,
    },
  },
  /** The user groups present after a reset. */
  userGroups: {
    master: { id: 1, name: "master" },
    viewAll: { id: 3, name: "View All" },
    tenantAdmin: { id: 4, name: "Tenant Admin" },
  },
} as const;

/** Finds a target by id, by name (case-insensitive) or both (they must agree); refuses otherwise. */
export function resolveReference(candidates: Iterable<NamedRef>, ref: Reference, what: string): NamedRef {
  const list = [...candidates];
  const name = ref.name === "" ? undefined : ref.name;
  const byId = ref.id === undefined ? undefined : list.find((c) => c.id === ref.id);
  const byName = name === undefined ? undefined : list.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (ref.id !== undefined && !byId) {
    throw new Refused(CommvaultErrorCode.unknownReference, `Unknown ${what}: no ${what} with id ${ref.id}`);
  }
  if (name !== undefined && !byName) {
    throw new Refused(CommvaultErrorCode.unknownReference, `Unknown ${what}: no ${what} named "${name}"`);
  }
  if (byId && byName && byId.id !== byName.id) {
    throw new Refused(
      CommvaultErrorCode.unknownReference,
      `Unknown ${what}: id ${byId.id} is "${byId.name}", not "${name}"`,
    );
  }
  const found = (byId ?? byName) as NamedRef;
  return { id: found.id, name: found.name };
}

export class Directory {
  readonly users = new Map<number, NamedRef>();
  readonly externalGroups = new Map<number, NamedRef>();
  readonly plans = new Map<number, NamedRef>();
  readonly companies = new Map<number, Company>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.users.clear();
    this.externalGroups.clear();
    this.plans.clear();
    this.companies.clear();
    for (const u of Object.values(COMMVAULT_SEED.users)) this.users.set(u.id, { ...u });
    for (const g of Object.values(COMMVAULT_SEED.externalGroups)) this.externalGroups.set(g.id, { ...g });
    for (const p of Object.values(COMMVAULT_SEED.plans)) this.plans.set(p.id, { ...p });
    for (const c of Object.values(COMMVAULT_SEED.companies)) this.companies.set(c.id, { ...c });
  }

  resolveUser(ref: Reference): NamedRef {
    return resolveReference(this.users.values(), ref, "user");
  }

  resolveExternalGroup(ref: Reference): NamedRef {
    return resolveReference(this.externalGroups.values(), ref, "external group");
  }

  resolvePlan(ref: Reference): NamedRef {
    return resolveReference(this.plans.values(), ref, "plan");
  }

  company(id: number): Company | undefined {
    return this.companies.get(id);
  }

  snapshot(): { users: NamedRef[]; externalGroups: NamedRef[]; plans: NamedRef[]; companies: Company[] } {
    const sorted = <T extends NamedRef>(m: Map<number, T>) => [...m.values()].sort((a, b) => a.id - b.id).map((v) => ({ ...v }));
    return {
      users: sorted(this.users),
      externalGroups: sorted(this.externalGroups),
      plans: sorted(this.plans),
      companies: sorted(this.companies),
    };
  }
}
