// CommvaultUserGroup's inputs: the single source of truth for its types, validation, diff,
// wire mapping (wire.ts maps these names to the update and read shapes) and documentation.
import { z } from "zod";
import { attr, setOf } from "../core/schema";

const INT32_MAX = 2_147_483_647;

/** A reference to a Commvault entity: its name, its id, or both. */
export const referenceSchema = z.union([
  z.string().min(1).describe("The entity's name."),
  z.number().int().min(1).max(INT32_MAX).describe("The entity's id."),
  z
    .strictObject({
      id: z.number().int().min(1).max(INT32_MAX).optional(),
      name: z.string().min(1).optional(),
    })
    .refine((r) => r.id !== undefined || r.name !== undefined, { message: "a reference needs an id or a name" }),
]);

export type Reference = z.output<typeof referenceSchema>;

/** A reference as the wire carries it. */
export interface WireReference {
  id?: number;
  name?: string;
}

export function toWireReference(ref: Reference): WireReference {
  if (typeof ref === "string") return { name: ref };
  if (typeof ref === "number") return { id: ref };
  return { ...(ref.id !== undefined ? { id: ref.id } : {}), ...(ref.name !== undefined ? { name: ref.name } : {}) };
}

/** Two references name the same entity: same id when both have one, else same name (case-insensitive). */
export function sameReference(a: Reference, b: Reference): boolean {
  const x = toWireReference(a);
  const y = toWireReference(b);
  if (x.id !== undefined && y.id !== undefined) return x.id === y.id;
  return x.name !== undefined && y.name !== undefined && x.name.toLowerCase() === y.name.toLowerCase();
}

const referenceSet = (description: string) =>
  setOf(
    referenceSchema,
    {
      same: sameReference,
      sameness: "Commvault compares ids exactly and names case-insensitively",
      sortKey: (r: Reference) => {
        const w = toWireReference(r);
        return w.name !== undefined ? `n:${w.name.toLowerCase()}` : `i:${String(w.id).padStart(10, "0")}`;
      },
    },
    description,
  );

export const CONSOLE_TYPES = ["COMMANDCENTER", "WEBCONSOLE", "COMMCELLCONSOLE", "API", "MOBILE"] as const;
export type ConsoleType = (typeof CONSOLE_TYPES)[number];

/** The company may impose a state the group cannot change (read back, never sent). */
export const DISABLED_AT_COMPANY = "DISABLED_AT_COMPANY";

const onOff = (description: string) =>
  attr(z.enum(["ON", "OFF"], { message: `must be "ON" or "OFF" (${DISABLED_AT_COMPANY} is imposed by the company and cannot be requested)` }).describe(description), {
    imposedValues: [DISABLED_AT_COMPANY],
  });

export const adoptSchema = z
  .union([z.literal("byName"), z.strictObject({ id: z.number().int().min(1).max(INT32_MAX).describe("The id of the group to adopt.") })])
  .describe('Adopt an existing group instead of creating one: "byName" (the group called `name`) or { id }. A change replaces. An adopted group is never deleted.');

export const commvaultUserGroupInputs = z.strictObject({
  name: z.string().min(1).max(255).describe("The group's name (renamed in place)."),
  description: z.string().max(1024).describe("The group's description.").optional(),
  enabled: z.boolean().describe("Whether the group is enabled.").optional(),
  enforceFSQuota: z.boolean().describe("Whether a data quota applies to the group's users.").optional(),
  quotaLimitInGB: z.number().int().min(1).max(INT32_MAX).describe("The quota in GB; only while enforceFSQuota is true.").optional(),
  enableTwoFactorAuthentication: onOff("Two-factor authentication for the group's users.").optional(),
  enableLocalAuthentication: onOff("Local authentication for the group's users.").optional(),
  laptopAdmins: z.boolean().describe("When true, the group's users cannot activate or be set as server owner.").optional(),
  allowMultipleCompanyMembers: z
    .boolean()
    .describe("Allow users and groups of child companies; only for CommCell and reseller company groups.")
    .optional(),
  azureGUID: z.string().describe("Azure AD object id linked to the group for SAML login membership.").optional(),
  laptopPlan: attr(referenceSchema.nullable().describe("The laptop plan (name, id or both); null removes it."), {
    // Either side may be null (no plan) or absent (a state recorded before the first read).
    same: (a: Reference | null | undefined, b: Reference | null | undefined) =>
      a === null || a === undefined || b === null || b === undefined ? (a ?? null) === (b ?? null) : sameReference(a, b),
  }).optional(),
  users: referenceSet("Member users (a set of names, ids or {id, name}).").optional(),
  associatedExternalGroups: referenceSet("Associated external (directory) groups (a set).").optional(),
  associatedLocalGroups: referenceSet("Associated local user groups (a set).").optional(),
  restrictConsoleTypes: setOf(
    z.enum(CONSOLE_TYPES),
    { same: (a: ConsoleType, b: ConsoleType) => a === b, sortKey: (c: ConsoleType) => c },
    "Consoles the group's users may not use (a set).",
  ).optional(),
  doNotInheritRestrictConsoleTypes: z.boolean().describe("Do not inherit the parent's console restrictions.").optional(),
  adopt: attr(adoptSchema, { replaceOnChange: true }).optional(),
});

export type CommvaultUserGroupInputs = z.input<typeof commvaultUserGroupInputs>;
