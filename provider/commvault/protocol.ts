// How requests to Commvault are authenticated (an `Authtoken` header from POST /Login, or a
// console-issued token) and how its errors read (`errorCode` / `errorMessage`; a refused
// operation may come back as HTTP 200 with a non-zero errorCode).
import type { ParsedError, ServiceProtocol, WireRequest } from "../core/http";
import { HttpClient } from "../core/http";
import { registerSecret, scrub } from "../core/errors";
import type { CommvaultConfig } from "./config";

export function parseCommvaultError(status: number, _headers: Record<string, string>, body: unknown): ParsedError {
  const b = (body && typeof body === "object" ? body : {}) as { errorCode?: unknown; errorMessage?: unknown; errList?: unknown };
  const code = typeof b.errorCode === "number" ? `errorCode ${b.errorCode}` : `HTTP${status}`;
  const message = typeof b.errorMessage === "string" && b.errorMessage !== "" ? b.errorMessage : undefined;
  return { code, message };
}

/** HTTP 200 with a non-zero errorCode is a refusal. */
export function commvaultFailureInSuccess(body: unknown): ParsedError | undefined {
  if (!body || typeof body !== "object") return undefined;
  const code = (body as { errorCode?: unknown }).errorCode;
  if (typeof code === "number" && code !== 0) return parseCommvaultError(200, {}, body);
  return undefined;
}

const base = { service: "commvault", requestIdHeaders: ["x-request-id", "x-amzn-requestid"], parseError: parseCommvaultError, failureInSuccess: commvaultFailureInSuccess };

/** The prefixes a Commvault token is sent with (cvpysdk: `QSDK `, `SAML `, `Bearer `). */
const TOKEN_PREFIXES = ["QSDK ", "SAML ", "Bearer "];

/** A console token as sent: `QSDK ` added when it carries none of the known prefixes, as cvpysdk does. */
export function withTokenPrefix(token: string | undefined): string | undefined {
  const trimmed = token?.trim();
  if (!trimmed) return undefined;
  return TOKEN_PREFIXES.some((p) => trimmed.startsWith(p)) ? trimmed : `QSDK ${trimmed}`;
}

/**
 * The token of a login answer. A refused login may come back as HTTP 200 without a token and
 * the reason in `errList[0].errLogMessage` (what cvpysdk expects): that reason, never a
 * credential, goes into the error.
 */
export function loginToken(body: unknown): string {
  const b = (body && typeof body === "object" ? body : {}) as { token?: unknown; errList?: unknown; errorMessage?: unknown };
  if (typeof b.token === "string" && b.token !== "") return b.token;
  const first = Array.isArray(b.errList) ? (b.errList[0] as { errLogMessage?: unknown; errorCode?: unknown } | undefined) : undefined;
  const reason =
    typeof first?.errLogMessage === "string" && first.errLogMessage !== ""
      ? `${first.errLogMessage}${first.errorCode !== undefined ? ` (errorCode ${String(first.errorCode)})` : ""}`
      : typeof b.errorMessage === "string" && b.errorMessage !== ""
        ? b.errorMessage
        : "the answer carries no token";
  return failLogin(reason);
}

function failLogin(reason: string): never {
  throw new Error(scrub(`Commvault login failed: ${reason}. Check commvault:username and commvault:password (or COMMVAULT_USERNAME / COMMVAULT_PASSWORD).`));
}

/** A login session: logs in once, caches the token, logs in again (once) when it expires. */
export class CommvaultSession {
  private token?: string;
  private pending?: Promise<string>;
  private readonly loginClient: HttpClient;

  constructor(
    private readonly config: CommvaultConfig,
    httpOptions: ConstructorParameters<typeof HttpClient>[1],
  ) {
    this.token = withTokenPrefix(config.token);
    registerSecret(this.token);
    this.loginClient = new HttpClient({ ...base, authorize: async (r: WireRequest) => r }, httpOptions);
  }

  private canLogin(): boolean {
    return this.config.username !== undefined && this.config.password !== undefined;
  }

  private async login(): Promise<string> {
    const res = await this.loginClient.send<unknown>({
      operation: "Login",
      method: "POST",
      path: "/Login",
      body: { username: this.config.username, password: Buffer.from(this.config.password ?? "", "utf8").toString("base64") },
      idempotent: true,
    });
    const token = loginToken(res.body);
    registerSecret(token);
    return token;
  }

  /** The current token, logging in first when there is none. */
  async current(): Promise<string> {
    if (this.token) return this.token;
    if (!this.canLogin()) throw new Error("Commvault: no token and no username/password to log in with");
    this.pending ??= this.login().finally(() => (this.pending = undefined));
    this.token = await this.pending;
    return this.token;
  }

  /**
   * After a 401 of a request that carried `rejected`: a fresh token when username and password
   * allow it. Keyed by the token that failed, so concurrent 401s of one expiry log in once: the
   * first starts the login, the others (their token already replaced, or the login under way)
   * use its token.
   */
  async renew(rejected: string | undefined): Promise<boolean> {
    if (!this.canLogin()) return false;
    if (this.pending) {
      await this.pending;
      return true;
    }
    if (this.token !== undefined && this.token !== rejected) return true; // renewed already
    this.token = undefined;
    await this.current();
    return true;
  }

  protocol(): ServiceProtocol {
    return {
      ...base,
      authorize: async (request: WireRequest) => ({ ...request, headers: { ...request.headers, authtoken: await this.current() } }),
      renewCredentials: (rejected: WireRequest) => this.renew(rejected.headers.authtoken),
    };
  }
}
