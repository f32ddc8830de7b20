// The emulator's state: networks, their security groups and the client tokens CreateSecurityGroup
// has seen. Every change of a group's settings goes through mergeSettings + the cross-field rules,
// so the stored state never breaks them.
import { randomBytes } from "node:crypto";
import { WICKR_TEST_ACCOUNT_ID } from "./credentials";
import { GROUP_NOT_FOUND, NETWORK_NOT_FOUND, Reason, WickrApiError } from "./errors";
import { checkCrossFieldRules, mergeSettings } from "./rules";
import { canonicalSettings, defaultSecurityGroupSettings, SecurityGroupSettings } from "./settings";

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

interface NetworkRecord {
  network: Network;
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
const nowSeconds = () => Math.floor(Date.now() / 1000);

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

  constructor(readonly region: string) {
    this.reset();
  }

  /** Forgets everything and seeds the two standard networks. */
  reset(): void {
    this.networks.clear();
    this.clientTokenRetention = "while-group-exists";
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

  private record(networkId: string): NetworkRecord {
    const record = this.networks.get(networkId);
    if (!record) throw WickrApiError.notFound(NETWORK_NOT_FOUND);
    return record;
  }

  getNetwork(networkId: string): Network {
    return { ...this.record(networkId).network };
  }

  isSsoEnabled(networkId: string): boolean {
    return this.record(networkId).ssoEnabled;
  }

  listNetworks(): Network[] {
    return [...this.networks.values()].map((r) => ({ ...r.network }));
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
    const record: NetworkRecord = { network, ssoEnabled, groups: new Map(), clientTokens: new Map() };
    const seeds = [...(seed.groups ?? [])];
    const defaults = seeds.filter((g) => g.isDefault === true).length;
    if (defaults > 1) throw new Error(`network ${seed.networkId}: more than one default group`);
    // An added default group goes first; `offset` keeps error paths pointing at the caller's list.
    const offset = defaults === 0 ? 1 : 0;
    if (defaults === 0) seeds.unshift({ name: "default", isDefault: true });
    const modified = nowSeconds();
    for (const [i, g] of seeds.entries()) {
      const id = g.id ?? this.newGroupId(record);
      if (record.groups.has(id)) throw new Error(`network ${seed.networkId}: duplicate group id ${id}`);
      const settings = mergeSettings(defaultSecurityGroupSettings(ssoEnabled), g.securityGroupSettings ?? {});
      const reasons = checkCrossFieldRules(settings, { ssoEnabled, path: `groups[${i - offset}].securityGroupSettings` });
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

  getGroup(networkId: string, groupId: string): SecurityGroup {
    return copyGroup(this.group(this.record(networkId), groupId));
  }

  listGroups(networkId: string): SecurityGroup[] {
    return [...this.record(networkId).groups.values()].map(copyGroup);
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
    const merged = mergeSettings(defaultSecurityGroupSettings(record.ssoEnabled), settings);
    const reasons = checkCrossFieldRules(merged, { ssoEnabled: record.ssoEnabled });
    if (reasons.length > 0) throw WickrApiError.validation(reasons);
    const group: SecurityGroup = {
      activeMembers: 0,
      botMembers: 0,
      id: this.newGroupId(record),
      isDefault: false,
      name,
      modified: nowSeconds(),
      securityGroupSettings: merged,
    };
    record.groups.set(group.id, group);
    if (clientToken !== undefined) record.clientTokens.set(clientToken, { groupId: group.id, answer: copyGroup(group) });
    return copyGroup(group);
  }

  /** UpdateSecurityGroup and console drift: merge, check the rules, then change all or nothing. */
  updateGroup(networkId: string, groupId: string, change: GroupChange): SecurityGroup {
    const record = this.record(networkId);
    const group = this.group(record, groupId);
    const settings = mergeSettings(group.securityGroupSettings, change.securityGroupSettings ?? {});
    const reasons = checkCrossFieldRules(settings, { ssoEnabled: record.ssoEnabled });
    if (reasons.length > 0) throw WickrApiError.validation(reasons);
    if (change.name !== undefined) group.name = change.name;
    group.securityGroupSettings = settings;
    group.modified = nowSeconds();
    return copyGroup(group);
  }

  /** DeleteSecurityGroup and console deletion; the default group cannot be deleted. */
  deleteGroup(networkId: string, groupId: string): void {
    const record = this.record(networkId);
    const group = this.group(record, groupId);
    if (group.isDefault) throw WickrApiError.badRequest("The default security group cannot be deleted");
    record.groups.delete(groupId);
  }

  /** Everything, for the `state` control. */
  snapshot(): Array<Network & { ssoEnabled: boolean; groups: SecurityGroup[] }> {
    return [...this.networks.values()].map((r) => ({
      ...r.network,
      ssoEnabled: r.ssoEnabled,
      groups: [...r.groups.values()].map(copyGroup),
    }));
  }
}

function describe(reasons: Reason[]): string {
  return reasons.map((r) => `${r.field}: ${r.reason}`).join("; ");
}
