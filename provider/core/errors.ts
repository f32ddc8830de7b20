// The one error type for a failed service call, and the scrubber that keeps known secret
// values out of every message the provider produces.

/** Values that must never appear in a message: registered by the config layer. */
const secretValues = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secretValues.add(value);
}

/** Replaces every registered secret value (and its base64 form) in a text. */
export function scrub(text: string): string {
  let out = text;
  for (const secret of secretValues) {
    for (const form of [secret, Buffer.from(secret, "utf8").toString("base64")]) {
      if (out.includes(form)) out = out.split(form).join("[redacted]");
    }
  }
  return out;
}

export interface ServiceErrorDetails {
  service: string;
  operation: string;
  /** HTTP status; 0 when no answer came (connection failure or timeout). */
  status: number;
  /** The service's own error code or type (`ValidationError`, `errorCode 2`, `ECONNRESET`). */
  code?: string;
  /** The service's own message. */
  serviceMessage?: string;
  requestId?: string;
  /** Field-level reasons the service gave (Wickr's ValidationError `reasons`). */
  reasons?: Array<{ field?: string; reason?: string }>;
}

/**
 * A failed call to a service. It carries what a person needs to act on the failure and
 * never a credential, a header value or a request body.
 */
export class ServiceError extends Error implements ServiceErrorDetails {
  readonly service: string;
  readonly operation: string;
  readonly status: number;
  readonly code?: string;
  readonly serviceMessage?: string;
  readonly requestId?: string;
  readonly reasons?: Array<{ field?: string; reason?: string }>;

  constructor(details: ServiceErrorDetails) {
    super(scrub(formatServiceError(details)));
    this.name = "ServiceError";
    this.service = details.service;
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code === undefined ? undefined : scrub(details.code);
    this.serviceMessage = details.serviceMessage === undefined ? undefined : scrub(details.serviceMessage);
    this.requestId = details.requestId === undefined ? undefined : scrub(details.requestId);
    this.reasons = details.reasons?.map((r) => ({ field: r.field, reason: r.reason && scrub(r.reason) }));
  }
}

function formatServiceError(d: ServiceErrorDetails): string {
  const status = d.status === 0 ? "no answer" : `HTTP ${d.status}`;
  const parts = [`${d.service} ${d.operation} failed: ${status}`];
  if (d.code) parts.push(d.code);
  let text = parts.join(" ");
  if (d.serviceMessage) text += `: ${d.serviceMessage}`;
  if (d.reasons?.length) {
    text += ` (${d.reasons.map((r) => `${r.field ?? "?"}: ${r.reason ?? "invalid"}`).join("; ")})`;
  }
  if (d.requestId) text += ` [request id ${d.requestId}]`;
  return text;
}

/** Input that breaks a rule, found before any call. `path` is the property path. */
export interface InputProblem {
  path: string;
  reason: string;
}

/** Bad input for a resource: names the resource and every offending property path. */
export class InputError extends Error {
  constructor(
    readonly resource: string,
    readonly problems: InputProblem[],
  ) {
    super(scrub(`${resource} has invalid input:\n` + problems.map((p) => `  - ${p.path}: ${p.reason}`).join("\n")));
    this.name = "InputError";
  }
}
