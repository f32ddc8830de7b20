// The emulator's state: networks, their security groups and the client tokens CreateSecurityGroup
// has seen. Every change of a group's settings goes through mergeSettings + the cross-field rules,
// so the stored state never breaks them.
import { randomBytes } from "node:crypto";
import { WICKR_TEST_ACCOUNT_ID } from "./credentials";
import { GROUP_NOT_FOUND, NETWORK_NOT_FOUND, Reason, WickrApiError } from "./errors";
import { checkCrossFieldRules, mergeSettings, messageLifetimeReasons, RESTRICTED_WITHOUT_GLOBAL, restrictedWithoutGlobal, ssoOnlyReasons } from "./rules";
import { canonicalSettings, DEFAULT_FEDERATION_MODE, defaultSecurityGroupSettings, SecurityGroupSettings, SettingName } from "./settings";
import { DEFAULT_VARIANT, premiumOnlySettings, WickrVariant } from "./variants";

export const DEFAULT_NETWORK_ID = "12345678";
export const SSO_NETWORK_ID = "87654321";
export const DEFAULT_GROUP_ID = "abc12345";
/** Id of the default group of the SSO network seeded at reset. */
export const SSO_DEFAULT_GROUP_ID = "ssodef01";

export type AccessLevel = "STANDARD" | "PREMIUM";

/** The model's Network shape (GetNetwork output, ListNetworks items). */
export interface Network {
  networkId: string;
  networkName: string;
  accessLevel: AccessLevel;
  awsAccountId: string;
  networkArn: string;
  standing?: number;
  freeTrialExpiration?: string;
  migrationState?: number;
  encryptionKeyArn?: string;
}

/** The model's SecurityGroup shape. */
export interface SecurityGroup {
  activeMembers: number;
  botMembers: number;
  activeDirectoryGuid?: string;
  id: string;
  isDefault: boolean;
  name: string;
  modified: number;
  securityGroupSettings: SecurityGroupSettings;
}

/** Where a network is in its life: deletion is asynchronous (evidence 5). */
export type NetworkPhase = "active" | "deleting" | "gone";

/** A network holds at most this many security groups (doc). */
export const MAX_GROUPS_PER_NETWORK = 100;

/** Below this, lockoutThreshold is refused on a STANDARD network (observed). */
export const STANDARD_LOCKOUT_FLOOR = 10;

interface NetworkRecord {
  network: Network;
  phase: NetworkPhase;
  ssoEnabled: boolean;
  groups: Map<string, SecurityGroup>;
  /** X-Client-Token → the group the create made, and its answer then. */
  clientTokens: Map<string, { groupId: string; answer: SecurityGroup }>;
}

/**
 * How long CreateSecurityGroup remembers a client token: while the group it made exists (the
 * default), or for good, answering a since-deleted group's creation again as AWS idempotent
 * APIs may (the model does not say how long a token is kept).
 */
export type ClientTokenRetention = "while-group-exists" | "remembered";

export interface GroupSeed {
  id?: string;
  name: string;
  isDefault?: boolean;
  activeMembers?: number;
  botMembers?: number;
  activeDirectoryGuid?: string;
  /** Overlaid on the defaults (already type-checked by the caller). */
  securityGroupSettings?: SecurityGroupSettings;
}

export interface NetworkSeed {
  networkId: string;
  networkName?: string;
  ssoEnabled?: boolean;
  accessLevel?: AccessLevel;
  awsAccountId?: string;
  standing?: number;
  freeTrialExpiration?: string;
  migrationState?: number;
  encryptionKeyArn?: string;
  groups?: GroupSeed[];
}

export interface GroupChange {
  name?: string;
  /** Type-checked settings change; merged onto the current settings. */
  securityGroupSettings?: SecurityGroupSettings;
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function copyGroup(group: SecurityGroup): SecurityGroup {
  const out: SecurityGroup = {
    activeMembers: group.activeMembers,
    botMembers: group.botMembers,
    id: group.id,
    isDefault: group.isDefault,
    name: group.name,
    modified: group.modified,
    securityGroupSettings: canonicalSettings(group.securityGroupSettings),
  };
  if (group.activeDirectoryGuid !== undefined) out.activeDirectoryGuid = group.activeDirectoryGuid;
  return out;
}

export class WickrStore {
  private networks = new Map<string, NetworkRecord>();
  clientTokenRetention: ClientTokenRetention = "while-group-exists";
  /** The reading of the evidence played (variants.ts). */
  variant: WickrVariant;
  /** Seconds added to this machine's clock for `modified` (the `clock` control: a service clock that differs from the client's). */
  clockOffsetSeconds = 0;
  /**
   * For this long after its creation a group is not yet seen by reads (the `read-lag` control):
   * GetSecurityGroup answers 404 ResourceNotFoundError and ListSecurityGroups leaves it out, as an
   * eventually consistent read behind a create would. 0: reads see every create at once.
   */
  readLagMs = 0;
  /** When each group CreateSecurityGroup made was made (ms, this machine's clock), keyed `networkId/groupId`. */
  private readonly createdAt = new Map<string, number>();

  constructor(
    readonly region: string,
    private readonly startVariant: WickrVariant = DEFAULT_VARIANT,
  ) {
    this.variant = { ...startVariant };
    this.reset();
  }

  private nowSeconds(): number {
    return Math.floor(Date.now() / 1000) + this.clockOffsetSeconds;
  }

  /** Forgets everything and seeds the two standard networks. */
  reset(): void {
    this.networks.clear();
    this.clientTokenRetention = "while-group-exists";
    this.variant = { ...this.startVariant };
    this.clockOffsetSeconds = 0;
    this.readLagMs = 0;
    this.createdAt.clear();
    this.seedNetwork({
      networkId: DEFAULT_NETWORK_ID,
      networkName: "emulator-network",
      accessLevel: "STANDARD",
      ssoEnabled: false,
      groups: [{ id: DEFAULT_GROUP_ID, name: "default", isDefault: true, activeMembers: 50, botMembers: 5 }],
    });
    this.seedNetwork({
      networkId: SSO_NETWORK_ID,
      networkName: "emulator-sso-network",
      accessLevel: "PREMIUM",
      ssoEnabled: true,
      groups: [{ id: SSO_DEFAULT_GROUP_ID, name: "default", isDefault: true, activeMembers: 0, botMembers: 0 }],
    });
  }

  // ---- networks ----

  /** The network a request names, as the live service answers for it (evidence 5): 403 while it is being deleted. */
  private record(networkId: string): NetworkRecord {
    const record = this.networks.get(networkId);
    if (!record) throw WickrApiError.notFound(NETWORK_NOT_FOUND);
    if (record.phase === "deleting") throw new WickrApiError("ForbiddenError", "Forbidden: the network is being deleted");
    return record;
  }

  /** The phase of a network, undefined for one never seeded. */
  phaseOf(networkId: string): NetworkPhase | undefined {
    return this.networks.get(networkId)?.phase;
  }

  getNetwork(networkId: string): Network {
    return { ...this.record(networkId).network };
  }

  isSsoEnabled(networkId: string): boolean {
    return this.record(networkId).ssoEnabled;
  }

  /** ListNetworks hides a network as soon as its deletion starts (observed). */
  listNetworks(): Network[] {
    return [...this.networks.values()].filter((r) => r.phase === "active").map((r) => ({ ...r.network }));
  }

  /** DeleteNetwork as the console does it: `deleting` (403 on every request), then `gone` (401 with an HTML page). */
  setNetworkPhase(networkId: string, phase: Exclude<NetworkPhase, "active">): void {
    const record = this.networks.get(networkId);
    if (!record) throw WickrApiError.notFound(NETWORK_NOT_FOUND);
    record.phase = phase;
    if (phase === "gone") record.groups.clear();
  }

  private withSsoMembers(record: NetworkRecord): boolean {
    return record.ssoEnabled || this.variant.ssoMembers === "always";
  }

  /**
   * Adds or replaces a network with its groups. A network without a default group gets one
   * (named `default`); more than one default, a duplicate id or settings breaking a rule throw.
   */
  seedNetwork(seed: NetworkSeed): void {
    this.seedNetworks([seed]);
  }

  /** Seeds several networks, all or none. */
  seedNetworks(seeds: NetworkSeed[]): void {
    const records = seeds.map((seed) => this.buildRecord(seed));
    for (const record of records) this.networks.set(record.network.networkId, record);
  }

  private buildRecord(seed: NetworkSeed): NetworkRecord {
    const ssoEnabled = seed.ssoEnabled ?? false;
    const accountId = seed.awsAccountId ?? WICKR_TEST_ACCOUNT_ID;
    const network: Network = {
      networkId: seed.networkId,
      networkName: seed.networkName ?? `network-${seed.networkId}`,
      accessLevel: seed.accessLevel ?? "STANDARD",
      awsAccountId: accountId,
      networkArn: `arn:aws:wickr:${this.region}:${accountId}:network/${seed.networkId}`,
      standing: seed.standing ?? 0,
      migrationState: seed.migrationState ?? 0,
    };
    if (seed.freeTrialExpiration !== undefined) network.freeTrialExpiration = seed.freeTrialExpiration;
    if (seed.encryptionKeyArn !== undefined) network.encryptionKeyArn = seed.encryptionKeyArn;
    const record: NetworkRecord = { network, phase: "active", ssoEnabled, groups: new Map(), clientTokens: new Map() };
    const seeds = [...(seed.groups ?? [])];
    const defaults = seeds.filter((g) => g.isDefault === true).length;
    if (defaults > 1) throw new Error(`network ${seed.networkId}: more than one default group`);
    // An added default group goes first; `offset` keeps error paths pointing at the caller's list.
    const offset = defaults === 0 ? 1 : 0;
    if (defaults === 0) seeds.unshift({ name: "default", isDefault: true });
    const modified = this.nowSeconds();
    for (const [i, g] of seeds.entries()) {
      const id = g.id ?? this.newGroupId(record);
      if (record.groups.has(id)) throw new Error(`network ${seed.networkId}: duplicate group id ${id}`);
      const settings = mergeSettings(defaultSecurityGroupSettings(this.withSsoMembers(record)), g.securityGroupSettings ?? {});
      const path = `groups[${i - offset}].securityGroupSettings`;
      const reasons = [
        ...checkCrossFieldRules(settings, { ssoEnabled, variant: this.variant, path }),
        ...messageLifetimeReasons(settings, network.accessLevel, this.variant, path),
      ];
      if (reasons.length > 0) throw new Error(`network ${seed.networkId}: ${describe(reasons)}`);
      const group: SecurityGroup = {
        activeMembers: g.activeMembers ?? 0,
        botMembers: g.botMembers ?? 0,
        id,
        isDefault: g.isDefault === true,
        name: g.name,
        modified,
        securityGroupSettings: settings,
      };
      if (g.activeDirectoryGuid !== undefined) group.activeDirectoryGuid = g.activeDirectoryGuid;
      record.groups.set(id, group);
    }
    return record;
  }

  // ---- groups ----

  private group(record: NetworkRecord, groupId: string): SecurityGroup {
    const group = record.groups.get(groupId);
    if (!group) throw WickrApiError.notFound(GROUP_NOT_FOUND);
    return group;
  }

  private newGroupId(record: NetworkRecord): string {
    for (;;) {
      const bytes = randomBytes(8);
      const id = Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
      if (!record.groups.has(id)) return id;
    }
  }

  /** Whether reads do not see the group yet (the `read-lag` control). */
  private lagging(networkId: string, groupId: string): boolean {
    const at = this.createdAt.get(`${networkId}/${groupId}`);
    return this.readLagMs > 0 && at !== undefined && Date.now() - at < this.readLagMs;
  }

  getGroup(networkId: string, groupId: string): SecurityGroup {
    const group = this.group(this.record(networkId), groupId);
    if (this.lagging(networkId, groupId)) throw WickrApiError.notFound(GROUP_NOT_FOUND);
    return copyGroup(group);
  }

  listGroups(networkId: string): SecurityGroup[] {
    return [...this.record(networkId).groups.values()].filter((g) => !this.lagging(networkId, g.id)).map(copyGroup);
  }

  /**
   * CreateSecurityGroup: defaults overlaid with the given settings. A client token seen before in
   * this network returns the group it created while that group exists; after it is deleted, the
   * answer of that creation again if tokens are "remembered", otherwise a new group.
   */
  createGroup(networkId: string, name: string, settings: SecurityGroupSettings, clientToken?: string): SecurityGroup {
    const record = this.record(networkId);
    if (clientToken !== undefined) {
      const earlier = record.clientTokens.get(clientToken);
      const existing = earlier === undefined ? undefined : record.groups.get(earlier.groupId);
      if (existing) return copyGroup(existing);
      if (earlier && this.clientTokenRetention === "remembered") return copyGroup(earlier.answer);
    }
    if (record.groups.size >= MAX_GROUPS_PER_NETWORK) {
      throw WickrApiError.badRequest(`A network can have at most ${MAX_GROUPS_PER_NETWORK} security groups`);
    }
    const merged = this.applyChange(record, defaultSecurityGroupSettings(this.withSsoMembers(record)), settings);
    const group: SecurityGroup = {
      activeMembers: 0,
      botMembers: 0,
      id: this.newGroupId(record),
      isDefault: false,
      name,
      modified: this.nowSeconds(),
      securityGroupSettings: merged,
    };
    record.groups.set(group.id, group);
    this.createdAt.set(`${networkId}/${group.id}`, Date.now());
    if (clientToken !== undefined) record.clientTokens.set(clientToken, { groupId: group.id, answer: copyGroup(group) });
    return copyGroup(group);
  }

  /**
   * UpdateSecurityGroup: a sparse change (402 ParameterUnchanged when it changes nothing, or
   * with variant `unchanged: "any"` when any member it sends already has that value), merged,
   * checked, then applied all or nothing.
   */
  updateGroup(networkId: string, groupId: string, change: GroupChange): SecurityGroup {
    const record = this.record(networkId);
    const group = this.group(record, groupId);
    const sent = change.securityGroupSettings ?? {};
    const current = group.securityGroupSettings as Record<string, unknown>;
    const same = Object.entries(sent).filter(([k, v]) => v !== undefined && JSON.stringify(v) === JSON.stringify(current[k]));
    const sentCount = Object.values(sent).filter((v) => v !== undefined).length + (change.name === undefined ? 0 : 1);
    const nameSame = change.name !== undefined && change.name === group.name;
    const unchanged = same.length + (nameSame ? 1 : 0);
    if (unchanged === sentCount || (this.variant.unchanged === "any" && unchanged > 0)) {
      throw new WickrApiError("BadRequestError", "ParameterUnchanged", undefined, 402);
    }
    const settings = this.applyChange(record, group.securityGroupSettings, sent);
    if (change.name !== undefined) group.name = change.name;
    group.securityGroupSettings = settings;
    group.modified = this.nowSeconds();
    return copyGroup(group);
  }

  /** A console change (the `drift` control): nested objects merged member by member, no plan or sparseness checks. */
  driftGroup(networkId: string, groupId: string, change: GroupChange): SecurityGroup {
    const record = this.record(networkId);
    const group = this.group(record, groupId);
    const sent: Record<string, unknown> = { ...(change.securityGroupSettings ?? {}) };
    const current = group.securityGroupSettings as Record<string, unknown>;
    for (const [k, v] of Object.entries(sent)) {
      const was = current[k];
      if (v && typeof v === "object" && !Array.isArray(v) && was && typeof was === "object" && !Array.isArray(was)) sent[k] = { ...was, ...v };
    }
    const settings = mergeSettings(group.securityGroupSettings, sent as SecurityGroupSettings);
    const reasons = [
      ...messageLifetimeReasons(sent as SecurityGroupSettings, record.network.accessLevel, this.variant),
      ...checkCrossFieldRules(settings, { ssoEnabled: record.ssoEnabled, variant: this.variant }),
    ];
    if (reasons.length > 0) throw WickrApiError.validation(reasons);
    if (change.name !== undefined) group.name = change.name;
    group.securityGroupSettings = settings;
    group.modified = this.nowSeconds();
    return copyGroup(group);
  }

  /**
   * What a create or update request does to the settings, in the order the live service
   * answers: the network's plan (402), the values a STANDARD network refuses (422) or changes
   * (federationMode 0 stored as 1), message lifetimes beyond the plan's limit (422), restricted
   * global federation without global (400), then the documented rules on the merged settings (422).
   */
  private applyChange(record: NetworkRecord, current: SecurityGroupSettings, change: SecurityGroupSettings): SecurityGroupSettings {
    const standard = record.network.accessLevel === "STANDARD";
    if (standard) {
      const premium = premiumOnlySettings(this.variant).filter((k: SettingName) => change[k] !== undefined);
      if (premium.length > 0) {
        throw new WickrApiError("BadRequestError", `this feature requires a different level plan (${premium.join(", ")})`, undefined, 402);
      }
      if (change.lockoutThreshold !== undefined && change.lockoutThreshold < STANDARD_LOCKOUT_FLOOR) {
        throw WickrApiError.validation([{ field: "securityGroupSettings.lockoutThreshold", reason: "invalid lockoutThreshold setting for network" }]);
      }
    }
    const lifetime = messageLifetimeReasons(change, record.network.accessLevel, this.variant);
    if (lifetime.length > 0) throw WickrApiError.validation(lifetime);
    const sso = ssoOnlyReasons(change, { ssoEnabled: record.ssoEnabled });
    if (sso.length > 0) throw WickrApiError.validation(sso);
    const stored = standard && change.federationMode === 0 ? { ...change, federationMode: DEFAULT_FEDERATION_MODE } : change;
    const merged = mergeSettings(current, stored);
    if (restrictedWithoutGlobal(merged)) throw WickrApiError.badRequest(RESTRICTED_WITHOUT_GLOBAL);
    const reasons = checkCrossFieldRules(merged, { ssoEnabled: record.ssoEnabled, variant: this.variant });
    if (reasons.length > 0) throw WickrApiError.validation(reasons);
    return merged;
  }

  /** DeleteSecurityGroup and console deletion; the default group cannot be deleted. */
  deleteGroup(networkId: string, groupId: string): void {
    const record = this.record(networkId);
    const group = this.group(record, groupId);
    if (group.isDefault) throw WickrApiError.badRequest("The default security group cannot be deleted");
    record.groups.delete(groupId);
  }

  /** Everything, for the `state` control. */
  snapshot(): Array<Network & { ssoEnabled: boolean; phase: NetworkPhase; groups: SecurityGroup[] }> {
    return [...this.networks.values()].map((r) => ({
      ...r.network,
      ssoEnabled: r.ssoEnabled,
      phase: r.phase,
      groups: [...r.groups.values()].map(copyGroup),
    }));
  }
}

function describe(reasons: Reason[]): string {
  return reasons.map((r) => `${r.field}: ${r.reason}`).join("; ");
}
