// The service calls behind WickrSecurityGroup: create (or adopt), read, update, delete
// (or restore an adopted group), each as few calls as the API allows.
import { randomUUID } from "node:crypto";
import type { ConfigSource } from "../core/config";
import { diffDeclared, overlay } from "../core/diff";
import { InputError, InputProblem, ServiceError } from "../core/errors";
import { Previous, Props, ResourceHandler, settingsShape, Snapshot } from "../core/definition";
import { HttpClient } from "../core/http";
import { readWickrConfig } from "./config";
import { wickrSecurityGroupDefinition as def } from "./definition";
import * as ops from "./operations";
import { wickrCredentials, wickrProtocol } from "./protocol";
import { SSO_ONLY_SETTINGS } from "./schema";
import { extrasFromWire, restoreBody, splitForCreate, updateBody, viewFromWire } from "./wire";

const shape = settingsShape(def);

function snapshot(networkId: string, group: ops.SecurityGroupWire, carried: Props = {}): Snapshot {
  return { id: `${networkId}/${group.id}`, view: viewFromWire(networkId, group), extras: { ...extrasFromWire(group), ...carried } };
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
  const carried: Props = {};
  for (const k of ["adopted", "adoptedState", "deletionBehavior"]) if (outputs[k] !== undefined) carried[k] = outputs[k];
  return carried;
}

export class WickrSecurityGroupHandler implements ResourceHandler {
  private client?: HttpClient;

  configure(config: ConfigSource): void {
    const cfg = readWickrConfig(config);
    this.client = new HttpClient(wickrProtocol(cfg.region, wickrCredentials(cfg.profile)), {
      endpoint: cfg.endpoint,
      requestTimeoutMs: cfg.http.requestTimeoutMs,
      connectTimeoutMs: cfg.http.connectTimeoutMs,
      requestsPerSecond: cfg.http.requestsPerSecond,
      retry: cfg.http.maxRetries === undefined ? undefined : { maxRetries: cfg.http.maxRetries },
    });
  }

  private get http(): HttpClient {
    if (!this.client) throw new Error("WickrSecurityGroup: the provider was not configured");
    return this.client;
  }

  private async findAdopted(networkId: string, adopt: unknown): Promise<ops.SecurityGroupWire> {
    if (adopt === "default") {
      const found = (await ops.listSecurityGroups(this.http, networkId)).find((g) => g.isDefault);
      if (!found) throw new Error(`WickrSecurityGroup: network ${networkId} reports no default security group`);
      return found;
    }
    return ops.getSecurityGroup(this.http, networkId, (adopt as { groupId: string }).groupId);
  }

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

  async create(settings: Props, control: Props): Promise<Snapshot> {
    const networkId = settings.networkId as string;
    if (control.adopt !== undefined) return this.adopt(networkId, settings, control);
    if (settings.name === undefined) throw new InputError("WickrSecurityGroup", [{ path: "name", reason: "required to create a group" }]);
    const { create, rest } = splitForCreate((settings.securityGroupSettings ?? {}) as Props);
    // One token for the whole create, reused by every retry: a repeated create returns the same group.
    const created = await ops.createSecurityGroup(this.http, {
      networkId,
      name: settings.name as string,
      securityGroupSettings: create,
      clientToken: randomUUID(),
    });
    if (Object.keys(rest).length === 0) return snapshot(networkId, created, { adopted: false, deletionBehavior: "delete" });
    try {
      const updated = await ops.updateSecurityGroup(this.http, { networkId, groupId: created.id, securityGroupSettings: this.completed(rest, created) });
      return snapshot(networkId, updated, { adopted: false, deletionBehavior: "delete" });
    } catch (err) {
      // The group must not outlive a create that failed: nothing in state would know it.
      await ops.deleteSecurityGroup(this.http, networkId, created.id).catch(() => undefined);
      throw err;
    }
  }

  /** Nested objects completed from the group's current values (they are sent whole). */
  private completed(settings: Props, group: ops.SecurityGroupWire): Props {
    const changes = diffDeclared(shape, { securityGroupSettings: settings }, { securityGroupSettings: {} });
    return updateBody(changes, { securityGroupSettings: settings }, viewFromWire("", group))?.securityGroupSettings ?? {};
  }

  private async adopt(networkId: string, settings: Props, control: Props): Promise<Snapshot> {
    const group = await this.findAdopted(networkId, control.adopt);
    const current = viewFromWire(networkId, group);
    const carried: Props = {
      adopted: true,
      adoptedState: { name: current.name, securityGroupSettings: current.securityGroupSettings },
      deletionBehavior: control.restoreOnDelete === false ? "keep the group as it is" : "keep the group; restore the name and settings it had when adopted",
    };
    const changes = diffDeclared(shape, settings, current);
    const body = updateBody(changes, settings, current);
    if (!body) return snapshot(networkId, group, carried);
    const updated = await ops.updateSecurityGroup(this.http, { networkId, groupId: group.id, ...body });
    return snapshot(networkId, updated, carried);
  }

  async read(id: string, previous: Props | undefined): Promise<Snapshot | undefined> {
    const { networkId, groupId } = parseGroupId(id);
    try {
      const group = await ops.getSecurityGroup(this.http, networkId, groupId);
      return snapshot(networkId, group, adoptionOutputs(previous ?? {}));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async update(previous: Previous, settings: Props, control: Props, changes: import("../core/diff").Change[]): Promise<Snapshot> {
    const { networkId, groupId } = parseGroupId(previous.id);
    const carried = adoptionOutputs(previous.outputs);
    if (carried.adopted === true) {
      carried.deletionBehavior =
        control.restoreOnDelete === false ? "keep the group as it is" : "keep the group; restore the name and settings it had when adopted";
    }
    const body = updateBody(changes, settings, previous.view);
    if (!body) {
      // Only control properties changed: nothing to send.
      const group = await ops.getSecurityGroup(this.http, networkId, groupId);
      return snapshot(networkId, group, carried);
    }
    const updated = await ops.updateSecurityGroup(this.http, { networkId, groupId, ...body });
    return snapshot(networkId, updated, carried);
  }

  async delete(previous: Previous): Promise<void> {
    const { networkId, groupId } = parseGroupId(previous.id);
    const outputs = previous.outputs;
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
