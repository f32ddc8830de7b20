// Where the evidence on real CommServes leaves a choice open, the emulator plays each reading
// (a start option, or the `variants` control); the defaults are the likeliest readings. The
// README's "Choices" section gives the evidence for each.
import { z } from "zod";

export const variantsSchema = z.strictObject({
  /**
   * `id` in `GET /V4/UserGroup/{id}`: "string" as the published "get user group details" schema
   * and the Terraform provider's read type give it (default), or "number" as the seed shows it.
   */
  readId: z.enum(["string", "number"]),
  /** Member lists and console types in the read only with `?additionalproperties=true` (not known; default false). */
  membersNeedAdditionalProperties: z.boolean(),
  /**
   * A failed login: "errList200" (HTTP 200, no token, the reason in `errList[0].errLogMessage`,
   * what cvpysdk expects; default) or "http401" (`errorCode` / `errorMessage`).
   */
  loginFailure: z.enum(["errList200", "http401"]),
  /** A member or plan reference without an id is refused (the Terraform provider always sends ids; default false, as the seed allows names). */
  referencesNeedId: z.boolean(),
  /** `userOperationType: OVERWRITE` is accepted (the Terraform provider sends it; the seed forbids it; default false). */
  usersOverwrite: z.boolean(),
  /**
   * How a laptop plan is switched: "addReplaces" (an ADD of another plan replaces it; default)
   * or "deleteFirst" (an ADD is refused while the group has another plan).
   */
  planSwitch: z.enum(["addReplaces", "deleteFirst"]),
});

export type CommvaultVariants = z.infer<typeof variantsSchema>;

export const DEFAULT_VARIANTS: CommvaultVariants = {
  readId: "string",
  membersNeedAdditionalProperties: false,
  loginFailure: "errList200",
  referencesNeedId: false,
  usersOverwrite: false,
  planSwitch: "addReplaces",
};

/** Every variant that differs from the default, one at a time: what the engine suite runs against. */
export const VARIANT_SETS: ReadonlyArray<{ name: string; variants: Partial<CommvaultVariants> }> = [
  { name: "defaults", variants: {} },
  { name: "numeric ids, members only with additionalproperties", variants: { readId: "number", membersNeedAdditionalProperties: true } },
  { name: "ids required, users OVERWRITE, plan DELETE before ADD, login 401", variants: { referencesNeedId: true, usersOverwrite: true, planSwitch: "deleteFirst", loginFailure: "http401" } },
];

/** The variants a server plays now: its start options, changed by the `variants` control until a reset. */
export class VariantSettings {
  private current: CommvaultVariants;

  constructor(private readonly start: CommvaultVariants) {
    this.current = { ...start };
  }

  get value(): Readonly<CommvaultVariants> {
    return this.current;
  }

  set(changes: Partial<CommvaultVariants>): CommvaultVariants {
    this.current = { ...this.current, ...changes };
    return { ...this.current };
  }

  reset(): void {
    this.current = { ...this.start };
  }
}

/** Start options with the defaults filled in (unknown or mistyped options refused). */
export function variantsFrom(options: Partial<CommvaultVariants> | undefined): CommvaultVariants {
  return variantsSchema.parse({ ...DEFAULT_VARIANTS, ...options });
}
