// The Commvault user-group REST API emulator: a real HTTP server on the shared emulator core.
import { EmulatorServer } from "../core/server";
import { createCommvaultAdapter } from "./adapter";

export { COMMVAULT_TEST_ACCESS_TOKEN, COMMVAULT_TEST_CREDENTIALS } from "./credentials";
export { COMMVAULT_SEED } from "./directory";
export type { Company, NamedRef, Reference } from "./directory";
export { CommvaultErrorCode, ACCESS_DENIED_MESSAGE, GROUP_NOT_FOUND_MESSAGE, INVALID_CREDENTIALS_MESSAGE } from "./errors";
export type { UserGroup, UserGroupSummary } from "./store";
export { INJECTED_ERROR_MESSAGE } from "./adapter";
export { DEFAULT_VARIANTS, VARIANT_SETS, type CommvaultVariants } from "./variants";
import { variantsFrom, type CommvaultVariants } from "./variants";
import type { CommvaultEstate } from "./estate";
export { estateGroups, type CommvaultEstate } from "./estate";

export const COMMVAULT_DEFAULT_BASE_PATH = "/commandcenter/api";
export const COMMVAULT_DEFAULT_TOKEN_TTL_SECONDS = 1800;

export interface CommvaultEmulatorOptions {
  /** Prefix of every service path; default `/commandcenter/api`. */
  basePath?: string;
  /** Lifetime of a session token from POST /Login; default 1800 (fractions allowed for tests). */
  tokenTtlSeconds?: number;
  /** The readings of open questions it plays (variants.ts); the rest stay at their defaults. */
  variants?: Partial<CommvaultVariants>;
  /** The username and password POST /Login accepts; default COMMVAULT_TEST_CREDENTIALS. */
  credentials?: { username: string; password: string };
  /** Generated user groups seeded at start and at every reset (estate.ts). */
  estate?: CommvaultEstate;
}

export function createCommvaultEmulator(options: CommvaultEmulatorOptions = {}): EmulatorServer {
  const tokenTtlSeconds = options.tokenTtlSeconds ?? COMMVAULT_DEFAULT_TOKEN_TTL_SECONDS;
  if (!(tokenTtlSeconds > 0)) throw new Error("tokenTtlSeconds must be positive");
  return new EmulatorServer(
    createCommvaultAdapter({ basePath: options.basePath ?? COMMVAULT_DEFAULT_BASE_PATH, tokenTtlSeconds, variants: variantsFrom(options.variants), credentials: options.credentials, estate: options.estate }),
  );
}
