// The Commvault ServiceAdapter: routes, Authtoken check, the error shape, service faults,
// test controls and reset, over one directory, one group store and one session store.
import type { FaultRule } from "../core/faults";
import type { CoreErrorKind, EmulatorRequest, EmulatorResponse, ServiceAdapter } from "../core/server";
import { createControls } from "./controls";
import { COMMVAULT_TEST_CREDENTIALS, type LoginCredentials, SessionStore, requestToken } from "./credentials";
import { Directory } from "./directory";
import { CommvaultErrorCode, accessDenied, errorBody, routeNotFound } from "./errors";
import { createRoutes } from "./routes";
import { UserGroupStore } from "./store";
import { VariantSettings, type CommvaultVariants } from "./variants";
import { estateGroups, estateProblems, type CommvaultEstate } from "./estate";

export interface CommvaultAdapterOptions {
  basePath: string;
  tokenTtlSeconds: number;
  variants: CommvaultVariants;
  /** The login it accepts (default COMMVAULT_TEST_CREDENTIALS). */
  credentials?: LoginCredentials;
  /** Generated user groups seeded at start and at every reset (estate.ts). */
  estate?: CommvaultEstate;
}

const CORE_ERROR_CODES: Record<CoreErrorKind, number> = {
  internal: CommvaultErrorCode.internal,
  unavailable: CommvaultErrorCode.unavailable,
  rateLimit: CommvaultErrorCode.rateLimited,
  notFound: CommvaultErrorCode.notFound,
  badRequest: CommvaultErrorCode.badRequest,
};

export const INJECTED_ERROR_MESSAGE = "The operation failed (injected errorCode fault)";

export function createCommvaultAdapter(options: CommvaultAdapterOptions): ServiceAdapter {
  const directory = new Directory();
  const store = new UserGroupStore(directory);
  const sessions = new SessionStore(options.tokenTtlSeconds);
  const variants = new VariantSettings(options.variants);
  const ctx = { directory, store, sessions, variants, credentials: options.credentials ?? COMMVAULT_TEST_CREDENTIALS };
  if (options.estate !== undefined) {
    const problems = estateProblems(options.estate);
    if (problems.length > 0) throw new Error(`estate: ${problems.join("; ")}`);
  }
  const seedEstate = () => {
    if (options.estate !== undefined) for (const g of estateGroups(options.estate)) store.put(g);
  };
  seedEstate();

  return {
    name: "commvault",
    basePath: options.basePath,
    routes: createRoutes(ctx),
    controls: createControls(ctx),

    authenticate(req: EmulatorRequest): EmulatorResponse | undefined {
      if (req.operation === "Login") return undefined;
      return sessions.isValid(requestToken(req.headers)) ? undefined : accessDenied();
    },

    errorResponse(kind, status, message, retryAfterSeconds): EmulatorResponse {
      // A path the API does not serve is answered by the web server in front of it, with its
      // HTML error page; only a known route answers Commvault's JSON (an unknown group's 404).
      if (kind === "notFound") return routeNotFound(message);
      return {
        status,
        body: errorBody(CORE_ERROR_CODES[kind], message),
        ...(retryAfterSeconds !== undefined ? { headers: { "retry-after": String(retryAfterSeconds) } } : {}),
      };
    },

    customFault(rule: FaultRule, req: EmulatorRequest): EmulatorResponse | undefined {
      switch (rule.kind) {
        case "errorCode":
          return {
            status: 200,
            body: errorBody(rule.errorCode ?? CommvaultErrorCode.injected, rule.message ?? INJECTED_ERROR_MESSAGE),
          };
        case "expireToken": {
          const token = requestToken(req.headers);
          if (token !== undefined) sessions.expire(token);
          return accessDenied();
        }
        default:
          return undefined;
      }
    },

    reset(): void {
      directory.reset();
      store.reset();
      sessions.clear();
      variants.reset();
      seedEstate();
    },
  };
}
