// The service's HTTP calls, relative to the base path.
import type { EmulatorRequest, EmulatorResponse, Route } from "../core/server";
import { credentialsMatch, type LoginCredentials, requestToken, type SessionStore } from "./credentials";
import type { Directory } from "./directory";
import { CommvaultErrorCode, INVALID_CREDENTIALS_MESSAGE, Refused, badRequest, invalidCredentials, notFound, success } from "./errors";
import { createSchema, loginSchema, parse, seedCreateSchema, updateSchema, updateSchemaUsersOverwrite } from "./schemas";
import { readShape, summary, type UserGroup, type UserGroupStore } from "./store";
import type { CommvaultVariants, VariantSettings } from "./variants";
import { applyCreate, applyUpdate } from "./update";

export interface RouteContext {
  directory: Directory;
  store: UserGroupStore;
  sessions: SessionStore;
  variants: VariantSettings;
  /** The login POST /Login accepts. */
  credentials: LoginCredentials;
}

/** Members the read carries only with `?additionalproperties=true` (variant membersNeedAdditionalProperties). */
const MEMBER_LISTS = ["users", "associatedExternalGroups", "associatedLocalGroups", "restrictedConsoleTypes"] as const;

/** `GET /V4/UserGroup/{id}` as the variants shape it: the id's type, the additional properties. */
function readAnswer(group: UserGroup, req: EmulatorRequest, variants: Readonly<CommvaultVariants>): Record<string, unknown> {
  const additional = req.query.get("additionalproperties")?.toLowerCase() === "true";
  const shape: Record<string, unknown> = { ...readShape(group), id: variants.readId === "string" ? String(group.id) : group.id };
  if (additional) {
    // Members the Terraform provider reads that the seed does not name.
    Object.assign(shape, { globalConfigInfo: { scopeFilterQuery: "", applyOnAllCommCells: false }, multiCommcellUserGroupSyncType: "NONE" });
  } else if (variants.membersNeedAdditionalProperties) {
    for (const member of MEMBER_LISTS) delete shape[member];
  }
  return shape;
}

/** A failed login, as the variant answers it. */
function loginRefused(variants: Readonly<CommvaultVariants>): EmulatorResponse {
  if (variants.loginFailure === "http401") return invalidCredentials();
  return { status: 200, body: { errList: [{ errorCode: CommvaultErrorCode.invalidCredentials, errLogMessage: INVALID_CREDENTIALS_MESSAGE }] } };
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** The `{userGroupId}` path parameter as an int32, or a 400 answer. */
function groupId(req: EmulatorRequest): number | EmulatorResponse {
  const raw = req.params.userGroupId;
  const id = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(id) || id < INT32_MIN || id > INT32_MAX) {
    return badRequest(`Invalid path parameter 'userGroupId': "${raw}" is not an int32`);
  }
  return id;
}

/** Runs rule-checked logic; a refusal becomes HTTP 200 with its errorCode. */
function refusable(run: () => EmulatorResponse): EmulatorResponse {
  try {
    return run();
  } catch (err) {
    if (err instanceof Refused) return err.toResponse();
    throw err;
  }
}

export function createRoutes(ctx: RouteContext): Route[] {
  return [
    {
      method: "POST",
      pattern: "/Login",
      operation: "Login",
      handle(req) {
        const body = parse(loginSchema, req.body);
        if (!body.ok) return badRequest(body.message);
        const { username, password } = body.value;
        if (!credentialsMatch(username, password, ctx.credentials)) return loginRefused(ctx.variants.value);
        return {
          status: 200,
          body: {
            token: ctx.sessions.issue(username),
            userName: username,
            aliasName: "1",
            userGUID: "9F2A6C1E-0B7D-4E58-A3C4-000000000001",
            loginAttempts: 0,
            remainingLockTime: 0,
            providerType: 1,
            ccn: 0,
            errList: [],
          },
        };
      },
    },
    {
      method: "POST",
      pattern: "/Logout",
      operation: "Logout",
      handle(req) {
        const token = requestToken(req.headers);
        if (token !== undefined) ctx.sessions.revoke(token);
        return success();
      },
    },
    {
      method: "GET",
      pattern: "/V4/UserGroup",
      operation: "ListUserGroups",
      handle() {
        return { status: 200, body: { userGroups: ctx.store.all().map(summary) } };
      },
    },
    // The listings a client resolves member references with (cvpysdk: V4_USERS, USERGROUPS, PLANS).
    {
      method: "GET",
      pattern: "/V4/User",
      operation: "ListUsers",
      handle() {
        return { status: 200, body: { users: [...ctx.directory.users.values()].map((u) => ({ id: u.id, name: u.name })) } };
      },
    },
    {
      method: "GET",
      pattern: "/UserGroup",
      operation: "ListAllUserGroups",
      handle(req) {
        // The user groups of the CommServe, local and external ("DOMAIN\\name"), in the legacy
        // shape; `includeSystemCreated=false` leaves out those the CommServe made itself (cvpysdk's
        // USERGROUPS passes the flag either way; without it, all are listed here).
        const entity = (g: { id: number; name: string }) => ({ userGroupEntity: { userGroupId: g.id, userGroupName: g.name } });
        const withSystem = req.query.get("includeSystemCreated")?.toLowerCase() !== "false";
        const local = ctx.store.all().filter((g) => withSystem || !ctx.store.isSystemCreated(g.id));
        return { status: 200, body: { userGroups: [...local, ...ctx.directory.externalGroups.values()].map(entity) } };
      },
    },
    {
      method: "GET",
      pattern: "/V2/Plan",
      operation: "ListPlans",
      handle() {
        return { status: 200, body: { plans: [...ctx.directory.plans.values()].map((p) => ({ plan: { planId: p.id, planName: p.name } })) } };
      },
    },
    {
      method: "POST",
      pattern: "/V4/UserGroup",
      operation: "CreateUserGroup",
      handle(req) {
        const createBody = ctx.variants.value.createBody;
        const body = parse(createBody === "seed" ? seedCreateSchema : createSchema, req.body);
        if (!body.ok) return badRequest(body.message);
        const taken = createBody === "ignored" ? { ...body.value, localUserGroups: undefined } : body.value;
        return refusable(() => {
          const group = applyCreate(taken, { directory: ctx.directory, store: ctx.store, variants: ctx.variants.value });
          ctx.store.put(group);
          return { status: 200, body: { id: group.id, name: group.name } };
        });
      },
    },
    {
      method: "GET",
      pattern: "/V4/UserGroup/:userGroupId",
      operation: "GetUserGroup",
      handle(req) {
        const id = groupId(req);
        if (typeof id !== "number") return id;
        const group = ctx.store.get(id);
        return group ? { status: 200, body: readAnswer(group, req, ctx.variants.value) } : notFound();
      },
    },
    {
      method: "PUT",
      pattern: "/V4/UserGroup/:userGroupId",
      operation: "UpdateUserGroup",
      handle(req) {
        const id = groupId(req);
        if (typeof id !== "number") return id;
        const body = parse(ctx.variants.value.usersOverwrite ? updateSchemaUsersOverwrite : updateSchema, req.body);
        if (!body.ok) return badRequest(body.message);
        const group = ctx.store.get(id);
        if (!group) return notFound();
        return refusable(() => {
          ctx.store.put(applyUpdate(group, body.value, { ...ctx, variants: ctx.variants.value }));
          return success();
        });
      },
    },
    {
      method: "DELETE",
      pattern: "/V4/UserGroup/:userGroupId",
      operation: "DeleteUserGroup",
      handle(req) {
        const id = groupId(req);
        if (typeof id !== "number") return id;
        return ctx.store.delete(id) ? success() : notFound();
      },
    },
  ];
}
