// Issue 12, "the systematic test": for create, update, delete, adopt and import, and for each
// ambiguous failure (the request applied but its answer lost: timeout after the service acted,
// connection dropped after it acted, 5xx after it acted; a 401 in the middle; the second of two
// requests failing), through the real engine against both emulators: the operation runs with the
// fault (it may fail or not), then the next `refresh` + `up` (README, "After an interrupted
// `pulumi up`": a refresh first) without the fault. Then: no foreign group touched, nothing lost
// or duplicated, no secret in plaintext in the stack's files, and the services equal the program.
//
// Cells come from the tables below (operations x faults); each cell declares one Wickr and one
// Commvault group in one stack, so both resources go through the same cell at once. Every cell
// has a Wickr network of its own and Commvault names of its own; the emulators are shared.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { FaultRule } from "../../emulators/core/faults";
import { CommvaultUserGroup, WickrSecurityGroup } from "../../provider";
import { importCommvaultUserGroup } from "../../provider/commvault/import";
import { importWickrSecurityGroup } from "../../provider/wickr/import";
import type { TestStack } from "../support/engine";
import { Bed, testBed } from "./support";

type Operation = "create" | "update" | "delete" | "adopt" | "import";
type Fault = "applied-then-timeout" | "applied-then-drop" | "applied-then-5xx" | "401-in-the-middle" | "second-of-two-fails";

const REQUEST_TIMEOUT_MS = 1_000;
const SECRET = "matrix-secret-quick-response-7731";
const CV_SECRET = "matrix-secret-description-9024";

/** The request each operation's fault hits, per service (the first write, or the read for import). */
const TARGET: Record<Operation, { wickr: string; commvault: string }> = {
  create: { wickr: "CreateSecurityGroup", commvault: "CreateUserGroup" },
  update: { wickr: "UpdateSecurityGroup", commvault: "UpdateUserGroup" },
  delete: { wickr: "DeleteSecurityGroup", commvault: "DeleteUserGroup" },
  adopt: { wickr: "UpdateSecurityGroup", commvault: "UpdateUserGroup" },
  import: { wickr: "GetSecurityGroup", commvault: "GetUserGroup" },
};

/**
 * The second of two requests, refused: the create's follow-up (Wickr: the update that sets
 * lockoutThreshold after forceDeviceLockout; Commvault: the PUT of the members after the POST),
 * an update's second PUT (Commvault: users DELETE then ADD) or its write after the fresh read
 * (Wickr), an adoption's write after its read. Undefined where the operation makes one request.
 */
const WICKR_REFUSED: FaultRule = { kind: "error5xx", status: 400, match: { operation: "UpdateSecurityGroup" } };
const COMMVAULT_REFUSED: FaultRule = { kind: "errorCode", errorCode: 2, message: "refused (matrix)", match: { operation: "UpdateUserGroup" } };
const SECOND: Record<Operation, { wickr?: FaultRule; commvault?: FaultRule }> = {
  create: { wickr: WICKR_REFUSED, commvault: COMMVAULT_REFUSED },
  update: { wickr: WICKR_REFUSED, commvault: { ...COMMVAULT_REFUSED, after: 1 } },
  adopt: { wickr: WICKR_REFUSED, commvault: COMMVAULT_REFUSED },
  delete: {},
  import: {},
};

function faultRules(fault: Fault, op: Operation): { wickr: FaultRule[]; commvault: FaultRule[] } {
  const on = (operation: string) => ({ match: { operation } });
  const both = (rule: (service: "wickr" | "commvault") => FaultRule | undefined) => ({
    wickr: [rule("wickr")].filter((r): r is FaultRule => r !== undefined),
    commvault: [rule("commvault")].filter((r): r is FaultRule => r !== undefined),
  });
  switch (fault) {
    case "applied-then-timeout":
      return both((s) => ({ kind: "appliedLatency", latencyMs: REQUEST_TIMEOUT_MS * 2.5, ...on(TARGET[op][s]) }));
    case "applied-then-drop":
      return both((s) => ({ kind: "appliedDrop", ...on(TARGET[op][s]) }));
    case "applied-then-5xx":
      return both((s) => ({ kind: "appliedError5xx", status: 503, ...on(TARGET[op][s]) }));
    case "401-in-the-middle":
      // Commvault: the session expires under this request (401; a new login, then the request again).
      // Wickr: the request is refused with 401 (not applied).
      return both((s) => (s === "commvault" ? { kind: "expireToken", ...on(TARGET[op][s]) } : { kind: "error5xx", status: 401, ...on(TARGET[op][s]) }));
    case "second-of-two-fails":
      return both((s) => SECOND[op][s]);
  }
}

const OPERATIONS: Operation[] = ["create", "update", "delete", "adopt", "import"];
const FAULTS: Fault[] = ["applied-then-timeout", "applied-then-drop", "applied-then-5xx", "401-in-the-middle", "second-of-two-fails"];

/** Cells that cannot fail in the way named (the operation makes one request, or only reads). */
function applicable(op: Operation, fault: Fault): boolean {
  if (fault !== "second-of-two-fails") return true;
  return SECOND[op].wickr !== undefined || SECOND[op].commvault !== undefined;
}

/** Cells known to fail because of an open item elsewhere: the reason is printed by jest. */
const KNOWN_FAILING: Partial<Record<string, string>> = {};

interface Desired {
  /** Whether the program declares the groups at all (not after a delete). */
  present: boolean;
  variant: number;
}

interface CommvaultGroup {
  id: number;
  name: string;
  description: string;
  users: Array<{ name: string }>;
}
interface WickrGroup {
  id: string;
  name: string;
  isDefault: boolean;
  securityGroupSettings: Record<string, any>;
}

function settings(variant: number) {
  return { lockoutThreshold: 12 + variant, forceDeviceLockout: 3, quickResponses: pulumi.secret([`${SECRET}-${variant}`]) };
}
function users(variant: number) {
  return variant === 0 ? ["alice", "bob"] : ["carol"];
}

describe("failure matrix (issue 12): operations x ambiguous failures, both resources", () => {
  let bed: Bed;
  let cellNo = 0;
  const started = Date.now();
  beforeAll(async () => {
    bed = await testBed();
  });
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`failure matrix: ${cellNo} cells in ${Math.round((Date.now() - started) / 1000)} s`);
    await bed.close();
  });

  const wickrGroups = async (network: string): Promise<WickrGroup[]> =>
    ((await bed.wickr.service("state")) as { networks: Array<{ networkId: string; groups: WickrGroup[] }> }).networks.find((n) => n.networkId === network)?.groups ?? [];
  const commvaultGroups = async (): Promise<CommvaultGroup[]> => ((await bed.commvault.service("state")) as { userGroups: CommvaultGroup[] }).userGroups;

  async function runCell(op: Operation, fault: Fault): Promise<void> {
    const n = ++cellNo;
    const network = String(30_000_000 + n);
    const prefix = `m${n}`;
    const cvName = `${prefix}-cv`;
    const wkName = `${prefix}-wk`;
    const foreignCvId = 500 + n;
    const adoptCvId = 700 + n;
    const importCvId = 900 + n;
    const importWickrId = `imp${n}`.padEnd(8, "0");
    // The cell's world: a Wickr network with its default group, a foreign group and one to adopt;
    // a foreign Commvault group and one to adopt.
    await bed.wickr.service("seed", {
      networks: [
        {
          networkId: network,
          accessLevel: "PREMIUM",
          groups: [
            { id: `def${n}`.padEnd(8, "0"), name: "default", isDefault: true },
            { id: `for${n}`.padEnd(8, "0"), name: `${prefix}-foreign`, securityGroupSettings: { lockoutThreshold: 20 } },
            { id: `ado${n}`.padEnd(8, "0"), name: `${prefix}-to-adopt`, securityGroupSettings: { lockoutThreshold: 21 } },
            // For an import: the group to import, made outside the program under the program's name.
            ...(op === "import" ? [{ id: importWickrId, name: wkName, securityGroupSettings: { lockoutThreshold: 30 } }] : []),
          ],
        },
      ],
    });
    await bed.commvault.service("seed", {
      userGroups: [
        { id: foreignCvId, name: `${prefix}-foreign`, description: "made by hand", users: [{ id: 11, name: "alice" }] },
        { id: adoptCvId, name: `${prefix}-to-adopt`, description: "made by hand too" },
        ...(op === "import" ? [{ id: importCvId, name: cvName, description: "to import" }] : []),
      ],
    });
    const foreignBefore = {
      wickr: (await wickrGroups(network)).find((g) => g.name === `${prefix}-foreign`),
      commvault: (await commvaultGroups()).find((g) => g.id === foreignCvId),
    };
    const adoptWickrId = `ado${n}`.padEnd(8, "0");
    const adopting = op === "adopt";
    const nameAndSettings = (g: WickrGroup | undefined) => g && { name: g.name, securityGroupSettings: g.securityGroupSettings };
    const adoptOriginal = nameAndSettings((await wickrGroups(network)).find((g) => g.id === adoptWickrId));

    let desired: Desired = { present: true, variant: 0 };
    const program = () => async () => {
      if (!desired.present) return;
      const v = desired.variant;
      new WickrSecurityGroup("wk", {
        networkId: network,
        name: wkName,
        securityGroupSettings: settings(v),
        ...(adopting ? { adopt: { groupId: adoptWickrId } } : {}),
      });
      new CommvaultUserGroup("cv", {
        name: adopting ? `${prefix}-to-adopt` : cvName,
        description: pulumi.secret(`${CV_SECRET}-${v}`),
        users: users(v),
        ...(adopting ? { adopt: "byName" as const } : {}),
      });
    };
    const http = { value: String(REQUEST_TIMEOUT_MS) };
    const stack: TestStack = await bed.stack(program(), { config: { "wickr:requestTimeoutMs": http, "commvault:requestTimeoutMs": http } });
    const rules = faultRules(fault, op);
    const inject = async () => {
      await bed.wickr.clearLog();
      await bed.commvault.clearLog();
      await bed.wickr.faults(rules.wickr);
      await bed.commvault.faults(rules.commvault);
    };
    const tolerate = (p: Promise<unknown>) => p.then(() => undefined, () => undefined);
    // The faulted `up` continues on error: without it the engine stops starting steps at the first
    // failure, and whether the other service's step had started by then is a race.
    const faultedUp = () => tolerate(stack.up({ continueOnError: true }));

    // 1. The operation, with the fault.
    switch (op) {
      case "create":
      case "adopt":
        await inject();
        await faultedUp();
        break;
      case "update":
      case "delete":
        // The groups made first, then the program changes them (update) or drops them (delete).
        await stack.up();
        desired = op === "update" ? { present: true, variant: 1 } : { present: false, variant: 0 };
        stack.setProgram(program());
        await inject();
        await faultedUp();
        break;
      case "import":
        // The groups made outside the program, imported by id (their read faulted).
        await inject();
        await tolerate(importWickrSecurityGroup(stack.stack, "wk", `${network}/${importWickrId}`));
        await tolerate(importCommvaultUserGroup(stack.stack, "cv", importCvId));
        break;
    }
    const hit = (log: Array<{ fault?: string; status: number }>) => log.some((e) => e.fault !== undefined || e.status === -1);
    const faulted = { wickr: hit(await bed.wickr.log()), commvault: hit(await bed.commvault.log()) };
    await bed.wickr.clearFaults();
    await bed.commvault.clearFaults();
    // An answer held back past the timeout lands (and is dropped) before we look.
    await new Promise((r) => setTimeout(r, fault === "applied-then-timeout" ? REQUEST_TIMEOUT_MS * 2 : 0));

    // 2. Recovery: refresh, then up, without the fault.
    if (op === "import") {
      // An import whose read failed recorded nothing: import again (it must not be recorded twice).
      const recorded = (await stack.state()).resources.map((r) => r.urn.split("::").pop());
      if (!recorded.includes("wk")) await importWickrSecurityGroup(stack.stack, "wk", `${network}/${importWickrId}`);
      if (!recorded.includes("cv")) await importCommvaultUserGroup(stack.stack, "cv", importCvId);
    }
    await stack.refresh();
    await stack.up();

    // 3. The checks.
    // The fault happened, on each service the cell faults.
    expect(faulted).toEqual({ wickr: rules.wickr.length > 0, commvault: rules.commvault.length > 0 });
    const wk = await wickrGroups(network);
    const cv = await commvaultGroups();
    // No foreign group touched.
    expect(wk.find((g) => g.name === `${prefix}-foreign`)).toEqual(foreignBefore.wickr);
    expect(cv.find((g) => g.id === foreignCvId)).toEqual(foreignBefore.commvault);
    // Nothing lost or duplicated; the services equal the program.
    const wickrName = wkName;
    const commvaultName = adopting ? `${prefix}-to-adopt` : cvName;
    const wkMine = wk.filter((g) => g.name === wickrName);
    const cvMine = cv.filter((g) => g.name.toLowerCase() === commvaultName.toLowerCase());
    const state = (await stack.state()).resources.filter((r) => r.type.includes("dynamic/") && !r.type.endsWith(":WickrAdoptionRecord"));
    if (desired.present) {
      expect(wkMine).toHaveLength(1);
      expect(cvMine).toHaveLength(1);
      const v = desired.variant;
      expect(wkMine[0].securityGroupSettings).toMatchObject({ lockoutThreshold: 12 + v, forceDeviceLockout: 3, quickResponses: [`${SECRET}-${v}`] });
      expect(cvMine[0].description).toBe(`${CV_SECRET}-${v}`);
      expect(cvMine[0].users.map((u) => u.name).sort()).toEqual(users(v));
      expect(state.map((r) => r.id).sort()).toEqual([`${network}/${wkMine[0].id}`, String(cvMine[0].id)].sort());
      if (adopting) expect([wkMine[0].id, cvMine[0].id]).toEqual([adoptWickrId, adoptCvId]); // adopted, not created beside
      if (op === "import") expect([wkMine[0].id, cvMine[0].id]).toEqual([importWickrId, importCvId]); // imported, not created beside
    } else {
      expect(wkMine).toEqual([]);
      expect(cvMine).toEqual([]);
      expect(state).toEqual([]);
    }
    // Every Wickr group of the cell is accounted for: the default, the foreign one, the one to
    // adopt (kept, whatever happens), the program's own when it declares one, nothing else.
    expect(wk.length).toBe(3 + (desired.present && !adopting ? 1 : 0));
    // No secret in plaintext in the stack's files (state, backups, history).
    const files = (fs.readdirSync(stack.dir, { recursive: true }) as string[]).map((f) => path.join(stack.dir, f)).filter((p) => fs.statSync(p).isFile());
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      expect({ file, secret: text.includes(SECRET) || text.includes(CV_SECRET) }).toEqual({ file, secret: false });
    }
    await stack.destroy();
    // An adopted Wickr group is given back as it was before the adoption, whatever the fault hit.
    if (adopting) expect(nameAndSettings((await wickrGroups(network)).find((g) => g.id === adoptWickrId))).toEqual(adoptOriginal);
  }

  const cells = OPERATIONS.flatMap((op) => FAULTS.filter((f) => applicable(op, f)).map((f) => [op, f] as [Operation, Fault]));
  for (const [op, fault] of cells) {
    const name = `${op} x ${fault}`;
    const reason = KNOWN_FAILING[name];
    if (reason) it.failing(`${name} (known: ${reason})`, () => runCell(op, fault), 180_000);
    else it(name, () => runCell(op, fault), 180_000);
  }
});
