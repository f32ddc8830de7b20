// A hand-made estate for the discover test (test/discover) and benchmark (benchmarks/discover.ts): 100 Wickr groups over two networks
// (a PREMIUM one of 60 and a STANDARD one of 40, each with its default group) and 100 Commvault
// user groups with members, seeded through the emulators' controls. Some groups hold what the
// provider cannot declare as held: a setting the STANDARD plan refuses, a company-imposed
// value, a member the CommServe does not list.
import { COMMVAULT_SEED } from "../emulators/commvault";
import type { EmulatorControl } from "../emulators/core/control-client";

export const PREMIUM_NETWORK = "31000001";
export const STANDARD_NETWORK = "31000002";

/** Names chosen to test identifiers: spaces, case collisions, digits first, reserved words, accents. */
const AWKWARD = ["Ops Team", "ops-team", "123 numbers", "class", "Équipe Ünïcode", "x/y\\z \"quoted\""];

function wickrName(i: number): string {
  return i < AWKWARD.length ? AWKWARD[i] : `team-${String(i).padStart(3, "0")}`;
}

/** The STANDARD network's group that holds a value its plan refuses (a lockout threshold below the observed floor). */
export const TIER_REFUSED_GROUP = "standard-low-lockout";

export async function seedWickr(control: EmulatorControl): Promise<void> {
  const premium = Array.from({ length: 59 }, (_, i) => ({
    id: `p${String(i).padStart(4, "0")}`,
    name: wickrName(i),
    securityGroupSettings: {
      lockoutThreshold: 6 + (i % 20),
      enableCrashReports: i % 2 === 0,
      alwaysReauthenticate: i % 3 === 0,
      calling: { canStart11Call: true, canVideoCall: i % 4 !== 0 },
      passwordRequirements: { minLength: 8 + (i % 8) },
    },
  }));
  const standard = Array.from({ length: 38 }, (_, i) => ({
    id: `s${String(i).padStart(4, "0")}`,
    name: `standard-${String(i).padStart(3, "0")}`,
    securityGroupSettings: { enableCrashReports: i % 2 === 1, checkForUpdates: i % 5 !== 0 },
  }));
  standard.push({ id: "s9999", name: TIER_REFUSED_GROUP, securityGroupSettings: { lockoutThreshold: 8 } as never });
  await control.service("seed", {
    networks: [
      { networkId: PREMIUM_NETWORK, accessLevel: "PREMIUM", groups: premium },
      { networkId: STANDARD_NETWORK, accessLevel: "STANDARD", groups: standard },
    ],
  });
}

/** The group whose member the CommServe does not list, and the one whose company imposes a value. */
export const UNKNOWN_MEMBER_GROUP = "cv-ghost-member";
export const IMPOSED_GROUP = "cv-acme-imposed";

const USERS = Object.values(COMMVAULT_SEED.users);
const EXTERNAL = Object.values(COMMVAULT_SEED.externalGroups);
const PLANS = Object.values(COMMVAULT_SEED.plans);

/** 97 user groups (ids 1001..); with the 3 a reset seeds, 100 on the CommServe. */
export async function seedCommvault(control: EmulatorControl): Promise<void> {
  const groups: Array<Record<string, unknown>> = Array.from({ length: 95 }, (_, i) => ({
    id: 1001 + i,
    name: i === 0 ? "Backup Admins" : i === 1 ? "backup-admins" : `cv-team-${String(i).padStart(3, "0")}`,
    description: `team ${i}`,
    enabled: i % 7 !== 0,
    users: USERS.filter((_, u) => (i + u) % 3 === 0).map((u) => ({ id: u.id, name: u.name })),
    associatedExternalGroups: i % 4 === 0 ? [EXTERNAL[i % EXTERNAL.length]] : [],
    plan: i % 5 === 0 ? PLANS[i % PLANS.length] : null,
    restrictedConsoleTypes: i % 6 === 0 ? [{ consoleType: "MOBILE" }] : [],
    enableTwoFactorAuthentication: i % 2 === 0 ? "ON" : "OFF",
  }));
  groups.push({ id: 1099, name: UNKNOWN_MEMBER_GROUP, users: [{ id: 11, name: "alice" }, { id: 999, name: "ghost" }] });
  groups.push({ id: 1100, name: IMPOSED_GROUP, company: { id: COMMVAULT_SEED.companies.acme.id }, enableTwoFactorAuthentication: "DISABLED_AT_COMPANY" });
  await control.service("seed", { userGroups: groups });
}

/** Groups on the CommServe after a reset, before the seed (master, View All, Tenant Admin). */
export const COMMVAULT_RESET_GROUPS = Object.keys(COMMVAULT_SEED.userGroups).length;
