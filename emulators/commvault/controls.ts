// Test controls (`POST /__emulator/<name>`): seed, drift, delete-group, expire-tokens, state.
// They bypass authentication and the business rules; only the shape is checked.
import type { SessionStore } from "./credentials";
import type { Company, Directory, NamedRef } from "./directory";
import { driftSchema, idBodySchema, parseOrThrow, seedSchema, type ReadShapeChanges, type SeedGroup } from "./schemas";
import { defaultGroup, readShape, type UserGroup, type UserGroupStore } from "./store";
import { variantsSchema, type VariantSettings } from "./variants";
import { estateGroups, estateProblems, type CommvaultEstate } from "./estate";

export interface ControlContext {
  directory: Directory;
  store: UserGroupStore;
  sessions: SessionStore;
  variants: VariantSettings;
}

/** Applies read-shape changes to a group; `plan: null` removes the plan. */
function applyChanges(group: UserGroup, changes: ReadShapeChanges): void {
  const { plan, ...rest } = changes;
  Object.assign(group, structuredClone(rest));
  if (plan === null) delete group.plan;
  else if (plan !== undefined) group.plan = { ...plan };
}

function seedGroup(ctx: ControlContext, seed: SeedGroup): UserGroup {
  const { id, company: companyRef, systemCreated, ...fields } = seed;
  const existing = ctx.store.get(id);
  const companyId = companyRef?.id ?? existing?.company.id ?? 0;
  const known = ctx.directory.company(companyId);
  const name = companyRef?.name ?? known?.name;
  if (name === undefined) throw new Error(`seed: company ${companyId} is not in the directory; give its name`);
  const company: Company = known ?? {
    id: companyId,
    name,
    eligibleToAllowMultipleCompanyMembers: false,
    disableTwoFactorAuthentication: false,
    disableLocalAuthentication: false,
  };
  const group = defaultGroup(id, fields.name ?? existing?.name ?? `group-${id}`, company);
  group.company = { id: companyId, name };
  applyChanges(group, fields);
  ctx.store.put(group);
  if (systemCreated !== undefined) ctx.store.setSystemCreated(id, systemCreated);
  return group;
}

function state(ctx: ControlContext) {
  return { userGroups: ctx.store.all().map(readShape), directory: ctx.directory.snapshot() };
}

export function createControls(ctx: ControlContext): Record<string, (body: any) => unknown> {
  return {
    /** Adds or replaces directory entries and groups (a group is rebuilt from defaults + the given fields). */
    seed(body: unknown) {
      const seed = parseOrThrow(seedSchema, body, "seed");
      const put = <T extends NamedRef>(map: Map<number, T>, items: T[] | undefined) => {
        for (const item of items ?? []) map.set(item.id, { ...item });
      };
      put(ctx.directory.users, seed.users);
      put(ctx.directory.externalGroups, seed.externalGroups);
      put(ctx.directory.plans, seed.plans);
      for (const c of seed.companies ?? []) {
        ctx.directory.companies.set(c.id, {
          id: c.id,
          name: c.name,
          eligibleToAllowMultipleCompanyMembers: c.eligibleToAllowMultipleCompanyMembers ?? false,
          disableTwoFactorAuthentication: c.disableTwoFactorAuthentication ?? false,
          disableLocalAuthentication: c.disableLocalAuthentication ?? false,
        });
      }
      for (const g of seed.userGroups ?? []) seedGroup(ctx, g);
      return state(ctx);
    },

    /** `{userGroups, firstId?}`: adds or replaces that many generated user groups in one go (estate.ts); answers the counts. */
    "seed-estate"(body: unknown) {
      const problems = estateProblems(body);
      if (problems.length > 0) throw new Error(`seed-estate: ${problems.join("; ")}`);
      const groups = estateGroups(body as CommvaultEstate);
      for (const g of groups) ctx.store.put(g);
      return { userGroups: groups.length, firstId: groups[0].id, lastId: groups[groups.length - 1].id };
    },

    /** A person's edit in the Command Center: any read-shape field but id; answers the read shape. */
    drift(body: unknown) {
      const { id, changes } = parseOrThrow(driftSchema, body, "drift");
      const group = ctx.store.get(id);
      if (!group) throw new Error(`drift: no user group with id ${id}`);
      applyChanges(group, changes);
      return readShape(group);
    },

    "delete-group"(body: unknown) {
      const { id } = parseOrThrow(idBodySchema, body, "delete-group");
      return { deleted: ctx.store.delete(id) };
    },

    /** Every issued session token expires now; the long-lived access token stays valid. */
    "expire-tokens"() {
      return { expired: ctx.sessions.expireAll() };
    },

    state() {
      return state(ctx);
    },

    /** Plays other readings of the open questions (variants.ts) until the next reset; answers them all. */
    variants(body: unknown) {
      return ctx.variants.set(parseOrThrow(variantsSchema.partial(), body, "variants"));
    },
  };
}
