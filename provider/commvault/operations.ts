// One function per Commvault user-group call the resource uses.
import { z } from "zod";
import { readAnswer as readCore } from "../core/answer";
import type { HttpClient } from "../core/http";

const groupWire = z.looseObject({ id: z.number(), name: z.string() });
export type UserGroupWire = z.output<typeof groupWire> & Record<string, unknown>;

/** The answer of a commvault operation, read tolerantly (core/answer.ts). */
function readAnswer<S extends z.ZodType>(schema: S, body: unknown, operation: string): z.output<S> {
  return readCore("commvault", operation, schema, body);
}

export async function listUserGroups(http: HttpClient): Promise<Array<{ id: number; name: string }>> {
  const res = await http.send({ operation: "ListUserGroups", method: "GET", path: "/V4/UserGroup", idempotent: true });
  return readAnswer(z.object({ userGroups: z.array(groupWire).optional() }), res.body, "ListUserGroups").userGroups ?? [];
}

export async function createUserGroup(http: HttpClient, body: Record<string, unknown>): Promise<{ id: number; name: string }> {
  // Not idempotent: a failure without an answer is resolved by the caller (adopt by name).
  const res = await http.send({ operation: "CreateUserGroup", method: "POST", path: "/V4/UserGroup", body, idempotent: false });
  return readAnswer(groupWire, res.body, "CreateUserGroup");
}

export async function getUserGroup(http: HttpClient, id: number): Promise<UserGroupWire> {
  const res = await http.send({ operation: "GetUserGroup", method: "GET", path: `/V4/UserGroup/${id}`, idempotent: true });
  return readAnswer(groupWire, res.body, "GetUserGroup") as UserGroupWire;
}

export async function updateUserGroup(http: HttpClient, id: number, body: Record<string, unknown>): Promise<void> {
  // ADD, DELETE and OVERWRITE of the same members twice end the same: safe to retry.
  await http.send({ operation: "UpdateUserGroup", method: "PUT", path: `/V4/UserGroup/${id}`, body, idempotent: true });
}

export async function deleteUserGroup(http: HttpClient, id: number): Promise<void> {
  await http.send({ operation: "DeleteUserGroup", method: "DELETE", path: `/V4/UserGroup/${id}`, idempotent: true });
}
