// The Wickr admin API as a ServiceAdapter for the emulator core: routes, SigV4 authentication,
// the service's error shapes and the test controls, over one WickrStore.
import type { FaultRule } from "../core/faults";
import type { CoreErrorKind, EmulatorRequest, EmulatorResponse, Route, ServiceAdapter } from "../core/server";
import { wickrControls } from "./controls";
import {
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  WICKR_OTHER_ACCOUNT_CREDENTIALS,
  WICKR_OTHER_ACCOUNT_ID,
  WICKR_TEST_ACCOUNT_ID,
  WICKR_TEST_CREDENTIALS,
  WICKR_TEST_REGION,
  WickrCredentials,
} from "./credentials";
import { accessDeniedResponse, coreErrorResponse, html404Response, unknownOperationResponse } from "./errors";
import { wickrRoutes } from "./routes";
import { createSigV4Verifier, parseAuthorization } from "./sigv4";
import { WickrStore, type NetworkSeed } from "./store";
import { parseVariant, WickrVariant } from "./variants";
import { estateProblems, estateSeeds, type WickrEstate } from "./estate";

export interface WickrEmulatorOptions {
  /** Region the emulator serves and requires in the credential scope (default us-east-1). */
  region?: string;
  /** Accepted key pairs (default: WICKR_TEST_CREDENTIALS, and WICKR_OTHER_ACCOUNT_CREDENTIALS of another account). */
  credentials?: WickrCredentials[];
  /** Largest accepted x-amz-date skew (default 300 s). */
  maxClockSkewSeconds?: number;
  /** The reading of the field evidence to play where it leaves a choice open (variants.ts; default DEFAULT_VARIANT). */
  variant?: Partial<WickrVariant>;
  /** A generated estate seeded at start and at every reset, beside the two standard networks (estate.ts). */
  estate?: WickrEstate;
}

export class WickrAdapter implements ServiceAdapter {
  readonly name = "wickr";
  readonly basePath = "";
  readonly region: string;
  readonly store: WickrStore;
  readonly routes: Route[];
  readonly controls: Record<string, (body: any) => unknown>;
  private readonly verify: (req: EmulatorRequest) => Promise<EmulatorResponse | undefined>;
  /** Access key ids of the emulator's own account (every accepted key but the other account's). */
  private readonly knownKeys: Set<string>;
  /** The start option's estate, seeded again at every reset. */
  private readonly estate?: NetworkSeed[];

  constructor(options: WickrEmulatorOptions = {}) {
    this.region = options.region ?? WICKR_TEST_REGION;
    this.store = new WickrStore(this.region, parseVariant(options.variant));
    if (options.estate !== undefined) {
      const problems = estateProblems(options.estate);
      if (problems.length > 0) throw new Error(`estate: ${problems.join("; ")}`);
      this.estate = estateSeeds(options.estate);
      this.store.seedNetworks(this.estate);
    }
    this.routes = wickrRoutes(this.store);
    this.controls = wickrControls(this.store);
    const credentials = options.credentials ?? [{ ...WICKR_TEST_CREDENTIALS }, { ...WICKR_OTHER_ACCOUNT_CREDENTIALS }];
    this.knownKeys = new Set(credentials.map((c) => c.accessKeyId));
    this.verify = createSigV4Verifier({
      region: this.region,
      credentials,
      maxClockSkewSeconds: options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS,
    });
  }

  /** AWS documents its API throttling as token buckets (rate-limit.ts). */
  readonly rateLimitAlgorithm = "token-bucket" as const;

  /**
   * AWS applies a request-rate quota per account and region: the account of the key a request is
   * signed with (an unknown key draws on its own quota, and is refused by authentication anyway).
   */
  rateLimitAccount(req: EmulatorRequest): string {
    const header = req.headers.authorization;
    const signer = typeof header === "string" ? parseAuthorization(header)?.accessKeyId : undefined;
    if (signer === WICKR_OTHER_ACCOUNT_CREDENTIALS.accessKeyId) return WICKR_OTHER_ACCOUNT_ID;
    return signer === undefined || this.knownKeys.has(signer) ? WICKR_TEST_ACCOUNT_ID : `key:${signer}`;
  }

  async authenticate(req: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    const refused = await this.verify(req);
    if (refused) return refused;
    const header = req.headers.authorization;
    const signer = typeof header === "string" ? parseAuthorization(header)?.accessKeyId : undefined;
    return signer === WICKR_OTHER_ACCOUNT_CREDENTIALS.accessKeyId ? this.asOtherAccount(req) : undefined;
  }

  /**
   * The answer to a principal of another account (WICKR_OTHER_ACCOUNT_ID), which owns no network:
   * its ListNetworks lists none; anything else is refused by IAM (403 AccessDeniedException).
   */
  private asOtherAccount(req: EmulatorRequest): EmulatorResponse {
    if (req.operation === "ListNetworks") return { status: 200, body: { networks: [] } };
    const networkId = req.params.networkId;
    const owner = networkId === undefined ? undefined : this.store.snapshot().find((n) => n.networkId === networkId)?.awsAccountId;
    const resource = networkId === undefined ? "*" : `arn:aws:wickr:${this.region}:${owner ?? WICKR_OTHER_ACCOUNT_ID}:network/${networkId}`;
    return accessDeniedResponse(WICKR_OTHER_ACCOUNT_ID, req.operation, resource);
  }

  /**
   * Fault kinds of the Wickr emulator: `html404` (a web server or proxy that is not the API),
   * `unknownOperation` (an AWS front door that serves no such path), `otherAccount` (the request
   * answered as if signed by another account's credentials).
   */
  customFault(rule: FaultRule, req: EmulatorRequest): EmulatorResponse | undefined {
    switch (rule.kind) {
      case "html404":
        return html404Response();
      case "unknownOperation":
        return unknownOperationResponse();
      case "otherAccount":
        return this.asOtherAccount(req);
      default:
        return undefined;
    }
  }

  errorResponse(kind: CoreErrorKind, status: number, message: string, retryAfterSeconds?: number): EmulatorResponse {
    return coreErrorResponse(kind, status, message, retryAfterSeconds);
  }

  reset(): void {
    this.store.reset();
    if (this.estate) this.store.seedNetworks(this.estate);
  }
}
