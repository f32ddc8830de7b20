// The service calls behind WickrSecurityGroup: create (or adopt), read, update, delete
// (or restore an adopted group). An update sends only the paths its preview showed: top-level
// ones without a read (the answer is the group), a nested object whole, completed from a read
// of the group (the service refuses an unchanged parameter with 402, see update.ts).
import type { ConfigSource } from "../core/config";
import { Change, diffDeclared, overlay } from "../core/diff";
import { InputError, InputProblem, ServiceError } from "../core/errors";
import { CreateContext, nameFromIdentity, Previous, Props, ResourceHandler, settingsShape, Snapshot } from "../core/definition";
import type { HttpClient } from "../core/http";
import { createClientToken, CreateRequestKey } from "./client-token";
import { readWickrConfig, WickrConfig } from "./config";
import { confirmPauseMs, createSecurityGroup, CreateUnconfirmedError, CreateUnknownError, CreateUnreadError, totalConfirmWaitMs } from "./create";
import { wickrSecurityGroupDefinition as def } from "./definition";
import * as ops from "./operations";
import { wickrHttpClient } from "./protocol";
import { NESTED_SETTINGS } from "./schema";
import { isServiceNotFound, NetworkFacts, notShownGoneError, whereabouts } from "./network";
import { applyChange, ChangeBody, sendChange, UNCHANGED } from "./update";
import { accountOutput, adoptionOutputs, compose, parseGroupId, recordedControl, snapshot, snapshotOfRead } from "./snapshot";
import { EXTRA_OUTPUTS, restoreBody, splitForCreate, updateBody, viewFromWire } from "./wire";

export { DELETION_BEHAVIOR, parseGroupId } from "./snapshot";

const shape = settingsShape(def);

/** An adoption record's original: a name and the settings. */
function isOriginal(value: unknown): value is Props {
  return typeof value === "object" && value !== null && typeof (value as Props).name === "string" && typeof (value as Props).securityGroupSettings === "object";
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The computed outputs recorded in state. */
function recordedExtras(outputs: Props): Props {
  const extras: Props = {};
  for (const k of [...EXTRA_OUTPUTS, "networkAccessLevel"]) if (outputs[k] !== undefined) extras[k] = outputs[k];
  return extras;
}

/**
 * The changes an update sends: the previewed paths (never another), less those the service
 * already holds (a fresh read says so). Nested objects are completed from that read by
 * `updateBody`.
 */
function pathsToSend(previewed: ReadonlySet<string>, settings: Props, current: Props): Change[] {
  return diffDeclared(shape, settings, current).filter((c) => previewed.has(c.path));
}

/** Whether sending a change needs the group's current members: a change inside a nested object (sent whole). */
function needsCurrentMembers(change: Change): boolean {
  const [top, setting] = change.segments;
  return top === "securityGroupSettings" && (setting === undefined || (NESTED_SETTINGS as readonly unknown[]).includes(setting));
}

/** How long the group check read for an adoption may stand in for create's own read. */
const ADOPTION_READ_REUSE_MS = 5_000;

export class WickrSecurityGroupHandler implements ResourceHandler {
  private client?: HttpClient;
  private config?: WickrConfig;
  /**
   * The group each adoption's check just read, taken (once) by the create that follows in the
   * same operation, so that adopting costs one read, not two.
   */
  private readonly adoptionReads = new Map<string, { group: ops.SecurityGroupWire; at: number }>();
  private readonly networks = new NetworkFacts(() => this.http);

  configure(config: ConfigSource): void {
    const cfg = readWickrConfig(config);
    this.config = cfg;
    this.client = wickrHttpClient(cfg);
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
   * Checks at preview that need the service (reads only): the network's plan (one GetNetwork per
   * network), and for an adoption the rules on the group's settings as they will be.
   */
  async preflight(settings: Props, control: Props): Promise<InputProblem[]> {
    const networkId = settings.networkId as string;
    const problems: InputProblem[] = [];
    if (control.adopt === undefined && settings.name === undefined) {
      problems.push({ path: "name", reason: "a name is required to create a group (or adopt an existing one)" });
    }
    const networkAccessLevel = await this.networks.accessLevel(networkId);
    if (control.adopt !== undefined) {
      const group = await this.findAdopted(networkId, control.adopt);
      const current = viewFromWire(networkId, group);
      const after = overlay(shape, current, settings);
      problems.push(...(def.rules?.(after, settings, { networkAccessLevel, reported: current }) ?? []));
    } else {
      problems.push(...(def.rules?.(settings, settings, { networkAccessLevel }) ?? []));
    }
    return problems;
  }

  /**
   * Create (create.ts holds the sequence up to the group it made):
   *   1. CreateSecurityGroup with the resource's client token (create settings only), confirmed
   *      by a read of the group it names (bounded re-reads; never a second create while unknown);
   *   2. plan the follow-up from that read against everything declared (the create answer may not
   *      carry every setting, and a group an interrupted run made may hold an older program's values);
   *   3. apply it (sparse; 402 ParameterUnchanged is a no-op and a read);
   *   4. if 3 fails, delete the new group, so that no group outlives a create nothing records.
   */
  async create(settings: Props, control: Props, context?: CreateContext): Promise<Snapshot> {
    const networkId = settings.networkId as string;
    if (control.adopt !== undefined) return this.adopt(networkId, settings, control, context?.hidden?.__adoptionOriginal);
    if (settings.name === undefined) throw new InputError("WickrSecurityGroup", [{ path: "name", reason: "required to create a group" }]);
    const accessLevel = await this.networks.accessLevel(networkId);
    const carried = { adopted: false, ...accountOutput(await this.networks.accountId(networkId)) };
    const { create } = splitForCreate((settings.securityGroupSettings ?? {}) as Props);
    const request = { networkId, name: settings.name as string, securityGroupSettings: create };
    const created = await this.createConfirmed(request, context?.identity);
    const view = viewFromWire(networkId, created);
    const body = updateBody(diffDeclared(shape, settings, view), settings, view);
    if (!body) return snapshot(networkId, created, carried, control, accessLevel);
    try {
      const updated = await this.apply(networkId, created, body, accessLevel);
      return snapshot(networkId, updated, carried, control, accessLevel);
    } catch (err) {
      await ops.deleteSecurityGroup(this.http, networkId, created.id).catch(() => undefined);
      throw err;
    }
  }

  /** Step 1 of create: the group this create made, as the service reports it (create.ts). */
  private async createConfirmed(request: CreateRequestKey, identity: string | undefined): Promise<ops.SecurityGroupWire> {
    const resourceName = nameFromIdentity(def, identity);
    const label = `WickrSecurityGroup ${resourceName === undefined ? "" : `"${resourceName}" `}(network ${request.networkId})`;
    try {
      return await createSecurityGroup(request.name, {
        token: (stale) => createClientToken(identity, request, stale),
        send: (clientToken) => ops.createSecurityGroup(this.http, { ...request, clientToken }),
        read: (groupId) => this.readCreated(request.networkId, groupId),
        list: () => ops.listSecurityGroups(this.http, request.networkId),
        stepsPastStale: resourceName !== undefined && (this.config?.newCreateTokens ?? []).includes(resourceName),
        pause: (attempt) => sleep(confirmPauseMs(attempt)),
      });
    } catch (err) {
      throw this.createError(label, resourceName, request.networkId, err);
    }
  }

  /** A group a create just named: undefined only on the service's own "not found" in a network these credentials see. */
  private async readCreated(networkId: string, groupId: string): Promise<ops.SecurityGroupWire | undefined> {
    try {
      return await ops.getSecurityGroup(this.http, networkId, groupId);
    } catch (err) {
      if (isServiceNotFound(err) && (await this.networks.meansGone(networkId, err))) return undefined;
      throw err;
    }
  }

  /** The error of a create that did not end with its group: what is known, and what to do. */
  private createError(label: string, resourceName: string | undefined, networkId: string, err: unknown): unknown {
    const where = this.config ? ` Calls went to ${whereabouts(this.config)}.` : "";
    const rerun = "The next `pulumi up` sends the same client token, so it gets back any group this create made instead of making another.";
    if (err instanceof CreateUnknownError) return new Error(`${label}: ${err.message}. ${rerun}${where}`);
    if (err instanceof CreateUnreadError) return new Error(`${label}: ${err.message}. Whether that group exists is not known; no other create was sent. ${rerun}${where}`);
    if (err instanceof ServiceError) return new Error(`${label}: ${err.message}.${where}`);
    if (!(err instanceof CreateUnconfirmedError)) return err;
    const last = err.answered[err.answered.length - 1];
    const same = err.sameName.length === 0 ? "" : ` The network holds groups of the declared name: ${err.sameName.map((id) => `${networkId}/${id}`).join(", ")}.`;
    const name = resourceName ?? "<name>";
    const lines = [
      `${label}: CreateSecurityGroup answered group ${networkId}/${last}, but the service showed no such group in reads over about ${Math.round(totalConfirmWaitMs() / 1000)} s nor in ListSecurityGroups.`,
      `Either its reads lag behind its creates, or it remembers this create's client token from a group of this resource that was destroyed earlier; the two look alike, so no other create was sent.${same}`,
      `If the group appears later (the admin console, or \`npx pulumi-wickr-commvault discover\`), run \`pulumi up\` again: the same client token returns it.`,
      err.stepped
        ? `wickr:newCreateTokens names this resource, and ${err.answered.length} answered groups in a row did not exist: the service is not answering creates as expected.`
        : `If this resource's group was destroyed before, let one \`pulumi up\` step past the remembered token: set \`wickr:newCreateTokens\` (or WICKR_NEW_CREATE_TOKENS) to ${JSON.stringify(name)}, then remove it.`,
      `A group that exists but is not in the state can be recorded with \`npx pulumi-wickr-commvault import WickrSecurityGroup ${name} <networkId/groupId>\`.${where}`,
    ];
    return new Error(lines.join(" "));
  }

  /** Sends one planned change to a group as last read. */
  private apply(networkId: string, current: ops.SecurityGroupWire, body: ChangeBody, accessLevel: string | undefined): Promise<ops.SecurityGroupWire> {
    return applyChange(this.http, { networkId, current, body, accessLevel });
  }

  /**
   * Adopt: the original (what destroy restores) comes from the adoption record, a step the
   * engine completed and saved before this one (see adoption.ts), so no write of this create,
   * however it ends, can stand in for it. Without a record (a program made before records) the
   * group is read as it is now.
   */
  private async adopt(networkId: string, settings: Props, control: Props, recorded: unknown): Promise<Snapshot> {
    const group = await this.findAdopted(networkId, control.adopt, true);
    const current = viewFromWire(networkId, group);
    const original = isOriginal(recorded) ? recorded : { name: current.name, securityGroupSettings: current.securityGroupSettings };
    const carried: Props = { adopted: true, adoptedState: original };
    const body = updateBody(diffDeclared(shape, settings, current), settings, current);
    const accessLevel = await this.networks.accessLevel(networkId);
    if (!body) return snapshot(networkId, group, carried, control, accessLevel);
    return snapshot(networkId, await this.apply(networkId, group, body, accessLevel), carried, control, accessLevel);
  }

  async read(id: string, previous: Props | undefined): Promise<Snapshot | undefined> {
    const { networkId, groupId } = parseGroupId(id);
    let group: ops.SecurityGroupWire;
    try {
      group = await ops.getSecurityGroup(this.http, networkId, groupId);
    } catch (err) {
      await this.confirmGone(id, err, previous?.networkAccountId, false);
      return undefined;
    }
    const accessLevel = await this.networks.accessLevelOr(networkId, previous?.networkAccessLevel);
    return snapshotOfRead(id, { group, accessLevel, accountId: await this.networks.accountId(networkId) }, previous);
  }

  /**
   * Update, as one sequence (the paths the preview showed, planned against the recorded view;
   * never another path, so a hand edit the preview did not show is never sent back):
   *  1. Only top-level paths (the name, a setting that is not a nested object; a list goes whole):
   *     the declared values are the whole change, sent without a read; the answer is the group.
   *  2. A path inside a nested object (sent whole, completed from the service's current members),
   *     or step 1 answered ParameterUnchanged (the service already holds some value sent): read
   *     the group, send the previewed paths that still differ from it; none left, the read is the
   *     answer.
   * Only control properties changed: nothing to read or send.
   */
  async update(previous: Previous, settings: Props, control: Props, changes: Change[]): Promise<Snapshot> {
    const { networkId, groupId } = parseGroupId(previous.id);
    const carried = adoptionOutputs(previous.outputs);
    const planned = changes.filter((c) => !def.controlProperties.includes(c.segments[0]));
    if (planned.length === 0) {
      return compose(previous.id, previous.view, recordedExtras(previous.outputs), carried, control);
    }
    const recorded = previous.outputs.networkAccessLevel;
    const accessLevel = typeof recorded === "string" ? recorded : await this.networks.accessLevel(networkId);
    if (!planned.some(needsCurrentMembers)) {
      // No nested object in the body: the calling key does not matter.
      const body = updateBody(planned, settings, previous.view) as ChangeBody;
      const answer = await sendChange(this.http, { networkId, groupId, callingKey: "calling", body, accessLevel });
      if (answer !== UNCHANGED) return snapshot(networkId, answer, carried, control, accessLevel);
    }
    const current = await ops.getSecurityGroup(this.http, networkId, groupId);
    const view = viewFromWire(networkId, current);
    const body = updateBody(pathsToSend(new Set(planned.map((c) => c.path)), settings, view), settings, view);
    if (!body) return snapshot(networkId, current, carried, control, accessLevel);
    return snapshot(networkId, await this.apply(networkId, current, body, accessLevel), carried, control, accessLevel);
  }

  async delete(previous: Previous): Promise<void> {
    const { networkId, groupId } = parseGroupId(previous.id);
    const outputs = previous.outputs;
    // An adopted group stays (restored unless told otherwise); a default group is never deleted.
    if (outputs.adopted === true || outputs.isDefault === true) {
      if (outputs.restoreOnDelete === false) return;
      if (!outputs.adoptedState) {
        // No original recorded (a state written before adoption records, or a default group the
        // program created no record for): nothing known to restore, so nothing is sent.
        if (outputs.adopted === true) console.error(`warning: WickrSecurityGroup ${previous.id}: left as it is: the state records no original to restore`);
        return;
      }
      try {
        const group = await ops.getSecurityGroup(this.http, networkId, groupId);
        const programs = { name: outputs.name, securityGroupSettings: outputs.securityGroupSettings };
        const { body, leftAlone } = restoreBody(shape, outputs.adoptedState as Props, programs, viewFromWire(networkId, group));
        if (leftAlone.length > 0) {
          console.error(
            `warning: WickrSecurityGroup ${previous.id}: not restored, changed by hand since the program last set them: ${leftAlone.join(", ")} (left as the service holds them)`,
          );
        }
        if (body) await this.apply(networkId, group, body, outputs.networkAccessLevel as string | undefined);
      } catch (err) {
        if (!(await this.networks.meansGone(networkId, err, outputs.networkAccountId))) throw err;
      }
      return;
    }
    try {
      await ops.deleteSecurityGroup(this.http, networkId, groupId);
    } catch (err) {
      await this.confirmGone(previous.id, err, outputs.networkAccountId, true);
    }
  }

  /**
   * Returns when a failed read or delete of group `id` shows the group is gone (network.ts, the
   * one decision); throws otherwise, naming the endpoint, region and credentials in use.
   */
  private async confirmGone(id: string, err: unknown, recordedAccount: unknown, deleting: boolean): Promise<void> {
    const { networkId } = parseGroupId(id);
    // Only a 401, 403 or 404 could be taken for "gone"; any other failure (5xx, no answer, a
    // malformed answer) stays the service error it is.
    if (!(err instanceof ServiceError) || ![401, 403, 404].includes(err.status)) throw err;
    const decision = await this.networks.decideGone(networkId, err, recordedAccount).catch((e: unknown) => ({
      gone: false as const,
      why: `checking the network failed too (${e instanceof Error ? e.message : String(e)})`,
    }));
    if (decision.gone) return;
    const where = this.config ?? { endpoint: "(not configured)", region: "(not configured)" };
    throw notShownGoneError(`WickrSecurityGroup ${id}`, err, decision.why, where, deleting);
  }
}
