// The emulator variants the engine suites run against: the likeliest reading of the field
// evidence and two others that, between them, play every other value of every choice
// (emulators/wickr/variants.ts; README, "Choices").
import { DEFAULT_VARIANT, VARIANT_CHOICES } from "../../../emulators/wickr";
import type { WickrVariant } from "../../../emulators/wickr";

export const ENGINE_VARIANTS: Array<[string, Partial<WickrVariant>]> = [
  ["likeliest (default)", {}],
  [
    "both calling keys, complete create answer, pricing-page plan, update-doc numbering, free guest federation, any unchanged member refused, SSO members only in SSO networks, calendar lifetime limits",
    { callingKey: "both", createAnswer: "complete", premiumOnly: "pricing", federationNumbering: "update-doc", guestFederation: "free", unchanged: "any", ssoMembers: "sso-only", lifetimeLimits: "calendar" },
  ],
  ["the model's calling key only, complete create answer", { callingKey: "calling", createAnswer: "complete" }],
];

/** The key an update carries the calling settings under, against a variant (the key the answers show). */
export const sentCallingKey = (variant: Partial<WickrVariant>): "calling" | "CALLING" => ((variant.callingKey ?? "CALLING") === "CALLING" ? "CALLING" : "calling");

/** Every value of every choice appears in ENGINE_VARIANTS (checked by the suites). */
export function uncoveredChoices(): string[] {
  const missing: string[] = [];
  for (const [key, values] of Object.entries(VARIANT_CHOICES) as Array<[keyof WickrVariant, readonly string[]]>) {
    for (const value of values) {
      const covered = ENGINE_VARIANTS.some(([, v]) => (v[key] ?? DEFAULT_VARIANT[key]) === value);
      if (!covered) missing.push(`${key}=${value}`);
    }
  }
  return missing;
}
