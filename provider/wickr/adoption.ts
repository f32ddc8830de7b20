// The adoption record: a hidden companion of every adopting WickrSecurityGroup, its own engine
// step that only reads the group and records its original name and settings (what destroy puts
// back). The group resource depends on it and takes the original from its output, so the engine
// has saved the original in the state before anything is sent to the group: a kill or a lost
// answer after the adoption's first write cannot make the changed group pass for the original.
// Its delete does nothing (the group resource's delete restores); a refresh keeps the record as
// it is (reading again would record the program's own writes); a change of network or target
// replaces it, after the old group resource has given the group back (deleteBeforeReplace).
import type * as pulumi from "@pulumi/pulumi";
import { deepEqual } from "../core/diff";
import type { HttpClient } from "../core/http";
import { type Props, SECRET_PATHS } from "../core/definition";
import { markCarriers, secretPathsOf } from "../core/declared-secrets";
import { readWickrConfig } from "./config";
import * as ops from "./operations";
import { wickrHttpClient } from "./protocol";
import { wickrAdoptionRecordDefinition } from "./adoption-definition";
import { viewFromWire } from "./wire";

/** The group an adoption names, as the service reports it now. */
export async function readAdoptionTarget(http: HttpClient, networkId: string, adopt: unknown): Promise<ops.SecurityGroupWire> {
  if (adopt === "default") {
    const found = (await ops.listSecurityGroups(http, networkId)).find((g) => g.isDefault);
    if (!found) throw new Error(`WickrSecurityGroup: network ${networkId} reports no default security group`);
    return found;
  }
  return ops.getSecurityGroup(http, networkId, (adopt as { groupId: string }).groupId);
}

function adoptionRecordProvider(): pulumi.dynamic.ResourceProvider {
  let client: HttpClient | undefined;
  const http = () => {
    if (!client) throw new Error("WickrSecurityGroup adoption: the provider was not configured");
    return client;
  };
  return {
    async configure(req) {
      client = wickrHttpClient(readWickrConfig(req.config));
    },
    async check(_olds, news) {
      const { __provider: _p, ...inputs } = news;
      return { inputs };
    },
    async diff(_id, olds, news) {
      const replaces = ["networkId", "adopt"].filter((k) => !deepEqual(olds[k], news[k]));
      return replaces.length > 0 ? { changes: true, replaces, deleteBeforeReplace: true } : { changes: false };
    },
    async create(inputs) {
      const networkId = inputs.networkId as string;
      const group = await readAdoptionTarget(http(), networkId, inputs.adopt);
      const view = viewFromWire(networkId, group);
      const original: Props = { name: view.name, securityGroupSettings: view.securityGroupSettings };
      // `original` holds the group's values: secret when the program marks any of them secret.
      const secrets = secretPathsOf(inputs);
      const outs = { networkId, adopt: inputs.adopt, resource: inputs.resource, groupId: group.id, original, recordedAt: Date.now(), ...(secrets.length > 0 ? { [SECRET_PATHS]: secrets } : {}) };
      return { id: `${networkId}/${group.id}`, outs: markCarriers(wickrAdoptionRecordDefinition, outs, secrets) };
    },
    async read(id, props) {
      return { id, props };
    },
    async delete() {
      // The group resource's delete gives the group back; the record only goes from the state.
    },
  };
}

export const wickrAdoptionRecordProvider = adoptionRecordProvider();
