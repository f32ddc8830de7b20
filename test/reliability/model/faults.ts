// The faults a sequence may arm for its next command. Each kind says how it is played: an
// emulator fault rule on one operation (emulators/core/faults.ts and the services' own kinds),
// or a mode of the Wickr front for the whole command (front.ts). To add a kind, add one line
// here; `FAULT_KINDS` feeds the generator. When the Wickr emulator plays a front kind itself
// (html 404, unknown operation, another account, a lagging read), switch its line to `emulator`.
import type { FaultRule } from "../../../emulators/core/faults";
import type { ModelBed } from "./bed";
import { REQUEST_TIMEOUT_MS } from "./bed";
import type { FrontMode } from "./front";
import type { FaultSpec } from "./model";

type Service = "wickr" | "commvault";

interface EmulatorKind {
  via: "emulator";
  services: Service[];
  rule: (operation: string) => FaultRule;
}
interface FrontKind {
  via: "front";
  mode: FrontMode;
}

export const FAULT_KINDS: Record<string, EmulatorKind | FrontKind> = {
  // The service did not act; the answer says so (or says nothing).
  "5xx": { via: "emulator", services: ["wickr", "commvault"], rule: (operation) => ({ kind: "error5xx", status: 503, match: { operation } }) },
  "dropped": { via: "emulator", services: ["wickr", "commvault"], rule: (operation) => ({ kind: "drop", match: { operation } }) },
  "throttled": { via: "emulator", services: ["wickr", "commvault"], rule: (operation) => ({ kind: "rateLimit", retryAfterSeconds: 1, match: { operation } }) },
  // The service acted; its answer was lost.
  "applied-then-5xx": { via: "emulator", services: ["wickr", "commvault"], rule: (operation) => ({ kind: "appliedError5xx", status: 503, match: { operation } }) },
  "applied-then-dropped": { via: "emulator", services: ["wickr", "commvault"], rule: (operation) => ({ kind: "appliedDrop", match: { operation } }) },
  "applied-then-timeout": {
    via: "emulator",
    services: ["wickr", "commvault"],
    rule: (operation) => ({ kind: "appliedLatency", latencyMs: REQUEST_TIMEOUT_MS * 2.5, match: { operation } }),
  },
  // A slow answer that still comes in time.
  "slow": { via: "emulator", services: ["wickr", "commvault"], rule: (operation) => ({ kind: "latency", latencyMs: REQUEST_TIMEOUT_MS / 2, match: { operation } }) },
  // Commvault's own: an HTTP-200 business refusal; a session that expires under the request.
  "refused": { via: "emulator", services: ["commvault"], rule: (operation) => ({ kind: "errorCode", errorCode: 2, message: "refused by the model test", match: { operation } }) },
  "session-expired": { via: "emulator", services: ["commvault"], rule: (operation) => ({ kind: "expireToken", match: { operation } }) },
  // Wickr, for a whole command, through the front.
  "html-404": { via: "front", mode: "htmlNotFound" },
  "unknown-operation": { via: "front", mode: "unknownOperation" },
  "another-account": { via: "front", mode: "otherAccount" },
  "lagging-read": { via: "front", mode: "lagRead" },
};

/** The operations an emulator fault may hit. */
export const OPERATIONS: Record<Service, string[]> = {
  wickr: ["CreateSecurityGroup", "UpdateSecurityGroup", "DeleteSecurityGroup", "GetSecurityGroup"],
  commvault: ["CreateUserGroup", "UpdateUserGroup", "DeleteUserGroup", "GetUserGroup"],
};

export const serviceOf = (operation: string): Service => (OPERATIONS.wickr.includes(operation) ? "wickr" : "commvault");

/** Installs the armed faults for one command. */
export async function install(bed: ModelBed, faults: FaultSpec[]): Promise<void> {
  const rules: Record<Service, FaultRule[]> = { wickr: [], commvault: [] };
  for (const f of faults) {
    const kind = FAULT_KINDS[f.kind];
    if (kind.via === "front") bed.front.set(kind.mode);
    else if (f.operation) rules[serviceOf(f.operation)].push(kind.rule(f.operation));
  }
  await bed.wickr.faults(rules.wickr);
  await bed.commvault.faults(rules.commvault);
}

export async function clear(bed: ModelBed): Promise<void> {
  bed.front.set(undefined);
  await bed.wickr.clearFaults();
  await bed.commvault.clearFaults();
}
