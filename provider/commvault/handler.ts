// The service calls behind CommvaultUserGroup: create (POST, then at most one PUT) or
// adopt, read, update (as few PUTs as the API allows), delete.
import type { ConfigSource } from "../core/config";
import { Change, diffDeclared } from "../core/diff";
import { InputProblem, scrub, ServiceError } from "../core/errors";
import { CreateContext, PartialUpdateError, Previous, Props, ResourceHandler, settingsShape, Snapshot } from "../core/definition";
import type { HttpClient } from "../core/http";
import { metaOf } from "../core/schema";
import { readCommvaultConfig } from "./config";
import { commvaultUserGroupDefinition as def } from "./definition";
import * as ops from "./operations";
import { commvaultHttpClient } from "./protocol";
import { createGroup, NameTakenError } from "./create";
import { CREATE_FIELDS, emptyGroupView, planPuts, PlanOptions, snapshotOfGroup, snapshotOfRead } from "./wire";
import { ReferenceDirectory, referenceDirectory } from "./references";
import type { Reference } from "./schema";
import { adoptOutcome, PutOutcome, PutSender, resumeOutcome, updateOutcome } from "./puts";

const shape = settingsShape(def);

/**
 * A value the company imposes (DISABLED_AT_COMPANY) on a setting the program manages: the
 * declared value cannot apply, so it makes no diff (schema `imposedValues`); say so once per
 * operation, on the provider's diagnostic stream, rather than fight it.
 */
function reportImposed(snapshot: Snapshot, managed: (key: string) => boolean, label = `${def.typeName} (id ${snapshot.id})`): void {
  const company = (snapshot.extras.company as { name?: string } | undefined)?.name;
  for (const [key, schema] of Object.entries(shape)) {
    const imposed = metaOf(schema).imposedValues;
    const value = snapshot.view[key];
    if (!imposed?.includes(value as never) || !managed(key)) continue;
    console.error(
      scrub(
        `warning: ${label}: ${key} is ${String(value)}, imposed by company ` +
          `${JSON.stringify(company ?? "?")}; a declared value is not applied and makes no diff while the company imposes it.`,
      ),
    );
  }
}

/**
 * A create refused because the name is taken: say which group holds it, how to tell whether an
 * interrupted run made it, and the two ways on.
 */
function nameTakenError(name: string, taken: NameTakenError): Error {
  const how = taken.refusal ? `the create was refused (${taken.refusal.message})` : "the create was not sent";
  return new Error(
    `a user group with the declared name already exists (id ${taken.holder.id}); ${how}. ` +
      `If an interrupted \`pulumi up\` made it (the next \`pulumi up\` warns of a pending create of this resource), ` +
      `let the next run finish that create: set \`commvault:resumeCreates\` (or COMMVAULT_RESUME_CREATES) to the group's name ${JSON.stringify(name)} ` +
      `for one \`pulumi up\` (it takes that group over as this resource's own, and says so), then run \`pulumi refresh --clear-pending-creates\` ` +
      `and remove the setting. To manage a group made outside this program, declare it with adopt: "byName" instead.`,
  );
}

/**
 * Only Commvault's own answer that the group does not exist means "gone": a 404 carrying its
 * `errorCode`. A 404 without it (an HTML page, a proxy, a path the server does not serve) says
 * nothing about the group.
 */
const isGroupGone = (err: unknown) => err instanceof ServiceError && err.status === 404 && err.code?.startsWith("errorCode ") === true;

/** A URL as messages show it: without user info, query or fragment. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(not a URL)";
  }
}

/**
 * A 404 that is not Commvault's: the URL most likely does not point at the API. Refresh and
 * destroy run with the configuration the state recorded at the last `pulumi up`, so the message
 * names the URL this operation used and the way to use a corrected one.
 */
function notTheApi(url: string, err: unknown): unknown {
  if (!(err instanceof ServiceError) || err.status !== 404 || isGroupGone(err)) return err;
  return new Error(
    `${err.message}, without Commvault's error body: the commvault:url this operation used, ${shownUrl(url)}, ` +
      `may not point at the Commvault API (for example https://<commserve>/commandcenter/api). Nothing was changed and the state keeps the group. ` +
      `A refresh or destroy uses the configuration recorded at the last \`pulumi up\`: if commvault:url (or COMMVAULT_URL) has been corrected since, ` +
      `run \`pulumi up\` first to record it, or run \`pulumi destroy --run-program\` (or \`pulumi refresh --run-program\`), which uses the current configuration.`,
  );
}

function parseId(id: string): number {
  const n = Number(id);
  if (!Number.isInteger(n) || n < 1) throw new Error(`CommvaultUserGroup: the id "${id}" is not a user-group id (a positive integer)`);
  return n;
}

export class CommvaultUserGroupHandler implements ResourceHandler {
  private client?: HttpClient;
  private directory?: ReferenceDirectory;
  private sender?: PutSender;
  private resumeCreates: string[] = [];
  private url = "";
  private planOptions: PlanOptions = {};
  /** Whether this CommServe's create applies `localUserGroups` (unknown until a create shows it). */
  private createTakesLocalGroups?: boolean;

  configure(config: ConfigSource): void {
    const cfg = readCommvaultConfig(config);
    this.client = commvaultHttpClient(cfg);
    this.directory = referenceDirectory(cfg.url, this.client);
    this.sender = new PutSender(this.client, this.directory);
    this.resumeCreates = cfg.resumeCreates;
    this.url = cfg.url;
    this.planOptions = { usersOverwrite: cfg.usersOverwrite };
  }

  private get http(): HttpClient {
    if (!this.client) throw new Error("CommvaultUserGroup: the provider was not configured");
    return this.client;
  }

  private get references(): ReferenceDirectory {
    if (!this.directory) throw new Error("CommvaultUserGroup: the provider was not configured");
    return this.directory;
  }

  /** Sends planned PUTs (puts.ts): to the group `id`, its failures naming no declared value. */
  private applyPuts(...args: Parameters<PutSender["send"]>): Promise<void> {
    if (!this.sender) throw new Error("CommvaultUserGroup: the provider was not configured");
    return this.sender.send(...args);
  }

  /** At every preview: each declared member and plan the CommServe does not know (reads only). */
  async checkAgainstService(settings: Props, previous: Props): Promise<InputProblem[]> {
    return this.references.problems(settings, previous);
  }

  private async snapshot(id: number, carried: Props = {}): Promise<Snapshot> {
    return snapshotOfGroup(await ops.getUserGroup(this.http, id), carried);
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
    // No declared name: nothing a new group would be created under (a refresh diffs an import's
    // recorded inputs, which hold no settings).
    if (owned || typeof settings.name !== "string") return [];
    const holder = await this.findByName(settings.name);
    if (!holder) return [];
    const which = String(holder.id) === previous.id ? "the adopted group, which stays (an adopted group is never deleted)," : `group ${holder.id}`;
    return [{ path: "adopt", reason: `removing adopt replaces the resource with a new group named "${String(settings.name)}", but ${which} holds that name: keep adopt, or declare another name` }];
  }

  async create(settings: Props, control: Props, context: CreateContext = {}): Promise<Snapshot> {
    const label = context.label;
    if (control.adopt !== undefined) return this.adopt(settings, control, label);
    const post: Props = {};
    for (const k of CREATE_FIELDS) if (settings[k] !== undefined) post[k] = settings[k];
    // Commvault's published create body also takes the local groups: one PUT fewer when they
    // are the only other setting. A server that refuses them (the seed's body) or skips them is
    // handled below; what it did is remembered for the rest of the run.
    const localGroups = settings.associatedLocalGroups as Reference[] | undefined;
    if (localGroups?.length && this.createTakesLocalGroups !== false) {
      post.localUserGroups = await Promise.all(localGroups.map((r) => this.references.resolve("associatedLocalGroups", r)));
    }
    const created = await this.createOnce(post, settings.name as string);
    if (created.resumed) return this.finishResumed(created.id, settings, label);
    const { id } = created;
    const inPost = new Set<string>([...CREATE_FIELDS, ...(post.localUserGroups ? ["associatedLocalGroups"] : [])]);
    const rest: Props = {};
    for (const [k, v] of Object.entries(settings)) if (!inPost.has(k)) rest[k] = v;
    try {
      await this.applyPuts(id, planPuts(diffDeclared(shape, rest, emptyGroupView()), rest, emptyGroupView(), this.planOptions));
      let snapshot = await this.snapshot(id, { adopted: false });
      if (post.localUserGroups) snapshot = await this.completeLocalGroups(id, settings, snapshot);
      reportImposed(snapshot, (k) => settings[k] !== undefined, label);
      return snapshot;
    } catch (err) {
      // A group whose create failed half-way must not be left behind unknown to the state.
      const removed = await ops.deleteUserGroup(this.http, id).then(
        () => true,
        () => false,
      );
      if (err instanceof Error) {
        err.message += removed ? ` (the new group, id ${id}, was deleted again)` : ` (the new group, id ${id}, could not be deleted: remove it by hand)`;
      }
      throw err;
    }
  }

  /**
   * After a create that carried the local groups: a server that accepted but skipped them gets
   * them with one PUT (planned against what it holds), and later creates send them by PUT.
   */
  private async completeLocalGroups(id: number, settings: Props, created: Snapshot): Promise<Snapshot> {
    const wanted = { associatedLocalGroups: settings.associatedLocalGroups };
    const missing = diffDeclared(shape, wanted, created.view);
    if (missing.length === 0) return created;
    this.createTakesLocalGroups = false;
    await this.applyPuts(id, planPuts(missing, wanted, created.view, this.planOptions), undefined, created.view);
    return this.snapshot(id, { adopted: false });
  }

  /**
   * POST /V4/UserGroup with the local groups; a server that refuses them (a 400 naming them:
   * nothing was created) gets the seed's body, and `post` no longer holds them.
   */
  private async postCreate(post: Props): Promise<number> {
    try {
      return (await ops.createUserGroup(this.http, post)).id;
    } catch (err) {
      const refusedMember = err instanceof ServiceError && err.status === 400 && /localUserGroups/.test(err.message);
      if (!post.localUserGroups || !refusedMember) throw err;
      this.createTakesLocalGroups = false;
      delete post.localUserGroups; // the PUT after the create carries them instead
      return (await ops.createUserGroup(this.http, post)).id;
    }
  }

  /** POST /V4/UserGroup once in effect, owning only a group that did not exist before (create.ts). */
  private async createOnce(post: Props, name: string): Promise<{ id: number; resumed: boolean }> {
    try {
      const outcome = await createGroup(name, {
        findByName: (n) => this.findByName(n),
        post: () => this.postCreate(post),
        resumes: (n) => this.resumes(n),
        pause: (attempt) => new Promise((r) => setTimeout(r, 200 * 2 ** attempt)),
      });
      return { id: outcome.id, resumed: outcome.kind === "resumed" };
    } catch (err) {
      if (err instanceof NameTakenError) throw nameTakenError(name, err);
      throw err;
    }
  }

  private resumes(name: string): boolean {
    return this.resumeCreates.some((n) => n.toLowerCase() === name.toLowerCase());
  }

  /**
   * Finishes the create an interrupted run began: the group it made is this resource's own
   * (deleted on destroy, unlike an adopted one) and gets the declared settings it lacks.
   */
  private finishResumed(id: number, settings: Props, label = def.typeName): Promise<Snapshot> {
    // Nothing on the CommServe shows which create made a group (the create carries no token and
    // the read no creation time): say plainly which group is taken over, on every such run.
    console.error(
      scrub(
        `warning: ${label}: took over the existing user group id ${id} named ${JSON.stringify(String(settings.name))} as the group an interrupted create made ` +
          `(commvault:resumeCreates names it); it is now this resource's own and \`pulumi destroy\` deletes it. ` +
          `If it was made by hand, remove it from the state (\`pulumi state delete\`) and declare it with adopt: "byName". Remove the setting after this run.`,
      ),
    );
    return this.takeOver(id, settings, false, resumeOutcome, label);
  }

  /**
   * Brings an existing group to the declared settings (PUTs planned against its current state)
   * and records whether the resource merely adopted it or owns it.
   */
  private async takeOver(id: number, settings: Props, adopted: boolean, outcome: PutOutcome, label?: string): Promise<Snapshot> {
    const current = await this.snapshot(id);
    const changes = diffDeclared(shape, settings, current.view);
    await this.applyPuts(id, planPuts(changes, settings, current.view, this.planOptions), outcome, current.view);
    const snapshot = changes.length === 0 ? { ...current, extras: { ...current.extras, adopted } } : await this.snapshot(id, { adopted });
    reportImposed(snapshot, (k) => settings[k] !== undefined, label);
    return snapshot;
  }

  private async adopt(settings: Props, control: Props, label?: string): Promise<Snapshot> {
    const id = await this.adoptTarget(settings, control);
    if (id === undefined) throw new Error(`adopt: no user group with the declared name ${JSON.stringify(String(settings.name))} to adopt`);
    return this.takeOver(id, settings, true, adoptOutcome, label);
  }

  async read(id: string, previous: Props | undefined, context: { label?: string } = {}): Promise<Snapshot | undefined> {
    let snapshot: Snapshot;
    const groupId = parseId(id);
    try {
      snapshot = snapshotOfRead(await ops.getUserGroup(this.http, groupId), previous);
    } catch (err) {
      if (isGroupGone(err)) return undefined;
      throw notTheApi(this.url, err);
    }
    // A first read (import) manages everything reported; a refresh what the outputs record.
    const first = previous === undefined || !Object.keys(shape).some((k) => previous[k] !== undefined);
    reportImposed(snapshot, (k) => first || previous?.[k] !== undefined, context.label);
    return snapshot;
  }

  async update(previous: Previous, settings: Props, _control: Props, changes: Change[]): Promise<Snapshot> {
    const id = parseId(previous.id);
    const carried = { adopted: previous.outputs.adopted ?? false };
    try {
      await this.applyPuts(id, planPuts(changes, settings, previous.view, this.planOptions), updateOutcome, previous.view);
    } catch (err) {
      // Some PUT may have been applied (or the failed one, behind a lost answer): record what
      // the service holds. When even the read fails, the state keeps the previous values.
      const now = await this.snapshot(id, carried).catch(() => undefined);
      if (!now || !(err instanceof Error)) throw err;
      throw new PartialUpdateError(err.message, now);
    }
    const updated = await this.snapshot(id, carried);
    reportImposed(updated, (k) => settings[k] !== undefined, previous.label);
    return updated;
  }

  async delete(previous: Previous): Promise<void> {
    if (previous.outputs.adopted === true) return; // an adopted group is never deleted
    const id = parseId(previous.id);
    try {
      await ops.deleteUserGroup(this.http, id);
    } catch (err) {
      if (!isGroupGone(err)) throw notTheApi(this.url, err);
    }
  }
}
