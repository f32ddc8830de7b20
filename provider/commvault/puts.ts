// Sending the PUTs planned for one group (wire.ts plans them): every reference resolved to
// `{id, name}` from the CommServe, a plan switch the server refuses because the group must lose
// its plan first retried as DELETE then ADD (the old plan put back when the ADD fails, and what
// the group then holds read and said), and a failure that says what was applied. Messages name
// no declared value (the bridge names the resource by its Pulumi name and id).
import { ServiceError } from "../core/errors";
import type { HttpClient } from "../core/http";
import type { Props } from "../core/definition";
import * as ops from "./operations";
import { type ReferenceDirectory, UnknownReferenceError } from "./references";
import type { WireReference } from "./schema";
import { FIELDS, planBody, planSwitchOf, type PutBody } from "./wire";

/**
 * Whether a refused ADD of a plan says in so many words that the group's current plan must go
 * first ("already has laptop plan ...; remove it first", "already associated with a plan"). No
 * source shows how a real CommServe switches plans (commvault-field-evidence.md): only such a
 * refusal may lead to removing the group's plan; any other refusal is the refusal.
 */
export function saysRemovePlanFirst(err: ServiceError): boolean {
  const text = err.serviceMessage ?? "";
  return /plan/i.test(text) && /\b(remove|delete|disassociate|unassign)\b[^.;]*\bfirst\b|\balready (has|have|had|associated)\b/i.test(text);
}

/** What a failed PUT left behind, given its place among the planned PUTs. */
export type PutOutcome = (index: number, total: number, refused: boolean) => string;

/**
 * Commvault checks a PUT as a whole before applying it, so a refused (HTTP 200 with an
 * errorCode) first PUT changed nothing; a failed second PUT comes after the first was applied.
 * Either way the update re-reads the group and the state records what the service holds.
 */
export const updateOutcome: PutOutcome = (index, total, refused) =>
  index === 0
    ? `${refused ? "nothing was changed; " : ""}the state records the group as the service holds it`
    : `the first ${index} of ${total} requests were applied; the state records the group as the service holds it, so the next preview shows what is left to do`;

/** A failed PUT while adopting: the adopted group keeps what was applied; the next run adopts it again. */
export const adoptOutcome: PutOutcome = (index, total) =>
  `${index === 0 ? "" : `the first ${index} of ${total} requests were applied; `}the group is not adopted; the next \`pulumi up\` adopts it again and applies the rest`;

/** A failed PUT while finishing an interrupted create: the group stays for the next try. */
export const resumeOutcome: PutOutcome = () => "the group stays as it is; the next `pulumi up` with resumeCreates continues from there";

export class PutSender {
  constructor(
    private readonly http: HttpClient,
    private readonly references: ReferenceDirectory,
  ) {}

  /**
   * Sends the planned PUTs in order. `current`: the view they were planned against (its plan
   * is the one a refused plan switch starts from).
   */
  async send(id: number, bodies: PutBody[], outcome?: PutOutcome, current?: Props): Promise<void> {
    for (const [index, planned] of bodies.entries()) {
      try {
        const body = await this.references.resolveBody(planned, (field) => FIELDS[field].write);
        const from = current?.laptopPlan as WireReference | null | undefined;
        await ops.updateUserGroup(this.http, id, body).catch((err: unknown) => {
          const to = planSwitchOf(body);
          // Only a server that says the group's plan must be removed first gets DELETE then ADD.
          if (!to || !from || !(err instanceof ServiceError) || err.status !== 200 || !saysRemovePlanFirst(err)) throw err;
          return this.switchPlanDeleteFirst(id, from, to, err);
        });
      } catch (err) {
        if (err instanceof UnknownReferenceError) err.message = `${err.what} reference: ${err.message}`;
        if (err instanceof Error) {
          const refused = err instanceof ServiceError && err.status === 200;
          err.message = `${err.message}${outcome ? ` (${outcome(index, bodies.length, refused)})` : ""}`;
        }
        throw err;
      }
    }
  }

  /**
   * The switch as the refusal asked for it, one explicit sequence:
   *   DELETE the old plan ──ok──▶ ADD the new one ──ok──▶ switched
   *        │ failed                    │ failed
   *        ▼                           ▼
   *   read, say what it holds     ADD the old plan back ──▶ read, say what the group holds now
   * A failure never leaves the message (or the state, which the update records from a read)
   * guessing: the group's plan is read after it.
   */
  private async switchPlanDeleteFirst(id: number, from: WireReference, to: WireReference, refusal: ServiceError): Promise<void> {
    const asked = `switching laptopPlan: the ADD was refused ("${refusal.serviceMessage ?? refusal.message}"), which asks for the group's plan to be removed first`;
    try {
      await ops.updateUserGroup(this.http, id, planBody(from, "DELETE"));
    } catch (err) {
      if (err instanceof Error) err.message += ` (${asked}; removing the old plan failed; ${await this.planNow(id)})`;
      throw err;
    }
    try {
      await ops.updateUserGroup(this.http, id, planBody(to, "ADD"));
    } catch (err) {
      const putBack = await ops.updateUserGroup(this.http, id, planBody(from, "ADD")).then(
        () => "the old plan was added back",
        () => "adding the old plan back failed too",
      );
      if (err instanceof Error) err.message += ` (${asked}; the old plan was removed, then the ADD of the new one failed; ${putBack}; ${await this.planNow(id)})`;
      throw err;
    }
  }

  /** What the group's plan is now, read from the service (or that it could not be read). */
  private async planNow(id: number): Promise<string> {
    try {
      const plan = (await ops.getUserGroup(this.http, id)).plan as { name?: unknown; id?: unknown } | undefined | null;
      if (!plan || (plan.name === undefined && plan.id === undefined)) return "the group now has no laptop plan";
      return `the group now has laptop plan ${plan.name !== undefined ? JSON.stringify(String(plan.name)) : `id ${String(plan.id)}`}`;
    } catch {
      return "what plan the group has now could not be read: run `pulumi refresh` before anything else";
    }
  }
}
