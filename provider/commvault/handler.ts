// The service calls behind CommvaultUserGroup: create (POST, then at most one PUT) or
// adopt, read, update (as few PUTs as the API allows), delete.
import { type ConfigSource, retryOptions } from "../core/config";
import { Change, diffDeclared } from "../core/diff";
import { InputProblem, scrub, ServiceError } from "../core/errors";
import { Previous, Props, ResourceHandler, settingsShape, Snapshot } from "../core/definition";
import { HttpClient } from "../core/http";
import { metaOf } from "../core/schema";
import { readCommvaultConfig } from "./config";
import { commvaultUserGroupDefinition as def } from "./definition";
import * as ops from "./operations";
import { CommvaultSession } from "./protocol";
import { CREATE_FIELDS, emptyGroupView, extrasFromWire, planPuts, PutBody, viewFromWire } from "./wire";

const shape = settingsShape(def);

/** `CommvaultUserGroup "ops-team" (id 7)`: how messages name the group. */
function groupLabel(name: unknown, id?: number | string): string {
  return `${def.typeName} ${JSON.stringify(String(name ?? "?"))}${id === undefined ? "" : ` (id ${id})`}`;
}

/** What a failed PUT left behind, given its place among the planned PUTs. */
type PutOutcome = (index: number, total: number, refused: boolean) => string;

/**
 * Commvault checks a PUT as a whole before applying it, so a refused (HTTP 200 with an
 * errorCode) first PUT changed nothing; a failed second PUT comes after the first was applied.
 */
const updateOutcome: PutOutcome = (index, total, refused) =>
  index === 0
    ? `${refused ? "nothing was changed; " : ""}the state keeps the previous values`
    : `the first ${index} of ${total} requests were applied; run \`pulumi refresh\` to record them`;

/**
 * A value the company imposes (DISABLED_AT_COMPANY) on a setting the program manages: the
 * declared value cannot apply, so it makes no diff (schema `imposedValues`); say so once per
 * operation, on the provider's diagnostic stream, rather than fight it.
 */
function reportImposed(snapshot: Snapshot, managed: (key: string) => boolean): void {
  const company = (snapshot.extras.company as { name?: string } | undefined)?.name;
  for (const [key, schema] of Object.entries(shape)) {
    const imposed = metaOf(schema).imposedValues;
    const value = snapshot.view[key];
    if (!imposed?.includes(value as never) || !managed(key)) continue;
    console.error(
      scrub(
        `warning: ${groupLabel(snapshot.view.name, snapshot.id)}: ${key} is ${String(value)}, imposed by company ` +
          `${JSON.stringify(company ?? "?")}; a declared value is not applied and makes no diff while the company imposes it.`,
      ),
    );
  }
}

/** A failed PUT while finishing an interrupted create: the group stays for the next try. */
const resumeOutcome: PutOutcome = () => "the group stays as it is; the next `pulumi up` with resumeCreates continues from there";

/**
 * A create refused because the name is taken: say which group holds it, how to tell whether an
 * interrupted run made it, and the two ways on.
 */
function nameTakenError(name: string, holderId: number, cause: ServiceError): Error {
  return new Error(
    `${groupLabel(name)}: a user group with this name already exists (id ${holderId}); the create was refused (${cause.message}). ` +
      `If an interrupted \`pulumi up\` made it (the next \`pulumi up\` warns of a pending create of this resource), ` +
      `let the next run finish that create: set \`commvault:resumeCreates\` (or COMMVAULT_RESUME_CREATES) to ${JSON.stringify(name)} ` +
      `for one \`pulumi up\`, then run \`pulumi refresh --clear-pending-creates\`. ` +
      `To manage a group made outside this program, declare it with adopt: "byName" instead.`,
  );
}

const isNotFound = (err: unknown) => err instanceof ServiceError && err.status === 404;
/** A create that got no clear answer may or may not have happened. */
/** How often an unanswered create is sent again (after checking it did not happen). */
const MAX_CREATE_ATTEMPTS = 4;
const isAmbiguous = (err: unknown) => err instanceof ServiceError && (err.status === 0 || err.status >= 500);

function parseId(id: string): number {
  const n = Number(id);
  if (!Number.isInteger(n) || n < 1) throw new Error(`CommvaultUserGroup: the id "${id}" is not a user-group id (a positive integer)`);
  return n;
}

export class CommvaultUserGroupHandler implements ResourceHandler {
  private client?: HttpClient;
  private resumeCreates: string[] = [];

  configure(config: ConfigSource): void {
    const cfg = readCommvaultConfig(config);
    const options = {
      endpoint: cfg.url,
      requestTimeoutMs: cfg.http.requestTimeoutMs,
      connectTimeoutMs: cfg.http.connectTimeoutMs,
      requestsPerSecond: cfg.http.requestsPerSecond,
      retry: retryOptions(cfg.http),
    };
    this.client = new HttpClient(new CommvaultSession(cfg, options).protocol(), options);
    this.resumeCreates = cfg.resumeCreates;
  }

  private get http(): HttpClient {
    if (!this.client) throw new Error("CommvaultUserGroup: the provider was not configured");
    return this.client;
  }

  private async snapshot(id: number, carried: Props = {}): Promise<Snapshot> {
    const group = await ops.getUserGroup(this.http, id);
    return { id: String(group.id), view: viewFromWire(group), extras: { ...extrasFromWire(group), ...carried } };
  }

  private async findByName(name: string): Promise<{ id: number; name: string } | undefined> {
    const groups = await ops.listUserGroups(this.http);
    return groups.find((g) => g.name.toLowerCase() === name.toLowerCase());
  }

  /** The id of the group `adopt` names: by id, or the group called `name`; undefined when there is none. */
  private async adoptTarget(settings: Props, control: Props): Promise<number | undefined> {
    if (control.adopt === "byName") return (await this.findByName(settings.name as string))?.id;
    return (control.adopt as { id: number }).id;
  }

  async preflight(settings: Props, control: Props): Promise<InputProblem[]> {
    if (control.adopt === undefined) return [];
    const id = await this.adoptTarget(settings, control);
    if (id === undefined) return [{ path: "adopt", reason: `no user group named "${String(settings.name)}" to adopt` }];
    const current = await this.snapshot(id);
    return def.rules?.({ ...current.view, ...settings }, settings, current.extras) ?? [];
  }

  /**
   * A replacement (adopt added, removed or changed) must not take over the group this resource
   * owns (the old resource's delete would then delete it), nor create a group under a name a
   * group still holds (the adopted group stays: it is never deleted).
   */
  async replacementProblems(previous: Previous, settings: Props, control: Props): Promise<InputProblem[]> {
    const owned = previous.outputs.adopted !== true;
    if (control.adopt !== undefined) {
      const target = await this.adoptTarget(settings, control);
      if (!owned || target === undefined || String(target) !== previous.id) return [];
      return [{ path: "adopt", reason: `group ${previous.id} is this resource's own: adopting it would replace the resource, and destroying the old one deletes the group (remove adopt to keep managing it)` }];
    }
    if (owned) return [];
    const holder = await this.findByName(settings.name as string);
    if (!holder) return [];
    const which = String(holder.id) === previous.id ? "the adopted group, which stays (an adopted group is never deleted)," : `group ${holder.id}`;
    return [{ path: "adopt", reason: `removing adopt replaces the resource with a new group named "${String(settings.name)}", but ${which} holds that name: keep adopt, or declare another name` }];
  }

  async create(settings: Props, control: Props): Promise<Snapshot> {
    if (control.adopt !== undefined) return this.adopt(settings, control);
    const post: Props = {};
    for (const k of CREATE_FIELDS) if (settings[k] !== undefined) post[k] = settings[k];
    const created = await this.createOnce(post, settings.name as string);
    if (created.resumed) return this.finishResumed(created.id, settings);
    const { id } = created;
    const rest: Props = {};
    for (const [k, v] of Object.entries(settings)) if (!(CREATE_FIELDS as readonly string[]).includes(k)) rest[k] = v;
    const puts = planPuts(diffDeclared(shape, rest, emptyGroupView()), rest, emptyGroupView());
    try {
      await this.applyPuts(id, settings.name, puts);
    } catch (err) {
      // A group whose create failed half-way must not be left behind unknown to the state.
      const removed = await ops.deleteUserGroup(this.http, id).then(
        () => true,
        () => false,
      );
      if (err instanceof Error) {
        err.message += removed ? " (the new group was deleted again)" : ` (the new group, id ${id}, could not be deleted: remove it by hand)`;
      }
      throw err;
    }
    const snapshot = await this.snapshot(id, { adopted: false });
    reportImposed(snapshot, (k) => settings[k] !== undefined);
    return snapshot;
  }

  /**
   * POST /V4/UserGroup exactly once in effect. The POST is not idempotent, so it is not
   * retried blindly: after a failure without a clear answer (no answer, 5xx) the group is
   * looked up by name; found, it is the one just created; not found, the POST is sent again.
   * A POST refused because the name is taken is a group made before this run: by an
   * interrupted run of this program (taken over when `resumeCreates` names it) or by
   * somebody else (a clear error saying how to tell and what to do).
   */
  private async createOnce(post: Props, name: string): Promise<{ id: number; resumed: boolean }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return { id: (await ops.createUserGroup(this.http, post)).id, resumed: false };
      } catch (err) {
        if (!isAmbiguous(err)) {
          const holder = err instanceof ServiceError ? await this.findByName(name) : undefined;
          if (!holder) throw err;
          if (this.resumes(name)) return { id: holder.id, resumed: true };
          throw nameTakenError(name, holder.id, err as ServiceError);
        }
        const existing = await this.findByName(name);
        if (existing) return { id: existing.id, resumed: false };
        if (attempt >= MAX_CREATE_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  private resumes(name: string): boolean {
    const names = this.resumeCreates.map((n) => n.toLowerCase());
    return names.includes("*") || names.includes(name.toLowerCase());
  }

  /**
   * Finishes the create an interrupted run began: the group it made is this resource's own
   * (deleted on destroy, unlike an adopted one) and gets the declared settings it lacks.
   */
  private finishResumed(id: number, settings: Props): Promise<Snapshot> {
    return this.takeOver(id, settings, false, resumeOutcome);
  }

  /**
   * Brings an existing group to the declared settings (PUTs planned against its current state)
   * and records whether the resource merely adopted it or owns it.
   */
  private async takeOver(id: number, settings: Props, adopted: boolean, outcome: PutOutcome): Promise<Snapshot> {
    const current = await this.snapshot(id);
    const changes = diffDeclared(shape, settings, current.view);
    await this.applyPuts(id, current.view.name, planPuts(changes, settings, current.view), outcome);
    const snapshot = changes.length === 0 ? { ...current, extras: { ...current.extras, adopted } } : await this.snapshot(id, { adopted });
    reportImposed(snapshot, (k) => settings[k] !== undefined);
    return snapshot;
  }

  /** Sends the planned PUTs in order; a failure names the group and says what was applied. */
  private async applyPuts(id: number, name: unknown, bodies: PutBody[], outcome?: PutOutcome): Promise<void> {
    for (const [index, body] of bodies.entries()) {
      try {
        await ops.updateUserGroup(this.http, id, body);
      } catch (err) {
        if (err instanceof Error) {
          const refused = err instanceof ServiceError && err.status === 200;
          err.message = `${groupLabel(name, id)}: ${err.message}${outcome ? ` (${outcome(index, bodies.length, refused)})` : ""}`;
        }
        throw err;
      }
    }
  }

  private async adopt(settings: Props, control: Props): Promise<Snapshot> {
    const id = await this.adoptTarget(settings, control);
    if (id === undefined) throw new Error(`CommvaultUserGroup: no user group named "${String(settings.name)}" to adopt`);
    return this.takeOver(id, settings, true, updateOutcome);
  }

  async read(id: string, previous: Props | undefined): Promise<Snapshot | undefined> {
    let snapshot: Snapshot;
    try {
      snapshot = await this.snapshot(parseId(id), { adopted: previous?.adopted ?? false });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    // A first read (import) manages everything reported; a refresh what the outputs record.
    const first = previous === undefined || !Object.keys(shape).some((k) => previous[k] !== undefined);
    reportImposed(snapshot, (k) => first || previous?.[k] !== undefined);
    return snapshot;
  }

  async update(previous: Previous, settings: Props, _control: Props, changes: Change[]): Promise<Snapshot> {
    const id = parseId(previous.id);
    await this.applyPuts(id, previous.view.name ?? settings.name, planPuts(changes, settings, previous.view), updateOutcome);
    const updated = await this.snapshot(id, { adopted: previous.outputs.adopted ?? false });
    reportImposed(updated, (k) => settings[k] !== undefined);
    return updated;
  }

  async delete(previous: Previous): Promise<void> {
    if (previous.outputs.adopted === true) return; // an adopted group is never deleted
    try {
      await ops.deleteUserGroup(this.http, parseId(previous.id));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
