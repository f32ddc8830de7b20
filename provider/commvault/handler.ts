// The service calls behind CommvaultUserGroup: create (POST, then at most one PUT) or
// adopt, read, update (as few PUTs as the API allows), delete.
import type { ConfigSource } from "../core/config";
import { Change, diffDeclared } from "../core/diff";
import { InputProblem, ServiceError } from "../core/errors";
import { Previous, Props, ResourceHandler, settingsShape, Snapshot } from "../core/definition";
import { HttpClient } from "../core/http";
import { readCommvaultConfig } from "./config";
import { commvaultUserGroupDefinition as def } from "./definition";
import * as ops from "./operations";
import { CommvaultSession } from "./protocol";
import { CREATE_FIELDS, emptyGroupView, extrasFromWire, planPuts, viewFromWire } from "./wire";

const shape = settingsShape(def);
const isNotFound = (err: unknown) => err instanceof ServiceError && err.status === 404;
/** A create that got no clear answer may or may not have happened. */
const isAmbiguous = (err: unknown) => err instanceof ServiceError && (err.status === 0 || err.status >= 500);

function parseId(id: string): number {
  const n = Number(id);
  if (!Number.isInteger(n) || n < 1) throw new Error(`CommvaultUserGroup: the id "${id}" is not a user-group id (a positive integer)`);
  return n;
}

export class CommvaultUserGroupHandler implements ResourceHandler {
  private client?: HttpClient;

  configure(config: ConfigSource): void {
    const cfg = readCommvaultConfig(config);
    const options = {
      endpoint: cfg.url,
      requestTimeoutMs: cfg.http.requestTimeoutMs,
      connectTimeoutMs: cfg.http.connectTimeoutMs,
      requestsPerSecond: cfg.http.requestsPerSecond,
      retry: cfg.http.maxRetries === undefined ? undefined : { maxRetries: cfg.http.maxRetries },
    };
    this.client = new HttpClient(new CommvaultSession(cfg, options).protocol(), options);
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

  async preflight(settings: Props, control: Props): Promise<InputProblem[]> {
    if (control.adopt === undefined) return [];
    const id = control.adopt === "byName" ? (await this.findByName(settings.name as string))?.id : (control.adopt as { id: number }).id;
    if (id === undefined) return [{ path: "adopt", reason: `no user group named "${String(settings.name)}" to adopt` }];
    const current = await this.snapshot(id);
    return def.rules?.({ ...current.view, ...settings }, settings, current.extras) ?? [];
  }

  async create(settings: Props, control: Props): Promise<Snapshot> {
    if (control.adopt !== undefined) return this.adopt(settings, control);
    const post: Props = {};
    for (const k of CREATE_FIELDS) if (settings[k] !== undefined) post[k] = settings[k];
    let id: number;
    try {
      id = (await ops.createUserGroup(this.http, post)).id;
    } catch (err) {
      // No clear answer: the group may exist now. Adopt it by name rather than create twice.
      const existing = isAmbiguous(err) ? await this.findByName(settings.name as string) : undefined;
      if (!existing) throw err;
      id = existing.id;
    }
    const rest: Props = {};
    for (const [k, v] of Object.entries(settings)) if (!(CREATE_FIELDS as readonly string[]).includes(k)) rest[k] = v;
    const puts = planPuts(diffDeclared(shape, rest, emptyGroupView()), rest, emptyGroupView());
    try {
      for (const body of puts) await ops.updateUserGroup(this.http, id, body);
    } catch (err) {
      // A group whose create failed half-way must not be left behind unknown to the state.
      await ops.deleteUserGroup(this.http, id).catch(() => undefined);
      throw err;
    }
    return this.snapshot(id, { adopted: false });
  }

  private async adopt(settings: Props, control: Props): Promise<Snapshot> {
    const id = control.adopt === "byName" ? (await this.findByName(settings.name as string))?.id : (control.adopt as { id: number }).id;
    if (id === undefined) throw new Error(`CommvaultUserGroup: no user group named "${String(settings.name)}" to adopt`);
    const current = await this.snapshot(id);
    const changes = diffDeclared(shape, settings, current.view);
    for (const body of planPuts(changes, settings, current.view)) await ops.updateUserGroup(this.http, id, body);
    return changes.length === 0 ? { ...current, extras: { ...current.extras, adopted: true } } : this.snapshot(id, { adopted: true });
  }

  async read(id: string, previous: Props | undefined): Promise<Snapshot | undefined> {
    try {
      return await this.snapshot(parseId(id), { adopted: previous?.adopted ?? false });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async update(previous: Previous, settings: Props, _control: Props, changes: Change[]): Promise<Snapshot> {
    const id = parseId(previous.id);
    for (const body of planPuts(changes, settings, previous.view)) await ops.updateUserGroup(this.http, id, body);
    return this.snapshot(id, { adopted: previous.outputs.adopted ?? false });
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
