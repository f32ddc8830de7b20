// One UpdateSecurityGroup against a group as just read, and what its 402 answers mean (field
// evidence): "ParameterUnchanged" says nothing needed changing (a no-op: the group is read
// again), "this feature requires a different level plan" says the network's plan refuses a
// setting (an error naming the settings sent that a plan may restrict, and the plan).
import type { Props } from "../core/definition";
import { ServiceError } from "../core/errors";
import type { HttpClient } from "../core/http";
import * as ops from "./operations";
import { PRICING_PREMIUM_ONLY } from "./schema";
import { CallingKey, callingKeyOf, toWire } from "./wire";

export type ChangeBody = { name?: string; securityGroupSettings?: Props };

const is402 = (err: unknown, message: RegExp): err is ServiceError =>
  err instanceof ServiceError && err.status === 402 && message.test(`${err.code ?? ""} ${err.serviceMessage ?? ""}`);

export const isParameterUnchanged = (err: unknown) => is402(err, /ParameterUnchanged/i);
export const isPlanRefusal = (err: unknown) => is402(err, /different level plan/i);

/** The settings of a change the plan may have refused: those a plan is known to restrict, else all sent. */
export function planRestricted(body: ChangeBody): string[] {
  const sent = Object.keys(body.securityGroupSettings ?? {});
  const restricted = sent.filter((k) => (PRICING_PREMIUM_ONLY as readonly string[]).includes(k));
  return restricted.length > 0 ? restricted : sent;
}

export interface ChangeRequest {
  networkId: string;
  groupId: string;
  /** The key the service uses for the calling settings (callingKeyOf a group it answered). */
  callingKey: CallingKey;
  body: ChangeBody;
  /** The network's plan, for the error of a 402 plan refusal. */
  accessLevel?: string;
}

/** What a 402 ParameterUnchanged answer stands for: the service holds what was sent (see unchanged). */
export const UNCHANGED = Symbol("unchanged");

/**
 * One UpdateSecurityGroup: the group as its answer reports it, or UNCHANGED when the service
 * refused it as changing nothing (402 ParameterUnchanged: with every member sent already held,
 * or, on some services, any one of them).
 */
export async function sendChange(http: HttpClient, req: ChangeRequest): Promise<ops.SecurityGroupWire | typeof UNCHANGED> {
  const { networkId, groupId, body } = req;
  try {
    return await ops.updateSecurityGroup(http, { networkId, groupId, ...toWire(body, req.callingKey) });
  } catch (err) {
    if (isParameterUnchanged(err)) return UNCHANGED;
    if (isPlanRefusal(err)) {
      const settings = planRestricted(body).map((k) => `securityGroupSettings.${k}`);
      const plan = req.accessLevel ?? "unknown";
      throw new Error(
        // No group name here (it may be a secret): the bridge names the resource by its Pulumi name and id.
        `the network's plan (${plan}) does not allow ${settings.join(", ")}: ` +
          `the service answered 402 "${(err as ServiceError).serviceMessage}". Remove the setting or move the network to a plan that has it.`,
      );
    }
    throw err;
  }
}

/** One change to a group as just read (`current`): the group as the answer or, when unchanged, a read reports it. */
export async function applyChange(http: HttpClient, req: { networkId: string; current: ops.SecurityGroupWire; body: ChangeBody; accessLevel?: string }): Promise<ops.SecurityGroupWire> {
  const { networkId, current, body, accessLevel } = req;
  const answer = await sendChange(http, { networkId, groupId: current.id, callingKey: callingKeyOf(current), body, accessLevel });
  return answer === UNCHANGED ? ops.getSecurityGroup(http, networkId, current.id) : answer;
}
