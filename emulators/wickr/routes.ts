// The Wickr admin API operations the emulator serves (restJson1), one route each, named by the
// model's operation names (they appear in the request log). Input checks run first and report
// every bad member; then lookups (404); then the cross-field rules on the merged settings.
import type { EmulatorRequest, EmulatorResponse, Route } from "../core/server";
import { errorResponse, WickrApiError } from "./errors";
import { page, parsePageRequest } from "./pagination";
import type { SecurityGroupSettings } from "./settings";
import type { Network, SecurityGroup, WickrStore } from "./store";
import {
  checkBodyMembers,
  checkClientToken,
  checkName,
  checkNetworkIdParam,
  checkSettings,
  isPlainObject,
  parseGroupChange,
} from "./validation";
import { createAnswer, groupAnswer, settingsFromRequest } from "./wire";

const ok = (body: unknown): EmulatorResponse => ({ status: 200, body });

/** What a request about a network that has vanished gets (observed): 401 with an HTML page, not JSON. */
const VANISHED_NETWORK: EmulatorResponse = {
  status: 401,
  headers: { "content-type": "text/html; charset=utf-8" },
  body: "<html><head><title>401 Authorization Required</title></head><body><h1>401 Authorization Required</h1></body></html>",
};

/** Runs a handler; a thrown WickrApiError becomes the service's error answer. */
function handled(store: WickrStore, fn: (req: EmulatorRequest) => EmulatorResponse): (req: EmulatorRequest) => EmulatorResponse {
  return (req) => {
    if (req.params.networkId !== undefined && store.phaseOf(req.params.networkId) === "gone") return VANISHED_NETWORK;
    try {
      return fn(req);
    } catch (err) {
      if (err instanceof WickrApiError) return errorResponse(err);
      throw err;
    }
  };
}

function networkIdOf(req: EmulatorRequest): string {
  const reasons = checkNetworkIdParam(req.params.networkId ?? "");
  if (reasons.length > 0) throw WickrApiError.validation(reasons);
  return req.params.networkId;
}

/** The request body as an object ({} when empty); ValidationError when it is another JSON value. */
function bodyObject(req: EmulatorRequest): Record<string, unknown> {
  if (req.body === undefined) return {};
  if (!isPlainObject(req.body)) {
    throw WickrApiError.validation([{ field: "body", reason: "the request body must be a JSON object" }]);
  }
  return req.body;
}

function headerOf(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

const groupSortKey = (g: SecurityGroup, field: string) => (field === "name" ? g.name : g.id);
const networkSortKey = (n: Network, field: string) => (field === "networkName" ? n.networkName : n.networkId);

export function wickrRoutes(store: WickrStore): Route[] {
  return [
    {
      method: "POST",
      pattern: "/networks/:networkId/security-groups",
      operation: "CreateSecurityGroup",
      handle: handled(store, (req) => {
        const networkId = networkIdOf(req);
        const body = bodyObject(req);
        const clientToken = headerOf(req, "x-client-token");
        const reasons = [
          ...checkBodyMembers(body, ["name", "securityGroupSettings"], "CreateSecurityGroupRequest"),
          ...checkName(body.name, true),
          ...checkClientToken(clientToken),
        ];
        let settings: SecurityGroupSettings = {};
        if (body.securityGroupSettings === undefined) {
          reasons.push({ field: "securityGroupSettings", reason: "securityGroupSettings is required" });
        } else {
          const check = checkSettings(settingsFromRequest(body.securityGroupSettings, store.variant, "create"), "SecurityGroupSettingsRequest");
          reasons.push(...check.reasons);
          settings = check.settings;
        }
        if (reasons.length > 0) throw WickrApiError.validation(reasons);
        return ok({ securityGroup: createAnswer(store.createGroup(networkId, body.name as string, settings, clientToken), store.variant) });
      }),
    },
    {
      method: "GET",
      pattern: "/networks/:networkId/security-groups/:groupId",
      operation: "GetSecurityGroup",
      handle: handled(store, (req) => ok({ securityGroup: groupAnswer(store.getGroup(networkIdOf(req), req.params.groupId), store.variant) })),
    },
    {
      method: "PATCH",
      pattern: "/networks/:networkId/security-groups/:groupId",
      operation: "UpdateSecurityGroup",
      handle: handled(store, (req) => {
        const networkId = networkIdOf(req);
        const body = bodyObject(req);
        const settings = settingsFromRequest(body.securityGroupSettings, store.variant, "update");
        const change = parseGroupChange(settings === undefined ? body : { ...body, securityGroupSettings: settings });
        return ok({ securityGroup: groupAnswer(store.updateGroup(networkId, req.params.groupId, change), store.variant) });
      }),
    },
    {
      method: "DELETE",
      pattern: "/networks/:networkId/security-groups/:groupId",
      operation: "DeleteSecurityGroup",
      handle: handled(store, (req) => {
        const networkId = networkIdOf(req);
        store.deleteGroup(networkId, req.params.groupId);
        return ok({ message: "success", networkId, groupId: req.params.groupId });
      }),
    },
    {
      method: "GET",
      pattern: "/networks/:networkId/security-groups",
      operation: "ListSecurityGroups",
      handle: handled(store, (req) => {
        const networkId = networkIdOf(req);
        const request = parsePageRequest(req.query, ["id", "name"], "id");
        const result = page(store.listGroups(networkId), request, groupSortKey, (g) => g.id);
        const items = result.items.map((g) => groupAnswer(g, store.variant));
        return ok(result.nextToken ? { securityGroups: items, nextToken: result.nextToken } : { securityGroups: items });
      }),
    },
    {
      method: "GET",
      pattern: "/networks/:networkId",
      operation: "GetNetwork",
      handle: handled(store, (req) => ok(store.getNetwork(networkIdOf(req)))),
    },
    {
      method: "GET",
      pattern: "/networks",
      operation: "ListNetworks",
      handle: handled(store, (req) => {
        const request = parsePageRequest(req.query, ["networkId", "networkName"], "networkId");
        const result = page(store.listNetworks(), request, networkSortKey, (n) => n.networkId);
        return ok(result.nextToken ? { networks: result.items, nextToken: result.nextToken } : { networks: result.items });
      }),
    },
  ];
}
