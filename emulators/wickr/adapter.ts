// The Wickr admin API as a ServiceAdapter for the emulator core: routes, SigV4 authentication,
// the service's error shapes and the test controls, over one WickrStore.
import type { CoreErrorKind, EmulatorRequest, EmulatorResponse, Route, ServiceAdapter } from "../core/server";
import { wickrControls } from "./controls";
import { DEFAULT_MAX_CLOCK_SKEW_SECONDS, WICKR_TEST_CREDENTIALS, WICKR_TEST_REGION, WickrCredentials } from "./credentials";
import { coreErrorResponse } from "./errors";
import { wickrRoutes } from "./routes";
import { createSigV4Verifier } from "./sigv4";
import { WickrStore } from "./store";
import { parseVariant, WickrVariant } from "./variants";

export interface WickrEmulatorOptions {
  /** Region the emulator serves and requires in the credential scope (default us-east-1). */
  region?: string;
  /** Accepted key pairs (default: WICKR_TEST_CREDENTIALS). */
  credentials?: WickrCredentials[];
  /** Largest accepted x-amz-date skew (default 300 s). */
  maxClockSkewSeconds?: number;
  /** The reading of the field evidence to play where it leaves a choice open (variants.ts; default DEFAULT_VARIANT). */
  variant?: Partial<WickrVariant>;
}

export class WickrAdapter implements ServiceAdapter {
  readonly name = "wickr";
  readonly basePath = "";
  readonly region: string;
  readonly store: WickrStore;
  readonly routes: Route[];
  readonly controls: Record<string, (body: any) => unknown>;
  private readonly verify: (req: EmulatorRequest) => Promise<EmulatorResponse | undefined>;

  constructor(options: WickrEmulatorOptions = {}) {
    this.region = options.region ?? WICKR_TEST_REGION;
    this.store = new WickrStore(this.region, parseVariant(options.variant));
    this.routes = wickrRoutes(this.store);
    this.controls = wickrControls(this.store);
    this.verify = createSigV4Verifier({
      region: this.region,
      credentials: options.credentials ?? [{ ...WICKR_TEST_CREDENTIALS }],
      maxClockSkewSeconds: options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS,
    });
  }

  authenticate(req: EmulatorRequest): Promise<EmulatorResponse | undefined> {
    return this.verify(req);
  }

  errorResponse(kind: CoreErrorKind, status: number, message: string, retryAfterSeconds?: number): EmulatorResponse {
    return coreErrorResponse(kind, status, message, retryAfterSeconds);
  }

  reset(): void {
    this.store.reset();
  }
}
