// One function per Wickr operation the resource uses (the AWS SDK v3 pattern): each builds
// its request, sends it and reads the answer tolerantly (unknown members kept, wrong types
// refused with a clear error).
import { z } from "zod";
import { readAnswer as readCore } from "../core/answer";
import type { HttpClient } from "../core/http";

const securityGroupWire = z.looseObject({
  id: z.string(),
  name: z.string(),
  isDefault: z.boolean().optional(),
  activeMembers: z.number().optional(),
  botMembers: z.number().optional(),
  modified: z.number().optional(),
  activeDirectoryGuid: z.string().optional(),
  securityGroupSettings: z.record(z.string(), z.unknown()).optional(),
});

export type SecurityGroupWire = z.output<typeof securityGroupWire>;

const networkWire = z.looseObject({
  networkId: z.string(),
  networkName: z.string().optional(),
  accessLevel: z.string().optional(),
});

export type NetworkWire = z.output<typeof networkWire> & Record<string, unknown>;

/** The answer of a wickr operation, read tolerantly (core/answer.ts). */
function readAnswer<S extends z.ZodType>(schema: S, body: unknown, operation: string): z.output<S> {
  return readCore("wickr", operation, schema, body);
}

const groupPath = (networkId: string, groupId: string) =>
  `/networks/${encodeURIComponent(networkId)}/security-groups/${encodeURIComponent(groupId)}`;

export interface CreateSecurityGroupInput {
  networkId: string;
  name: string;
  securityGroupSettings: Record<string, unknown>;
  clientToken: string;
}

export async function createSecurityGroup(http: HttpClient, input: CreateSecurityGroupInput): Promise<SecurityGroupWire> {
  const res = await http.send({
    operation: "CreateSecurityGroup",
    method: "POST",
    path: `/networks/${encodeURIComponent(input.networkId)}/security-groups`,
    headers: { "x-client-token": input.clientToken },
    body: { name: input.name, securityGroupSettings: input.securityGroupSettings },
    // The client token makes a repeated create return the same group.
    idempotent: true,
  });
  return readAnswer(z.object({ securityGroup: securityGroupWire }), res.body, "CreateSecurityGroup").securityGroup;
}

export async function getSecurityGroup(http: HttpClient, networkId: string, groupId: string): Promise<SecurityGroupWire> {
  const res = await http.send({ operation: "GetSecurityGroup", method: "GET", path: groupPath(networkId, groupId), idempotent: true });
  return readAnswer(z.object({ securityGroup: securityGroupWire }), res.body, "GetSecurityGroup").securityGroup;
}

export interface UpdateSecurityGroupInput {
  networkId: string;
  groupId: string;
  name?: string;
  securityGroupSettings?: Record<string, unknown>;
}

export async function updateSecurityGroup(http: HttpClient, input: UpdateSecurityGroupInput): Promise<SecurityGroupWire> {
  const body: Record<string, unknown> = {};
  if (input.name !== undefined) body.name = input.name;
  if (input.securityGroupSettings !== undefined) body.securityGroupSettings = input.securityGroupSettings;
  const res = await http.send({ operation: "UpdateSecurityGroup", method: "PATCH", path: groupPath(input.networkId, input.groupId), body, idempotent: true });
  return readAnswer(z.object({ securityGroup: securityGroupWire }), res.body, "UpdateSecurityGroup").securityGroup;
}

export async function deleteSecurityGroup(http: HttpClient, networkId: string, groupId: string): Promise<void> {
  await http.send({ operation: "DeleteSecurityGroup", method: "DELETE", path: groupPath(networkId, groupId), idempotent: true });
}

/** Every item of a List operation, following nextToken (100 a page). */
async function listAll<S extends z.ZodType>(http: HttpClient, operation: string, path: string, itemsKey: string, item: S): Promise<Array<z.output<S>>> {
  const items: Array<z.output<S>> = [];
  const pageSchema = z.object({ [itemsKey]: z.array(item).optional(), nextToken: z.string().optional() });
  let nextToken: string | undefined;
  do {
    const res = await http.send({ operation, method: "GET", path, query: { maxResults: 100, nextToken }, idempotent: true });
    const page = readAnswer(pageSchema, res.body, operation) as Record<string, unknown>;
    items.push(...((page[itemsKey] as Array<z.output<S>> | undefined) ?? []));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken);
  return items;
}

/** Every group of a network. */
export function listSecurityGroups(http: HttpClient, networkId: string): Promise<SecurityGroupWire[]> {
  return listAll(http, "ListSecurityGroups", `/networks/${encodeURIComponent(networkId)}/security-groups`, "securityGroups", securityGroupWire);
}

/** Every network of the account (ListNetworks hides a network as soon as its deletion starts). */
export async function listNetworks(http: HttpClient): Promise<NetworkWire[]> {
  return (await listAll(http, "ListNetworks", "/networks", "networks", networkWire)) as NetworkWire[];
}

export async function getNetwork(http: HttpClient, networkId: string): Promise<NetworkWire> {
  const res = await http.send({ operation: "GetNetwork", method: "GET", path: `/networks/${encodeURIComponent(networkId)}`, idempotent: true });
  return readAnswer(networkWire, res.body, "GetNetwork") as NetworkWire;
}
