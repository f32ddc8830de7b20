// Commvault provider configuration: stack config `commvault:*` with COMMVAULT_* environment
// fallbacks. The password and token are secrets: read here, never stored or shown.
import { ConfigSource, readBooleanSetting, readHttpOptions, readSetting } from "../core/config";

export interface CommvaultConfig {
  url: string;
  username?: string;
  password?: string;
  token?: string;
  /**
   * Names of user groups whose create an interrupted `pulumi up` may have made: a create of such
   * a group that finds the name taken takes that group over as its own (with a warning naming
   * it) and finishes it, instead of failing. Set for the run after an interruption only. Nothing
   * on the CommServe shows which create made a group, so each group must be named: `*` is refused.
   */
  resumeCreates: string[];
  /** The server accepts `userOperationType: OVERWRITE` (the Terraform provider sends it; the seed forbids it). Default false. */
  usersOverwrite?: boolean;
  http: ReturnType<typeof readHttpOptions>;
}

export function readCommvaultConfig(source: ConfigSource): CommvaultConfig {
  const url = readSetting(source, { key: "commvault:url", env: ["COMMVAULT_URL"] });
  const username = readSetting(source, { key: "commvault:username", env: ["COMMVAULT_USERNAME"] });
  const password = readSetting(source, { key: "commvault:password", env: ["COMMVAULT_PASSWORD"], secret: true });
  const token = readSetting(source, { key: "commvault:token", env: ["COMMVAULT_TOKEN"], secret: true });
  if (!url) throw new Error("Commvault: no API URL configured; set `pulumi config set commvault:url https://<commserve>/commandcenter/api` or COMMVAULT_URL.");
  if (!token && !(username && password)) {
    throw new Error("Commvault: no credentials configured; set commvault:username and commvault:password (--secret), or commvault:token (--secret).");
  }
  const resume = readSetting(source, { key: "commvault:resumeCreates", env: ["COMMVAULT_RESUME_CREATES"] }) ?? "";
  const resumeCreates = resume
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (resumeCreates.includes("*")) {
    throw new Error(
      'Commvault: commvault:resumeCreates (or COMMVAULT_RESUME_CREATES) is "*", which would take over any user group whose name a create finds taken, ' +
        "even one made by hand. Nothing on the CommServe shows which create made a group, so name each group an interrupted `pulumi up` made " +
        "(comma-separated), for one `pulumi up`, then remove the setting.",
    );
  }
  const usersOverwrite = readBooleanSetting(source, { key: "commvault:usersOverwrite", env: ["COMMVAULT_USERS_OVERWRITE"] }) ?? false;
  return { url, username, password, token, resumeCreates, usersOverwrite, http: readHttpOptions(source, "commvault", "COMMVAULT") };
}
