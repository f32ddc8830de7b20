// A large CommServe in one go (the `seed-estate` control and the `estate` start option): many
// user groups with members, plans, external groups and console restrictions drawn from the seeded
// directory, made in memory without one HTTP call per group. Deterministic but for the GUIDs.
import { COMMVAULT_SEED } from "./directory";
import { defaultGroup, type UserGroup } from "./store";

export interface CommvaultEstate {
  /** How many user groups (1..100000), beside the three a reset seeds. */
  userGroups: number;
  /** The first group's id; the others count up from it (default 5001). */
  firstId?: number;
}

export const DEFAULT_ESTATE_FIRST_ID = 5001;

/** The reasons an estate is refused (empty when it is fine). */
export function estateProblems(raw: unknown): string[] {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return ["the body must be {userGroups, firstId?}"];
  const e = raw as Record<string, unknown>;
  const problems = Object.keys(e)
    .filter((k) => k !== "userGroups" && k !== "firstId")
    .map((k) => `${k} is not an estate member`);
  const isInt = (v: unknown, lo: number, hi: number) => typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
  if (!isInt(e.userGroups, 1, 100_000)) problems.push("userGroups must be an integer from 1 to 100000");
  // Above the ids a reset seeds (1..3), so an estate never replaces them.
  if (e.firstId !== undefined && !isInt(e.firstId, 1000, 1_000_000_000)) problems.push("firstId must be an integer from 1000 to 1000000000");
  return problems;
}

const USERS = Object.values(COMMVAULT_SEED.users);
const EXTERNAL = Object.values(COMMVAULT_SEED.externalGroups);
const PLANS = Object.values(COMMVAULT_SEED.plans);
const CONSOLES = ["COMMANDCENTER", "WEBCONSOLE", "COMMCELLCONSOLE", "API", "MOBILE"] as const;

/** The estate's user groups (of the CommCell company), in id order. */
export function estateGroups(estate: CommvaultEstate): UserGroup[] {
  const first = estate.firstId ?? DEFAULT_ESTATE_FIRST_ID;
  const company = COMMVAULT_SEED.companies.commCell;
  return Array.from({ length: estate.userGroups }, (_, i) => {
    const group = defaultGroup(first + i, `estate-${String(i).padStart(5, "0")}`, company);
    group.description = `estate group ${i}`;
    group.enabled = i % 7 !== 0;
    group.users = USERS.filter((_, u) => (i + u) % 3 === 0).map((u) => ({ ...u }));
    group.associatedExternalGroups = i % 4 === 0 ? [{ ...EXTERNAL[i % EXTERNAL.length] }] : [];
    if (i % 5 === 0) group.plan = { ...PLANS[i % PLANS.length] };
    group.restrictedConsoleTypes = i % 6 === 0 ? [{ consoleType: CONSOLES[i % CONSOLES.length] }] : [];
    group.enableTwoFactorAuthentication = i % 2 === 0 ? "ON" : "OFF";
    if (i % 9 === 0) {
      group.enforceFSQuota = true;
      group.quotaLimitInGB = 50 + (i % 50);
    }
    return group;
  });
}
