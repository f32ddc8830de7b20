// The service calls behind WickrSecurityGroup: create (or adopt), read, update, delete
// (or restore an adopted group), each as few calls as the API allows.
import { type ConfigSource, retryOptions } from "../core/config";
import { Change, diffDeclared, overlay } from "../core/diff";
import { InputError, InputProblem, ServiceError } from "../core/errors";
import { CreateContext, Previous, Props, ResourceHandler, settingsShape, Snapshot } from "../core/definition";
import { HttpClient } from "../core/http";
import { createClientToken, CreateRequestKey } from "./client-token";
import { readWickrConfig } from "./config";
import { wickrSecurityGroupDefinition as def } from "./definition";
import * as ops from "./operations";
import { wickrCredentials, wickrProtocol } from "./protocol";
import { SSO_ONLY_SETTINGS } from "./schema";
import { EXTRA_OUTPUTS, extrasFromWire, restoreBody, splitForCreate, updateBody, viewFromWire } from "./wire";

const shape = settingsShape(def);

/** What destroying the resource does to the group (an output, so that previews and state show it). */
export const DELETION_BEHAVIOR = {
  delete: "delete the group",
  restore: "keep the group; restore the name and settings it had when adopted",
  keep: "keep the group as it is",
  keepDefault: "keep the group (a network's default group is never deleted)",
} as const;

function deletionBehavior(carried: Props, isDefault: boolean, control: Props): string {
  if (carried.adopted === true) return control.restoreOnDelete === false ? DELETION_BEHAVIOR.keep : DELETION_BEHAVIOR.restore;
  return isDefault ? DELETION_BEHAVIOR.keepDefault : DELETION_BEHAVIOR.delete;
}

/** A snapshot from the view and computed outputs, with the adoption facts carried along. */
function compose(id: string, view: Props, extras: Props, carried: Props, control: Props): Snapshot {
  return { id, view, extras: { ...extras, ...carried, deletionBehavior: deletionBehavior(carried, extras.isDefault === true, control) } };
}

/** The snapshot of a group as the service reports it. */
function snapshot(networkId: string, group: ops.SecurityGroupWire, carried: Props, control: Props): Snapshot {
  return compose(`${networkId}/${group.id}`, viewFromWire(networkId, group), extrasFromWire(group), carried, control);
}

/** `networkId/groupId`, as ids and `pulumi import` use it. */
export function parseGroupId(id: string): { networkId: string; groupId: string } {
  const m = /^([0-9]{8})\/(.+)$/.exec(id);
  if (!m) throw new Error(`WickrSecurityGroup: the id "${id}" is not of the form <networkId (8 digits)>/<groupId>`);
  return { networkId: m[1], groupId: m[2] };
}

const isNotFound = (err: unknown) => err instanceof ServiceError && err.status === 404;

/** Outputs an adopted group carries from one state to the next. */
function adoptionOutputs(outputs: Props): Props {
  const carried: Props = { adopted: outputs.adopted === true };
  if (outputs.adoptedState !== undefined) carried.adoptedState = outputs.adoptedState;
  return carried;
}

/** Control values recorded in state (they are outputs too). */
function recordedControl(outputs: Props): Props {
  return outputs.restoreOnDelete === undefined ? {} : { restoreOnDelete: outputs.restoreOnDelete };
}

/** The computed outputs recorded in state. */
function recordedExtras(outputs: Props): Props {
  const extras: Props = {};
  for (const k of EXTRA_OUTPUTS) if (outputs[k] !== undefined) extras[k] = outputs[k];
  return extras;
}

/**
 * A create answer whose `modified` is older than the request by more than this is taken for a
 * replay of an earlier create (the margin absorbs whole-second timestamps and clock skew).
 */
const REPLAY_MARGIN_SECONDS = 5;
/** How many replayed, since-deleted groups one create steps past before it gives up. */
const MAX_STALE_TOKENS = 5;

/** How long the group check read for an adoption may stand in for create's own read. */
const ADOPTION_READ_REUSE_MS = 5_000;

export class WickrSecurityGroupHandler implements ResourceHandler {
  private client?: HttpClient;
  /**
   * The group each adoption's check just read, taken (once) by the create that follows in the
   * same operation, so that adopting costs one read, not two.
   */
  private readonly adoptionReads = new Map<string, { group: ops.SecurityGroupWire; at: number }>();

  configure(config: ConfigSource): void {
    const cfg = readWickrConfig(config);
    this.client = new HttpClient(wickrProtocol(cfg.region, wickrCredentials(cfg.profile)), {
      endpoint: cfg.endpoint,
      requestTimeoutMs: cfg.http.requestTimeoutMs,
      connectTimeoutMs: cfg.http.connectTimeoutMs,
      requestsPerSecond: cfg.http.requestsPerSecond,
      retry: retryOptions(cfg.http),
    });
  }

  private get http(): HttpClient {
    if (!this.client) throw new Error("WickrSecurityGroup: the provider was not configured");
    return this.client;
  }

  private async findAdopted(networkId: string, adopt: unknown, reuse = false): Promise<ops.SecurityGroupWire> {
    const key = JSON.stringify([networkId, adopt]);
    const earlier = this.adoptionReads.get(key);
    this.adoptionReads.delete(key);
    if (reuse && earlier && Date.now() - earlier.at <= ADOPTION_READ_REUSE_MS) return earlier.group;
    const group = await this.readAdopted(networkId, adopt);
    if (!reuse) this.adoptionReads.set(key, { group, at: Date.now() });
    return group;
  }

  private async readAdopted(networkId: string, adopt: unknown): Promise<ops.SecurityGroupWire> {
    if (adopt === "default") {
      const found = (await ops.listSecurityGroups(this.http, networkId)).find((g) => g.isDefault);
      if (!found) throw new Error(`WickrSecurityGroup: network ${networkId} reports no default security group`);
      return found;
    }
    return ops.getSecurityGroup(this.http, networkId, (adopt as { groupId: string }).groupId);
  }

  /**
   * A replacement (adopt added or changed) must not adopt the group this resource owns: the old
   * resource's delete would then delete the group the new one adopted. (Removing adopt is safe:
   * the adopted group is given back first, and Wickr names need not be unique.)
   */
  async replacementProblems(previous: Previous, settings: Props, control: Props): Promise<InputProblem[]> {
    if (previous.outputs.adopted === true || control.adopt === undefined) return [];
    const { networkId } = parseGroupId(previous.id);
    if (networkId !== settings.networkId) return [];
    const target = await this.readAdopted(networkId, control.adopt).catch(() => undefined);
    if (target === undefined || `${networkId}/${target.id}` !== previous.id) return [];
    return [{ path: "adopt", reason: `group ${previous.id} is this resource's own: adopting it would replace the resource, and destroying the old one deletes the group (remove adopt to keep managing it)` }];
  }

  /**
   * Checks at preview that need the service (reads only): the rules on an adopted group's
   * settings as they will be, and the SSO-only settings of a new group. A plain create reads nothing.
   */
  async preflight(settings: Props, control: Props): Promise<InputProblem[]> {
    const networkId = settings.networkId as string;
    const declared = (settings.securityGroupSettings ?? {}) as Props;
    const problems: InputProblem[] = [];
    if (control.adopt === undefined && settings.name === undefined) {
      problems.push({ path: "name", reason: "a name is required to create a group (or adopt an existing one)" });
    }
    if (control.adopt !== undefined) {
      const group = await this.findAdopted(networkId, control.adopt);
      const current = viewFromWire(networkId, group);
      const after = overlay(shape, current, settings);
      problems.push(...(def.rules?.(after, settings, extrasFromWire(group)) ?? []));
    } else if (SSO_ONLY_SETTINGS.some((k) => declared[k] !== undefined)) {
      const groups = await ops.listSecurityGroups(this.http, networkId);
      const ssoEnabled = groups.some((g) => extrasFromWire(g).ssoEnabled === true);
      problems.push(...(def.rules?.({ ...settings }, settings, { ssoEnabled }) ?? []).filter((p) => SSO_ONLY_SETTINGS.some((k) => p.path.endsWith(k))));
    }
    return problems;
  }

  async create(settings: Props, control: Props, context?: CreateContext): Promise<Snapshot> {
    const networkId = settings.networkId as string;
    if (control.adopt !== undefined) return this.adopt(networkId, settings, control);
    if (settings.name === undefined) throw new InputError("WickrSecurityGroup", [{ path: "name", reason: "required to create a group" }]);
    const carried = { adopted: false };
    const { create, rest } = splitForCreate((settings.securityGroupSettings ?? {}) as Props);
    // One token for the whole create, the same in every retry and in a later run after an
    // interruption: a repeated create returns the same group (client-token.ts).
    const request = { networkId, name: settings.name as string, securityGroupSettings: create };
    const created = await this.createOnce(request, context?.identity);
    // The settings CreateSecurityGroup does not take follow in one update: those the new group
    // does not have already, nested objects completed from its values.
    const view = viewFromWire(networkId, created);
    const follow = { securityGroupSettings: rest };
    const body = updateBody(diffDeclared(shape, follow, view), follow, view);
    if (!body) return snapshot(networkId, created, carried, control);
    try {
      const updated = await ops.updateSecurityGroup(this.http, { networkId, groupId: created.id, ...body });
      return snapshot(networkId, updated, carried, control);
    } catch (err) {
      // The group must not outlive a create that failed: nothing in state would know it.
      await ops.deleteSecurityGroup(this.http, networkId, created.id).catch(() => undefined);
      throw err;
    }
  }

  /**
   * CreateSecurityGroup with the derived client token. An answer older than the request is a
   * replay of an earlier create with this token: the group is confirmed with a read, and when
   * it is gone (destroyed since, while the service still remembers the token) the create is
   * sent again with a token that names the stale group.
   */
  private async createOnce(request: CreateRequestKey, identity: string | undefined): Promise<ops.SecurityGroupWire> {
    const stale: string[] = [];
    for (;;) {
      const requestedAt = Math.floor(Date.now() / 1000);
      const answer = await ops.createSecurityGroup(this.http, { ...request, clientToken: createClientToken(identity, request, stale) });
      if (answer.modified === undefined || answer.modified >= requestedAt - REPLAY_MARGIN_SECONDS) return answer;
      try {
        return await ops.getSecurityGroup(this.http, request.networkId, answer.id);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      stale.push(answer.id);
      if (stale.length > MAX_STALE_TOKENS) {
        throw new Error(`WickrSecurityGroup "${request.name}": CreateSecurityGroup kept answering with groups that no longer exist (${stale.join(", ")})`);
      }
    }
  }

  private async adopt(networkId: string, settings: Props, control: Props): Promise<Snapshot> {
    const group = await this.findAdopted(networkId, control.adopt, true);
    const current = viewFromWire(networkId, group);
    // What destroy puts back: the name and every setting as the service reported them.
    const carried: Props = { adopted: true, adoptedState: { name: current.name, securityGroupSettings: current.securityGroupSettings } };
    const body = updateBody(diffDeclared(shape, settings, current), settings, current);
    if (!body) return snapshot(networkId, group, carried, control);
    const updated = await ops.updateSecurityGroup(this.http, { networkId, groupId: group.id, ...body });
    return snapshot(networkId, updated, carried, control);
  }

  async read(id: string, previous: Props | undefined): Promise<Snapshot | undefined> {
    const { networkId, groupId } = parseGroupId(id);
    try {
      const group = await ops.getSecurityGroup(this.http, networkId, groupId);
      return snapshot(networkId, group, adoptionOutputs(previous ?? {}), recordedControl(previous ?? {}));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async update(previous: Previous, settings: Props, control: Props, changes: Change[]): Promise<Snapshot> {
    const { networkId, groupId } = parseGroupId(previous.id);
    const carried = adoptionOutputs(previous.outputs);
    const body = updateBody(changes, settings, previous.view);
    // Only control properties changed: nothing to send, the recorded view stands.
    if (!body) return compose(previous.id, previous.view, recordedExtras(previous.outputs), carried, control);
    const updated = await ops.updateSecurityGroup(this.http, { networkId, groupId, ...body });
    return snapshot(networkId, updated, carried, control);
  }

  async delete(previous: Previous): Promise<void> {
    const { networkId, groupId } = parseGroupId(previous.id);
    const outputs = previous.outputs;
    // An adopted group stays (restored unless told otherwise); a default group is never deleted.
    if (outputs.adopted === true || outputs.isDefault === true) {
      if (outputs.restoreOnDelete === false || !outputs.adoptedState) return;
      try {
        const current = viewFromWire(networkId, await ops.getSecurityGroup(this.http, networkId, groupId));
        const body = restoreBody(outputs.adoptedState as Props, current);
        if (body) await ops.updateSecurityGroup(this.http, { networkId, groupId, ...body });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    try {
      await ops.deleteSecurityGroup(this.http, networkId, groupId);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
