// The Wickr admin API's error shapes (restJson1): the shape name goes in `X-Amzn-Errortype`, the
// body is `{message}` or, for ValidationError, `{message, reasons:[{field, reason}]}`. Also the
// 403 answers an AWS front door gives before a request reaches the service (SigV4 refusals).
import type { CoreErrorKind, EmulatorResponse } from "../core/server";

export type WickrErrorType =
  | "BadRequestError"
  | "UnauthorizedError"
  | "ForbiddenError"
  | "ResourceNotFoundError"
  | "ValidationError"
  | "RateLimitError"
  | "InternalServerError";

/** `@httpError` of each error shape in the model. */
export const ERROR_STATUS: Readonly<Record<WickrErrorType, number>> = {
  BadRequestError: 400,
  UnauthorizedError: 401,
  ForbiddenError: 403,
  ResourceNotFoundError: 404,
  ValidationError: 422,
  RateLimitError: 429,
  InternalServerError: 500,
};

/** One entry of ValidationError.reasons (the model's ErrorDetail). */
export interface Reason {
  field: string;
  reason: string;
}

export const ERROR_TYPE_HEADER = "x-amzn-errortype";

export const NETWORK_NOT_FOUND = "Network not found";
export const GROUP_NOT_FOUND = "Security group not found";

/** A failure a handler throws; the route layer turns it into the service's error answer. */
export class WickrApiError extends Error {
  constructor(
    readonly type: WickrErrorType,
    message: string,
    readonly reasons?: Reason[],
    readonly status: number = ERROR_STATUS[type],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = type;
  }

  static validation(reasons: Reason[]): WickrApiError {
    return new WickrApiError("ValidationError", validationMessage(reasons), reasons);
  }

  static notFound(message: string): WickrApiError {
    return new WickrApiError("ResourceNotFoundError", message);
  }

  static badRequest(message: string): WickrApiError {
    return new WickrApiError("BadRequestError", message);
  }
}

/** A one-line summary of validation reasons, used as the ValidationError message. */
export function validationMessage(reasons: Reason[]): string {
  const n = reasons.length;
  const list = reasons.map((r) => `${r.field}: ${r.reason}`).join("; ");
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${list}`;
}

export function errorResponse(err: WickrApiError): EmulatorResponse {
  const headers: Record<string, string> = { [ERROR_TYPE_HEADER]: err.type };
  if (err.retryAfterSeconds !== undefined) headers["retry-after"] = String(err.retryAfterSeconds);
  const body: Record<string, unknown> = { message: err.message };
  if (err.reasons) body.reasons = err.reasons.map((r) => ({ field: r.field, reason: r.reason }));
  return { status: err.status, headers, body };
}

/** The Wickr shape of an error the emulator core produces (faults, rate limit, no route, bad JSON). */
export function coreErrorResponse(
  kind: CoreErrorKind,
  status: number,
  message: string,
  retryAfterSeconds?: number,
): EmulatorResponse {
  switch (kind) {
    case "internal":
      return errorResponse(new WickrApiError("InternalServerError", message, undefined, status >= 500 ? status : 500));
    case "unavailable":
      return errorResponse(new WickrApiError("InternalServerError", message, undefined, 503));
    case "rateLimit":
      return errorResponse(
        new WickrApiError("RateLimitError", message || "Too many requests sent", undefined, 429, retryAfterSeconds ?? 1),
      );
    case "notFound":
      // A path the API does not serve never reaches the service: the AWS front door answers it.
      return unknownOperationResponse();
    case "badRequest":
      return errorResponse(new WickrApiError("BadRequestError", message));
  }
}

/** The error types an AWS front door answers with when SigV4 authentication fails. */
export type AwsAuthErrorType =
  | "MissingAuthenticationTokenException"
  | "IncompleteSignatureException"
  | "UnrecognizedClientException"
  | "InvalidSignatureException";

/** A SigV4 refusal as an AWS front door sends it: 403, error type header, `{message}`. */
export function authErrorResponse(type: AwsAuthErrorType, message: string): EmulatorResponse {
  return { status: 403, headers: { [ERROR_TYPE_HEADER]: type }, body: { message } };
}

/**
 * What an AWS front door answers for a path no operation of the API serves (a wrong
 * `wickr:endpoint` path, an AWS_ENDPOINT_URL meant for another service): 404 with the error type
 * `UnknownOperationException` and no message (as AWS restJson services answer; not observed on
 * Wickr itself).
 */
export function unknownOperationResponse(): EmulatorResponse {
  return { status: 404, headers: { [ERROR_TYPE_HEADER]: "UnknownOperationException" }, body: { message: null } };
}

/** What a web server or proxy that is not the API answers for a path it does not know: 404 with an HTML page. */
export function html404Response(): EmulatorResponse {
  return {
    status: 404,
    headers: { "content-type": "text/html; charset=utf-8" },
    body: "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>",
  };
}

/**
 * IAM's refusal of a principal of another account acting on a network it does not own: 403
 * `AccessDeniedException` naming the principal, the action and the resource.
 */
export function accessDeniedResponse(accountId: string, operation: string, resource: string): EmulatorResponse {
  return {
    status: 403,
    headers: { [ERROR_TYPE_HEADER]: "AccessDeniedException" },
    body: { message: `User: arn:aws:iam::${accountId}:user/emulator-other is not authorized to perform: wickr:${operation} on resource: ${resource}` },
  };
}
