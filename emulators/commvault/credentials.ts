// Who may log in, and the session tokens the emulator has issued.
import { randomBytes } from "node:crypto";

export const COMMVAULT_TEST_CREDENTIALS = {
  username: "admin",
  password: "commvault-emulator-password-0001",
} as const;

/** A console-issued long-lived access token: always valid, never expired or logged out. */
export const COMMVAULT_TEST_ACCESS_TOKEN = "QSDK emulator-long-lived-access-token-0001";

/** The password as the client must send it: base64 of the UTF-8 bytes. */
export function decodeBase64Password(encoded: string): string | undefined {
  const trimmed = encoded.trim();
  if (trimmed === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || trimmed.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(trimmed, "base64");
  if (bytes.toString("base64") !== trimmed) return undefined;
  return bytes.toString("utf8");
}

/** The username and password the emulator accepts (a start option; the test credentials by default). */
export interface LoginCredentials {
  username: string;
  password: string;
}

export function credentialsMatch(username: string, encodedPassword: string, accepted: LoginCredentials = COMMVAULT_TEST_CREDENTIALS): boolean {
  return username === accepted.username && decodeBase64Password(encodedPassword) === accepted.password;
}

interface Session {
  userName: string;
  expiresAt: number;
}

/** Session tokens from POST /Login; they expire a fixed time after login (no sliding renewal). */
export class SessionStore {
  private sessions = new Map<string, Session>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(userName: string): string {
    const token = `QSDK ${randomBytes(32).toString("hex")}`;
    this.sessions.set(token, { userName, expiresAt: this.now() + this.ttlSeconds * 1000 });
    return token;
  }

  isValid(token: string | undefined): boolean {
    if (token === undefined) return false;
    if (token === COMMVAULT_TEST_ACCESS_TOKEN) return true;
    const session = this.sessions.get(token);
    return session !== undefined && this.now() < session.expiresAt;
  }

  /** Ends a session. The long-lived access token cannot be logged out. */
  revoke(token: string): void {
    this.sessions.delete(token);
  }

  /** Expires one session now; the long-lived access token is not affected. */
  expire(token: string): void {
    const session = this.sessions.get(token);
    if (session) session.expiresAt = Math.min(session.expiresAt, this.now());
  }

  /** Expires every issued session now; returns how many were still valid. */
  expireAll(): number {
    let count = 0;
    const now = this.now();
    for (const session of this.sessions.values()) {
      if (session.expiresAt > now) count += 1;
      session.expiresAt = Math.min(session.expiresAt, now);
    }
    return count;
  }

  clear(): void {
    this.sessions.clear();
  }
}

/** The `Authtoken` header of a request, if any. */
export function requestToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers["authtoken"];
  const token = Array.isArray(value) ? value[0] : value;
  return token === undefined || token === "" ? undefined : token;
}
