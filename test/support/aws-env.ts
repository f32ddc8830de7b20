// The AWS environment of a test that signs its Wickr calls with the emulator's key pair: the
// key pair, and nothing from the machine's own AWS set-up (profile, session token, config and
// credential files), which the credential chain would otherwise read.
import { WICKR_TEST_CREDENTIALS } from "../../emulators/wickr";

export const NO_MACHINE_AWS: Record<string, string> = {
  AWS_PROFILE: "",
  AWS_SESSION_TOKEN: "",
  AWS_CONFIG_FILE: "/nonexistent",
  AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
};

/** The emulator's key pair and no machine AWS set-up. */
export function isolatedAwsEnv(): Record<string, string> {
  return { AWS_ACCESS_KEY_ID: WICKR_TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: WICKR_TEST_CREDENTIALS.secretAccessKey, ...NO_MACHINE_AWS };
}
