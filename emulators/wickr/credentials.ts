// The emulator's fixed test identity: the access key pair it accepts by default, the region it
// serves and the SigV4 signing name of the Wickr admin API.

export interface WickrCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The key pair the emulator accepts unless it is given others. Not a real AWS key. */
export const WICKR_TEST_CREDENTIALS: Readonly<WickrCredentials> = Object.freeze({
  accessKeyId: "AKIAWICKREMULATOR001",
  secretAccessKey: "wickr-emulator-secret-access-key-0001",
});

/** The region the emulator serves unless told otherwise. */
export const WICKR_TEST_REGION = "us-east-1";

/** SigV4 signing name (credential-scope service) of the Wickr admin API (`aws.auth#sigv4` name). */
export const WICKR_SIGNING_SERVICE = "wickr";

/** Largest accepted difference between `x-amz-date` and the emulator's clock, as AWS allows. */
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;

/** The AWS account the emulated networks belong to (it appears in network ARNs). */
export const WICKR_TEST_ACCOUNT_ID = "123456789012";

/**
 * A second key pair the emulator accepts by default: an IAM user of another AWS account
 * (WICKR_OTHER_ACCOUNT_ID) that owns no Wickr network. Its ListNetworks lists none, and every
 * other request is refused with 403 AccessDeniedException, as IAM refuses a principal acting on
 * another account's resource: what a wrong AWS_PROFILE gets. Not a real AWS key.
 */
export const WICKR_OTHER_ACCOUNT_CREDENTIALS: Readonly<WickrCredentials> = Object.freeze({
  accessKeyId: "AKIAWICKROTHERACCT01",
  secretAccessKey: "wickr-emulator-other-account-secret-0001",
});

/** The account the other key pair belongs to. */
export const WICKR_OTHER_ACCOUNT_ID = "210987654321";
