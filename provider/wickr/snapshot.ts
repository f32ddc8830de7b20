// What the provider records of a Wickr group, from what the service answers: the snapshot (the
// view, the computed outputs, the adoption facts carried from state to state). Pure: the
// handler's calls fetch, these make the record, and a read's record can be made from an answer
// fetched by someone else (discover lists every group, so its import needs no read of its own).
import type { Props, Snapshot } from "../core/definition";
import type * as ops from "./operations";
import { extrasFromWire, viewFromWire } from "./wire";

/** `networkId/groupId`, as ids and `pulumi import` use it. */
export function parseGroupId(id: string): { networkId: string; groupId: string } {
  const m = /^([0-9]{8})\/(.+)$/.exec(id);
  if (!m) throw new Error(`WickrSecurityGroup: the id "${id}" is not of the form <networkId (8 digits)>/<groupId>`);
  return { networkId: m[1], groupId: m[2] };
}

/** What destroying the resource does to the group (an output, so that previews and state show it). */
export const DELETION_BEHAVIOR = {
  delete: "delete the group",
  restore: "keep the group; put back what the program changed, as it was when adopted, where the group still holds the program's value",
  keep: "keep the group as it is",
  keepDefault: "keep the group (a network's default group is never deleted)",
} as const;

function deletionBehavior(carried: Props, isDefault: boolean, control: Props): string {
  if (carried.adopted === true) return control.restoreOnDelete === false ? DELETION_BEHAVIOR.keep : DELETION_BEHAVIOR.restore;
  return isDefault ? DELETION_BEHAVIOR.keepDefault : DELETION_BEHAVIOR.delete;
}

/** A snapshot from the view and computed outputs, with the adoption facts carried along. */
export function compose(id: string, view: Props, extras: Props, carried: Props, control: Props): Snapshot {
  return { id, view, extras: { ...extras, ...carried, deletionBehavior: deletionBehavior(carried, extras.isDefault === true, control) } };
}

/** The snapshot of a group as the service reports it, with its network's plan. */
export function snapshot(networkId: string, group: ops.SecurityGroupWire, carried: Props, control: Props, accessLevel: string | undefined): Snapshot {
  const extras = { ...extrasFromWire(group), ...(accessLevel === undefined ? {} : { networkAccessLevel: accessLevel }) };
  return compose(`${networkId}/${group.id}`, viewFromWire(networkId, group), extras, carried, control);
}

/** Outputs an adopted group carries from one state to the next (and the account of its network). */
export function adoptionOutputs(outputs: Props): Props {
  const carried: Props = { adopted: outputs.adopted === true };
  if (outputs.adoptedState !== undefined) carried.adoptedState = outputs.adoptedState;
  if (typeof outputs.networkAccountId === "string") carried.networkAccountId = outputs.networkAccountId;
  return carried;
}

/** The `networkAccountId` output: the AWS account that owns the group's network, when it could be read. */
export const accountOutput = (accountId: string | undefined): Props => (accountId === undefined ? {} : { networkAccountId: accountId });

/** Control values recorded in state (they are outputs too). */
export function recordedControl(outputs: Props): Props {
  return outputs.restoreOnDelete === undefined ? {} : { restoreOnDelete: outputs.restoreOnDelete };
}

/**
 * What a read of a group fetches: the group (GetSecurityGroup, or the same group as
 * ListSecurityGroups lists it), its network's plan (GetNetwork accessLevel) and the AWS account
 * that owns the network (GetNetwork awsAccountId), each absent when it could not be read.
 */
export interface WickrReadAnswer {
  group: ops.SecurityGroupWire;
  accessLevel?: string;
  accountId?: string;
}

/** The snapshot a read records of `answer`, given the recorded outputs (`previous`; undefined for a first read). */
export function snapshotOfRead(id: string, answer: WickrReadAnswer, previous: Props | undefined): Snapshot {
  const { networkId } = parseGroupId(id);
  const carried = { ...adoptionOutputs(previous ?? {}), ...accountOutput(answer.accountId) };
  return snapshot(networkId, answer.group, carried, recordedControl(previous ?? {}), answer.accessLevel);
}
