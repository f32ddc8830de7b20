// One function per Commvault call the resource uses, and the listings that resolve member
// references (the calls and answer shapes of Commvault's Python SDK, cvpysdk: V4_USERS,
// USERGROUPS, PLANS).
import { z } from "zod";
import { readAnswer as readCore } from "../core/answer";
import type { HttpClient } from "../core/http";

/**
 * An id as the service gives it: a number, or a numeric string (the published read schema and
 * the Terraform provider's read type); always a positive integer here.
 */
export const idSchema = z
  .union([z.number(), z.string().regex(/^[0-9]+$/, "expected a numeric id")])
  .transform(Number)
  .pipe(z.number().int().positive());

const groupWire = z.looseObject({ id: idSchema, name: z.string() });
export type UserGroupWire = z.output<typeof groupWire> & Record<string, unknown>;

export interface NamedId {
  id: number;
  name: string;
}

/** The answer of a commvault operation, read tolerantly (core/answer.ts). */
function readAnswer<S extends z.ZodType>(schema: S, body: unknown, operation: string): z.output<S> {
  return readCore("commvault", operation, schema, body);
}

async function get<S extends z.ZodType>(http: HttpClient, operation: string, path: string, schema: S): Promise<z.output<S>> {
  const res = await http.send({ operation, method: "GET", path, idempotent: true });
  return readAnswer(schema, res.body, operation);
}

export async function listUserGroups(http: HttpClient): Promise<NamedId[]> {
  return (await get(http, "ListUserGroups", "/V4/UserGroup", z.object({ userGroups: z.array(groupWire).optional() }))).userGroups ?? [];
}

/** `GET /V4/User`: `{users: [{id, name}]}` (cvpysdk `_get_v4_users`). */
export async function listUsers(http: HttpClient): Promise<NamedId[]> {
  const schema = z.object({ users: z.array(z.looseObject({ id: idSchema, name: z.string() })).optional() });
  return (await get(http, "ListUsers", "/V4/User", schema)).users ?? [];
}

/**
 * `GET /UserGroup?includeSystemCreated=true`: every user group of the CommServe, external
 * (directory) groups by their `DOMAIN\name`, as `{userGroups: [{userGroupEntity: {userGroupId,
 * userGroupName}}]}` (cvpysdk USERGROUPS). With `includeSystemCreated: false`, without the groups
 * the CommServe made itself (master, View All, ...).
 */
export async function listAllUserGroups(http: HttpClient, options: { includeSystemCreated: boolean } = { includeSystemCreated: true }): Promise<NamedId[]> {
  const entity = z.looseObject({ userGroupEntity: z.looseObject({ userGroupId: idSchema, userGroupName: z.string() }) });
  const query = { includeSystemCreated: String(options.includeSystemCreated) };
  const res = await http.send({ operation: "ListAllUserGroups", method: "GET", path: "/UserGroup", query, idempotent: true });
  const groups = readAnswer(z.object({ userGroups: z.array(entity).optional() }), res.body, "ListAllUserGroups").userGroups ?? [];
  return groups.map((g) => ({ id: g.userGroupEntity.userGroupId, name: g.userGroupEntity.userGroupName }));
}

/** `GET /V2/Plan`: `{plans: [{plan: {planId, planName}}]}` (cvpysdk PLANS). */
export async function listPlans(http: HttpClient): Promise<NamedId[]> {
  const entry = z.looseObject({ plan: z.looseObject({ planId: idSchema, planName: z.string() }) });
  const plans = (await get(http, "ListPlans", "/V2/Plan", z.object({ plans: z.array(entry).optional() }))).plans ?? [];
  return plans.map((p) => ({ id: p.plan.planId, name: p.plan.planName }));
}

export async function createUserGroup(http: HttpClient, body: Record<string, unknown>): Promise<NamedId> {
  // Not idempotent: a failure without an answer is resolved by the caller (create.ts).
  const res = await http.send({ operation: "CreateUserGroup", method: "POST", path: "/V4/UserGroup", body, idempotent: false });
  return readAnswer(groupWire, res.body, "CreateUserGroup");
}

export async function getUserGroup(http: HttpClient, id: number): Promise<UserGroupWire> {
  // With additional properties, as the Terraform provider always reads: the member lists and
  // console types are not known to come without it.
  const res = await http.send({
    operation: "GetUserGroup",
    method: "GET",
    path: `/V4/UserGroup/${id}`,
    query: { additionalproperties: "true" },
    idempotent: true,
  });
  return readAnswer(groupWire, res.body, "GetUserGroup") as UserGroupWire;
}

export async function updateUserGroup(http: HttpClient, id: number, body: Record<string, unknown>): Promise<void> {
  // ADD, DELETE and OVERWRITE of the same members twice end the same: safe to retry.
  await http.send({ operation: "UpdateUserGroup", method: "PUT", path: `/V4/UserGroup/${id}`, body, idempotent: true });
}

export async function deleteUserGroup(http: HttpClient, id: number): Promise<void> {
  await http.send({ operation: "DeleteUserGroup", method: "DELETE", path: `/V4/UserGroup/${id}`, idempotent: true });
}
