// The model of a run: what the program declares (a few Wickr and Commvault groups, the adoption
// of a network's default Wickr group, which values are marked secret), the faults armed for the
// next command, and the values the run must never show in plaintext. What the services hold is
// not modelled: the emulators' own state is the ground truth of every service-side check.

/** `wi` takes over an existing, hand-made group by import (IMPORTABLE_W_NAME): owned from then on. */
export const WICKR_KEYS = ["w0", "w1", "wi"] as const;
/**
 * `ci` takes over an existing group by import (IMPORTABLE_NAME); `found` by `discover
 * --import-into` (DISCOVERABLE_NAME), the program then loading the written file.
 */
export const COMMVAULT_KEYS = ["c0", "c1", "ci", "found"] as const;
/** The name of the existing Commvault group the `ci` resource imports. */
export const IMPORTABLE_NAME = "importable-c";
/** The name of the existing Wickr group the `wi` resource imports. */
export const IMPORTABLE_W_NAME = "importable-w";
/** The name of the hand-made Commvault group `discover --filter` finds (its resource name is the same). */
export const DISCOVERABLE_NAME = "found";
/** The resources that come into the program only by taking over an existing group (never toggled by an edit). */
export const TAKEN_KEYS: readonly string[] = ["wi", "ci", "found"];
/** The laptop plans of the Commvault emulator's directory. */
export const PLANS = ["Laptop-Gold", "Laptop-Silver", "Laptop-Bronze"] as const;
export type WickrKey = (typeof WICKR_KEYS)[number];
export type CommvaultKey = (typeof COMMVAULT_KEYS)[number];
/** The resource adopting the default group of the model's network. */
export const DEFAULT_KEY = "wdef";
export type GroupKey = WickrKey | CommvaultKey | typeof DEFAULT_KEY;

/** The members Commvault groups may have (seeded in the emulator's directory). */
export const USERS = ["alice", "bob", "carol", "dave"] as const;

/** A string the program declares, maybe through pulumi.secret. */
export interface Val {
  value: string;
  secret: boolean;
}

export interface WickrDecl {
  present: boolean;
  name: Val;
  lockoutThreshold: number;
  presenceEnabled?: boolean;
  /** calling: { canStart11Call: true, canVideoCall } when set (a nested object sent whole). */
  videoCall?: boolean;
  quickResponse?: Val;
}

export interface CommvaultDecl {
  present: boolean;
  name: Val;
  description?: Val;
  users: string[];
  enabled?: boolean;
  /** A plan name; null: no plan; undefined: not declared. */
  laptopPlan?: string | null;
  /**
   * The file `discover` wrote for this group, which the program loads instead of declaring it
   * itself (until the first edit of the resource: the user then declares it in the program).
   */
  file?: string;
}

export interface DefaultDecl {
  adopted: boolean;
  lockoutThreshold: number;
  presenceEnabled?: boolean;
}

/** A fault armed for the next command that talks to the services (faults.ts). */
export interface FaultSpec {
  kind: string;
  /** The operation it hits (emulator faults); absent for a whole-command front mode. */
  operation?: string;
}

export interface Model {
  run: number;
  wickr: Record<WickrKey, WickrDecl>;
  commvault: Record<CommvaultKey, CommvaultDecl>;
  def: DefaultDecl;
  pending: FaultSpec[];
  /** How the Commvault emulator switches a laptop plan in this sequence (its planSwitch variant). */
  planSwitch: "addReplaces" | "deleteFirst";
  /** Every value ever declared secret (fresh when declared, so never shown in plaintext before). */
  secrets: Set<string>;
  /** Every group name the program ever declared (a name counts at most one group at the service). */
  names: Set<string>;
  counter: number;
}

export function initialModel(run: number, planSwitch: Model["planSwitch"] = "addReplaces"): Model {
  const model: Model = {
    run,
    wickr: {
      w0: { present: true, name: { value: "", secret: false }, lockoutThreshold: 11 },
      w1: { present: false, name: { value: "", secret: false }, lockoutThreshold: 12 },
      wi: { present: false, name: { value: IMPORTABLE_W_NAME, secret: false }, lockoutThreshold: 14 },
    },
    commvault: {
      c0: { present: true, name: { value: "", secret: false }, users: ["alice"], laptopPlan: "Laptop-Gold" },
      c1: { present: false, name: { value: "", secret: false }, users: [] },
      ci: { present: false, name: { value: IMPORTABLE_NAME, secret: false }, users: ["carol"] },
      found: { present: false, name: { value: DISCOVERABLE_NAME, secret: false }, users: [] },
    },
    def: { adopted: true, lockoutThreshold: 13 },
    pending: [],
    planSwitch,
    secrets: new Set(),
    names: new Set(),
    counter: 0,
  };
  for (const k of ["w0", "w1"] as const) model.wickr[k].name = freshName(model, k, false);
  for (const k of ["c0", "c1"] as const) model.commvault[k].name = freshName(model, k, false);
  for (const n of [IMPORTABLE_NAME, IMPORTABLE_W_NAME, DISCOVERABLE_NAME]) model.names.add(n);
  return model;
}

/** A value never used before in this run; recorded as a secret when it is declared secret. */
export function fresh(model: Model, what: string, secret: boolean): Val {
  const value = `${secret ? "sv" : "pv"}${model.run}-${what}-${++model.counter}`;
  if (secret) model.secrets.add(value);
  return { value, secret };
}

export function freshName(model: Model, key: string, secret: boolean): Val {
  const v = fresh(model, `mt-${key}`, secret);
  model.names.add(v.value);
  return v;
}

/** The program's resources that exist in it now, by key. */
export function declaredKeys(model: Model): GroupKey[] {
  return [
    ...WICKR_KEYS.filter((k) => model.wickr[k].present),
    ...COMMVAULT_KEYS.filter((k) => model.commvault[k].present),
    ...(model.def.adopted ? [DEFAULT_KEY as typeof DEFAULT_KEY] : []),
  ];
}
