// The shapes of request bodies and control bodies, and error messages that name the member.
import { z } from "zod";
import { ADD_DELETE, ADD_DELETE_OVERWRITE, AUTH_SETTINGS, CONSOLE_TYPES } from "./enums";
import { OPERATION_MEMBERS } from "./mapping";

const nonEmptyString = z.string().min(1, "must not be empty");

/** `{id?, name?}`: at least one of them; an empty name counts as absent. */
export const referenceSchema = z
  .strictObject({ id: z.int32().optional(), name: z.string().optional() })
  .refine((r) => r.id !== undefined || (r.name !== undefined && r.name !== ""), {
    message: "a reference needs an id or a name",
  });

export const loginSchema = z.object({ username: z.string(), password: z.string() });

/** The create body the seed documents (a server that takes nothing more: the `createBody: "seed"` variant). */
export const seedCreateSchema = z.strictObject({
  name: nonEmptyString,
  description: z.string().optional(),
  enforceFSQuota: z.boolean().optional(),
  quotaLimitInGB: z.int32().optional(),
});
/** The create body Commvault's published "create user group" page lists: also local groups and global config. */
export const createSchema = seedCreateSchema.extend({
  localUserGroups: z.array(referenceSchema).optional(),
  globalConfigInfo: z.record(z.string(), z.unknown()).optional(),
});
export type CreateBody = z.infer<typeof createSchema>;

/** The update body; `usersOverwrite`: the server accepts OVERWRITE for users (a variant). */
const makeUpdateSchema = (usersOverwrite: boolean) => z
  .strictObject({
    newName: nonEmptyString.optional(),
    newDescription: z.string().optional(),
    laptopPlan: referenceSchema.optional(),
    planOperationType: z.enum(ADD_DELETE).optional(),
    enabled: z.boolean().optional(),
    enforceFSQuota: z.boolean().optional(),
    quotaLimitInGB: z.int32().optional(),
    enableTwoFactorAuthentication: z.enum(AUTH_SETTINGS).optional(),
    enableLocalAuthentication: z.enum(AUTH_SETTINGS).optional(),
    associatedExternalGroups: z.array(referenceSchema).optional(),
    externalUserGroupsOperationType: z.enum(ADD_DELETE_OVERWRITE).optional(),
    laptopAdmins: z.boolean().optional(),
    associatedLocalGroups: z.array(referenceSchema).optional(),
    localUserGroupsOperationType: z.enum(ADD_DELETE_OVERWRITE).optional(),
    users: z.array(referenceSchema).optional(),
    userOperationType: z.enum(usersOverwrite ? ADD_DELETE_OVERWRITE : ADD_DELETE).optional(),
    allowMultipleCompanyMembers: z.boolean().optional(),
    doNotInheritRestrictConsoleTypes: z.boolean().optional(),
    consoleTypeOperationType: z.enum(ADD_DELETE_OVERWRITE).optional(),
    restrictConsoleTypes: z.strictObject({ consoleType: z.array(z.enum(CONSOLE_TYPES)) }).optional(),
    azureGUID: z.string().optional(),
  })
  .superRefine((body, ctx) => {
    const members = body as Record<string, unknown>;
    for (const { operation, list } of OPERATION_MEMBERS) {
      if (members[operation] !== undefined && members[list] === undefined) {
        ctx.addIssue({ code: "custom", path: [operation], message: `sent without ${list}` });
      }
    }
  });
export const updateSchema = makeUpdateSchema(false);
export const updateSchemaUsersOverwrite = makeUpdateSchema(true);
export type UpdateBody = z.infer<typeof updateSchemaUsersOverwrite>;

// ---- test controls: the read shape, partially -------------------------------------------

const namedRefSchema = z.strictObject({ id: z.int32(), name: nonEmptyString });

/** Read-shape fields a drift may change (every one but `id`); `plan: null` removes the plan. */
export const readShapeChangesSchema = z
  .strictObject({
    name: nonEmptyString,
    description: z.string(),
    enabled: z.boolean(),
    enforceFSQuota: z.boolean(),
    quotaLimitInGB: z.int32(),
    enableTwoFactorAuthentication: z.enum(AUTH_SETTINGS),
    enableLocalAuthentication: z.enum(AUTH_SETTINGS),
    laptopAdmins: z.boolean(),
    allowMultipleCompanyMembers: z.boolean(),
    eligibleToAllowMultipleCompanyMembers: z.boolean(),
    users: z.array(namedRefSchema),
    associatedExternalGroups: z.array(namedRefSchema),
    associatedLocalGroups: z.array(namedRefSchema),
    restrictedConsoleTypes: z.array(z.strictObject({ consoleType: z.enum(CONSOLE_TYPES) })),
    doNotInheritRestrictConsoleTypes: z.boolean(),
    azureGUID: z.string(),
    showAzureGuidOption: z.boolean(),
    plan: namedRefSchema.nullable(),
    company: namedRefSchema,
    GUID: z.string(),
    email: z.string(),
    serviceType: z.string(),
    associatedEntities: z.array(z.record(z.string(), z.unknown())),
  })
  .partial();
export type ReadShapeChanges = z.infer<typeof readShapeChangesSchema>;

export const driftSchema = z.strictObject({ id: z.int32(), changes: readShapeChangesSchema });

const seedCompanySchema = z.strictObject({
  id: z.int32(),
  name: nonEmptyString,
  eligibleToAllowMultipleCompanyMembers: z.boolean().optional(),
  disableTwoFactorAuthentication: z.boolean().optional(),
  disableLocalAuthentication: z.boolean().optional(),
});

/** A seeded group: an id and any read-shape fields; `company` may give only its id. */
const seedGroupSchema = readShapeChangesSchema.extend({
  id: z.int32(),
  /** Made by the CommServe itself (listed by `GET /UserGroup` only with includeSystemCreated=true). */
  systemCreated: z.boolean().optional(),
  company: z.strictObject({ id: z.int32(), name: nonEmptyString.optional() }).optional(),
});
export type SeedGroup = z.infer<typeof seedGroupSchema>;

export const seedSchema = z.strictObject({
  users: z.array(namedRefSchema).optional(),
  externalGroups: z.array(namedRefSchema).optional(),
  plans: z.array(namedRefSchema).optional(),
  companies: z.array(seedCompanySchema).optional(),
  userGroups: z.array(seedGroupSchema).optional(),
});
export type SeedBody = z.infer<typeof seedSchema>;

export const idBodySchema = z.strictObject({ id: z.int32() });

// ---- parsing ----------------------------------------------------------------------------

function memberPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** One message for all issues, each naming its member (`users[0].id`). */
export function describeIssues(error: z.ZodError): string {
  const parts: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) parts.push(`Unknown member '${memberPath([...issue.path, key])}'`);
    } else if (issue.path.length === 0) {
      parts.push(`The request body is invalid: ${issue.message}`);
    } else {
      parts.push(`Invalid member '${memberPath(issue.path)}': ${issue.message}`);
    }
  }
  return parts.join("; ");
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parse<T>(schema: z.ZodType<T>, value: unknown): Parsed<T> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: describeIssues(result.error) };
}

/** For the test controls: the parsed body, or an Error the core answers with 400. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = parse(schema, value);
  if (!parsed.ok) throw new Error(`${what}: ${parsed.message}`);
  return parsed.value;
}
