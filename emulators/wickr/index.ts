// The AWS Wickr admin API emulator (security groups and networks): a real HTTP server on the
// shared emulator core. `createWickrEmulator().listen()` starts it; clients sign requests with
// WICKR_TEST_CREDENTIALS for WICKR_TEST_REGION (service `wickr`).
import { EmulatorServer } from "../core/server";
import { WickrAdapter, WickrEmulatorOptions } from "./adapter";

export { WickrAdapter } from "./adapter";
export type { WickrEmulatorOptions } from "./adapter";
export {
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  WICKR_OTHER_ACCOUNT_CREDENTIALS,
  WICKR_OTHER_ACCOUNT_ID,
  WICKR_SIGNING_SERVICE,
  WICKR_TEST_ACCOUNT_ID,
  WICKR_TEST_CREDENTIALS,
  WICKR_TEST_REGION,
} from "./credentials";
export type { WickrCredentials } from "./credentials";
export { ERROR_STATUS } from "./errors";
export type { Reason, WickrErrorType } from "./errors";
export {
  CREATE_SETTING_NAMES,
  DEFAULT_SECURITY_GROUP_SETTINGS,
  defaultSecurityGroupSettings,
  DEFAULT_FEDERATION_MODE,
  FEDERATION_MODE_VALUES,
  MAX_AUTO_DOWNLOAD_SIZES,
  SETTING_NAMES,
  SHREDDER_INTENSITIES,
  SSO_DEFAULT_SETTINGS_EXTRA,
} from "./settings";
export type { SecurityGroupSettings } from "./settings";
export { DEFAULT_GROUP_ID, DEFAULT_NETWORK_ID, MAX_GROUPS_PER_NETWORK, SSO_DEFAULT_GROUP_ID, SSO_NETWORK_ID, STANDARD_LOCKOUT_FLOOR } from "./store";
export { DEFAULT_VARIANT, MESSAGE_LIFETIME_SETTINGS, messageLifetimeLimit, OBSERVED_PREMIUM_ONLY, PRICING_PREMIUM_ONLY, VARIANT_CHOICES } from "./variants";
export type { WickrVariant } from "./variants";
export { estateNetworkIds, estateSeeds, type WickrEstate } from "./estate";
export type { GroupSeed, Network, NetworkSeed, SecurityGroup } from "./store";

/** A Wickr emulator, not yet listening: call `.listen()` (port 0 by default) to start it. */
export function createWickrEmulator(options: WickrEmulatorOptions = {}): EmulatorServer {
  return new EmulatorServer(new WickrAdapter(options));
}
