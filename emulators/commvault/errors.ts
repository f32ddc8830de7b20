// Commvault's error shape `{errorCode, errorMessage}` and the codes the emulator answers with.
// Malformed input is an HTTP error; a refused business operation is HTTP 200 with a non-zero
// errorCode, as Commvault answers it.
import type { EmulatorResponse } from "../core/server";

/** The errorCode values the emulator uses (non-zero means failure). */
export const CommvaultErrorCode = {
  /** 401: the Authtoken is missing, unknown, logged out or expired. */
  accessDenied: 1,
  /** 200: the default of an injected `errorCode` fault. */
  injected: 2,
  /** 401: POST /Login with a wrong username or password. */
  invalidCredentials: 5,
  /** 400: malformed input (wrong JSON type, enum value, unknown member, bad id). */
  badRequest: 6,
  /** 404: unknown user group id (an unknown route answers an HTML page instead). */
  notFound: 7,
  /** 500 (injected). */
  internal: 8,
  /** 503 (injected). */
  unavailable: 9,
  /** 429 (injected or rate limit). */
  rateLimited: 10,
  /** 200: DISABLED_AT_COMPANY sent, or 2FA / local auth changed on a group whose company disables it. */
  disabledAtCompany: 20,
  /** 200: a user / external group / local group / plan reference that does not resolve. */
  unknownReference: 21,
  /** 200: the name is already used by another user group (case-insensitive). */
  duplicateName: 22,
  /** 200: allowMultipleCompanyMembers true on a group that is not eligible. */
  multipleCompanyMembersNotAllowed: 23,
  /** 200: quotaLimitInGB while the quota is not enforced, or below 1. */
  invalidQuota: 24,
  /** 200: a group listed as its own associated local group. */
  selfReference: 25,
  /** 200: planOperationType DELETE with a plan that is not the group's laptop plan. */
  planNotAssociated: 26,
  /** 200: a reference without an id, on a server that needs ids (variant referencesNeedId). */
  referenceNeedsId: 27,
  /** 200: an ADD of a laptop plan while the group has another (variant planSwitch "deleteFirst"). */
  planAlreadyAssociated: 28,
} as const;

export interface CommvaultErrorBody {
  errorCode: number;
  errorMessage: string;
}

export const ACCESS_DENIED_MESSAGE = "Access denied: the token is missing, unknown or expired";
export const INVALID_CREDENTIALS_MESSAGE = "Invalid username or password";
export const GROUP_NOT_FOUND_MESSAGE = "User group not found";

export function errorBody(errorCode: number, errorMessage: string): CommvaultErrorBody {
  return { errorCode, errorMessage };
}

/** `{"errorMessage":"","errorCode":0}`: the success answer of update and delete. */
export function success(): EmulatorResponse {
  return { status: 200, body: { errorMessage: "", errorCode: 0 } };
}

/** A refused operation: HTTP 200 with a non-zero errorCode. */
export function refusal(errorCode: number, errorMessage: string): EmulatorResponse {
  return { status: 200, body: errorBody(errorCode, errorMessage) };
}

export function badRequest(errorMessage: string): EmulatorResponse {
  return { status: 400, body: errorBody(CommvaultErrorCode.badRequest, errorMessage) };
}

export function notFound(errorMessage = GROUP_NOT_FOUND_MESSAGE): EmulatorResponse {
  return { status: 404, body: errorBody(CommvaultErrorCode.notFound, errorMessage) };
}

/**
 * A path outside the API's routes: the servlet container's HTML 404 page, not Commvault's JSON
 * error (what a mistyped `commvault:url` or a proxy in front of the wrong host gets).
 */
export function routeNotFound(detail: string): EmulatorResponse {
  const escaped = detail.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return {
    status: 404,
    headers: { "content-type": "text/html;charset=utf-8" },
    body: `<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1><p><b>Message</b> ${escaped}</p></body></html>`,
  };
}

export function accessDenied(): EmulatorResponse {
  return { status: 401, body: errorBody(CommvaultErrorCode.accessDenied, ACCESS_DENIED_MESSAGE) };
}

export function invalidCredentials(): EmulatorResponse {
  return { status: 401, body: errorBody(CommvaultErrorCode.invalidCredentials, INVALID_CREDENTIALS_MESSAGE) };
}

/** Thrown by the update and create logic for a business refusal; the route turns it into a 200. */
export class Refused extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }

  toResponse(): EmulatorResponse {
    return refusal(this.errorCode, this.message);
  }
}
