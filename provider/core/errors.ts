// The one error type for a failed service call, and the scrubber that keeps known secret
// values out of every message the provider produces.

/**
 * Scrubbing rule. Every registered secret is known in every form it can take on the way to a
 * message: as given, trimmed, without an auth prefix (`QSDK `, `SAML `, `Bearer `, `Basic `),
 * base64, URL-encoded and JSON-escaped. A form of 4 characters or more is replaced wherever it
 * appears. A shorter form (a 1-3 character password) would mangle ordinary text if replaced
 * everywhere, so it is replaced only as a whole token (not part of a longer run of letters and
 * digits): anywhere when it holds a digit or a symbol (no word of a message looks so), and, when
 * it is letters only (it could be a word such as "a" or "to"), where a value is printed: quoted
 * (`"ab"`, `'ab'`, `` `ab` ``) or after `:` or `=`. No secret is refused for being short.
 */
const secretForms = new Set<string>();

const AUTH_PREFIXES = /^(?:QSDK|SAML|Bearer|Basic)\s+/i;

/** Every form of `value` a message might carry (see the rule above). */
export function secretFormsOf(value: string): string[] {
  const bases = new Set<string>();
  for (const v of [value, value.trim()]) {
    bases.add(v);
    bases.add(v.replace(AUTH_PREFIXES, "").trim());
  }
  const forms = new Set<string>();
  for (const b of bases) {
    if (b === "") continue;
    forms.add(b);
    forms.add(Buffer.from(b, "utf8").toString("base64"));
    forms.add(Buffer.from(b, "utf8").toString("base64").replace(/=+$/, ""));
    forms.add(encodeURIComponent(b));
    forms.add(JSON.stringify(b).slice(1, -1));
  }
  forms.delete("");
  return [...forms];
}

export function registerSecret(value: string | undefined): void {
  if (typeof value !== "string") return;
  for (const form of secretFormsOf(value)) secretForms.add(form);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const WORD = "\\p{L}\\p{N}";

/** The pattern a short form is replaced at (see the rule above). */
function shortFormPattern(form: string): RegExp {
  const body = escapeRegExp(form);
  if (/[^\p{L}]/u.test(form)) return new RegExp(`(?<![${WORD}])${body}(?![${WORD}])`, "gu");
  return new RegExp(`(?<=["'\`]|[:=]\\s?)${body}(?![${WORD}])|(?<![${WORD}])${body}(?=["'\`])`, "gu");
}

/** Replaces every registered secret value, in each of its forms, in a text. */
export function scrub(text: string): string {
  let out = text;
  // Longest first: a form that contains another is replaced whole.
  for (const form of [...secretForms].sort((a, b) => b.length - a.length)) {
    if (!out.includes(form)) continue;
    out = form.length >= 4 ? out.split(form).join("[redacted]") : out.replace(shortFormPattern(form), "[redacted]");
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
