// The commands of a sequence, as fast-check model-based commands: program edits (they change the
// model only; the next engine command runs the edited program), hand edits at the services
// (the emulators' console controls), and the engine commands (engine-steps.ts), each maybe under
// a fault (faults.ts). Each prints as one readable line.
import fc from "fast-check";
import { COMMVAULT_SEED } from "../../../emulators/commvault";
import { ADOPTABLE } from "./bed";
import * as engine from "./engine-steps";
import type { Real } from "./engine-steps";
import { FAULT_KINDS, OPERATIONS } from "./faults";
import { COMMVAULT_KEYS, CommvaultKey, DEFAULT_KEY, DISCOVERABLE_NAME, FaultSpec, fresh, freshName, IMPORTABLE_NAME, IMPORTABLE_W_NAME, Model, PLANS, TAKEN_KEYS, USERS, WICKR_KEYS, WickrKey } from "./model";
import { stateOf } from "./observe";
import { NETWORK } from "./program";

type Cmd = fc.AsyncCommand<Model, Real, boolean>;

/** A command that only edits the model (the program of the next engine command). */
abstract class ProgramEdit implements Cmd {
  check = () => true;
  abstract apply(model: Model): void;
  async run(model: Model, real: Real): Promise<void> {
    this.apply(model);
    real.trace.push(`program: ${this.describe()}`);
  }
  abstract describe(): string;
  toString = () => `program: ${this.describe()}`;
}

type WickrEdit =
  | { kind: "toggle" }
  | { kind: "rename"; secret: boolean }
  | { kind: "lockoutThreshold"; value: number }
  | { kind: "presenceEnabled"; value: boolean | undefined }
  | { kind: "canVideoCall"; value: boolean | undefined }
  | { kind: "quickResponses"; secret: boolean | undefined };

class EditWickr extends ProgramEdit {
  constructor(
    readonly key: WickrKey,
    readonly edit: WickrEdit,
  ) {
    super();
  }
  apply(model: Model): void {
    const d = model.wickr[this.key];
    const e = this.edit;
    if (e.kind === "toggle") d.present = !d.present;
    else if (e.kind === "rename") d.name = freshName(model, this.key, e.secret);
    else if (e.kind === "lockoutThreshold") d.lockoutThreshold = e.value;
    else if (e.kind === "presenceEnabled") d.presenceEnabled = e.value;
    else if (e.kind === "canVideoCall") d.videoCall = e.value;
    else d.quickResponse = e.secret === undefined ? undefined : fresh(model, `qr-${this.key}`, e.secret);
  }
  describe(): string {
    const e = this.edit;
    if (e.kind === "toggle") return `${this.key} added or removed`;
    if (e.kind === "rename" || e.kind === "quickResponses") return `${this.key}.${e.kind === "rename" ? "name" : "securityGroupSettings.quickResponses"} = ${e.secret === undefined ? "undeclared" : e.secret ? "a new secret" : "a new value"}`;
    return `${this.key}.securityGroupSettings.${e.kind === "canVideoCall" ? "calling.canVideoCall" : e.kind} = ${e.value ?? "undeclared"}`;
  }
}

type CommvaultEdit =
  | { kind: "toggle" }
  | { kind: "rename"; secret: boolean }
  | { kind: "description"; secret: boolean | undefined }
  | { kind: "users"; value: string[] }
  | { kind: "enabled"; value: boolean | undefined }
  | { kind: "laptopPlan"; value: string | null | undefined };

class EditCommvault extends ProgramEdit {
  constructor(
    readonly key: CommvaultKey,
    readonly edit: CommvaultEdit,
  ) {
    super();
  }
  apply(model: Model): void {
    const d = model.commvault[this.key];
    const e = this.edit;
    // A group discover wrote: the user now declares it in the program, with the written values.
    d.file = undefined;
    if (e.kind === "toggle") d.present = !d.present;
    else if (e.kind === "rename") d.name = freshName(model, this.key, e.secret);
    else if (e.kind === "description") d.description = e.secret === undefined ? undefined : fresh(model, `desc-${this.key}`, e.secret);
    else if (e.kind === "users") d.users = [...e.value];
    else if (e.kind === "laptopPlan") d.laptopPlan = e.value;
    else d.enabled = e.value;
  }
  describe(): string {
    const e = this.edit;
    if (e.kind === "toggle") return `${this.key} added or removed`;
    if (e.kind === "rename" || e.kind === "description") return `${this.key}.${e.kind === "rename" ? "name" : "description"} = ${e.secret === undefined ? "undeclared" : e.secret ? "a new secret" : "a new value"}`;
    return `${this.key}.${e.kind} = ${JSON.stringify(e.value) ?? "undeclared"}`;
  }
}

class AdoptDefault extends ProgramEdit {
  constructor(
    readonly adopted: boolean,
    readonly lockoutThreshold: number,
    readonly presenceEnabled: boolean | undefined,
  ) {
    super();
  }
  apply(model: Model): void {
    model.def = { adopted: this.adopted, lockoutThreshold: this.lockoutThreshold, presenceEnabled: this.presenceEnabled };
  }
  describe(): string {
    return this.adopted
      ? `${DEFAULT_KEY} adopts the network's default group with lockoutThreshold ${this.lockoutThreshold}${this.presenceEnabled === undefined ? "" : `, presenceEnabled ${this.presenceEnabled}`}`
      : `${DEFAULT_KEY} removed (adopt off)`;
  }
}

/** The group at the service a resource is recorded for (else found by its declared name). */
async function groupOf(model: Model, real: Real, key: string): Promise<string | undefined> {
  if (key === DEFAULT_KEY) return ADOPTABLE;
  const recorded = (await stateOf(real.stack)).get(key)?.group;
  if (recorded) return recorded;
  const name = (WICKR_KEYS as readonly string[]).includes(key) ? model.wickr[key as WickrKey].name.value : model.commvault[key as CommvaultKey].name.value;
  const w = await real.bed.wickr.service<{ networks: Array<{ networkId: string; groups: Array<{ id: string; name: string }> }> }>("state");
  const c = await real.bed.commvault.service<{ userGroups: Array<{ id: number; name: string }> }>("state");
  const wg = w.networks.find((n) => n.networkId === NETWORK)?.groups.find((g) => g.name === name);
  const cg = c.userGroups.find((g) => g.name === name);
  return wg ? `w:${NETWORK}/${wg.id}` : cg ? `c:${cg.id}` : undefined;
}

type HandEdit =
  | { kind: "rename" }
  | { kind: "delete" }
  | { kind: "lockoutThreshold"; value: number }
  | { kind: "presenceEnabled" }
  | { kind: "forceTcpCall" }
  | { kind: "description" }
  | { kind: "users"; value: string[] }
  | { kind: "enabled" }
  | { kind: "laptopPlan"; value: string | null };

/** A person's change in the Wickr admin console or the Commvault Command Center. */
class HandEditCmd implements Cmd {
  constructor(
    readonly key: string,
    readonly edit: HandEdit,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const group = await groupOf(model, real, this.key);
    if (!group) {
      real.trace.push(`${this.toString()}: no such group at the service, skipped`);
      return;
    }
    try {
      await (group.startsWith("w:") ? this.wickr(model, real, group) : this.commvault(model, real, group));
      real.trace.push(`${this.toString()}: done on ${group}`);
    } catch (err) {
      real.trace.push(`${this.toString()}: the console refused (${(err as Error).message.slice(0, 120)})`);
    }
  }
  private async wickr(model: Model, real: Real, group: string): Promise<void> {
    const [networkId, groupId] = group.slice(2).split("/");
    const e = this.edit;
    if (e.kind === "delete") return void (await real.bed.wickr.service("delete-group", { networkId, groupId }));
    const state = await real.bed.wickr.service<{ networks: Array<{ networkId: string; groups: Array<{ id: string; securityGroupSettings: any }> }> }>("state");
    const now = state.networks.find((n) => n.networkId === networkId)?.groups.find((g) => g.id === groupId)?.securityGroupSettings ?? {};
    const change =
      e.kind === "rename"
        ? { name: fresh(model, `hand-${this.key}`, false).value }
        : e.kind === "lockoutThreshold"
          ? { securityGroupSettings: { lockoutThreshold: e.value } }
          : e.kind === "presenceEnabled"
            ? { securityGroupSettings: { presenceEnabled: !now.presenceEnabled } }
            : { securityGroupSettings: { calling: { ...now.calling, forceTcpCall: !now.calling?.forceTcpCall } } };
    await real.bed.wickr.service("drift", { networkId, groupId, ...change });
  }
  private async commvault(model: Model, real: Real, group: string): Promise<void> {
    const id = Number(group.slice(2));
    const e = this.edit;
    if (e.kind === "delete") return void (await real.bed.commvault.service("delete-group", { id }));
    const state = await real.bed.commvault.service<{ userGroups: Array<{ id: number; enabled: boolean }> }>("state");
    const now = state.userGroups.find((g) => g.id === id);
    const seeded = COMMVAULT_SEED.users as Record<string, { id: number; name: string }>;
    const plans = Object.values(COMMVAULT_SEED.plans) as Array<{ id: number; name: string }>;
    const changes =
      e.kind === "laptopPlan"
        ? { plan: e.value === null ? null : plans.find((p) => p.name === e.value) }
        : e.kind === "rename"
        ? { name: fresh(model, `hand-${this.key}`, false).value }
        : e.kind === "description"
          ? { description: fresh(model, `hand-desc-${this.key}`, false).value }
          : e.kind === "users"
            ? { users: e.value.map((u) => seeded[u]) }
            : { enabled: !now?.enabled };
    await real.bed.commvault.service("drift", { id, changes });
  }
  toString = () => `by hand: ${this.key} ${this.edit.kind}${"value" in this.edit ? ` ${JSON.stringify(this.edit.value)}` : ""}`;
}

/** Takes the existing group IMPORTABLE_NAME under the program as `ci` (with a new description, maybe secret). */
class ImportCmd implements Cmd {
  constructor(
    readonly secretDescription: boolean | undefined,
    readonly fault: Fault,
  ) {}
  check = (model: Readonly<Model>) => !model.commvault.ci.present;
  async run(model: Model, real: Real): Promise<void> {
    const ci = model.commvault.ci;
    ci.present = true;
    ci.description = this.secretDescription === undefined ? undefined : fresh(model, "desc-ci", this.secretDescription);
    if (this.fault) model.pending.push(this.fault);
    // An import that failed took nothing over: the program goes back to not declaring ci (a
    // create of it would rightly be refused, its name being held by a group it does not own).
    if (!(await engine.importGroup(model, real, "ci"))) ci.present = false;
  }
  toString = () => `import ${IMPORTABLE_NAME} as ci${this.secretDescription === undefined ? "" : ` declaring ${this.secretDescription ? "a secret" : "a new"} description`}${faultText(this.fault)}`;
}

/**
 * Takes the existing, hand-made Wickr group IMPORTABLE_W_NAME under the program as `wi`
 * (importWickrSecurityGroup, owned: an adopting program is refused by the import), declaring a
 * lockoutThreshold and maybe presenceEnabled.
 */
class ImportWickrCmd implements Cmd {
  constructor(
    readonly lockoutThreshold: number,
    readonly presenceEnabled: boolean | undefined,
    readonly fault: Fault,
  ) {}
  check = (model: Readonly<Model>) => !model.wickr.wi.present;
  async run(model: Model, real: Real): Promise<void> {
    const wi = model.wickr.wi;
    Object.assign(wi, { present: true, lockoutThreshold: this.lockoutThreshold, presenceEnabled: this.presenceEnabled, videoCall: undefined, quickResponse: undefined });
    if (this.fault) model.pending.push(this.fault);
    if (!(await engine.importGroup(model, real, "wi"))) wi.present = false;
  }
  toString = () =>
    `import ${IMPORTABLE_W_NAME} as wi declaring lockoutThreshold ${this.lockoutThreshold}${this.presenceEnabled === undefined ? "" : `, presenceEnabled ${this.presenceEnabled}`}${faultText(this.fault)}`;
}

/**
 * `discover --commvault --filter DISCOVERABLE_NAME --out <new file> --import-into <the stack>`,
 * the program loading the written file: the group is `found` from then on, as written. `forgot`:
 * the program does not load the file (the user forgot `import "./discovered"`), which discover
 * must refuse with the state untouched.
 */
class DiscoverCmd implements Cmd {
  constructor(
    readonly forgot: boolean,
    readonly fault: Fault,
  ) {}
  check = (model: Readonly<Model>) => !model.commvault.found.present;
  async run(model: Model, real: Real): Promise<void> {
    if (this.fault) model.pending.push(this.fault);
    await engine.discoverInto(model, real, this.forgot);
  }
  toString = () => `discover --filter ${DISCOVERABLE_NAME} --import-into, the program ${this.forgot ? "NOT loading" : "loading"} the written file${faultText(this.fault)}`;
}

/** A fault for the command it comes with (faults.ts): a kind, and for the emulators' kinds the operation it hits. */
type Fault = FaultSpec | undefined;
const faultText = (f: Fault) => (f ? ` under ${f.kind}${f.operation ? ` on ${f.operation}` : ""}` : "");

class EngineCmd implements Cmd {
  constructor(
    readonly name: "preview" | "up" | "refresh" | "destroy",
    readonly fault: Fault,
  ) {}
  check = () => true;
  run = (model: Model, real: Real) => {
    if (this.fault && this.name !== "preview") model.pending.push(this.fault);
    return engine[this.name](model, real);
  };
  toString = () => `pulumi ${this.name}${this.name === "preview" ? "" : faultText(this.fault)}`;
}

// Generators ------------------------------------------------------------------------------

const lockout = fc.integer({ min: 10, max: 20 });
const maybeBool = fc.option(fc.boolean(), { nil: undefined });
const maybeSecret = fc.option(fc.boolean(), { nil: undefined, freq: 4 });

const wickrEdit: fc.Arbitrary<WickrEdit> = fc.oneof(
  fc.constant({ kind: "toggle" as const }),
  fc.boolean().map((secret) => ({ kind: "rename" as const, secret })),
  lockout.map((value) => ({ kind: "lockoutThreshold" as const, value })),
  fc.option(fc.boolean(), { nil: undefined, freq: 4 }).map((value) => ({ kind: "presenceEnabled" as const, value })),
  fc.option(fc.boolean(), { nil: undefined, freq: 4 }).map((value) => ({ kind: "canVideoCall" as const, value })),
  maybeSecret.map((secret) => ({ kind: "quickResponses" as const, secret })),
);

/** A laptop plan to switch to, none (null), or undeclared. */
const planEditValue = fc
  .option(fc.option(fc.constantFrom<string>(...PLANS), { nil: null, freq: 4 }), { nil: undefined, freq: 6 })
  .map((value) => ({ kind: "laptopPlan" as const, value }));

const commvaultEdit: fc.Arbitrary<CommvaultEdit> = fc.oneof(
  fc.constant({ kind: "toggle" as const }),
  fc.boolean().map((secret) => ({ kind: "rename" as const, secret })),
  maybeSecret.map((secret) => ({ kind: "description" as const, secret })),
  fc.subarray([...USERS]).map((value) => ({ kind: "users" as const, value })),
  maybeBool.map((value) => ({ kind: "enabled" as const, value })),
  planEditValue,
);

const wickrHand: fc.Arbitrary<HandEdit> = fc.oneof(
  fc.constant({ kind: "rename" as const }),
  fc.constant({ kind: "delete" as const }),
  lockout.map((value) => ({ kind: "lockoutThreshold" as const, value })),
  fc.constant({ kind: "presenceEnabled" as const }),
  fc.constant({ kind: "forceTcpCall" as const }),
);

const commvaultHand: fc.Arbitrary<HandEdit> = fc.oneof(
  fc.constant({ kind: "rename" as const }),
  fc.constant({ kind: "delete" as const }),
  fc.constant({ kind: "description" as const }),
  fc.subarray([...USERS]).map((value) => ({ kind: "users" as const, value })),
  fc.constant({ kind: "enabled" as const }),
  fc.option(fc.constantFrom<string>(...PLANS), { nil: null, freq: 3 }).map((value) => ({ kind: "laptopPlan" as const, value })),
);

/** Fault kinds left out of a run (MODEL_EXCLUDE_FAULTS=kind,kind): to look past a known finding in a measurement run. */
const EXCLUDED = new Set((process.env.MODEL_EXCLUDE_FAULTS ?? "").split(",").filter(Boolean));

const someFault: fc.Arbitrary<FaultSpec> = fc.constantFrom(...Object.keys(FAULT_KINDS).filter((k) => !EXCLUDED.has(k))).chain((kind) => {
  const k = FAULT_KINDS[kind];
  if (k.via === "front") return fc.constant({ kind });
  return fc.constantFrom(...k.services.flatMap((s) => OPERATIONS[s])).map((operation) => ({ kind, operation }));
});
/** A command runs under a fault one time in two. */
const fault: fc.Arbitrary<Fault> = fc.option(someFault, { nil: undefined, freq: 2 });
const engineCmd = (name: EngineCmd["name"]) => fault.map((f): Cmd => new EngineCmd(name, f));

/** `n` copies of an arbitrary: fc.commands picks among its arbitraries evenly, so copies weigh. */
const times = <T>(n: number, arb: fc.Arbitrary<T>): Array<fc.Arbitrary<T>> => Array.from({ length: n }, () => arb);

// wi, ci and found come by taking over their group only (a create under their name is refused,
// the name being taken): an edit does not toggle them.
const wickrProgramEdit = fc
  .tuple(fc.constantFrom(...WICKR_KEYS), wickrEdit)
  .map(([k, e]): Cmd => new EditWickr(k, TAKEN_KEYS.includes(k) && e.kind === "toggle" ? { kind: "presenceEnabled", value: undefined } : e));
const commvaultProgramEdit = fc
  .tuple(fc.constantFrom(...COMMVAULT_KEYS), commvaultEdit)
  .map(([k, e]): Cmd => new EditCommvault(k, TAKEN_KEYS.includes(k) && e.kind === "toggle" ? { kind: "enabled", value: undefined } : e));
/** A plan switch of a Commvault group the program declares (c0 is declared from the start, with a plan). */
const planEdit = fc.tuple(fc.constantFrom<CommvaultKey>("c0", "c0", "c0", "c1", "ci", "found"), planEditValue).map(([k, e]): Cmd => new EditCommvault(k, e));
const adoptEdit = fc.tuple(fc.boolean(), lockout, maybeBool).map(([a, l, p]): Cmd => new AdoptDefault(a, l, p));
const wickrHandEdit = fc.tuple(fc.constantFrom<string>(...WICKR_KEYS, DEFAULT_KEY), wickrHand).map(([k, e]): Cmd => new HandEditCmd(k, e));
const commvaultHandEdit = fc.tuple(fc.constantFrom<string>(...COMMVAULT_KEYS), commvaultHand).map(([k, e]): Cmd => new HandEditCmd(k, e));
const importCmd = fc.tuple(maybeSecret, fault).map(([secret, f]): Cmd => new ImportCmd(secret, f));
const importWickrCmd = fc.tuple(lockout, maybeBool, fault).map(([l, p, f]): Cmd => new ImportWickrCmd(l, p, f));
const discoverCmd = fc.tuple(fc.integer({ min: 0, max: 3 }).map((n) => n === 0), fault).map(([forgot, f]): Cmd => new DiscoverCmd(forgot, f));

/** Every command a sequence may hold, with its weight. */
export const commandArbs: Array<fc.Arbitrary<Cmd>> = [
  ...times(2, wickrProgramEdit),
  commvaultProgramEdit,
  adoptEdit,
  ...times(2, wickrHandEdit),
  ...times(2, commvaultHandEdit),
  ...times(3, engineCmd("up")),
  engineCmd("refresh"),
  fc.constant(new EngineCmd("preview", undefined)),
  engineCmd("destroy"),
  importCmd,
  importWickrCmd,
  discoverCmd,
  ...times(2, planEdit),
];
