// Sending the PUTs planned for one group (wire.ts plans them): every reference resolved to
// `{id, name}` from the CommServe, a refused plan switch retried as DELETE then ADD (the old plan
// put back when the ADD fails), and a failure that names the group and says what was applied.
import { ServiceError } from "../core/errors";
import type { HttpClient } from "../core/http";
import type { Props } from "../core/definition";
import { commvaultUserGroupDefinition as def } from "./definition";
import * as ops from "./operations";
import { type ReferenceDirectory, UnknownReferenceError } from "./references";
import type { WireReference } from "./schema";
import { FIELDS, planBody, planSwitchOf, type PutBody } from "./wire";

/** `CommvaultUserGroup "ops-team" (id 7)`: how messages name the group. */
export function groupLabel(name: unknown, id?: number | string): string {
  return `${def.typeName} ${JSON.stringify(String(name ?? "?"))}${id === undefined ? "" : ` (id ${id})`}`;
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
  async send(id: number, name: unknown, bodies: PutBody[], outcome?: PutOutcome, current?: Props): Promise<void> {
    for (const [index, planned] of bodies.entries()) {
      try {
        const body = await this.references.resolveBody(planned, (field) => FIELDS[field].write);
        const from = current?.laptopPlan as WireReference | null | undefined;
        await ops.updateUserGroup(this.http, id, body).catch((err: unknown) => {
          const to = planSwitchOf(body);
          // A server that refuses to ADD a plan while the group has another: remove it first.
          if (!to || !from || !(err instanceof ServiceError) || err.status !== 200) throw err;
          return this.switchPlanDeleteFirst(id, from, to, err);
        });
      } catch (err) {
        if (err instanceof UnknownReferenceError) err.message = `${err.what} reference: ${err.message}`;
        if (err instanceof Error) {
          const refused = err instanceof ServiceError && err.status === 200;
          err.message = `${groupLabel(name, id)}: ${err.message}${outcome ? ` (${outcome(index, bodies.length, refused)})` : ""}`;
        }
        throw err;
      }
    }
  }

  /**
   * DELETE of the old plan, then ADD of the new one; when the ADD fails, the old plan is added
   * back, so a failed switch never leaves the group without a plan.
   */
  private async switchPlanDeleteFirst(id: number, from: WireReference, to: WireReference, refusal: ServiceError): Promise<void> {
    await ops.updateUserGroup(this.http, id, planBody(from, "DELETE"));
    try {
      await ops.updateUserGroup(this.http, id, planBody(to, "ADD"));
    } catch (err) {
      const restored = await ops.updateUserGroup(this.http, id, planBody(from, "ADD")).then(
        () => "the previous plan was put back",
        () => "the previous plan could not be put back",
      );
      if (err instanceof Error) {
        err.message += ` (switching the plan: the ADD was first refused with "${refusal.serviceMessage ?? refusal.message}", then the old plan removed and the new one refused; ${restored})`;
      }
      throw err;
    }
  }
}
